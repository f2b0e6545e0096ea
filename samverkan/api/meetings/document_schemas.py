"""Request and response shapes of a meeting's documents.

The conventions are those of `samverkan.api.base`. Uploads are multipart: the file and the
form fields of `DocumentUploadIn` beside it.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.urls import reverse
from ninja import Field, Schema
from pydantic import BeforeValidator

from samverkan.api.base import Id, InputSchema, LocalDateTime
from samverkan.meetings.documents import REGISTRY_NUMBER_MAX, TITLE_MAX, search_note_of
from samverkan.meetings.models import Document
from samverkan.meetings.selectors import is_replaced


def _blank_is_none(value: Any) -> Any:
    """An HTML form sends an empty string for "none chosen"."""
    return None if isinstance(value, str) and not value.strip() else value


FormId = Annotated[Id | None, BeforeValidator(_blank_is_none)]


class DocumentOut(Schema):
    id: int
    meeting: int = Field(validation_alias="meeting_id")
    agenda_item: int | None = Field(
        validation_alias="agenda_item_id", description="Punkten på dagordningen, om någon"
    )
    agenda_item_title: str | None
    title: str
    original_name: str = Field(description="Filens namn när den laddades upp")
    content_type: str = Field(description="Avgjord av filens innehåll, inte av dess namn")
    size: int = Field(description="Byte")
    sha256: str
    version: int
    replaces: int | None = Field(
        validation_alias="replaces_id", description="Handlingen som den här versionen ersätter"
    )
    replaced_by: int | None = Field(description="En nyare version, om det finns någon")
    current: bool = Field(description="Sant för den senaste versionen")
    public: bool = Field(description="Offentlig: kan hämtas av alla, även utan inloggning")
    registry_number: str = Field(description="Diarienummer (Dnr) i organisationens format")
    late: bool = Field(description="Kom in efter sista dag för handlingar")
    uploaded_at: LocalDateTime
    file_url: str = Field(description="Adressen att hämta filen från")

    @staticmethod
    def resolve_agenda_item_title(obj: Document) -> str | None:
        return obj.agenda_item.title if obj.agenda_item_id and obj.agenda_item else None

    @staticmethod
    def resolve_replaced_by(obj: Document) -> int | None:
        return obj.replaced_by.pk if is_replaced(obj) else None

    @staticmethod
    def resolve_current(obj: Document) -> bool:
        return not is_replaced(obj)

    @staticmethod
    def resolve_file_url(obj: Document) -> str:
        return reverse("api-v1:document_file", kwargs={"document_id": obj.pk})


class DocumentUploadOut(DocumentOut):
    """The document just uploaded, and whether its text could be read for search."""

    search_note: str = Field(
        description="Varför handlingen inte, eller bara delvis, går att söka i: t.ex. ett "
        "Word-dokument som packas upp till mer än 10 MB (en zip-bomb) eller en PDF med fler "
        "än 500 sidor. Handlingen är sparad ändå. Tom när hela texten går att söka i."
    )

    @staticmethod
    def resolve_search_note(obj: Document) -> str:
        return search_note_of(obj)


class DocumentUploadIn(InputSchema):
    """The form fields beside the file (multipart/form-data)."""

    title: str = Field(
        "",
        max_length=TITLE_MAX,
        description="Krävs för en ny handling; en ny version behåller annars den tidigare titeln",
    )
    agenda_item: FormId = Field(None, description="Punkten på dagordningen (samma möte)")
    public: bool = Field(False, description="Offentlig handling: kan hämtas av alla")
    registry_number: str = Field(
        "",
        max_length=REGISTRY_NUMBER_MAX,
        description="Diarienummer (Dnr) i valfritt format, t.ex. LS/751/2013",
    )
    replaces: FormId = Field(
        None, description="En ny version av den här handlingen (den senaste versionen)"
    )
