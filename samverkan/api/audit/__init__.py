"""The history of changes in the API: `GET /history`, read only."""
