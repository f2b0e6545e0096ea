"""Notices (kallelser) and attendance: who is called, who reported absence, who stands in.

`notice_send` emails the kallelse with the agenda and links to the documents to the body's
members and invited guests and records who got what and when. `attendance_report_absence`
records a member's absence and, where the charter allows substitutes, calls the member's
substitute and tells the coordinators. `attendance_invite_guest` invites a guest
(adjungerad) for a single item. Emails go out after the database work is committed to the
current transaction; a person without an email address, or a message the mail server
refused, is listed as not reached rather than stopping the rest.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from samverkan.lib.errors import DomainError
from samverkan.lib.localtime import meeting_day
from samverkan.lib.mail import absolute_url, deliver, email_message, email_text
from samverkan.lib.swedish import day_text, when_text
from samverkan.meetings.models import (
    AgendaItem,
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    Document,
    Meeting,
    MeetingEvent,
    MeetingEventKind,
    MeetingStatus,
    Notice,
    NoticeRecipient,
)
from samverkan.meetings.services import document_deadline
from samverkan.structure.access import can_edit_structure
from samverkan.structure.models import (
    ROLE_ORDER,
    SEAT_ROLES,
    Charter,
    Membership,
    Person,
    Role,
    Substitutes,
)
from samverkan.structure.rules_text import lead_text
from samverkan.structure.services import current_charter, person_create

logger = logging.getLogger(__name__)

# Who is called to a meeting by the notice: everyone in the body except the substitutes,
# who are called when their member reports absence.
NOTICE_ROLES = (
    Role.CHAIR,
    Role.VICE_CHAIR,
    Role.MEMBER,
    Role.SECRETARY,
    Role.CO_OPTED,
    Role.PERMANENTLY_CO_OPTED,
    Role.COORDINATOR,
    Role.PROCESS_LEADER,
)

ATTENDANCE_ROLE = {
    Role.CHAIR: AttendanceRole.MEMBER,
    Role.VICE_CHAIR: AttendanceRole.MEMBER,
    Role.MEMBER: AttendanceRole.MEMBER,
    Role.SECRETARY: AttendanceRole.STAFF,
    Role.COORDINATOR: AttendanceRole.STAFF,
    Role.PROCESS_LEADER: AttendanceRole.STAFF,
    Role.CO_OPTED: AttendanceRole.CO_OPTED,
    Role.PERMANENTLY_CO_OPTED: AttendanceRole.CO_OPTED,
    Role.SUBSTITUTE: AttendanceRole.SUBSTITUTE,
}

OPEN_STATUSES = (MeetingStatus.PLANNED, MeetingStatus.CALLED, MeetingStatus.MOVED)
CALLED_STATUSES = (MeetingStatus.CALLED, MeetingStatus.MOVED)

# --- Small helpers ---------------------------------------------------------------


def meeting_name(meeting: Meeting) -> str:
    name = meeting.body.name
    return f"{name} – {meeting.title}" if meeting.title and meeting.title != name else name


def email_of(user: User) -> str:
    if user.email:
        return user.email
    person = Person.objects.filter(user=user).only("email").first()
    return person.email if person else ""


def document_url(document: Document) -> str:
    """The document's address for the members, or the meeting's page if there is none yet."""
    return absolute_url("meetings:document_download", document_id=document.pk) or absolute_url(
        "meetings:meeting", meeting_id=document.meeting_id
    )


def absence_url(meeting: Meeting) -> str:
    return absolute_url("meetings:my_absence", meeting_id=meeting.pk)


# --- Who may do what -------------------------------------------------------------

AnyUser = User | AnonymousUser


def can_manage_notices(user: AnyUser | None, meeting: Meeting) -> bool:
    """Coordinators of the meeting's structure (and admins) send notices and invite guests."""
    return user is not None and can_edit_structure(user, meeting.body.structure)


def can_report_absence(user: AnyUser | None, meeting: Meeting, person: Person) -> bool:
    """A person reports their own absence; a coordinator may report anyone's."""
    if user is None or not user.is_authenticated:
        return False
    return person.user_id == user.pk or can_manage_notices(user, meeting)


def _require_manager(by: AnyUser | None, meeting: Meeting, what: str) -> None:
    if by is None:  # the system itself, e.g. a management command
        return
    if not by.is_authenticated:
        raise PermissionDenied("Du behöver logga in.")
    if not can_manage_notices(by, meeting):
        raise PermissionDenied(
            f"Du är inte koordinator för {meeting.body.structure.name} och kan inte {what}."
        )


def _acting(by: AnyUser | None) -> User | None:
    return by if isinstance(by, User) else None


def _check_open(meeting: Meeting, what: str) -> None:
    if meeting.status not in OPEN_STATUSES:
        raise DomainError(
            f"Mötet är {meeting.get_status_display().lower()}; du kan inte {what}.",
            field="meeting",
        )
    if meeting.starts_at <= timezone.now():
        raise DomainError(f"Mötet har redan börjat; du kan inte {what}.", field="meeting")


# --- The document deadline -------------------------------------------------------


@dataclass
class DeadlineStatus:
    """Whether a notice sent `today` reaches the members by the charter's document deadline."""

    deadline: datetime.date | None
    today: datetime.date
    lead: str = ""
    citation: str = ""

    @property
    def late(self) -> bool:
        return self.deadline is not None and self.today > self.deadline

    @property
    def deadline_text(self) -> str:
        return day_text(self.deadline) if self.deadline else ""

    @property
    def text(self) -> str:
        if self.deadline is None:
            return "Uppdragsbeskrivningen anger ingen sista dag för handlingarna."
        rule = f" ({self.lead} före mötet)" if self.lead else ""
        if self.late:
            return (
                f"Sista dag för handlingarna var {self.deadline_text}{rule}. "
                "Kallelsen skickas sent och behöver en anledning, som sparas med kallelsen."
            )
        return f"Sista dag för handlingarna är {self.deadline_text}{rule}. Kallelsen går ut i tid."


def deadline_status(
    meeting: Meeting, charter: Charter | None, today: datetime.date | None = None
) -> DeadlineStatus:
    return DeadlineStatus(
        deadline=document_deadline(meeting, charter),
        today=today or timezone.localdate(),
        lead=lead_text(charter),
        citation=((charter.citations or {}).get("documents", "") if charter else ""),
    )


# --- Recipients and the agenda ----------------------------------------------------


@dataclass
class Recipient:
    person: Person
    role_label: str
    attendance_role: str
    membership: Membership | None = None
    # A guest called for one item only gets that item.
    agenda_item: AgendaItem | None = None
    stands_in_for: Person | None = None
    status: str = AttendanceStatus.INVITED

    @property
    def name(self) -> str:
        return self.person.full_name

    @property
    def email(self) -> str:
        return self.person.email

    @property
    def role_phrase(self) -> str:
        """How the email addresses the person's part in the meeting."""
        if self.stands_in_for is not None:
            return f"som ersättare för {self.stands_in_for.full_name}"
        if self.agenda_item is not None:
            return f"som adjungerad till punkten ”{self.agenda_item.title}”"
        if self.attendance_role == AttendanceRole.GUEST:
            return "som inbjuden gäst"
        return f"som {self.role_label.lower()}" if self.role_label else ""


def _guest_label(attendance: Attendance) -> str:
    if attendance.agenda_item is not None:
        return f"Adjungerad till punkten ”{attendance.agenda_item.title}”"
    return "Inbjuden gäst"


def recipient_for_attendance(attendance: Attendance) -> Recipient:
    role_label = attendance.get_role_display()
    stands_in_for = None
    if attendance.stands_in_for is not None:
        stands_in_for = attendance.stands_in_for.person
        role_label = f"Ersättare för {stands_in_for.full_name}"
    elif attendance.role == AttendanceRole.GUEST or attendance.agenda_item is not None:
        role_label = _guest_label(attendance)
    elif attendance.membership is not None:
        role_label = attendance.membership.get_role_display()
    return Recipient(
        person=attendance.person,
        role_label=role_label,
        attendance_role=attendance.role,
        membership=attendance.membership,
        agenda_item=attendance.agenda_item,
        stands_in_for=stands_in_for,
        status=attendance.status,
    )


def notice_recipients(meeting: Meeting) -> list[Recipient]:
    """Everyone the notice goes to: the body's members on the meeting day, then the guests
    and substitutes already called. Two queries."""
    day = meeting_day(meeting)
    memberships = sorted(
        Membership.objects.active_on(day)
        .filter(body_id=meeting.body_id, role__in=NOTICE_ROLES)
        .select_related("person"),
        key=lambda m: (ROLE_ORDER.get(m.role, 99), m.person.last_name, m.person.first_name),
    )
    attendances = {
        a.person_id: a
        for a in Attendance.objects.filter(meeting=meeting).select_related(
            "person", "membership", "agenda_item", "stands_in_for__person"
        )
    }
    recipients: list[Recipient] = []
    seen: set[int] = set()
    for membership in memberships:
        if membership.person_id in seen:
            continue
        seen.add(membership.person_id)
        attendance = attendances.get(membership.person_id)
        recipients.append(
            Recipient(
                person=membership.person,
                role_label=membership.get_role_display(),
                attendance_role=ATTENDANCE_ROLE[Role(membership.role)],
                membership=membership,
                status=attendance.status if attendance else AttendanceStatus.INVITED,
            )
        )
    extra = [a for a in attendances.values() if a.person_id not in seen]
    extra.sort(key=lambda a: (a.role != AttendanceRole.SUBSTITUTE, a.person.last_name))
    recipients.extend(recipient_for_attendance(a) for a in extra)
    return recipients


@dataclass
class AgendaEntry:
    number: int
    item: AgendaItem
    documents: list[tuple[Document, str]] = field(default_factory=list)


@dataclass
class Agenda:
    entries: list[AgendaEntry]
    other_documents: list[tuple[Document, str]]

    def only(self, item: AgendaItem | None) -> Agenda:
        """The agenda as a guest for one item sees it: that item, nothing else."""
        if item is None:
            return self
        return Agenda([e for e in self.entries if e.item.pk == item.pk], [])


def meeting_agenda(meeting: Meeting) -> Agenda:
    """The items in order with their current documents (no superseded versions). Two queries."""
    items = list(AgendaItem.objects.filter(meeting=meeting).select_related("owner"))
    documents = Document.objects.filter(meeting=meeting, replaced_by__isnull=True).order_by(
        "agenda_item", "title", "pk"
    )
    by_item: dict[int | None, list[tuple[Document, str]]] = {}
    for document in documents:
        by_item.setdefault(document.agenda_item_id, []).append((document, document_url(document)))
    entries = [
        AgendaEntry(number=index, item=item, documents=by_item.pop(item.pk, []))
        for index, item in enumerate(items, start=1)
    ]
    other = [pair for pairs in by_item.values() for pair in pairs]
    return Agenda(entries, other)


# --- Email -----------------------------------------------------------------------


@dataclass
class NotReached:
    name: str
    email: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name} ({self.reason})"


def notice_subject(meeting: Meeting) -> str:
    return f"Kallelse: {meeting_name(meeting)}, {when_text(meeting.starts_at, meeting.ends_at)}"


def notice_text(
    meeting: Meeting,
    agenda: Agenda,
    *,
    recipient: Recipient | None = None,
    late_reason: str = "",
    status: DeadlineStatus | None = None,
    sender: str = "",
    reply_to: str = "",
    intro: str = "",
) -> str:
    guest = recipient is not None and recipient.agenda_item is not None
    return email_text(
        "notice",
        {
            "meeting": meeting,
            "meeting_name": meeting_name(meeting),
            "when": when_text(meeting.starts_at, meeting.ends_at),
            "recipient": recipient,
            "agenda": agenda.only(recipient.agenda_item if recipient else None),
            "guest": guest,
            "late_reason": late_reason,
            "deadline": status,
            "absence_url": absence_url(meeting),
            "intro": intro,
            "sender": sender,
            "reply_to": reply_to,
        },
    )


def _sender_name(by: User | None) -> str:
    if by is None:
        return ""
    if by.get_full_name():
        return by.get_full_name()
    person = Person.objects.filter(user=by).first()
    return person.full_name if person else by.username


# --- Sending the notice ------------------------------------------------------------


@dataclass
class NoticeResult:
    notice: Notice
    sent: list[NoticeRecipient]
    not_reached: list[NotReached]
    late: bool

    @property
    def message(self) -> str:
        n = len(self.sent)
        if not n:
            text = "Kallelsen nådde ingen mottagare, så mötet är inte kallat; försök igen."
            if self.not_reached:
                text += " Nådde inte: " + "; ".join(str(x) for x in self.not_reached) + "."
            return text
        text = f"Kallelsen är skickad till {n} {'person' if n == 1 else 'personer'}."
        if self.late:
            text += " Den skickades efter sista dag för handlingarna; anledningen är sparad."
        if self.not_reached:
            text += " Nådde inte: " + "; ".join(str(x) for x in self.not_reached) + "."
        return text


def _ensure_attendance(meeting: Meeting, recipients: Iterable[Recipient]) -> None:
    existing = set(Attendance.objects.filter(meeting=meeting).values_list("person_id", flat=True))
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            person=r.person,
            membership=r.membership,
            role=r.attendance_role,
            status=AttendanceStatus.INVITED,
        )
        for r in recipients
        if r.person.pk not in existing
    )


def _send_recorded(
    notice: Notice, pairs: Sequence[tuple[Recipient, EmailMessage | None]]
) -> tuple[list[NoticeRecipient], list[NotReached]]:
    """Send the messages and record a NoticeRecipient for each one that went out."""
    not_reached = [
        NotReached(r.name, "", "saknar e-postadress") for r, message in pairs if message is None
    ]
    outgoing = [(r, message) for r, message in pairs if message is not None]
    errors = deliver([message for _, message in outgoing])
    rows = []
    for (recipient, _outgoing), error in zip(outgoing, errors, strict=True):
        if error:
            not_reached.append(NotReached(recipient.name, recipient.email, error))
            continue
        rows.append(
            NoticeRecipient(
                notice=notice,
                person=recipient.person,
                name=recipient.name[:200],
                email=recipient.email,
                role=recipient.role_label[:100],
            )
        )
    return NoticeRecipient.objects.bulk_create(rows), not_reached


def notice_send(*, meeting: Meeting, by: AnyUser | None, reason: str = "") -> NoticeResult:
    """Email the kallelse to the body's members and the invited guests, and record it.

    After the charter's document deadline the notice needs a stated reason, recorded with it.
    The meeting becomes called; everyone called gets an attendance row (status invited).
    """
    _require_manager(by, meeting, "skicka kallelsen")
    user = _acting(by)
    reason = reason.strip()
    with transaction.atomic():
        fresh = (
            Meeting.objects.select_for_update(of=("self",))
            .select_related("body__structure")
            .get(pk=meeting.pk)
        )
        _check_open(fresh, "skicka kallelsen")
        charter = current_charter(fresh.body)
        status = deadline_status(fresh, charter)
        if status.late and not reason:
            raise DomainError(
                f"Sista dag för handlingarna var {status.deadline_text}"
                + (f" ({status.lead} före mötet)" if status.lead else "")
                + ". Ange varför kallelsen skickas sent; anledningen sparas med kallelsen.",
                field="reason",
            )
        late_reason = reason if status.late else ""
        recipients = notice_recipients(fresh)
        if not recipients:
            raise DomainError(
                f"{fresh.body.name} har inga ledamöter på mötesdagen; det finns ingen att kalla.",
                field="meeting",
            )
        agenda = meeting_agenda(fresh)
        sender = _sender_name(user)
        reply_to = email_of(user) if user is not None else ""
        notice = Notice.objects.create(
            meeting=fresh,
            sent_by=user,
            late=status.late,
            late_reason=late_reason,
            subject=notice_subject(fresh)[:300],
            body=notice_text(
                fresh,
                agenda,
                late_reason=late_reason,
                status=status,
                sender=sender,
                reply_to=reply_to,
            ),
        )
        _ensure_attendance(fresh, recipients)
        status_before = fresh.status
        if fresh.status != MeetingStatus.CALLED:
            # Calendar clients see the change of status, so SEQUENCE goes up too.
            fresh.status = MeetingStatus.CALLED
            fresh.sequence += 1
            fresh.lock_version += 1
            fresh.save(update_fields=["status", "sequence", "lock_version", "updated_at"])
        MeetingEvent.objects.create(
            meeting=fresh,
            kind=MeetingEventKind.CALLED,
            by=user,
            note=f"Skickad efter sista dag för handlingarna: {late_reason}" if late_reason else "",
        )
        pairs = [
            (
                r,
                email_message(
                    notice.subject,
                    notice_text(
                        fresh,
                        agenda,
                        recipient=r,
                        late_reason=late_reason,
                        status=status,
                        sender=sender,
                        reply_to=reply_to,
                    ),
                    r.email,
                    reply_to,
                )
                if r.email
                else None,
            )
            for r in recipients
        ]
    sent, not_reached = _send_recorded(notice, pairs)
    if not sent and fresh.status != status_before:
        # Nobody was reached: the meeting is not called after all (the notice stays on
        # record, with no recipients, and can be sent again).
        fresh.status = status_before
        fresh.sequence += 1
        fresh.lock_version += 1
        fresh.save(update_fields=["status", "sequence", "lock_version", "updated_at"])
        MeetingEvent.objects.create(
            meeting=fresh,
            kind=MeetingEventKind.CHANGED,
            by=user,
            note="Kallelsen nådde ingen mottagare; mötet är inte kallat.",
        )
    meeting.status = fresh.status
    meeting.sequence = fresh.sequence
    meeting.lock_version = fresh.lock_version
    return NoticeResult(notice=notice, sent=sent, not_reached=not_reached, late=status.late)


def _send_single_notice(
    meeting: Meeting,
    recipient: Recipient,
    *,
    by: User | None,
    subject: str,
    intro: str,
) -> tuple[Notice | None, list[NotReached]]:
    """The notice for one person called later (a substitute, a guest), recorded as its own."""
    agenda = meeting_agenda(meeting)
    reply_to = email_of(by) if by is not None else ""
    text = notice_text(
        meeting,
        agenda,
        recipient=recipient,
        sender=_sender_name(by),
        reply_to=reply_to,
        intro=intro,
    )
    notice = Notice.objects.create(meeting=meeting, sent_by=by, subject=subject[:300], body=text)
    message = email_message(subject, text, recipient.email, reply_to) if recipient.email else None
    _sent, not_reached = _send_recorded(notice, [(recipient, message)])
    return notice, not_reached


# --- Absence and substitutes -----------------------------------------------------------


@dataclass
class AbsenceResult:
    attendance: Attendance
    substitutes: list[Attendance]
    informed: list[str]
    not_reached: list[NotReached]
    message: str
    already_reported: bool = False


def coordinator_addresses(meeting: Meeting, day: datetime.date) -> list[tuple[str, str]]:
    """(name, email) of the structure's coordinators and the body's coordinators."""
    found: dict[str, tuple[str, str]] = {}
    for user in meeting.body.structure.coordinators.filter(is_active=True).select_related("person"):
        person = getattr(user, "person", None)
        address = user.email or (person.email if person else "")
        name = user.get_full_name() or (person.full_name if person else user.username)
        if address:
            found.setdefault(address.lower(), (name, address))
    for membership in (
        Membership.objects.active_on(day)
        .filter(body_id=meeting.body_id, role=Role.COORDINATOR)
        .select_related("person")
    ):
        address = membership.person.email
        if address:
            found.setdefault(address.lower(), (membership.person.full_name, address))
    return list(found.values())


def _substitute_rule_text(charter: Charter | None) -> str:
    """The charter's own words on substitutes, for the coordinator's email."""
    quote = (charter.citations or {}).get("substitutes", "") if charter else ""
    return f"Uppdragsbeskrivningen: ”{quote}”" if quote else ""


def attendance_report_absence(
    *, meeting: Meeting, person: Person, by: AnyUser | None, note: str = ""
) -> AbsenceResult:
    """Record that `person` will not attend. Where the charter allows substitutes, the
    person's substitutes are called with the notice; the coordinators are informed."""
    if by is not None and not can_report_absence(by, meeting, person):
        raise PermissionDenied(
            "Du kan bara anmäla din egen frånvaro. Koordinatorn kan anmäla frånvaro för andra."
        )
    user = _acting(by)
    note = note.strip()[:300]
    new_substitutes: list[Attendance] = []
    with transaction.atomic():
        fresh = (
            Meeting.objects.select_for_update(of=("self",))
            .select_related("body__structure")
            .get(pk=meeting.pk)
        )
        _check_open(fresh, "anmäla frånvaro")
        day = meeting_day(fresh)
        seats = list(
            Membership.objects.active_on(day)
            .filter(body_id=fresh.body_id, person=person)
            .exclude(role=Role.SUBSTITUTE)
        )
        seats.sort(key=lambda m: ROLE_ORDER.get(m.role, 99))
        attendance = (
            Attendance.objects.select_for_update(of=("self",))
            .select_related("stands_in_for__person")
            .filter(meeting=fresh, person=person)
            .first()
        )
        if attendance is None:
            if not seats:
                raise DomainError(
                    f"{person.full_name} är inte kallad till mötet och har inget uppdrag i "
                    f"{fresh.body.name} på mötesdagen.",
                    field="person",
                )
            attendance = Attendance.objects.create(
                meeting=fresh,
                person=person,
                membership=seats[0],
                role=ATTENDANCE_ROLE[Role(seats[0].role)],
            )
        if attendance.status == AttendanceStatus.ABSENT:
            return AbsenceResult(
                attendance=attendance,
                substitutes=list(
                    Attendance.objects.filter(stands_in_for=attendance).select_related("person")
                ),
                informed=[],
                not_reached=[],
                message=f"{person.full_name} har redan anmält frånvaro till mötet.",
                already_reported=True,
            )
        attendance.status = AttendanceStatus.ABSENT
        attendance.reported_at = timezone.now()
        attendance.note = note
        attendance.save(update_fields=["status", "reported_at", "note"])

        charter = current_charter(fresh.body)
        rule = charter.substitutes if charter else Substitutes.NOT_STATED
        seat_ids = [m.pk for m in seats if m.role in SEAT_ROLES]
        lines: list[str] = [f"{person.full_name} har anmält frånvaro."]
        skipped: list[str] = []
        if not seat_ids or attendance.role == AttendanceRole.SUBSTITUTE:
            pass
        elif rule == Substitutes.ALLOWED:
            substitutes = list(
                Membership.objects.active_on(day)
                .filter(body_id=fresh.body_id, role=Role.SUBSTITUTE, substitute_for__in=seat_ids)
                .select_related("person")
                .order_by("person__last_name", "person__first_name")
            )
            taken = {
                a.person_id: a
                for a in Attendance.objects.filter(
                    meeting=fresh, person__in=[s.person_id for s in substitutes]
                ).select_related("stands_in_for__person")
            }
            for sub in substitutes:
                if sub.person_id in taken or sub.person_id == person.pk:
                    other = taken.get(sub.person_id)
                    why = "är redan kallad till mötet"
                    if other is not None and other.status == AttendanceStatus.ABSENT:
                        why = "har också anmält frånvaro"
                    elif other is not None and other.stands_in_for is not None:
                        why = f"ersätter redan {other.stands_in_for.person.full_name}"
                    skipped.append(f"{sub.person.full_name} {why}")
                    continue
                new_substitutes.append(
                    Attendance.objects.create(
                        meeting=fresh,
                        person=sub.person,
                        membership=sub,
                        role=AttendanceRole.SUBSTITUTE,
                        stands_in_for=attendance,
                    )
                )
            if new_substitutes:
                names = ", ".join(a.person.full_name for a in new_substitutes)
                lines.append(
                    f"Ersättaren {names} är kallad med kallelsen."
                    if len(new_substitutes) == 1
                    else f"Ersättarna {names} är kallade med kallelsen."
                )
            elif not substitutes:
                lines.append(
                    f"Ingen ersättare är registrerad för {person.full_name} i {fresh.body.name}."
                )
            if skipped:
                lines.append("Inte kallad: " + "; ".join(skipped) + ".")
        elif rule == Substitutes.NOT_ALLOWED:
            quote = (charter.citations or {}).get("substitutes", "") if charter else ""
            lines.append(
                f"{fresh.body.name} har inga ersättare enligt uppdragsbeskrivningen"
                + (f": ”{quote}”" if quote else ".")
                + " Ingen kallas i stället."
            )
        else:
            lines.append(
                "Uppdragsbeskrivningen säger inget om ersättare, så ingen har kallats i stället."
            )

    # After the database work: tell the substitutes and the coordinators.
    not_reached: list[NotReached] = []
    for sub_attendance in new_substitutes:
        recipient = recipient_for_attendance(
            Attendance.objects.select_related(
                "person", "membership", "agenda_item", "stands_in_for__person"
            ).get(pk=sub_attendance.pk)
        )
        intro = f"{person.full_name} har anmält förhinder till mötet och du kallas som ersättare."
        _notice, missed = _send_single_notice(
            fresh,
            recipient,
            by=user,
            subject=f"Kallelse som ersättare: {meeting_name(fresh)}, {when_text(fresh.starts_at, fresh.ends_at)}",
            intro=intro,
        )
        not_reached.extend(missed)

    acting_email = email_of(user).lower() if user is not None else ""
    coordinators = [
        (name, address)
        for name, address in coordinator_addresses(fresh, day)
        if address.lower() != acting_email
    ]
    informed: list[str] = []
    if coordinators:
        text = email_text(
            "absence",
            {
                "meeting": fresh,
                "meeting_name": meeting_name(fresh),
                "when": when_text(fresh.starts_at, fresh.ends_at),
                "person": person,
                "note": note,
                "lines": lines[1:],
                "reported_by": _sender_name(user) if user and person.user_id != user.pk else "",
                "meeting_url": absolute_url("meetings:meeting", meeting_id=fresh.pk),
                "rule": _substitute_rule_text(charter),
            },
        )
        subject = f"Frånvaro: {person.full_name}, {meeting_name(fresh)}, {day_text(day)}"
        errors = deliver([email_message(subject, text, address) for _, address in coordinators])
        for (name, address), error in zip(coordinators, errors, strict=True):
            if error:
                not_reached.append(NotReached(name, address, error))
            else:
                informed.append(name)
    if informed:
        lines.append("Koordinatorn har informerats.")
    if not_reached:
        lines.append("Nådde inte: " + "; ".join(str(x) for x in not_reached) + ".")
    return AbsenceResult(
        attendance=attendance,
        substitutes=new_substitutes,
        informed=informed,
        not_reached=not_reached,
        message=" ".join(lines),
    )


# --- Guests --------------------------------------------------------------------------


@dataclass
class GuestResult:
    attendance: Attendance
    notice: Notice | None
    not_reached: list[NotReached]
    message: str


def _guest_person(name: str, email: str, *, by: User | None) -> Person:
    email = email.strip()
    name = " ".join(name.split())
    if not email:
        raise DomainError("Ange gästens e-postadress; kallelsen skickas dit.", field="email")
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(f"{email} är ingen giltig e-postadress.", field="email") from None
    existing = Person.objects.filter(email__iexact=email).order_by("pk").first()
    if existing is not None:
        return existing
    first, _, last = name.partition(" ")
    if not first or not last:
        raise DomainError("Ange gästens för- och efternamn.", field="name")
    if len(first) > 100 or len(last) > 100:
        raise DomainError("Namnet är för långt.", field="name")
    return person_create(by=by, first_name=first, last_name=last, email=email)


def attendance_invite_guest(
    *,
    meeting: Meeting,
    by: AnyUser | None,
    agenda_item: AgendaItem | None = None,
    person: Person | None = None,
    name: str = "",
    email: str = "",
) -> GuestResult:
    """Invite a guest (adjungerad), for one item or the whole meeting.

    If the notice has gone out, the guest gets it at once (only their item); otherwise
    they get it with the notice.
    """
    _require_manager(by, meeting, "bjuda in gäster")
    user = _acting(by)
    with transaction.atomic():
        fresh = (
            Meeting.objects.select_for_update(of=("self",))
            .select_related("body__structure")
            .get(pk=meeting.pk)
        )
        _check_open(fresh, "bjuda in gäster")
        if agenda_item is not None and agenda_item.meeting_id != fresh.pk:
            raise DomainError("Punkten hör till ett annat möte.", field="agenda_item")
        guest = person if person is not None else _guest_person(name, email, by=_acting(by))
        existing = Attendance.objects.filter(meeting=fresh, person=guest).first()
        if existing is not None:
            raise DomainError(
                f"{guest.full_name} är redan kallad till mötet "
                f"({existing.get_role_display().lower()}).",
                field="email",
            )
        if (
            Membership.objects.active_on(meeting_day(fresh))
            .filter(body_id=fresh.body_id, person=guest, role__in=NOTICE_ROLES)
            .exists()
        ):
            raise DomainError(
                f"{guest.full_name} sitter redan i {fresh.body.name} och kallas med kallelsen.",
                field="email",
            )
        attendance = Attendance.objects.create(
            meeting=fresh,
            person=guest,
            role=AttendanceRole.GUEST,
            agenda_item=agenda_item,
        )
        attendance = Attendance.objects.select_related(
            "person", "membership", "agenda_item", "stands_in_for__person"
        ).get(pk=attendance.pk)
        called = fresh.status in CALLED_STATUSES
    what = f"punkten ”{agenda_item.title}”" if agenda_item else "mötet"
    if not called:
        return GuestResult(
            attendance=attendance,
            notice=None,
            not_reached=[],
            message=f"{guest.full_name} är inbjuden till {what} och får kallelsen när den skickas.",
        )
    notice, not_reached = _send_single_notice(
        fresh,
        recipient_for_attendance(attendance),
        by=user,
        subject=f"Inbjudan: {meeting_name(fresh)}, {when_text(fresh.starts_at, fresh.ends_at)}",
        intro="",
    )
    message = f"{guest.full_name} är inbjuden till {what}"
    if not_reached:
        message += ", men kallelsen nådde inte fram: " + "; ".join(str(x) for x in not_reached)
        message += "."
    else:
        message += " och har fått kallelsen."
    return GuestResult(
        attendance=attendance, notice=notice, not_reached=not_reached, message=message
    )


def attendance_list(meeting: Meeting) -> list[Attendance]:
    """The meeting's attendance, members first, with who stands in for whom. One query."""
    rows = list(
        Attendance.objects.filter(meeting=meeting).select_related(
            "person", "membership", "agenda_item", "stands_in_for__person"
        )
    )
    order = {
        AttendanceRole.MEMBER: 0,
        AttendanceRole.SUBSTITUTE: 1,
        AttendanceRole.CO_OPTED: 2,
        AttendanceRole.STAFF: 3,
        AttendanceRole.GUEST: 4,
    }
    rows.sort(
        key=lambda a: (
            order.get(AttendanceRole(a.role), 9),
            ROLE_ORDER.get(a.membership.role, 99) if a.membership else 99,
            a.person.last_name,
        )
    )
    return rows


def attendance_label(attendance: Attendance) -> str:
    return recipient_for_attendance(attendance).role_label
