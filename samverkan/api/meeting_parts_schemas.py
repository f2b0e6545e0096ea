"""Request and response shapes of a meeting's documents, notices and attendance.

The conventions are those of `samverkan.api.schemas` and `meeting_schemas`: references
are ids under the field's own name with a `<field>_name` (or `_title`) beside them,
input schemas forbid unknown fields, and times are in Europe/Stockholm.

Contact details follow the rest of the API: an email address is shown only to a
logged-in caller, and the attendance and the notices are not shown to anyone else at
all. The note a member leaves with an absence is for the coordinators only.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Schema
from pydantic import BeforeValidator

from samverkan.api.auth import user_of
from samverkan.api.schemas import Id, InputSchema
from samverkan.lib.localtime import STOCKHOLM
from samverkan.lib.users import AnyUser
from samverkan.meetings.documents import REGISTRY_NUMBER_MAX, TITLE_MAX
from samverkan.meetings.models import (
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    Document,
    Notice,
    NoticeRecipient,
)
from samverkan.meetings.notices import NotReached, attendance_label
from samverkan.structure.access import can_see_contacts


def _stockholm(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value, STOCKHOLM)


def _caller(context: Any) -> AnyUser:
    request = (context or {}).get("request")
    return user_of(request) if request is not None else AnonymousUser()


def _blank_is_none(value: Any) -> Any:
    """An HTML form sends an empty string for "none chosen"."""
    return None if isinstance(value, str) and not value.strip() else value


FormId = Annotated[Id | None, BeforeValidator(_blank_is_none)]


# --- Documents -----------------------------------------------------------------


class DocumentOut(Schema):
    id: int
    meeting: int
    agenda_item: int | None = Field(description="Punkten på dagordningen, om någon")
    agenda_item_title: str | None
    title: str
    original_name: str = Field(description="Filens namn när den laddades upp")
    content_type: str = Field(description="Avgjord av filens innehåll, inte av dess namn")
    size: int = Field(description="Byte")
    sha256: str
    version: int
    replaces: int | None = Field(description="Handlingen som den här versionen ersätter")
    replaced_by: int | None = Field(description="En nyare version, om det finns någon")
    current: bool = Field(description="Sant för den senaste versionen")
    public: bool = Field(description="Offentlig: kan hämtas av alla, även utan inloggning")
    registry_number: str = Field(description="Diarienummer (Dnr) i organisationens format")
    late: bool = Field(description="Kom in efter sista dag för handlingar")
    uploaded_at: datetime.datetime
    file_url: str = Field(description="Adressen att hämta filen från")

    @staticmethod
    def resolve_id(obj: Document) -> int:
        return obj.pk

    @staticmethod
    def resolve_meeting(obj: Document) -> int:
        return obj.meeting_id

    @staticmethod
    def resolve_agenda_item(obj: Document) -> int | None:
        return obj.agenda_item_id

    @staticmethod
    def resolve_agenda_item_title(obj: Document) -> str | None:
        return obj.agenda_item.title if obj.agenda_item_id and obj.agenda_item else None

    @staticmethod
    def resolve_replaces(obj: Document) -> int | None:
        return obj.replaces_id

    @staticmethod
    def resolve_replaced_by(obj: Document) -> int | None:
        try:
            return obj.replaced_by.pk
        except Document.DoesNotExist:
            return None

    @staticmethod
    def resolve_current(obj: Document) -> bool:
        return DocumentOut.resolve_replaced_by(obj) is None

    @staticmethod
    def resolve_uploaded_at(obj: Document) -> datetime.datetime:
        return _stockholm(obj.uploaded_at)

    @staticmethod
    def resolve_file_url(obj: Document) -> str:
        return reverse("api-v1:document_file", kwargs={"document_id": obj.pk})


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


# --- Notices -------------------------------------------------------------------


class NoticeRecipientOut(Schema):
    person: int | None
    name: str
    email: str
    role: str = Field(description="Som vad personen kallades, t.ex. Ordförande")

    @staticmethod
    def resolve_person(obj: NoticeRecipient) -> int | None:
        return obj.person_id


class NotReachedOut(Schema):
    name: str
    email: str = Field(description="Tom om personen saknar e-postadress")
    reason: str


class NoticeIn(InputSchema):
    reason: str = Field(
        "",
        max_length=2000,
        description="Krävs efter sista dag för handlingar: varför kallelsen skickas sent. "
        "Sparas med kallelsen och står i den.",
    )


class NoticeResultOut(Schema):
    notice: int = Field(description="Kallelsens id")
    message: str = Field(description="Sammanfattning på svenska")
    late: bool = Field(description="Skickad efter sista dag för handlingar")
    sent: list[NoticeRecipientOut]
    not_reached: list[NotReachedOut]
    meeting_status: str


class NoticeOut(Schema):
    id: int
    meeting: int
    subject: str
    sent_at: datetime.datetime
    sent_by_name: str | None
    late: bool
    reason: str = Field(description="Anledningen till att kallelsen skickades sent")
    body: str = Field(description="Kallelsens text som den skickades")
    recipients: list[NoticeRecipientOut] = Field(description="Vilka som fick den")

    @staticmethod
    def resolve_meeting(obj: Notice) -> int:
        return obj.meeting_id

    @staticmethod
    def resolve_sent_at(obj: Notice) -> datetime.datetime:
        return _stockholm(obj.sent_at)

    @staticmethod
    def resolve_sent_by_name(obj: Notice) -> str | None:
        user = obj.sent_by
        if user is None:
            return None
        return user.get_full_name() or user.username

    @staticmethod
    def resolve_reason(obj: Notice) -> str:
        return obj.late_reason

    @staticmethod
    def resolve_recipients(obj: Notice) -> list[NoticeRecipient]:
        return sorted(obj.recipients.all(), key=lambda r: r.pk)


# --- Attendance ----------------------------------------------------------------


class StandInOut(Schema):
    attendance: int
    person: int
    name: str
    status: AttendanceStatus


class AttendanceOut(Schema):
    id: int
    person: int
    name: str
    email: str | None = Field(description="Bara för inloggade; annars null")
    role: AttendanceRole
    role_label: str = Field(description="T.ex. Ordförande, Ersättare för Bo Lind, Adjungerad")
    status: AttendanceStatus
    stands_in_for: int | None = Field(description="Personen som den här ersättaren ersätter")
    stands_in_for_name: str | None
    stood_in_by: list[StandInOut] = Field(description="Ersättare kallade i personens ställe")
    agenda_item: int | None = Field(description="En gäst bjuds in till en enda punkt")
    agenda_item_title: str | None
    reported_at: datetime.datetime | None = Field(description="När frånvaron anmäldes")
    note: str | None = Field(description="Meddelandet med frånvaron; bara för koordinatorer")

    @staticmethod
    def resolve_person(obj: Attendance) -> int:
        return obj.person_id

    @staticmethod
    def resolve_name(obj: Attendance) -> str:
        return obj.person.full_name

    @staticmethod
    def resolve_email(obj: Attendance, context: Any) -> str | None:
        user = _caller(context)
        return (obj.person.email or None) if can_see_contacts(user) else None

    @staticmethod
    def resolve_role_label(obj: Attendance) -> str:
        return attendance_label(obj)

    @staticmethod
    def resolve_stands_in_for(obj: Attendance) -> int | None:
        return obj.stands_in_for.person_id if obj.stands_in_for_id and obj.stands_in_for else None

    @staticmethod
    def resolve_stands_in_for_name(obj: Attendance) -> str | None:
        if obj.stands_in_for_id and obj.stands_in_for:
            return obj.stands_in_for.person.full_name
        return None

    @staticmethod
    def resolve_stood_in_by(obj: Attendance) -> list[dict[str, Any]]:
        # The router attaches the stand-ins it has already loaded; otherwise ask.
        stand_ins = getattr(obj, "api_stand_ins", None)
        if stand_ins is None:
            stand_ins = list(obj.stand_ins.select_related("person").order_by("pk"))
        return [
            {
                "attendance": a.pk,
                "person": a.person_id,
                "name": a.person.full_name,
                "status": a.status,
            }
            for a in stand_ins
        ]

    @staticmethod
    def resolve_agenda_item(obj: Attendance) -> int | None:
        return obj.agenda_item_id

    @staticmethod
    def resolve_agenda_item_title(obj: Attendance) -> str | None:
        return obj.agenda_item.title if obj.agenda_item_id and obj.agenda_item else None

    @staticmethod
    def resolve_reported_at(obj: Attendance) -> datetime.datetime | None:
        return _stockholm(obj.reported_at) if obj.reported_at else None

    @staticmethod
    def resolve_note(obj: Attendance) -> str | None:
        # Hidden unless the router has found the caller to be a coordinator of the meeting.
        return obj.note if getattr(obj, "api_show_note", False) else None


class AbsenceIn(InputSchema):
    person: Id | None = Field(
        None,
        description="Vems frånvaro; utelämnas den gäller den egna. En ledamot anmäler sin "
        "egen frånvaro, en koordinator vems som helst.",
    )
    note: str = Field("", max_length=300, description="Meddelande till koordinatorn")


class AbsenceOut(Schema):
    message: str = Field(description="Sammanfattning på svenska")
    already_reported: bool = Field(description="Frånvaron var redan anmäld; inget har ändrats")
    attendance: AttendanceOut
    substitutes: list[AttendanceOut] = Field(description="Ersättare som kallades nu")
    informed: list[str] = Field(description="Koordinatorer som fick veta")
    not_reached: list[NotReachedOut]


class GuestIn(InputSchema):
    name: str = Field(
        "", max_length=200, description="För- och efternamn; behövs inte för en känd adress"
    )
    email: str = Field(max_length=254, description="Kallelsen skickas hit")
    agenda_item: Id | None = Field(
        None, description="Punkten gästen bjuds in till; annars hela mötet"
    )


class GuestOut(Schema):
    message: str = Field(description="Sammanfattning på svenska")
    attendance: AttendanceOut
    notice: int | None = Field(
        description="Kallelsen som skickades till gästen; null om mötet inte är kallat än "
        "(gästen får den med kallelsen)"
    )
    not_reached: list[NotReachedOut]


def not_reached(rows: list[NotReached]) -> list[dict[str, str]]:
    return [{"name": r.name, "email": r.email, "reason": r.reason} for r in rows]
