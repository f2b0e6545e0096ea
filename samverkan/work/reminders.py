"""The coordinator's start page: reminders in their structures that did not go out as they should.

A coordinator looks at the start page first, so a reminder that failed, is being tried
again or may not have arrived (`samverkan.lib.outbox`) is listed there, with what it was
about, to whom, the reason and a link to the page where the same is shown in its context.

Each app keeps its reminders in its own `Delivery` model and offers them through its own
`reminders_needing_attention(structure_ids=…)` (one query each); `SOURCES` turns each kind
– the meetings', the minutes', the cases' and the charter check's – into the same
`Undelivered` lines. A new kind of reminder is one function more in `SOURCES`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection
from dataclasses import dataclass

from django.urls import reverse

from samverkan.cases.models import AssignmentReminderKind
from samverkan.cases.reminders import assignments as assignment_reminders
from samverkan.cases.reminders import recommendations as decision_reminders
from samverkan.cases.services.recommendations import addressee
from samverkan.lib.localtime import meeting_day
from samverkan.lib.swedish import date_text
from samverkan.meetings import reminders as meeting_reminders
from samverkan.minutes import reminders as approval_reminders
from samverkan.minutes.notify import what_text
from samverkan.rules import reminders as finding_reminders


@dataclass(frozen=True)
class Undelivered:
    what: str  # "Möte snart: Länssamverkansgruppen 12 mars 2026"
    to: str
    status: str
    url: str
    expires_at: datetime.datetime


type Source = Callable[[Collection[int]], list[Undelivered]]


def _meetings(structure_ids: Collection[int]) -> list[Undelivered]:
    return [
        Undelivered(
            what=f"{r.get_kind_display()}: {r.meeting.body.name} {date_text(meeting_day(r.meeting))}",
            to=r.person.full_name,
            status=r.status_text(),
            url=reverse("meetings:meeting", args=[r.meeting_id]) + "#paminnelser",
            expires_at=r.expires_at,
        )
        for r in meeting_reminders.reminders_needing_attention(structure_ids=structure_ids)
    ]


def _approvals(structure_ids: Collection[int]) -> list[Undelivered]:
    return [
        Undelivered(
            what=f"Justering av {what_text(r.approver.minutes)}",
            to=r.approver.person.full_name,
            status=r.status_text(),
            url=reverse("minutes:minutes", args=[r.approver.minutes_id]) + "#justering",
            expires_at=r.expires_at,
        )
        for r in approval_reminders.reminders_needing_attention(structure_ids=structure_ids)
    ]


def _principal_decisions(structure_ids: Collection[int]) -> list[Undelivered]:
    """Reminders to a principal's registrar about a recommendation's answer date."""
    found = []
    for r in decision_reminders.reminders_needing_attention(structure_ids=structure_ids):
        decision = r.decision
        body = decision.decision_body
        where = addressee(body.name, decision.principal) if body else decision.principal.name
        found.append(
            Undelivered(
                what=f"{r.get_kind_display()} {date_text(r.for_day)}: rekommendationen "
                f"”{decision.recommendation.title}”",
                to=f"registratorn hos {where}",
                status=r.status_text(),
                url=reverse("cases:recommendation", args=[decision.recommendation_id])
                + "#huvudman",
                expires_at=r.expires_at,
            )
        )
    return found


def _assignments(structure_ids: Collection[int]) -> list[Undelivered]:
    """Reminders about an overdue assignment or a working group due for review."""
    found = []
    for r in assignment_reminders.reminders_needing_attention(structure_ids=structure_ids):
        if r.kind == AssignmentReminderKind.OVERDUE and r.assignment is not None:
            what = f"Försenat uppdrag: {r.assignment.title}"
            url = reverse("cases:assignment", args=[r.assignment_id])
        elif r.working_group is not None:
            what = f"Översyn av arbetsgruppen {r.working_group.body.name}"
            url = reverse("cases:working_group", args=[r.working_group_id])
        else:
            continue
        found.append(
            Undelivered(
                what=what,
                to=r.name or r.email,
                status=r.status_text(),
                url=url,
                expires_at=r.expires_at,
            )
        )
    return found


def _findings(structure_ids: Collection[int]) -> list[Undelivered]:
    """The charter check's reminders about a finding with a due date, linked to the
    structure's findings page, where the same reminders are listed."""
    return [
        Undelivered(
            what=f"Avvikelse, senast {date_text(r.due_on)}: {r.message}",
            to=r.name or r.email,
            status=r.status_text(),
            url=reverse("rules:structure_findings", args=[r.structure.slug]) + "#paminnelser",
            expires_at=r.expires_at,
        )
        for r in finding_reminders.reminders_needing_attention(structure_ids=structure_ids)
        if r.structure is not None
    ]


SOURCES: tuple[Source, ...] = (
    _meetings,
    _approvals,
    _principal_decisions,
    _assignments,
    _findings,
)


def undelivered_reminders(*, structure_ids: Collection[int]) -> list[Undelivered]:
    """Every kind of reminder, the latest moment first: one query per kind in `SOURCES`
    (none without structures)."""
    if not structure_ids:
        return []
    found = [u for source in SOURCES for u in source(structure_ids)]
    return sorted(found, key=lambda u: u.expires_at, reverse=True)
