"""Working pages for cases, recommendations, the balanslista and assignments: one module per
part, each with its own `urls_<part>.py`."""
