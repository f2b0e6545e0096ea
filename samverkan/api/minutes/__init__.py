"""Minutes in the API: writing, approving, publishing and correcting; open actions."""
