"""The member's part of the start page ("Att göra"): a chair's, secretary's or member's
coming meetings with agenda and documents, the minutes they approve or write and the actions
and assignments they own, read in bulk (`todo.py` has the coordinator's part)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db.models import Exists, F, OuterRef, Prefetch, Q

from samverkan.cases.models import OPEN_ASSIGNMENT_STATUSES, Assignment
from samverkan.lib.swedish import when_text
from samverkan.meetings.models import (
    OPEN_STATUSES,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Document,
    Meeting,
)
from samverkan.minutes.models import (
    CLOSING_OUTCOMES,
    ActionFollowUp,
    ApprovalDecision,
    Minutes,
    MinutesAction,
    MinutesApprover,
    MinutesStatus,
)
from samverkan.structure.models import Body, Membership, Person, Role
from samverkan.work.todo import Capped, capped

# A member's coming meetings: the next few, within about half a year.
MEETINGS_SHOWN = 5
MEETINGS_HORIZON = datetime.timedelta(days=183)

# The roles a meeting is called for (a substitute only when standing in, via attendance).
SEATED_ROLES = frozenset(Role) - {Role.SUBSTITUTE}


@dataclass(frozen=True)
class ComingMeeting:
    meeting: Meeting
    when: str  # "tisdag 3 mars 2026 kl. 13.00–15.00"
    agenda: list[AgendaItem]
    documents: list[Document]
    absent: bool  # the user has reported their absence


@dataclass(frozen=True)
class OwnAction:
    action: MinutesAction
    late: bool


@dataclass(frozen=True)
class OwnAssignment:
    assignment: Assignment
    late: bool


@dataclass
class MemberTodo:
    person: Person | None
    bodies: list[tuple[Body, list[str]]]
    # The user's current roles per body id (`structure.access.body_roles`).
    roles: dict[int, set[str]] = field(default_factory=dict)
    meetings: list[ComingMeeting] = field(default_factory=list)
    to_approve: Capped[MinutesApprover] = field(default_factory=lambda: Capped([]))
    to_write: Capped[Minutes] = field(default_factory=lambda: Capped([]))
    actions: Capped[OwnAction] = field(default_factory=lambda: Capped([]))
    assignments: Capped[OwnAssignment] = field(default_factory=lambda: Capped([]))


def _readable(
    meeting: Meeting, documents: Sequence[Document], roles: dict[int, set[str]]
) -> list[Document]:
    """The documents the user may read, as `meetings.access.readable_documents` decides: all
    for the body's members and those called to the whole meeting, else the public ones and
    those of the one item a guest is called for (`called`, read with the documents)."""
    if meeting.body_id in roles or meeting.called_whole:  # type: ignore[attr-defined]
        return list(documents)
    return [d for d in documents if d.public or d.called]  # type: ignore[attr-defined]


def coming_meetings(
    *, person: Person, roles: dict[int, set[str]], now: datetime.datetime
) -> list[ComingMeeting]:
    """The next meetings the person is called to, or holds a seat in the body of, with the
    agenda, the current documents and their own attendance: three queries (the attendance
    is read in the meetings' and the documents' own)."""
    seated = [body for body, held in roles.items() if held & SEATED_ROLES]
    mine = Attendance.objects.filter(meeting=OuterRef("pk"), person=person)
    meetings = list(
        Meeting.objects.filter(Q(body_id__in=seated) | Q(Exists(mine)))
        .filter(status__in=OPEN_STATUSES, starts_at__gte=now, starts_at__lt=now + MEETINGS_HORIZON)
        .annotate(
            called_whole=Exists(mine.filter(agenda_item__isnull=True)),
            absent=Exists(mine.filter(status=AttendanceStatus.ABSENT)),
        )
        .select_related("body__structure")
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.order_by("position", "pk"),
                to_attr="agenda",
            ),
            Prefetch(
                "documents",
                # The items' documents in agenda order, then those for the whole meeting.
                queryset=Document.objects.filter(replaced_by__isnull=True)
                .annotate(
                    # Called as a guest for the document's item.
                    called=Exists(
                        Attendance.objects.filter(
                            meeting_id=OuterRef("meeting_id"),
                            person=person,
                            agenda_item_id=OuterRef("agenda_item_id"),
                        )
                    )
                )
                .order_by(F("agenda_item__position").asc(nulls_last=True), "title", "pk"),
                to_attr="current_documents",
            ),
        )
        .order_by("starts_at", "pk")[:MEETINGS_SHOWN]
    )
    return [
        ComingMeeting(
            meeting=m,
            when=when_text(m.starts_at, m.ends_at),
            agenda=m.agenda,  # type: ignore[attr-defined]
            documents=_readable(m, m.current_documents, roles),  # type: ignore[attr-defined]
            absent=m.absent,  # type: ignore[attr-defined]
        )
        for m in meetings
    ]


def own_actions(*, person: Person, today: datetime.date) -> Capped[OwnAction]:
    """Actions from approved minutes that the person owns and no approved minutes closed,
    the earliest due first: one query."""
    # Correlated to each action: an uncorrelated NOT IN reads every closing follow-up.
    closed = ActionFollowUp.objects.filter(
        action_id=OuterRef("pk"),
        outcome__in=CLOSING_OUTCOMES,
        item__minutes__status=MinutesStatus.APPROVED,
    )
    found = capped(
        MinutesAction.objects.filter(owner=person, item__minutes__status=MinutesStatus.APPROVED)
        .exclude(Exists(closed))
        .select_related("item__minutes__meeting__body")
        .order_by("due_on", "pk")
    )
    return Capped([OwnAction(a, a.due_on < today) for a in found.rows], more=found.more)


def own_assignments(*, person: Person, today: datetime.date) -> Capped[OwnAssignment]:
    """Open assignments given to the person or naming them responsible: one query."""
    responsible = Assignment.responsible.through.objects.filter(
        assignment_id=OuterRef("pk"), person=person
    )
    found = capped(
        Assignment.objects.filter(Q(to_person=person) | Q(Exists(responsible)))
        .filter(status__in=OPEN_ASSIGNMENT_STATUSES)
        .select_related("structure", "given_by", "to_body", "report_to")
        .order_by("due_on", "pk")
    )
    return Capped([OwnAssignment(a, a.due_on < today) for a in found.rows], more=found.more)


def member_bodies(*, user: User, today: datetime.date) -> MemberTodo:
    """The user's person and the bodies they hold a role in today, with the roles: two
    queries (one for a user who is no person in the register)."""
    person = Person.objects.filter(user=user).first()
    if person is None:
        return MemberTodo(person=None, bodies=[])
    roles: dict[int, set[str]] = {}
    bodies: dict[int, Body] = {}
    for m in (
        Membership.objects.active_on(today)
        .filter(person=person)
        .select_related("body__structure")
        .order_by("body__name", "body_id", "pk")
    ):
        roles.setdefault(m.body_id, set()).add(m.role)
        bodies.setdefault(m.body_id, m.body)
    return MemberTodo(
        person=person,
        bodies=[(b, sorted(Role(r).label.lower() for r in roles[pk])) for pk, b in bodies.items()],
        roles=roles,
    )


def member_work(found: MemberTodo, *, today: datetime.date) -> MemberTodo:
    """The part "Att justera" and "Dina åtgärder och uppdrag" for the person and roles of
    `member_bodies`: four queries."""
    person = found.person
    if person is None:
        return found
    found.to_approve = capped(
        MinutesApprover.objects.filter(
            person=person,
            decision=ApprovalDecision.PENDING,
            minutes__status=MinutesStatus.PENDING,
        )
        .select_related("minutes__meeting__body")
        .order_by("requested_at", "pk")
    )
    writer_bodies = [b for b, held in found.roles.items() if Role.SECRETARY in held]
    found.to_write = capped(
        Minutes.objects.filter(Q(taken_by=person) | Q(meeting__body_id__in=writer_bodies))
        .filter(status__in=[MinutesStatus.DRAFT, MinutesStatus.RETURNED])
        .select_related("meeting__body")
        .order_by("meeting__starts_at", "pk")
    )
    found.actions = own_actions(person=person, today=today)
    found.assignments = own_assignments(person=person, today=today)
    return found
