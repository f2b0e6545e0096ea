"""Bulk reads for cases, recommendations, assignments and the balanslista, each in the module
of its own part; every one runs a fixed number of queries however much it returns."""
