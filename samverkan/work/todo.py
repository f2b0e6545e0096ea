"""The start page after logging in ("Att göra"): what waits for the user, read in bulk.

A coordinator sees the charter check's findings for their structures as the worker last
stored them (`samverkan.rules.checking`), most urgent first, and
the work only they do: notices to send, minutes stuck before approval or publication,
recommendations to route and decisions to collect, overdue assignments. A notice not sent by
the charter's lead time is both a finding and a notice to send: it is shown once, as the
notice to send (which links to where it is sent), marked with the finding's severity. A chair, secretary or
member sees their own part: coming meetings with agenda and documents, minutes to approve or
write, the actions and assignments they own. Each part runs a fixed number of queries however
large the installation is; a list longer than its cap says so and links to the full list.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet

from samverkan.cases.models import OPEN_ASSIGNMENT_STATUSES, Assignment, Recommendation
from samverkan.cases.selectors.assignments import overdue_condition
from samverkan.cases.selectors.recommendations import decided_text, open_condition, with_counts
from samverkan.lib.findings import Finding, Severity
from samverkan.lib.localtime import local_today, meeting_day
from samverkan.lib.swedish import date_text, when_text
from samverkan.meetings.findings import NOTICE
from samverkan.meetings.models import (
    OPEN_STATUSES,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Document,
    Meeting,
    MeetingStatus,
)
from samverkan.meetings.services import document_deadline
from samverkan.minutes.models import (
    CLOSING_OUTCOMES,
    ActionFollowUp,
    ApprovalDecision,
    HoldResolution,
    Minutes,
    MinutesAction,
    MinutesApprover,
    MinutesStatus,
    PublicationHold,
)
from samverkan.rules.checking import request_check
from samverkan.rules.stored import CheckStatus, check_status, stored_findings
from samverkan.structure.access import body_roles, editable_structures
from samverkan.structure.models import Body, Charter, Person, Role, Structure

# How many findings the start page shows; the rest are on each structure's findings page.
FINDINGS_SHOWN = 15
# How many rows each other list shows before it says there are more.
ROWS_SHOWN = 10
# A notice is due on the start page from this many days before the document deadline.
NOTICE_WINDOW = datetime.timedelta(days=14)
# How far ahead planned meetings are read for notices: beyond any charter's lead time
# (the longest, 004's ten working days, is about two weeks) plus the window.
NOTICE_HORIZON = datetime.timedelta(days=90)
# A member's coming meetings: the next few, within about half a year.
MEETINGS_SHOWN = 5
MEETINGS_HORIZON = datetime.timedelta(days=183)

# The roles a meeting is called for (a substitute only when standing in, via attendance).
SEATED_ROLES = frozenset(Role) - {Role.SUBSTITUTE}


@dataclass(frozen=True)
class Capped[T]:
    """The first rows of a list and whether more were left out."""

    rows: list[T]
    more: bool = False

    def __bool__(self) -> bool:
        return bool(self.rows)


def _capped[T](found: QuerySet[Any, T] | list[T], limit: int = ROWS_SHOWN) -> Capped[T]:
    rows = list(found[: limit + 1])
    return Capped(rows[:limit], more=len(rows) > limit)


def _due_text(due: datetime.date | None, today: datetime.date) -> str:
    if due is None:
        return ""
    if due < today:
        return f"Skulle ha varit klart {date_text(due)}"
    if due == today:
        return "Senast i dag"
    return f"Senast {date_text(due)}"


# --- The coordinator's part ----------------------------------------------------------------


@dataclass(frozen=True)
class FindingRow:
    severity: str  # Severity's value, for the style
    severity_label: str  # "Försenat", "Snart dags", "Att notera"
    body: str  # the body's name, or "" for a finding about a whole structure
    subject: str
    message: str
    due: str  # "Senast 30 november 2026", or ""
    responsible: str  # "ordförande (Alice Berg)", or ""
    url: str


@dataclass(frozen=True)
class NoticeDue:
    meeting: Meeting
    deadline: datetime.date | None
    late: bool
    text: str  # "Handlingarna ska vara ute senast …"
    # The charter check's finding about the notice, when there is one: its severity's value
    # and label ("Försenat", "Snart dags"), shown on this row instead of among the findings.
    severity: str = ""
    severity_label: str = ""


@dataclass(frozen=True)
class PendingMinutes:
    minutes: Minutes
    waiting_on: list[MinutesApprover]  # the approvers who have not approved yet


@dataclass(frozen=True)
class OpenRecommendation:
    recommendation: Recommendation
    decided: str  # "9 av 16 huvudmän har beslutat"
    late: bool  # the answer date has passed


@dataclass
class CoordinatorTodo:
    structures: list[Structure]
    findings: list[FindingRow] = field(default_factory=list)
    findings_total: int = 0
    # Findings about notices shown as notices to send instead (see the module's docstring).
    findings_with_notices: int = 0
    # When the findings were worked out (the worker checks each structure and stores them).
    checked: CheckStatus | None = None
    notices: Capped[NoticeDue] = field(default_factory=lambda: Capped([]))
    minutes_to_submit: Capped[Minutes] = field(default_factory=lambda: Capped([]))
    minutes_pending: Capped[PendingMinutes] = field(default_factory=lambda: Capped([]))
    minutes_held: Capped[Minutes] = field(default_factory=lambda: Capped([]))
    to_route: Capped[Recommendation] = field(default_factory=lambda: Capped([]))
    to_record: Capped[OpenRecommendation] = field(default_factory=lambda: Capped([]))
    assignments_overdue: Capped[Assignment] = field(default_factory=lambda: Capped([]))

    @property
    def waiting_count(self) -> int:
        """How many things wait, apart from the findings (a list cut short counts as shown)."""
        return sum(
            len(part.rows)
            for part in (
                self.notices,
                self.minutes_to_submit,
                self.minutes_pending,
                self.minutes_held,
                self.to_route,
                self.to_record,
                self.assignments_overdue,
            )
        )


def _notice_key(meeting: Meeting) -> str:
    """The key of the charter check's finding that the meeting's notice is not sent."""
    return Finding(
        rule=NOTICE, severity=Severity.NOTED, message="", about=f"meeting:{meeting.pk}"
    ).key


def finding_rows(
    *, today: datetime.date, structure_ids: Collection[int], elsewhere: Collection[str] = ()
) -> tuple[list[FindingRow], int, dict[str, Finding]]:
    """The first `FINDINGS_SHOWN` findings of the structures' last checks not acknowledged,
    most urgent first, and how many there are in all, leaving out those the page shows
    `elsewhere` (by key), which come back by key: three queries however many there are (the
    stored findings, read by the database in the check's order)."""
    to_act = stored_findings(structure_ids=structure_ids, acknowledged=False)
    # Asked even when nothing is elsewhere (no key is ""), so the count of queries is fixed.
    moved = {row.key: row.finding() for row in to_act.filter(key__in=list(elsewhere) or [""])}
    shown = to_act.exclude(key__in=list(moved))
    first = list(shown.select_related("body")[:FINDINGS_SHOWN])
    total = shown.order_by().count()
    rows = [
        FindingRow(
            severity=str(f.severity),
            severity_label=str(Severity(f.severity).label),
            body=f.body.name if f.body is not None else "",
            subject=f.subject,
            message=f.message,
            due=_due_text(f.due_on, today),
            responsible=r.text() if (r := f.responsible) else "",
            url=f.url,
        )
        for f in first
    ]
    return rows, total, moved


def notices_due(
    *, structure_ids: Collection[int], now: datetime.datetime, today: datetime.date
) -> Capped[NoticeDue]:
    """Planned meetings whose notice has not gone out and whose document deadline is within
    `NOTICE_WINDOW` (or passed): two queries."""
    meetings = list(
        Meeting.objects.filter(
            body__structure_id__in=structure_ids,
            status=MeetingStatus.PLANNED,
            starts_at__gte=now,
            starts_at__lt=now + NOTICE_HORIZON,
        )
        .select_related("body")
        .order_by("starts_at", "pk")
    )
    charters = {
        c.body_id: c
        for c in Charter.objects.in_force().filter(body_id__in={m.body_id for m in meetings})
    }
    due: list[NoticeDue] = []
    for meeting in meetings:
        deadline = document_deadline(meeting, charters.get(meeting.body_id))
        if (deadline or meeting_day(meeting)) - today > NOTICE_WINDOW:
            continue
        late = deadline is not None and deadline < today
        if deadline is None:
            text = "Uppdragsbeskrivningen anger ingen sista dag för handlingarna."
        elif late:
            text = f"Handlingarna skulle ha varit ute {date_text(deadline)}."
        else:
            text = f"Handlingarna ska vara ute senast {date_text(deadline)}."
        due.append(NoticeDue(meeting=meeting, deadline=deadline, late=late, text=text))
    # Soonest deadline first; a meeting without one by its own day.
    due.sort(key=lambda n: (n.deadline or meeting_day(n.meeting), n.meeting.starts_at))
    return _capped(due)


def _structure_minutes(structure_ids: Collection[int]) -> QuerySet[Minutes]:
    return Minutes.objects.filter(meeting__body__structure_id__in=structure_ids).select_related(
        "meeting__body", "taken_by"
    )


def minutes_waiting(
    *, structure_ids: Collection[int]
) -> tuple[Capped[Minutes], Capped[PendingMinutes], Capped[Minutes]]:
    """Minutes to send for approval, waiting on named approvers, and held from publication
    by a possible personnummer: four queries."""
    scope = _structure_minutes(structure_ids)
    to_submit = scope.filter(status__in=[MinutesStatus.DRAFT, MinutesStatus.RETURNED]).order_by(
        "meeting__starts_at", "pk"
    )
    pending = (
        scope.filter(status=MinutesStatus.PENDING)
        .prefetch_related(
            Prefetch(
                "approvers",
                queryset=MinutesApprover.objects.filter(decision=ApprovalDecision.PENDING)
                .select_related("person")
                .order_by("requested_at", "pk"),
                to_attr="waiting_on",
            )
        )
        .order_by("submitted_at", "pk")
    )
    unresolved = Exists(
        PublicationHold.objects.filter(minutes=OuterRef("pk"), resolution=HoldResolution.UNRESOLVED)
    )
    held = scope.filter(
        unresolved, status=MinutesStatus.APPROVED, published_at__isnull=True
    ).order_by("approved_at", "pk")
    waiting = _capped(pending)
    return (
        _capped(to_submit),
        Capped(
            [PendingMinutes(m, list(m.waiting_on)) for m in waiting.rows],  # type: ignore[attr-defined]
            more=waiting.more,
        ),
        _capped(held),
    )


def recommendations_waiting(
    *, structure_ids: Collection[int], today: datetime.date
) -> tuple[Capped[Recommendation], Capped[OpenRecommendation]]:
    """Recommendations not routed to the principals yet, and routed ones some principal has
    not decided: two queries."""
    scope = Recommendation.objects.filter(structure_id__in=structure_ids).select_related(
        "structure", "body"
    )
    to_route = scope.filter(routed_at__isnull=True).order_by("decided_on", "pk")
    open_ones = _capped(
        with_counts(scope.filter(open_condition(), routed_at__isnull=False)).order_by(
            "answer_by", "decided_on", "pk"
        )
    )
    return _capped(to_route), Capped(
        [
            OpenRecommendation(
                recommendation=r,
                decided=decided_text(r.decided_count, r.principal_count),  # type: ignore[attr-defined]
                late=r.answer_by is not None and r.answer_by < today,
            )
            for r in open_ones.rows
        ],
        more=open_ones.more,
    )


def assignments_overdue(
    *, structure_ids: Collection[int], today: datetime.date
) -> Capped[Assignment]:
    """Open assignments past their report-back date, the longest overdue first: one query."""
    return _capped(
        Assignment.objects.filter(overdue_condition(today), structure_id__in=structure_ids)
        .select_related("structure", "given_by", "to_body", "to_person")
        .order_by("due_on", "pk")
    )


def coordinator_todo(
    *, structures: list[Structure], now: datetime.datetime, today: datetime.date
) -> CoordinatorTodo:
    ids = [s.pk for s in structures]
    found = CoordinatorTodo(structures=structures)
    if not ids:
        return found
    found.checked = check_status(ids)
    if found.checked.unasked:
        request_check(found.checked.unasked)  # a fresh installation: the worker checks it now
    notices = notices_due(structure_ids=ids, now=now, today=today)
    keys = {_notice_key(n.meeting): n for n in notices.rows}
    found.findings, found.findings_total, moved = finding_rows(
        today=today, structure_ids=ids, elsewhere=keys
    )
    found.notices = Capped(
        [
            replace(n, severity=str(f.severity), severity_label=str(Severity(f.severity).label))
            if (f := moved.get(key))
            else n
            for key, n in keys.items()
        ],
        more=notices.more,
    )
    found.findings_with_notices = len(moved)
    found.minutes_to_submit, found.minutes_pending, found.minutes_held = minutes_waiting(
        structure_ids=ids
    )
    found.to_route, found.to_record = recommendations_waiting(structure_ids=ids, today=today)
    found.assignments_overdue = assignments_overdue(structure_ids=ids, today=today)
    return found


# --- The member's part ---------------------------------------------------------------------


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
    meetings: list[ComingMeeting] = field(default_factory=list)
    to_approve: Capped[MinutesApprover] = field(default_factory=lambda: Capped([]))
    to_write: Capped[Minutes] = field(default_factory=lambda: Capped([]))
    actions: Capped[OwnAction] = field(default_factory=lambda: Capped([]))
    assignments: Capped[OwnAssignment] = field(default_factory=lambda: Capped([]))


def _readable(
    meeting: Meeting, documents: list[Document], roles: dict[int, set[str]]
) -> list[Document]:
    """The documents the user may read, as `meetings.access.readable_documents` decides: all
    for the body's members and those called to the whole meeting, else the public ones and
    those of the one item a guest is called for."""
    called: list[Attendance] = meeting.mine  # type: ignore[attr-defined]
    if meeting.body_id in roles or any(a.agenda_item_id is None for a in called):
        return documents
    items = {a.agenda_item_id for a in called}
    return [d for d in documents if d.public or d.agenda_item_id in items]


def coming_meetings(
    *, person: Person, roles: dict[int, set[str]], now: datetime.datetime
) -> list[ComingMeeting]:
    """The next meetings the person is called to, or holds a seat in the body of, with the
    agenda, the current documents and their own attendance: four queries."""
    seated = [body for body, held in roles.items() if held & SEATED_ROLES]
    called = Attendance.objects.filter(meeting=OuterRef("pk"), person=person)
    meetings = list(
        Meeting.objects.filter(Q(body_id__in=seated) | Q(Exists(called)))
        .filter(status__in=OPEN_STATUSES, starts_at__gte=now, starts_at__lt=now + MEETINGS_HORIZON)
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
                queryset=Document.objects.filter(replaced_by__isnull=True).order_by(
                    F("agenda_item__position").asc(nulls_last=True), "title", "pk"
                ),
                to_attr="current_documents",
            ),
            Prefetch(
                "attendances",
                queryset=Attendance.objects.filter(person=person),
                to_attr="mine",
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
            absent=any(a.status == AttendanceStatus.ABSENT for a in m.mine),  # type: ignore[attr-defined]
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
    found = _capped(
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
    found = _capped(
        Assignment.objects.filter(Q(to_person=person) | Q(Exists(responsible)))
        .filter(status__in=OPEN_ASSIGNMENT_STATUSES)
        .select_related("structure", "given_by", "to_body", "report_to")
        .order_by("due_on", "pk")
    )
    return Capped([OwnAssignment(a, a.due_on < today) for a in found.rows], more=found.more)


def member_todo(*, user: User, now: datetime.datetime, today: datetime.date) -> MemberTodo:
    roles = body_roles(user)
    bodies = Body.objects.filter(pk__in=roles).select_related("structure").order_by("name", "pk")
    found = MemberTodo(
        person=Person.objects.filter(user=user).first(),
        bodies=[(b, sorted(Role(r).label.lower() for r in roles[b.pk])) for b in bodies],
    )
    person = found.person
    if person is None:
        return found
    found.meetings = coming_meetings(person=person, roles=roles, now=now)
    found.to_approve = _capped(
        MinutesApprover.objects.filter(
            person=person,
            decision=ApprovalDecision.PENDING,
            minutes__status=MinutesStatus.PENDING,
        )
        .select_related("minutes__meeting__body")
        .order_by("requested_at", "pk")
    )
    writer_bodies = [b for b, held in roles.items() if Role.SECRETARY in held]
    found.to_write = _capped(
        Minutes.objects.filter(Q(taken_by=person) | Q(meeting__body_id__in=writer_bodies))
        .filter(status__in=[MinutesStatus.DRAFT, MinutesStatus.RETURNED])
        .select_related("meeting__body")
        .order_by("meeting__starts_at", "pk")
    )
    found.actions = own_actions(person=person, today=today)
    found.assignments = own_assignments(person=person, today=today)
    return found


# --- The page ------------------------------------------------------------------------------


@dataclass
class StartPage:
    coordinator: CoordinatorTodo
    member: MemberTodo


def start_page(*, user: User, now: datetime.datetime) -> StartPage:
    """Everything the start page shows for `user` at `now`."""
    today = local_today(now)
    structures = list(editable_structures(user).select_related("region").order_by("name", "pk"))
    return StartPage(
        coordinator=coordinator_todo(structures=structures, now=now, today=today),
        member=member_todo(user=user, now=now, today=today),
    )
