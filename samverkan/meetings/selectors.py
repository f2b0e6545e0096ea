"""Bulk reads for meetings: the querysets that pages and the API need, built once here."""

from __future__ import annotations
