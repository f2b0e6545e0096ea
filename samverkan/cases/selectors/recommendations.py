"""Reading recommendations with their principals' decisions, and the decision bodies.

Every function here runs a fixed number of queries however many recommendations,
principals or decisions there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from samverkan.cases.access import readable_recommendations
from samverkan.cases.models import (
    DECIDED_STATES,
    DecisionBody,
    DecisionState,
    PrincipalDecision,
    Recommendation,
)
from samverkan.lib.users import AnyUser
from samverkan.structure.models import Principal, PrincipalKind, Structure


def decided_text(decided: int, total: int) -> str:
    """'9 av 16 huvudmän har beslutat', the balanslista's words."""
    if total == 0:
        return "Rekommendationen gäller ingen huvudman än"
    noun = "huvudman" if total == 1 else "huvudmän"
    return f"{decided} av {total} {noun} har beslutat"


# The region first, then the municipalities, then other organisations, each by name.
KIND_RANK: dict[str, int] = {PrincipalKind.REGION: 0, PrincipalKind.MUNICIPALITY: 1}


def principal_rank(path: str = "principal__kind") -> Case:
    return Case(
        *(When(**{path: kind}, then=Value(rank)) for kind, rank in KIND_RANK.items()),
        default=Value(len(KIND_RANK)),
    )


def ordered_decisions(decisions: QuerySet[PrincipalDecision]) -> QuerySet[PrincipalDecision]:
    return decisions.annotate(principal_rank=principal_rank()).order_by(
        "principal_rank", "principal__name", "pk"
    )


def decisions_prefetch(*, show_addresses: bool = True) -> Prefetch[Any]:
    """A recommendation's decisions, each with its principal and decision body, in order.
    `visible_sent_to` is the registrar's address, or "" for a reader who may not see it."""
    return Prefetch(
        "decisions",
        queryset=ordered_decisions(
            PrincipalDecision.objects.select_related(
                "principal", "decision_body", "recorded_by"
            ).annotate(
                visible_sent_to=F("sent_to")
                if show_addresses
                else Value("", output_field=CharField())
            )
        ),
    )


def _decisions_counted(**conditions: Any) -> Coalesce:
    decisions = PrincipalDecision.objects.filter(recommendation=OuterRef("pk"), **conditions)
    counted = decisions.order_by().values("recommendation").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def with_counts(recommendations: QuerySet[Recommendation]) -> QuerySet[Recommendation]:
    """`principal_count` and `decided_count` on each recommendation, in the same query.

    Each a subquery per row rather than a join to the decisions grouped by recommendation:
    the GROUP BY sorted every readable recommendation with all its joined columns (the
    minutes' frozen text among them) times its principals before a page could be cut.
    """
    return recommendations.annotate(
        principal_count=_decisions_counted(),
        decided_count=_decisions_counted(state__in=DECIDED_STATES),
    )


def open_condition() -> Q:
    """Some principal it concerns has not decided yet (or it concerns none yet)."""
    return Q(
        Exists(
            PrincipalDecision.objects.filter(recommendation=OuterRef("pk")).exclude(
                state__in=DECIDED_STATES
            )
        )
    ) | ~Q(Exists(PrincipalDecision.objects.filter(recommendation=OuterRef("pk"))))


def recommendations_listed(
    *,
    viewer: AnyUser,
    structure: Structure | str | None = None,
    body: int | None = None,
    open_only: bool = False,
    principal: int | None = None,
) -> QuerySet[Recommendation]:
    """The recommendations `viewer` may read, oldest first, with their decisions and the
    counts of principals and decisions: one query, plus one for all the decisions."""
    found = readable_recommendations(viewer)
    if isinstance(structure, Structure):
        found = found.filter(structure=structure)
    elif structure:
        found = found.filter(structure__slug=structure)
    if body is not None:
        found = found.filter(body_id=body)
    if principal is not None:
        found = found.filter(
            Exists(
                PrincipalDecision.objects.filter(
                    recommendation=OuterRef("pk"), principal_id=principal
                )
            )
        )
    if open_only:
        found = found.filter(open_condition())
    return (
        with_counts(found)
        .select_related("structure", "body", "case", "minutes__meeting")
        .prefetch_related(decisions_prefetch(show_addresses=viewer.is_authenticated))
        .order_by("decided_on", "pk")
    )


def recommendation_with_decisions(
    *, recommendation_id: int, show_addresses: bool = True
) -> Recommendation:
    """One recommendation for its page and the API: its decisions and counts loaded."""
    return (
        with_counts(Recommendation.objects.filter(pk=recommendation_id))
        .select_related("structure", "body__structure", "case", "minutes__meeting", "routed_by")
        .prefetch_related(decisions_prefetch(show_addresses=show_addresses))
        .get()
    )


def decision_counts(recommendation: Recommendation) -> tuple[int, int]:
    """(decided, total) from the loaded decisions."""
    decisions = list(recommendation.decisions.all())
    return sum(1 for d in decisions if d.state in DECIDED_STATES), len(decisions)


# --- Principals and their decision bodies -----------------------------------------------


def eligible_principals_condition(structure: Structure) -> Q:
    """The principals that take part in a structure: its region, the municipality of one of
    its bodies, or the principal a member of one of its bodies sits for."""
    return (
        Q(pk=structure.region_id)
        | Q(local_bodies__structure=structure)
        | Q(memberships__body__structure=structure)
    )


def eligible_principals(*, structure: Structure) -> list[Principal]:
    """Region first, then by kind and name."""
    found = Principal.objects.filter(eligible_principals_condition(structure)).distinct()
    return sorted(
        found,
        key=lambda p: (p.pk != structure.region_id, KIND_RANK.get(p.kind, 9), p.name),
    )


def eligible_principal_ids(structure: Structure) -> set[int]:
    return set(
        Principal.objects.filter(eligible_principals_condition(structure))
        .values_list("pk", flat=True)
        .distinct()
    )


def default_decision_bodies(*, principal_ids: list[int]) -> dict[int, DecisionBody]:
    """Each principal's default decision body, by principal id; one query (none if empty)."""
    if not principal_ids:
        return {}
    return {
        b.principal_id: b
        for b in DecisionBody.objects.filter(principal_id__in=principal_ids, is_default=True)
    }


def decision_bodies_of(*, principal_ids: list[int]) -> dict[int, list[DecisionBody]]:
    """Each principal's decision bodies, the default first: one query (none if empty)."""
    found: dict[int, list[DecisionBody]] = {pk: [] for pk in principal_ids}
    if not principal_ids:
        return found
    for body in DecisionBody.objects.filter(principal_id__in=principal_ids).order_by(
        "-is_default", "name", "pk"
    ):
        found[body.principal_id].append(body)
    return found


@dataclass(frozen=True)
class PrincipalBodies:
    principal: Principal
    bodies: list[DecisionBody]
    # How many decisions name each body: a body in use cannot be removed.
    in_use: dict[int, int]

    @property
    def default(self) -> DecisionBody | None:
        return next((b for b in self.bodies if b.is_default), None)


def decision_body_register(*, structure: Structure) -> list[PrincipalBodies]:
    """Each principal of the structure with its decision bodies: three queries."""
    principals = eligible_principals(structure=structure)
    ids = [p.pk for p in principals]
    bodies = decision_bodies_of(principal_ids=ids)
    in_use = dict(
        PrincipalDecision.objects.filter(decision_body__principal_id__in=ids)
        .values("decision_body_id")
        .annotate(uses=Count("pk"))
        .values_list("decision_body_id", "uses")
    )
    return [PrincipalBodies(p, bodies[p.pk], in_use) for p in principals]


def decision_bodies_listed(
    *,
    principal: int | None = None,
    structure: Structure | None = None,
    show_addresses: bool = True,
) -> QuerySet[DecisionBody]:
    """`visible_registrar_email` is the address, or "" for a reader who may not see it."""
    found = DecisionBody.objects.select_related("principal").annotate(
        visible_registrar_email=F("registrar_email")
        if show_addresses
        else Value("", output_field=CharField())
    )
    if principal is not None:
        found = found.filter(principal_id=principal)
    if structure is not None:
        found = found.filter(
            principal_id__in=Principal.objects.filter(
                eligible_principals_condition(structure)
            ).values("pk")
        )
    return found.order_by("principal__kind", "principal__name", "-is_default", "name", "pk")


def principal_choices(*, recommendation: Recommendation) -> list[tuple[Principal, bool, bool]]:
    """For choosing the principals: each of the structure's principals, whether the
    recommendation concerns it, and whether it is locked in (already sent or decided)."""
    decisions = {d.principal_id: d for d in recommendation.decisions.all()}
    principals = eligible_principals(structure=recommendation.structure)
    known = {p.pk for p in principals}
    principals += [d.principal for pid, d in decisions.items() if pid not in known]
    return [
        (
            p,
            p.pk in decisions,
            p.pk in decisions
            and (
                decisions[p.pk].sent_on is not None
                or decisions[p.pk].state != DecisionState.NOT_SENT
            ),
        )
        for p in principals
    ]
