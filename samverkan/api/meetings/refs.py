"""References by id in meeting requests: a missing object is the field's error (400)."""

from __future__ import annotations

from samverkan.api.base import referenced
from samverkan.meetings.models import AgendaItem, Document


def agenda_item_ref(pk: int, field: str = "agenda_item") -> AgendaItem:
    return referenced(
        AgendaItem.objects.all(), pk, field=field, message=f"Punkten med id {pk} finns inte."
    )


def document_ref(pk: int, field: str = "replaces") -> Document:
    return referenced(
        Document.objects.all(), pk, field=field, message=f"Handlingen med id {pk} finns inte."
    )
