"""Findings for the rules app's tests, from rules registered in the test itself: the pages,
the reminders and the API do not depend on which domain rules exist."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager

from django.urls import reverse

from samverkan.lib.findings import (
    Finding,
    RemindedByApp,
    Responsible,
    Rule,
    Severity,
    collect,
    registry,
)
from samverkan.structure.models import Body

BOOKING = "test.booking"
REVIEW = "test.review"
COMPOSITION = "test.composition"
# 004's words on booking, the rule the page tests take as their example.
BOOKING_WORDS = "Möten för nästkommande år bokas senast sista november."


@contextmanager
def only_rules(
    rules: dict[str, Rule], *, reminded_by_app: dict[str, RemindedByApp] | None = None
) -> Iterator[None]:
    """Only these rules are registered while the block runs, each with what its app reminds
    of (nothing, unless `reminded_by_app` says); the real ones come back after."""
    collect()  # every app's rules imported first, so none registers itself meanwhile
    saved = dict(registry._rules)
    registry._rules.clear()
    for code, check in rules.items():
        if reminded_by_app and code in reminded_by_app:
            registry.register(code, reminded_by_app=reminded_by_app[code])(check)
        else:
            registry.register(code)(check)
    try:
        yield
    finally:
        registry._rules.clear()
        registry._rules.update(saved)


@contextmanager
def real_rules(*codes: str) -> Iterator[None]:
    """Only these of the apps' own rules, as their apps registered them, while the block runs."""
    collect()
    saved = dict(registry._rules)
    registry._rules.clear()
    registry._rules.update({code: saved[code] for code in codes})
    try:
        yield
    finally:
        registry._rules.clear()
        registry._rules.update(saved)


def rule_of(
    make: Callable[[datetime.date], Iterable[Finding]],
) -> Rule:
    """A rule yielding `make(today)`'s findings of the structures asked for."""

    def check(
        *, today: datetime.date, structure_ids: Collection[int] | None = None
    ) -> Iterator[Finding]:
        for finding in make(today):
            if structure_ids is None or finding.structure_id in structure_ids:
                yield finding

    return check


def body_finding(
    body: Body,
    *,
    rule: str = BOOKING,
    severity: Severity = Severity.OVERDUE,
    due_on: datetime.date | None = None,
    message: str = "",
    responsible: Responsible | None = None,
    citation: str = BOOKING_WORDS,
    about: str = "",
) -> Finding:
    return Finding(
        rule=rule,
        severity=severity,
        message=message or f"{body.name} har inte bokat nästa års möten.",
        structure_id=body.structure_id,
        body_id=body.pk,
        subject=body.name,
        url=reverse("work:body", args=[body.structure.slug, body.key]),
        citation=citation,
        due_on=due_on,
        responsible=responsible,
        about=about or f"body:{body.pk}",
    )
