"""The balanslista: every case not finally handled and every recommendation that some
principal has not decided, with each principal's decision, oldest first.

One list serves the working pages, the public pages, the exports and the API; what it
holds depends on the viewer's scope (`ViewerScope`): the internal view is what
`readable_cases`/`readable_recommendations` allow the user, the public view only what
`public_cases`/`public_recommendations` give. A fixed number of queries whatever the size:
the cases, the recommendations, and their decisions with principals (one prefetch).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from samverkan.cases.access import (
    member_body_ids,
    public_cases,
    public_recommendations,
    readable_cases,
    readable_recommendations,
)
from samverkan.cases.models import (
    DECIDED_STATES,
    FINAL_CASE_STATUSES,
    Case,
    CaseStatus,
    DecisionState,
    PrincipalDecision,
    Recommendation,
)
from samverkan.lib.localtime import local_today
from samverkan.lib.users import AnyUser
from samverkan.structure.access import is_admin
from samverkan.structure.models import Body, Principal, PrincipalKind, Structure


class BalanceState(models.TextChoices):
    """The states one can filter the list by: a case's status, or where a recommendation is."""

    RAISED = CaseStatus.RAISED.value, CaseStatus.RAISED.label
    PREPARING = CaseStatus.PREPARING.value, CaseStatus.PREPARING.label
    ON_AGENDA = CaseStatus.ON_AGENDA.value, CaseStatus.ON_AGENDA.label
    LIFTED = CaseStatus.LIFTED.value, CaseStatus.LIFTED.label
    # A case turned into a recommendation that has no recommendation row (yet).
    RECOMMENDED = CaseStatus.RECOMMENDED.value, CaseStatus.RECOMMENDED.label
    NOT_ROUTED = "not_routed", _("Rekommendation, inte expedierad")
    AWAITING = "awaiting", _("Rekommendation, väntar på beslut")
    FINISHED = "finished", _("Avslutat")


CASE_STATES = frozenset(
    {
        BalanceState.RAISED,
        BalanceState.PREPARING,
        BalanceState.ON_AGENDA,
        BalanceState.LIFTED,
        BalanceState.RECOMMENDED,
    }
)
RECOMMENDATION_STATES = frozenset({BalanceState.NOT_ROUTED, BalanceState.AWAITING})


class PrincipalState(models.TextChoices):
    """How the chosen principal stands on a recommendation (the principal filter)."""

    OPEN = "open", _("Har inte beslutat")
    DECIDED = "decided", _("Har beslutat")
    ADOPTED = DecisionState.ADOPTED.value, DecisionState.ADOPTED.label
    ADOPTED_WITH_CHANGES = (
        DecisionState.ADOPTED_WITH_CHANGES.value,
        DecisionState.ADOPTED_WITH_CHANGES.label,
    )
    REJECTED = DecisionState.REJECTED.value, DecisionState.REJECTED.label
    WILL_NOT_DECIDE = DecisionState.WILL_NOT_DECIDE.value, DecisionState.WILL_NOT_DECIDE.label


@dataclass(frozen=True)
class ViewerScope:
    """Whose balanslista: a user's internal one, or the public one (`user` is None)."""

    user: AnyUser | None = None

    @classmethod
    def public(cls) -> ViewerScope:
        return cls(None)

    @classmethod
    def internal(cls, user: AnyUser) -> ViewerScope:
        return cls(user)

    @property
    def is_public(self) -> bool:
        return self.user is None

    # Made once per scope: the user's bodies and structures are read when the query set is
    # made, and a page asks for both lists more than once (its years, its rows).
    @cached_property
    def _bodies(self) -> set[int]:
        # An administrator reads everything: their seats need not be read.
        if self.user is None or is_admin(self.user):
            return set()
        return member_body_ids(self.user)

    @cached_property
    def _cases(self) -> QuerySet[Case]:
        if self.user is None:
            return public_cases()
        return readable_cases(self.user, bodies=self._bodies)

    @cached_property
    def _recommendations(self) -> QuerySet[Recommendation]:
        if self.user is None:
            return public_recommendations()
        return readable_recommendations(self.user, bodies=self._bodies)

    def cases(self) -> QuerySet[Case]:
        return self._cases.all()

    def recommendations(self) -> QuerySet[Recommendation]:
        return self._recommendations.all()


@dataclass(frozen=True)
class Filters:
    body: Body | None = None
    state: BalanceState | None = None
    year: int | None = None
    principal: Principal | None = None
    principal_state: PrincipalState = PrincipalState.OPEN
    include_finished: bool = False

    @property
    def any(self) -> bool:
        return bool(self.body or self.state or self.year or self.principal or self.include_finished)


@dataclass(frozen=True)
class DecisionCell:
    """One principal's decision on a recommendation, as the list shows it."""

    id: int
    principal_id: int
    principal: str  # the short name
    principal_name: str
    state: str
    state_label: str
    decided: bool
    decided_on: datetime.date | None
    registry_number: str
    paragraph: str
    # The structure's region first, then other regions, then the municipalities by name.
    order: tuple[int, str] = (2, "")


def principal_label(principal: Principal) -> str:
    return principal.short_name or principal.name


@dataclass
class BalanceRow:
    kind: Literal["case", "recommendation"]
    id: int
    number: str
    title: str
    body_id: int
    body_name: str
    body_key: str
    state: str
    state_label: str
    # The day the case was raised or the recommendation decided by its body.
    date: datetime.date
    age_days: int
    finished: bool
    finished_on: datetime.date | None
    minutes_id: int | None = None
    case_id: int | None = None
    decisions: list[DecisionCell] = field(default_factory=list)
    # Filled in by the pages: the row's own page, and (public) the minutes that gave it.
    url: str = ""
    minutes_url: str = ""

    @property
    def kind_label(self) -> str:
        return "Ärende" if self.kind == "case" else "Rekommendation"

    @property
    def date_label(self) -> str:
        return "Väckt" if self.kind == "case" else "Beslutad"

    @property
    def principal_count(self) -> int:
        return len(self.decisions)

    @property
    def decided_count(self) -> int:
        return sum(1 for d in self.decisions if d.decided)

    @property
    def open_principals(self) -> list[DecisionCell]:
        return [d for d in self.decisions if not d.decided]

    @property
    def open_principal_names(self) -> str:
        return ", ".join(d.principal for d in self.open_principals)

    @property
    def decided_text(self) -> str:
        """'9 av 16 huvudmän har beslutat'; empty for a case."""
        if self.kind == "case":
            return ""
        total = self.principal_count
        word = "huvudman" if total == 1 else "huvudmän"
        return f"{self.decided_count} av {total} {word} har beslutat"


@dataclass
class PrincipalTally:
    principal_id: int
    principal: str
    principal_name: str
    order: tuple[int, str]
    open: int = 0
    decided: int = 0


@dataclass
class BalanceList:
    structure: Structure
    filters: Filters
    rows: list[BalanceRow]
    today: datetime.date
    public: bool

    @property
    def open_cases(self) -> int:
        return sum(1 for r in self.rows if r.kind == "case" and not r.finished)

    @property
    def open_recommendations(self) -> int:
        return sum(1 for r in self.rows if r.kind == "recommendation" and not r.finished)

    @property
    def finished(self) -> int:
        return sum(1 for r in self.rows if r.finished)

    @property
    def per_principal(self) -> list[PrincipalTally]:
        """Per principal, over the open recommendations listed: how many it has not decided
        and how many it has. The region first, then by name, as the decisions are ordered."""
        tallies: dict[int, PrincipalTally] = {}
        for row in self.rows:
            if row.kind != "recommendation" or row.finished:
                continue
            for cell in row.decisions:
                tally = tallies.setdefault(
                    cell.principal_id,
                    PrincipalTally(
                        cell.principal_id, cell.principal, cell.principal_name, cell.order
                    ),
                )
                if cell.decided:
                    tally.decided += 1
                else:
                    tally.open += 1
        return sorted(tallies.values(), key=lambda t: t.order)

    @property
    def principal_columns(self) -> list[tuple[int, str]]:
        """The principals of the listed recommendations, for one column each in the exports."""
        seen: dict[int, DecisionCell] = {}
        for row in self.rows:
            for cell in row.decisions:
                seen.setdefault(cell.principal_id, cell)
        return [(c.principal_id, c.principal) for c in sorted(seen.values(), key=lambda c: c.order)]


# --- Conditions ----------------------------------------------------------------------------


def _decisions(**conditions: object) -> QuerySet[PrincipalDecision]:
    return PrincipalDecision.objects.filter(recommendation=OuterRef("pk"), **conditions)


def _open_decision() -> Exists:
    return Exists(_decisions().exclude(state__in=DECIDED_STATES))


def _finished_recommendation() -> Q:
    return Q(Exists(_decisions())) & ~Q(_open_decision())


def _principal_condition(principal: Principal, state: PrincipalState) -> Q:
    decisions = _decisions(principal=principal)
    if state == PrincipalState.OPEN:
        decisions = decisions.exclude(state__in=DECIDED_STATES)
    elif state == PrincipalState.DECIDED:
        decisions = decisions.filter(state__in=DECIDED_STATES)
    else:
        decisions = decisions.filter(state=state.value)
    return Q(Exists(decisions))


def _case_rows_query(
    scope: ViewerScope, structure: Structure, filters: Filters, finished_year: int
) -> QuerySet[Case] | None:
    if filters.principal is not None:
        return None  # the principal filter is about recommendations
    state = filters.state
    if state is not None and state not in CASE_STATES and state != BalanceState.FINISHED:
        return None
    cases = scope.cases().filter(structure=structure)
    if filters.body is not None:
        cases = cases.filter(Q(current_body=filters.body) | Q(raised_in=filters.body))
    # A recommended case is on the list through its recommendations, not twice.
    has_recommendation = Exists(Recommendation.objects.filter(case=OuterRef("pk")))
    open_cases = ~Q(status__in=FINAL_CASE_STATUSES) & ~(
        Q(status=CaseStatus.RECOMMENDED) & Q(has_recommendation)
    )
    if filters.year is not None:
        open_cases &= Q(raised_on__year=filters.year)
    if state is not None and state != BalanceState.FINISHED:
        open_cases &= Q(status=state.value)
    finished_cases = Q(status__in=FINAL_CASE_STATUSES, closed_on__year=finished_year)
    if state == BalanceState.FINISHED:
        condition = finished_cases
    elif filters.include_finished and state is None:
        condition = open_cases | finished_cases
    else:
        condition = open_cases
    return cases.filter(condition).select_related("current_body")


def _recommendation_rows_query(
    scope: ViewerScope, structure: Structure, filters: Filters, finished_year: int
) -> QuerySet[Recommendation] | None:
    state = filters.state
    if state is not None and state in CASE_STATES:
        return None
    recommendations = scope.recommendations().filter(structure=structure)
    if filters.body is not None:
        recommendations = recommendations.filter(body=filters.body)
    if filters.principal is not None:
        recommendations = recommendations.filter(
            _principal_condition(filters.principal, filters.principal_state)
        )
    last_decided = Subquery(
        PrincipalDecision.objects.filter(recommendation=OuterRef("pk"), decided_on__isnull=False)
        .order_by("-decided_on")
        .values("decided_on")[:1]
    )
    recommendations = recommendations.annotate(
        is_finished=_finished_recommendation(),
        is_moved=Exists(_decisions().exclude(state=DecisionState.NOT_SENT)),
        last_decided_on=last_decided,
    )
    open_recommendations = Q(is_finished=False)
    if filters.year is not None:
        open_recommendations &= Q(decided_on__year=filters.year)
    if state == BalanceState.NOT_ROUTED:
        open_recommendations &= Q(routed_at__isnull=True, is_moved=False)
    elif state == BalanceState.AWAITING:
        open_recommendations &= Q(routed_at__isnull=False) | Q(is_moved=True)
    finished = Q(is_finished=True, last_decided_on__year=finished_year)
    if state == BalanceState.FINISHED:
        condition = finished
    elif filters.include_finished and state is None:
        condition = open_recommendations | finished
    else:
        condition = open_recommendations
    decisions = PrincipalDecision.objects.select_related("principal")
    return (
        recommendations.filter(condition)
        .select_related("body", "case")
        .prefetch_related(Prefetch("decisions", queryset=decisions))
    )


# --- Rows ----------------------------------------------------------------------------------


def _case_row(case: Case, today: datetime.date) -> BalanceRow:
    finished = case.status in FINAL_CASE_STATUSES
    end = case.closed_on if finished and case.closed_on else today
    return BalanceRow(
        kind="case",
        id=case.pk,
        number=case.number,
        title=case.title,
        body_id=case.current_body_id,
        body_name=case.current_body.name,
        body_key=case.current_body.key,
        state=BalanceState.FINISHED.value if finished else case.status,
        state_label=str(case.get_status_display()),
        date=case.raised_on,
        age_days=max(0, (end - case.raised_on).days),
        finished=finished,
        finished_on=case.closed_on if finished else None,
        case_id=case.pk,
    )


def _cell(decision: PrincipalDecision, structure: Structure) -> DecisionCell:
    principal = decision.principal
    if principal.pk == structure.region_id:
        rank = 0
    else:
        rank = 1 if principal.kind == PrincipalKind.REGION else 2
    return DecisionCell(
        id=decision.pk,
        principal_id=principal.pk,
        principal=principal_label(principal),
        principal_name=principal.name,
        state=decision.state,
        state_label=str(decision.get_state_display()),
        decided=decision.state in DECIDED_STATES,
        decided_on=decision.decided_on,
        registry_number=decision.registry_number,
        paragraph=decision.paragraph,
        order=(rank, principal.name),
    )


def _recommendation_row(
    recommendation: Recommendation, structure: Structure, today: datetime.date
) -> BalanceRow:
    cells = sorted(
        (_cell(d, structure) for d in recommendation.decisions.all()), key=lambda c: c.order
    )
    finished = bool(getattr(recommendation, "is_finished", False))
    finished_on: datetime.date | None = getattr(recommendation, "last_decided_on", None)
    if finished:
        state, label = BalanceState.FINISHED.value, "Alla huvudmän har beslutat"
    elif recommendation.routed_at is None and not getattr(recommendation, "is_moved", False):
        state, label = BalanceState.NOT_ROUTED.value, "Inte expedierad"
    else:
        state, label = BalanceState.AWAITING.value, "Expedierad, inväntar beslut"
    end = finished_on if finished and finished_on else today
    case = recommendation.case
    return BalanceRow(
        kind="recommendation",
        id=recommendation.pk,
        number=recommendation.number or (case.number if case else ""),
        title=recommendation.title,
        body_id=recommendation.body_id,
        body_name=recommendation.body.name,
        body_key=recommendation.body.key,
        state=state,
        state_label=label,
        date=recommendation.decided_on,
        age_days=max(0, (end - recommendation.decided_on).days),
        finished=finished,
        finished_on=finished_on if finished else None,
        minutes_id=recommendation.minutes_id,
        case_id=recommendation.case_id,
        decisions=cells,
    )


def balance_list(
    *,
    structure: Structure,
    viewer_scope: ViewerScope,
    body: Body | None = None,
    state: BalanceState | None = None,
    year: int | None = None,
    principal: Principal | None = None,
    principal_state: PrincipalState = PrincipalState.OPEN,
    include_finished: bool = False,
    today: datetime.date | None = None,
) -> BalanceList:
    """The balanslista of `structure` (or of one `body` in it), oldest first.

    - `body`: the cases it holds or that were raised in it, and the recommendations it gave.
    - `state`: a `BalanceState`; `FINISHED` lists only what was finished in the year.
    - `year`: cases raised and recommendations decided that year.
    - `principal`: only recommendations where that principal stands as `principal_state`
      (by default: has not decided); cases are left out.
    - `include_finished`: also what was finished (case closed, every principal decided) in
      `year`, or in the current year when no year is chosen.
    Three queries whatever the size, plus the scope's own lookups of the user's bodies.
    """
    today = today or local_today()
    filters = Filters(
        body=body,
        state=state,
        year=year,
        principal=principal,
        principal_state=principal_state,
        include_finished=include_finished or state == BalanceState.FINISHED,
    )
    finished_year = year or today.year
    rows: list[BalanceRow] = []
    cases = _case_rows_query(viewer_scope, structure, filters, finished_year)
    if cases is not None:
        rows.extend(_case_row(case, today) for case in cases)
    recommendations = _recommendation_rows_query(viewer_scope, structure, filters, finished_year)
    if recommendations is not None:
        rows.extend(_recommendation_row(r, structure, today) for r in recommendations)
    # Open first, oldest first; what was finished (when asked for) after them.
    rows.sort(key=lambda r: (r.finished, r.date, r.kind != "case", r.number, r.id))
    return BalanceList(
        structure=structure,
        filters=filters,
        rows=rows,
        today=today,
        public=viewer_scope.is_public,
    )
