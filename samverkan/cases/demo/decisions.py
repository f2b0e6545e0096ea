"""The principals' side: their decision bodies, the recommendations routed to them, and the
decisions they have recorded since, older recommendations mostly decided, newer ones partly,
the latest not routed yet, so the balanslista shows a mix."""

from __future__ import annotations

import datetime

from samverkan.cases.demo.common import (
    Demo,
    dated,
    working_day_on_or_after,
    working_day_on_or_before,
)
from samverkan.cases.models import DecisionBody, DecisionState, PrincipalDecision, Recommendation
from samverkan.cases.selectors.recommendations import ordered_decisions
from samverkan.cases.services.principal_decisions import decision_body_create, decision_record
from samverkan.cases.services.recommendations import (
    recommendation_route,
    recommendation_set_principals,
)
from samverkan.lib.localtime import local
from samverkan.lib.workdays import working_days_after
from samverkan.structure.models import BodyKind, Principal, PrincipalKind
from samverkan.structure.selectors import participating_principals

from . import texts


def _domain(principal: Principal) -> str:
    slug = principal.slug.removesuffix("-kommun")
    return slug.replace("-", "")


def registrar(principal: Principal) -> str:
    return f"registrator@{_domain(principal)}.example.se"


def _bodies_for(principal: Principal, n: int) -> list[tuple[str, bool]]:
    """Where the principal decides: the region's health and care board (its executive board
    besides), Umeå's two boards, and a social or care board in every other municipality."""
    name = principal.name
    if principal.kind == PrincipalKind.REGION:
        return [(f"Hälso- och sjukvårdsnämnden, {name}", True), (f"Regionstyrelsen, {name}", False)]
    if principal.slug == "umea-kommun":
        return [
            (f"Äldrenämnden, {name}", True),
            (f"Individ- och familjeomsorgsnämnden, {name}", False),
        ]
    board = "Vård- och omsorgsnämnden" if n % 3 == 2 else "Socialnämnden"
    return [(f"{board}, {name}", True)]


def register_decision_bodies(demo: Demo) -> int:
    """A decision body for every principal of the structure that has none yet."""
    made = 0
    start = min(demo.today, datetime.date(demo.today.year, 1, 15))
    with dated(working_day_on_or_after(start), 9):
        for n, principal in enumerate(participating_principals(structure=demo.structure)):
            if DecisionBody.objects.filter(principal=principal).exists():
                continue
            for name, default in _bodies_for(principal, n):
                decision_body_create(
                    principal=principal,
                    name=name,
                    registrar_email=registrar(principal),
                    is_default=default,
                    by=demo.coordinator,
                )
                made += 1
    return made


# --- Routing and recording ----------------------------------------------------------------


def _local_principals(demo: Demo, recommendation: Recommendation) -> list[Principal] | None:
    """A local group's recommendation concerns its own municipality and the region."""
    body = recommendation.body
    if body.kind != BodyKind.LOCAL_GROUP or body.municipality is None:
        return None
    region = demo.structure.region
    return [p for p in (region, body.municipality) if p is not None]


def _other_body(principal: Principal, title: str) -> dict[int, DecisionBody]:
    """Questions about children and SIP go to Umeå's individual and family care board."""
    if principal.slug != "umea-kommun" or not ("SIP" in title or "barn" in title.lower()):
        return {}
    found = DecisionBody.objects.filter(principal=principal, is_default=False).first()
    return {principal.pk: found} if found else {}


def route_and_decide(demo: Demo, *, exactly_two: set[int]) -> None:
    """Route every recommendation but the latest (and those too new to be routed), then
    record what the principals have decided since. `exactly_two`: recommendations where two
    principals have decided and the rest not (the Blekinge county group's)."""
    recommendations = list(
        Recommendation.objects.filter(structure=demo.structure)
        .select_related("body", "body__municipality")
        .order_by("decided_on", "pk")
    )
    # The latest waits to be routed, where there are enough to show both.
    latest = recommendations[-1].pk if len(recommendations) > 2 else None
    counter = [0]
    for k, recommendation in enumerate(recommendations):
        chosen = _local_principals(demo, recommendation)
        if chosen:
            with dated(working_days_after(recommendation.decided_on, 2), 9):
                recommendation_set_principals(
                    recommendation=recommendation,
                    principals=chosen,
                    expected_version=recommendation.lock_version,
                    by=demo.coordinator,
                )
        routed_on = working_days_after(recommendation.decided_on, 3 + k % 5)
        special = recommendation.pk in exactly_two
        if routed_on >= demo.today or (recommendation.pk == latest and not special):
            continue
        answer_by = routed_on + datetime.timedelta(days=61 + (k * 7) % 30)
        bodies: dict[int, DecisionBody] = {}
        for decision in recommendation.decisions.select_related("principal"):
            bodies.update(_other_body(decision.principal, recommendation.title))
        with dated(routed_on, 10):
            recommendation_route(
                recommendation=recommendation,
                answer_by=answer_by,
                decision_bodies=bodies,
                by=demo.coordinator,
                today=routed_on,
            )
        Recommendation.objects.filter(pk=recommendation.pk).update(routed_at=local(routed_on, 10))
        # Where there are few, one principal is always still to decide, to show it.
        variant = 1 if len(recommendations) < 3 else k
        exact = 2 if special else None
        _decide(demo, recommendation, routed_on, answer_by, variant, exact, counter)


def _share(age: int) -> float:
    if age >= 150:
        return 1.0
    if age >= 90:
        return 0.75
    if age >= 45:
        return 0.45
    if age >= 21:
        return 0.15
    return 0.0


def _decide(
    demo: Demo,
    recommendation: Recommendation,
    routed_on: datetime.date,
    answer_by: datetime.date,
    k: int,
    exact: int | None,
    counter: list[int],
) -> None:
    decisions = list(
        ordered_decisions(recommendation.decisions.select_related("principal", "decision_body"))
    )
    age = (demo.today - routed_on).days
    if exact is not None:
        count = exact
    else:
        count = round(_share(age) * len(decisions))
        if age >= 150 and k % 3 == 1:
            count = len(decisions) - 1  # one principal has still not decided
    order = decisions[:]
    demo.rng.shuffle(order)
    for i, decision in enumerate(order):
        if i < count:
            counter[0] += 1
            _record_decided(demo, decision, recommendation, routed_on, answer_by, counter[0])
        elif age >= 30 and i % 2 == 0:
            day = min(routed_on + datetime.timedelta(days=20), demo.today)
            with dated(working_day_on_or_before(day), 11):
                decision_record(
                    decision=decision,
                    expected_version=decision.lock_version,
                    by=demo.coordinator,
                    state=DecisionState.PREPARING,
                    note=texts.PREPARING_NOTE,
                    today=demo.today,
                )
            _stamp(decision, working_day_on_or_before(day))


def _state(n: int) -> str:
    """Mostly adopted, some with changes, one rejected and one not decided at all."""
    if n == 3:
        return DecisionState.REJECTED
    if n == 8:
        return DecisionState.WILL_NOT_DECIDE
    if n % 5 == 1:
        return DecisionState.ADOPTED_WITH_CHANGES
    return DecisionState.ADOPTED


def _record_decided(
    demo: Demo,
    decision: PrincipalDecision,
    recommendation: Recommendation,
    routed_on: datetime.date,
    answer_by: datetime.date,
    n: int,
) -> None:
    rng = demo.rng
    earliest = routed_on + datetime.timedelta(days=14)
    latest = min(answer_by + datetime.timedelta(days=20), demo.today - datetime.timedelta(days=1))
    span = max((latest - earliest).days, 0)
    day = working_day_on_or_before(earliest + datetime.timedelta(days=rng.randint(0, span)))
    day = min(max(day, recommendation.decided_on), demo.today)
    state = _state(n)
    board = decision.decision_body.name.split(",")[0] if decision.decision_body else ""
    abbreviation = texts.BODY_ABBREVIATIONS.get(board, "Dnr")
    notes: dict[str, str] = {
        DecisionState.ADOPTED_WITH_CHANGES: texts.CHANGED_NOTES[n % len(texts.CHANGED_NOTES)],
        DecisionState.REJECTED: texts.REJECTED_NOTE,
        DecisionState.WILL_NOT_DECIDE: texts.NOT_DECIDING_NOTE,
    }
    note = notes.get(state, "")
    link = ""
    if n % 2 == 0:
        link = f"https://www.{_domain(decision.principal)}.example.se/protokoll/{day:%Y-%m-%d}"
    recorded = min(working_days_after(day, 2), demo.today)
    with dated(recorded, 11):
        decision_record(
            decision=decision,
            expected_version=decision.lock_version,
            by=demo.coordinator,
            state=state,
            decided_on=day,
            registry_number=f"{abbreviation} {day.year}/{rng.randint(40, 900)}",
            # The number alone: the pages put "§" before it, as for one typed in the form.
            paragraph="" if state == DecisionState.WILL_NOT_DECIDE else str(rng.randint(8, 190)),
            link=link,
            note=note,
            today=demo.today,
        )
    _stamp(decision, recorded)


def _stamp(decision: PrincipalDecision, day: datetime.date) -> None:
    PrincipalDecision.objects.filter(pk=decision.pk).update(recorded_at=local(day, 11))
