"""Meeting pages for coordinators: the year's plan for a body, and one meeting with its agenda."""
