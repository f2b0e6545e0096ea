"""Request and response shapes of a meeting's notices (kallelser) and attendance.

The conventions are those of `samverkan.api.base`. The attendance rows are those of
`meetings.selectors.attendance_rows`: an e-mail address (`visible_email`) only for a
logged-in caller and the note with an absence (`visible_note`) only for the coordinators.
"""

from __future__ import annotations

from ninja import Field, Schema

from samverkan.api.base import Id, InputSchema, LocalDateTime
from samverkan.meetings.attendance import GuestResult
from samverkan.meetings.models import (
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    Notice,
    NoticeRecipient,
)
from samverkan.meetings.notice_preview import NoticePreview
from samverkan.meetings.selectors import Recipient, attendance_label

# --- Notices -------------------------------------------------------------------


class NoticeRecipientOut(Schema):
    person: int | None = Field(validation_alias="person_id")
    name: str
    email: str
    role: str = Field(description="Som vad personen kallades, t.ex. Ordförande")


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
    token: str | None = Field(
        None,
        max_length=100,
        description="`token` från förhandsvisningen (`GET …/notice/preview`). Har kallelsen "
        "ändrats sedan dess (dagordning, handlingar, mottagare, mötets uppgifter, sista dag, "
        "eller en kallelse har skickats) skickas ingenting: 409 som säger vad som ändrats.",
    )


class PreviewRecipientOut(Schema):
    person: int = Field(validation_alias="person.pk")
    name: str
    role: str = Field(validation_alias="role_label", description="Som vad personen kallas")
    email: str = Field(description="Tom om personen saknar e-postadress")
    reached: bool = Field(description="Får kallelsen med e-post")
    reason: str = Field(description="Varför personen inte får kallelsen, annars tom")

    @staticmethod
    def resolve_reached(obj: Recipient) -> bool:
        return bool(obj.email)

    @staticmethod
    def resolve_reason(obj: Recipient) -> str:
        return "" if obj.email else "saknar e-postadress"


class PreviewDocumentOut(Schema):
    id: int
    title: str
    version: int
    url: str = Field(description="Adressen kallelsen länkar till")
    agenda_item_title: str = Field(description="Punkten handlingen hör till; tom för övriga")


class NoticeWarningOut(Schema):
    code: str = Field(
        description="empty_agenda, no_chair, no_vice_chair, late, missing_documents, "
        "no_email eller no_recipients"
    )
    message: str


class NoticePreviewOut(Schema):
    subject: str
    body: str = Field(description="Texten som den första ledamoten får den")
    body_for: str = Field(description="Vems text `body` är")
    recipients: list[PreviewRecipientOut]
    documents: list[PreviewDocumentOut] = Field(description="Handlingar kallelsen länkar till")
    warnings: list[NoticeWarningOut]
    late: bool = Field(validation_alias="status.late", description="Efter sista dag")
    deadline: str = Field(validation_alias="status.text", description="Sista dag, i ord")
    sent_before: int = Field(description="Kallelser som redan har skickats till mötet")
    token: str = Field(description="Skickas med `POST …/notice` som `token`")

    @staticmethod
    def resolve_documents(obj: NoticePreview) -> list[dict[str, object]]:
        return [
            {
                "id": d.pk,
                "title": d.title,
                "version": d.version,
                "url": url,
                "agenda_item_title": item,
            }
            for d, url, item in obj.documents
        ]

    @staticmethod
    def resolve_sent_before(obj: NoticePreview) -> int:
        return len(obj.earlier)


class NoticeResultOut(Schema):
    notice: int = Field(validation_alias="notice.pk", description="Kallelsens id")
    message: str = Field(description="Sammanfattning på svenska")
    late: bool = Field(description="Skickad efter sista dag för handlingar")
    sent: list[NoticeRecipientOut]
    not_reached: list[NotReachedOut]
    meeting_status: str = Field(validation_alias="notice.meeting.status")


class NoticeOut(Schema):
    id: int
    meeting: int = Field(validation_alias="meeting_id")
    subject: str
    sent_at: LocalDateTime
    sent_by_name: str | None
    late: bool
    reason: str = Field(
        validation_alias="late_reason",
        description="Anledningen till att kallelsen skickades sent",
    )
    body: str = Field(description="Kallelsens text som den skickades")
    recipients: list[NoticeRecipientOut] = Field(description="Vilka som fick den")

    @staticmethod
    def resolve_sent_by_name(obj: Notice) -> str | None:
        user = obj.sent_by
        if user is None:
            return None
        return user.get_full_name() or user.username

    @staticmethod
    def resolve_recipients(obj: Notice) -> list[NoticeRecipient]:
        return sorted(obj.recipients.all(), key=lambda r: r.pk)


# --- Attendance ----------------------------------------------------------------


class StandInOut(Schema):
    attendance: int = Field(validation_alias="pk")
    person: int = Field(validation_alias="person_id")
    name: str = Field(validation_alias="person.full_name")
    status: AttendanceStatus


class AttendanceOut(Schema):
    id: int
    person: int = Field(validation_alias="person_id")
    name: str = Field(validation_alias="person.full_name")
    email: str | None = Field(
        validation_alias="visible_email", description="Bara för inloggade; annars null"
    )
    role: AttendanceRole
    role_label: str = Field(description="T.ex. Ordförande, Ersättare för Bo Lind, Adjungerad")
    status: AttendanceStatus
    stands_in_for: int | None = Field(description="Personen som den här ersättaren ersätter")
    stands_in_for_name: str | None
    stood_in_by: list[StandInOut] = Field(description="Ersättare kallade i personens ställe")
    agenda_item: int | None = Field(
        validation_alias="agenda_item_id", description="En gäst bjuds in till en enda punkt"
    )
    agenda_item_title: str | None
    reported_at: LocalDateTime | None = Field(description="När frånvaron anmäldes")
    note: str | None = Field(
        validation_alias="visible_note",
        description="Meddelandet med frånvaron; bara för koordinatorer",
    )

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
    def resolve_agenda_item_title(obj: Attendance) -> str | None:
        return obj.agenda_item.title if obj.agenda_item_id and obj.agenda_item else None


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


class AbsenceWithdrawIn(InputSchema):
    person: Id | None = Field(
        None,
        description="Vems frånvaro som återtas; utelämnas gäller det den egna. En ledamot "
        "återtar sin egen, en koordinator vems som helst.",
    )


class AbsenceWithdrawOut(Schema):
    message: str = Field(description="Sammanfattning på svenska")
    attendance: AttendanceOut
    released: list[str] = Field(description="Ersättare som inte längre är kallade")
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

    @staticmethod
    def resolve_notice(obj: GuestResult) -> int | None:
        return obj.notice.pk if obj.notice else None
