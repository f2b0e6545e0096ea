"""The start page after logging in ("Att göra"): what waits for the user, read in bulk.

A coordinator sees the charter check's findings for their structures as the worker last
stored them (`samverkan.rules.checking`), most urgent first, and the work only they do:
notices to send, minutes stuck before approval or publication, recommendations to route and
decisions to collect, overdue assignments. A notice not sent by the charter's lead time is
both a finding and a notice to send: it is shown once, as the notice to send (which links to
where it is sent), marked with the finding's severity. A chair, secretary or member sees
their own part (`todo_member.py`): coming meetings with agenda and documents, minutes to
approve or write, the actions and assignments they own. Each part runs a fixed number of
queries however large the installation is; a list longer than its cap says so and links to
the full list. The page shows the parts in separate requests (`home.py`).
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import (
    Case,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber

from samverkan.cases.models import Assignment, Recommendation
from samverkan.cases.selectors.assignments import overdue_condition
from samverkan.cases.selectors.recommendations import decided_text, open_condition, with_counts
from samverkan.lib.findings import Finding, Severity, deadline_stated
from samverkan.lib.localtime import local_day
from samverkan.lib.swedish import date_text
from samverkan.meetings.findings import NOTICE
from samverkan.meetings.models import (
    Meeting,
    MeetingStatus,
)
from samverkan.meetings.services import deadline_on
from samverkan.minutes.models import (
    ApprovalDecision,
    HoldResolution,
    Minutes,
    MinutesApprover,
    MinutesStatus,
    PublicationHold,
)
from samverkan.rules.checking import request_check
from samverkan.rules.stored import CheckStatus, check_status, stored_findings
from samverkan.structure.models import Charter, Structure

# How many findings the start page shows; the rest are on each structure's findings page.
FINDINGS_SHOWN = 15
# How many rows each other list shows before it says there are more.
ROWS_SHOWN = 10
# A notice is due on the start page from this many days before the document deadline.
NOTICE_WINDOW = datetime.timedelta(days=14)
# How far ahead planned meetings are read for notices: beyond any charter's lead time
# (the longest, 004's ten working days, is about two weeks) plus the window.
NOTICE_HORIZON = datetime.timedelta(days=90)


@dataclass(frozen=True)
class Capped[T]:
    """The first rows of a list and whether more were left out."""

    rows: list[T]
    more: bool = False

    def __bool__(self) -> bool:
        return bool(self.rows)


def capped[T](found: QuerySet[Any, T] | list[T], limit: int = ROWS_SHOWN) -> Capped[T]:
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
    # The meeting, by what the row shows of it (read as plain values: a large structure
    # has hundreds of meetings ahead to look through).
    meeting_id: int
    body: str  # the body's name
    starts_at: datetime.datetime
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


def _notice_key(meeting_id: int) -> str:
    """The key of the charter check's finding that the meeting's notice is not sent."""
    return Finding(
        rule=NOTICE, severity=Severity.NOTED, message="", about=f"meeting:{meeting_id}"
    ).key


def _moved(structure_ids: Collection[int], keys: Collection[str]) -> dict[str, Finding]:
    """The structures' findings not acknowledged that the page shows elsewhere (by key), as
    notices to send: one query, asked even when there are none (no key is "") so that the
    count of queries is fixed."""
    to_act = stored_findings(structure_ids=structure_ids, acknowledged=False)
    return {row.key: row.finding() for row in to_act.filter(key__in=list(keys) or [""])}


def finding_rows(
    *, today: datetime.date, structure_ids: Collection[int], elsewhere: Collection[str] = ()
) -> tuple[list[FindingRow], int, dict[str, Finding]]:
    """The first `FINDINGS_SHOWN` findings of the structures' last checks not acknowledged,
    most urgent first, and how many there are in all, leaving out those the page shows
    `elsewhere` (by key), which come back by key: three queries however many there are (the
    stored findings, read by the database in the check's order)."""
    moved = _moved(structure_ids, elsewhere)
    shown = stored_findings(structure_ids=structure_ids, acknowledged=False).exclude(
        key__in=list(moved)
    )
    first = list(shown.select_related("body")[:FINDINGS_SHOWN])
    total = shown.order_by().count()
    rows = [
        FindingRow(
            severity=str(f.severity),
            severity_label=str(Severity(f.severity).label),
            body=f.body.name if f.body is not None else "",
            subject=f.subject,
            message=f.message,
            # A message that already names the day ("… senast 3 mars") is not repeated.
            due="" if deadline_stated(f.message, f.due_on) else _due_text(f.due_on, today),
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
    `NOTICE_WINDOW` (or passed): one query, with each body's lead time in force read in it,
    of plain values (no model objects for the hundreds of meetings ahead in a large
    structure)."""
    in_force = Charter.objects.in_force().filter(body_id=OuterRef("body_id"))
    rows = (
        Meeting.objects.filter(
            body__structure_id__in=structure_ids,
            status=MeetingStatus.PLANNED,
            starts_at__gte=now,
            starts_at__lt=now + NOTICE_HORIZON,
        )
        .annotate(
            lead_value=Subquery(in_force.values("document_lead_value")[:1]),
            lead_unit=Subquery(in_force.values("document_lead_unit")[:1]),
        )
        .order_by("starts_at", "pk")
        .values_list("pk", "body__name", "starts_at", "lead_value", "lead_unit")
    )
    due: list[NoticeDue] = []
    for pk, body, starts_at, value, unit in rows:
        day = local_day(starts_at)
        deadline = deadline_on(day, value, unit)
        if (deadline or day) - today > NOTICE_WINDOW:
            continue
        late = deadline is not None and deadline < today
        if deadline is None:
            text = "Uppdragsbeskrivningen anger ingen sista dag för handlingarna."
        elif late:
            text = f"Handlingarna skulle ha varit ute {date_text(deadline)}."
        else:
            text = f"Handlingarna ska vara ute senast {date_text(deadline)}."
        due.append(NoticeDue(pk, body, starts_at, deadline=deadline, late=late, text=text))
    # Soonest deadline first; a meeting without one by its own day.
    due.sort(key=lambda n: (n.deadline or local_day(n.starts_at), n.starts_at))
    return capped(due)


def _structure_minutes(structure_ids: Collection[int]) -> QuerySet[Minutes]:
    return Minutes.objects.filter(meeting__body__structure_id__in=structure_ids).select_related(
        "meeting__body", "taken_by"
    )


def minutes_waiting(
    *, structure_ids: Collection[int]
) -> tuple[Capped[Minutes], Capped[PendingMinutes], Capped[Minutes]]:
    """Minutes to send for approval, waiting on named approvers, and held from publication
    by a possible personnummer: two queries. The three lists are one query, each list's
    rows numbered in its own order by a window and cut after one more than is shown; the
    approvers not heard from are the other."""
    unresolved = Exists(
        PublicationHold.objects.filter(minutes=OuterRef("pk"), resolution=HoldResolution.UNRESOLVED)
    )
    to_submit = Q(status__in=[MinutesStatus.DRAFT, MinutesStatus.RETURNED])
    pending = Q(status=MinutesStatus.PENDING)
    held = Q(unresolved, status=MinutesStatus.APPROVED, published_at__isnull=True)
    rows = list(
        _structure_minutes(structure_ids)
        .filter(to_submit | pending | held)
        .annotate(
            part=Case(
                When(to_submit, then=Value(0)),
                When(pending, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
            since=Case(
                When(to_submit, then=F("meeting__starts_at")),
                When(pending, then=F("submitted_at")),
                default=F("approved_at"),
                output_field=DateTimeField(),
            ),
        )
        .annotate(
            row=Window(
                RowNumber(), partition_by=[F("part")], order_by=[F("since").asc(), F("pk").asc()]
            )
        )
        .filter(row__lte=ROWS_SHOWN + 1)
        .prefetch_related(
            Prefetch(
                "approvers",
                queryset=MinutesApprover.objects.filter(decision=ApprovalDecision.PENDING)
                .select_related("person")
                .order_by("requested_at", "pk"),
                to_attr="waiting_on",
            )
        )
        .order_by("part", "row")
    )
    parts: list[list[Minutes]] = [[], [], []]
    for m in rows:
        parts[m.part].append(m)  # type: ignore[attr-defined]
    waiting = capped(parts[1])
    return (
        capped(parts[0]),
        Capped(
            [PendingMinutes(m, list(m.waiting_on)) for m in waiting.rows],  # type: ignore[attr-defined]
            more=waiting.more,
        ),
        capped(parts[2]),
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
    open_ones = capped(
        with_counts(scope.filter(open_condition(), routed_at__isnull=False)).order_by(
            "answer_by", "decided_on", "pk"
        )
    )
    return capped(to_route), Capped(
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
    return capped(
        Assignment.objects.filter(overdue_condition(today), structure_id__in=structure_ids)
        .select_related("structure", "given_by", "to_body", "to_person")
        .order_by("due_on", "pk")
    )


def coordinator_findings(
    *, structures: list[Structure], now: datetime.datetime, today: datetime.date
) -> CoordinatorTodo:
    """The part "Avvikelser" of the start page: when the structures were last checked and
    what was found, but for the notices to send, which the part "Väntar" shows: five
    queries (and the request for a first check of a structure never checked)."""
    ids = [s.pk for s in structures]
    found = CoordinatorTodo(structures=structures)
    if not ids:
        return found
    found.checked = check_status(ids)
    if found.checked.unasked:
        request_check(found.checked.unasked)  # a fresh installation: the worker checks it now
    notices = notices_due(structure_ids=ids, now=now, today=today)
    found.findings, found.findings_total, moved = finding_rows(
        today=today, structure_ids=ids, elsewhere=[_notice_key(n.meeting_id) for n in notices.rows]
    )
    found.findings_with_notices = len(moved)
    return found


def coordinator_waiting(
    *, structures: list[Structure], now: datetime.datetime, today: datetime.date
) -> CoordinatorTodo:
    """The part "Väntar på dig som koordinator": notices to send (with the check's finding
    about one not sent in time), minutes, recommendations and assignments overdue: seven
    queries."""
    ids = [s.pk for s in structures]
    found = CoordinatorTodo(structures=structures)
    if not ids:
        return found
    notices = notices_due(structure_ids=ids, now=now, today=today)
    keys = {_notice_key(n.meeting_id): n for n in notices.rows}
    moved = _moved(ids, keys)
    found.notices = Capped(
        [
            replace(n, severity=str(f.severity), severity_label=str(Severity(f.severity).label))
            if (f := moved.get(key))
            else n
            for key, n in keys.items()
        ],
        more=notices.more,
    )
    found.minutes_to_submit, found.minutes_pending, found.minutes_held = minutes_waiting(
        structure_ids=ids
    )
    found.to_route, found.to_record = recommendations_waiting(structure_ids=ids, today=today)
    found.assignments_overdue = assignments_overdue(structure_ids=ids, today=today)
    return found
