"""Cases, recommendations with the principals' decisions, the balanslista and assignments in
the API."""
