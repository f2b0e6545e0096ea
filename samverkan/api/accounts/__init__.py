"""The caller's own account in the API (`/me`)."""
