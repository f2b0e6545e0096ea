"""Bulk reads for meetings: the querysets that pages, emails and the API need, built once here.

Each read runs a fixed number of queries, however many items, documents or people a meeting
has: who the notice goes to, the agenda as the notice shows it, the document deadline, the
attendance list, and the lists the meeting pages show.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db.models import F, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from samverkan.lib.localtime import local, meeting_day
from samverkan.lib.mail import absolute_url
from samverkan.lib.swedish import day_text
from samverkan.lib.users import AnyUser
from samverkan.meetings.access import (
    can_manage_notices,
    meeting_charter,
    readable_documents,
    with_visible_video_links,
)
from samverkan.meetings.models import (
    ATTENDANCE_ROLE,
    NOTICE_ROLES,
    AgendaItem,
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    CalendarFeed,
    Document,
    Meeting,
    MeetingEvent,
    Notice,
)
from samverkan.meetings.services import document_deadline
from samverkan.structure.access import can_see_contacts
from samverkan.structure.models import (
    ROLE_ORDER,
    SEAT_ROLES,
    Body,
    Charter,
    Membership,
    Person,
    Role,
    Structure,
    Substitutes,
)
from samverkan.structure.rules_text import lead_text

# --- The meeting pages -------------------------------------------------------------------


def meetings_of_body(*, body: Body, from_year: int) -> list[Meeting]:
    """The body's meetings from the start of `from_year` on, in order. One query."""
    return list(
        Meeting.objects.filter(body=body, starts_at__year__gte=from_year).order_by("starts_at")
    )


def bodies_to_plan(*, structure: Structure, kind: str = "") -> QuerySet[Body]:
    """The structure's bodies (of one kind, if given) in the structure's order."""
    return (
        Body.objects.filter(structure=structure, **({"kind": kind} if kind else {}))
        .select_related("parent")
        .order_by("position", "name")
    )


def saved_meeting(*, meeting: Meeting) -> Meeting:
    """The meeting as saved now: a fresh copy for a form to change. One query."""
    return Meeting.objects.get(pk=meeting.pk)


def agenda_items(*, meeting: Meeting) -> list[AgendaItem]:
    """The agenda in order, with each item's owner and standing item. One query."""
    return list(AgendaItem.objects.filter(meeting=meeting).select_related("owner", "standing_item"))


def meeting_events(*, meeting: Meeting) -> list[MeetingEvent]:
    """The meeting's history, oldest first, with who did what. One query."""
    return list(MeetingEvent.objects.filter(meeting=meeting).select_related("by"))


def meeting_notices(*, meeting: Meeting) -> list[Notice]:
    """The notices sent, newest first, with their recipients. Two queries."""
    return list(
        Notice.objects.filter(meeting=meeting)
        .select_related("sent_by")
        .prefetch_related("recipients")
        .order_by("-sent_at", "-pk")
    )


def calendar_feed_of(*, user: User) -> CalendarFeed | None:
    """The user's own personal calendar feed, if they have one. One query."""
    return CalendarFeed.objects.filter(user=user).first()


# --- Documents ---------------------------------------------------------------------------


def is_replaced(document: Document) -> bool:
    try:
        document.replaced_by  # noqa: B018 - a reverse one-to-one raises when absent
    except Document.DoesNotExist:
        return False
    return True


def meeting_documents(*, meeting: Meeting) -> list[Document]:
    """Every version of the meeting's documents by agenda item, each with `superseded_by`
    (the version that replaced it, or None). One query."""
    documents = list(
        Document.objects.filter(meeting=meeting)
        .select_related("agenda_item", "replaced_by")
        .order_by(
            F("agenda_item__position").asc(nulls_first=True), "agenda_item_id", "title", "-version"
        )
    )
    for document in documents:
        document.superseded_by = (  # type: ignore[attr-defined]
            document.replaced_by if is_replaced(document) else None
        )
    return documents


def document_deadline_of(*, meeting: Meeting) -> datetime.date | None:
    """The meeting's document deadline, without loading its body. One query, or none if
    the request has read the charter already (`meeting_charter`)."""
    return document_deadline(meeting, meeting_charter(meeting))


def document_url(document: Document) -> str:
    """The document's address for the members, or the meeting's page if there is none yet."""
    if document.pk is None:
        return absolute_url("meetings:meeting", meeting_id=document.meeting_id)
    return absolute_url("meetings_public:document_download", document_id=document.pk)


# --- The document deadline ---------------------------------------------------------------


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


# --- Who the notice goes to ----------------------------------------------------------------


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


def notice_recipients(
    meeting: Meeting, *, called: list[Attendance] | None = None
) -> list[Recipient]:
    """Everyone the notice goes to: the body's members on the meeting day, then the guests
    and substitutes already called. Two queries, one if the caller passes the meeting's
    attendance it has read (`called`, from `attendance_list`)."""
    day = meeting_day(meeting)
    memberships = sorted(
        Membership.objects.active_on(day)
        .filter(body_id=meeting.body_id, role__in=NOTICE_ROLES)
        .select_related("person"),
        key=lambda m: (ROLE_ORDER.get(m.role, 99), m.person.last_name, m.person.first_name),
    )
    if called is None:
        called = list(
            Attendance.objects.filter(meeting=meeting).select_related(
                "person", "membership", "agenda_item", "stands_in_for__person"
            )
        )
    attendances = {a.person_id: a for a in called}
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


# --- The agenda as the notice shows it -----------------------------------------------------


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


# --- Attendance ----------------------------------------------------------------------------


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


def stand_ins_for(*, attendance: Attendance) -> list[Attendance]:
    """The substitutes called in the stead of an absent member, with their people. One query."""
    return list(Attendance.objects.filter(stands_in_for=attendance).select_related("person"))


@dataclass(frozen=True)
class SubstitutePreview:
    """What happens when a person reports absence: the charter's rule on substitutes, its
    own words, and who would be called."""

    rule: str
    citation: str
    substitutes: list[Person]


def substitute_preview(
    *, meeting: Meeting, person: Person, charter: Charter | None
) -> SubstitutePreview:
    """Who would stand in for `person` at the meeting, by the charter. One query."""
    day = meeting_day(meeting)
    citation = (charter.citations or {}).get("substitutes", "") if charter else ""
    rule = charter.substitutes if charter else Substitutes.NOT_STATED
    seats = Membership.objects.active_on(day).filter(
        body_id=meeting.body_id, person=person, role__in=SEAT_ROLES
    )
    substitutes = [
        m.person
        for m in Membership.objects.active_on(day)
        .filter(body_id=meeting.body_id, role=Role.SUBSTITUTE, substitute_for__in=seats)
        .select_related("person")
    ]
    return SubstitutePreview(rule, citation, substitutes)


# --- The API's lists, and what its answers show --------------------------------------------


def meetings_listed(
    *,
    viewer: AnyUser,
    ids: list[int] | None = None,
    body: int | None = None,
    structure: str | None = None,
    status: str | None = None,
    from_day: datetime.date | None = None,
    to_day: datetime.date | None = None,
) -> QuerySet[Meeting]:
    """Meetings in time order with body, structure and convener, and the video link as
    `with_visible_video_links` shows it to `viewer`; the days are Swedish days."""
    found = with_visible_video_links(
        Meeting.objects.select_related("body", "body__structure", "convener"), viewer
    )
    if ids is not None:
        found = found.filter(pk__in=ids)
    if body is not None:
        found = found.filter(body_id=body)
    if structure:
        found = found.filter(body__structure__slug=structure)
    if status:
        found = found.filter(status=status)
    if from_day is not None:
        found = found.filter(starts_at__gte=local(from_day, 0))
    if to_day is not None:
        found = found.filter(starts_at__lt=local(to_day + datetime.timedelta(days=1), 0))
    return found.order_by("starts_at", "pk")


def _agenda_and_events() -> list[str | Prefetch[Any]]:
    return [
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.select_related("owner").order_by("position", "pk"),
        ),
        "events",
    ]


def meeting_with_agenda(*, meeting_id: int, viewer: AnyUser) -> Meeting:
    """One meeting as `meetings_listed` loads it, with its agenda and history. Three queries."""
    return meetings_listed(viewer=viewer).prefetch_related(*_agenda_and_events()).get(pk=meeting_id)


def load_agenda_and_events(*, meetings: list[Meeting]) -> None:
    """Add the agenda and the history to meetings loaded elsewhere. Two queries."""
    prefetch_related_objects(meetings, *_agenda_and_events())


def documents_listed(*, meeting: Meeting, viewer: AnyUser, current: bool) -> QuerySet[Document]:
    """The meeting's documents that `viewer` may read, by agenda item, every version or
    (`current`) the latest ones."""
    found = _document_versions().filter(meeting=meeting).filter(readable_documents(viewer, meeting))
    if current:
        found = found.filter(replaced_by__isnull=True)
    return found.order_by(
        F("agenda_item__position").asc(nulls_first=True),
        "agenda_item_id",
        "title",
        "-version",
        "pk",
    )


def _document_versions() -> QuerySet[Document]:
    return Document.objects.select_related("agenda_item", "replaced_by")


def document_with_versions(*, document_id: int) -> Document:
    """One document with its agenda item and the version that replaced it, if any."""
    return _document_versions().get(pk=document_id)


def notices_listed(*, meeting: Meeting) -> QuerySet[Notice]:
    """The notices sent for the meeting, newest first, with who sent them and to whom."""
    return (
        Notice.objects.filter(meeting=meeting)
        .select_related("sent_by")
        .prefetch_related("recipients")
        .order_by("-sent_at", "-pk")
    )


def attendance_rows(
    *, meeting: Meeting, viewer: AnyUser, ids: list[int] | None = None
) -> list[Attendance]:
    """The meeting's attendance as `attendance_list` orders it, or the rows `ids` in that
    order, each with `stood_in_by` (the substitutes called in the person's stead) and what
    `viewer` may see: `visible_email` (`can_see_contacts`) and `visible_note`, the note with
    an absence (`can_manage_notices`). At most two queries."""
    if ids is None:
        rows = attendance_list(meeting)
        stand_ins = rows
    else:
        found = {
            a.pk: a
            for a in Attendance.objects.filter(pk__in=ids).select_related(
                "person", "membership", "agenda_item", "stands_in_for__person"
            )
        }
        rows = [found[pk] for pk in ids if pk in found]
        stand_ins = list(
            Attendance.objects.filter(stands_in_for__in=rows)
            .select_related("person")
            .order_by("pk")
        )
    called_for: dict[int, list[Attendance]] = {}
    for row in stand_ins:
        if row.stands_in_for_id:
            called_for.setdefault(row.stands_in_for_id, []).append(row)
    contacts = can_see_contacts(viewer)
    notes = can_manage_notices(viewer, meeting)
    for row in rows:
        row.stood_in_by = called_for.get(row.pk, [])  # type: ignore[attr-defined]
        row.visible_email = (row.person.email or None) if contacts else None  # type: ignore[attr-defined]
        row.visible_note = row.note if notes else None  # type: ignore[attr-defined]
    return rows


def has_assignment_not_ended(*, body: Body, person: Person, on: datetime.date) -> bool:
    """Whether the person has an assignment in the body that has not ended by `on`: who may
    own an agenda item."""
    return (
        Membership.objects.filter(body=body, person=person)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .exists()
    )
