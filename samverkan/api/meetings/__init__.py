"""Meetings in the API: meetings, agendas, the year's plan, documents, notices, attendance."""
