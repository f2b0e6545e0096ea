"""The whole demo: write, submit and approve every plan's minutes, then one addendum."""

from __future__ import annotations

import contextlib
import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F
from django.test.utils import override_settings
from django.utils import timezone

from samverkan.lib.errors import DomainError
from samverkan.lib.localtime import local_day, meeting_day
from samverkan.meetings.models import AgendaItemKind, Attendance, AttendanceStatus, Meeting
from samverkan.minutes.demo.plans import (
    ADDENDUM_PREFERRED,
    DRAFT,
    MASKED,
    PENDING,
    RETURNED,
    BodyPlan,
    body_plans,
    choose_states,
    people_of,
    user_for,
    writer_for,
)
from samverkan.minutes.demo.timestamps import Clock, approver_rows, backdate
from samverkan.minutes.demo.writing import parent_name, write_header, write_items
from samverkan.minutes.models import (
    ApprovalDecision,
    HoldResolution,
    Minutes,
    MinutesApprover,
    MinutesItem,
    MinutesStatus,
    PublicationHold,
)
from samverkan.minutes.services import (
    minutes_addendum_create,
    minutes_approve,
    minutes_return,
    minutes_start,
    minutes_submit,
    publication_hold_resolve,
)
from samverkan.structure.demo import demo_bodies, demo_mark
from samverkan.structure.models import DemoPart, Mandate, Role

# Emails the services send (approval requests, distribution, held publication) stay in
# memory while the demo loads, instead of flooding the console of `make run`.
QUIET_MAIL = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def _submit_and_approve(
    minutes: Minutes, by: User | None, *, state: str, plan: BodyPlan, n: int
) -> None:
    minutes_submit(minutes=minutes, expected_version=minutes.lock_version, by=by)
    pending = list(
        minutes.approvers.filter(decision=ApprovalDecision.PENDING)
        .select_related("person", "person__user")
        .order_by("pk")
    )
    if state == RETURNED and pending:
        item = minutes.items.filter(agenda_item__kind=AgendaItemKind.CASE).first()
        where = f"§ {item_number(minutes, item)} {item.title}" if item else "Ärendet"
        what = (
            f"förslaget till {parent_name(plan.body)}"
            if plan.body.mandate == Mandate.NOT_DECISION_MAKING
            else "beslutet"
        )
        minutes_return(
            minutes=minutes,
            by=user_for(pending[0].person),
            comment=(
                f"{where}: {what} behöver säga vad gruppen kom fram till, inte bara vad som "
                "diskuterades. Ange också vem som sammankallar arbetsgruppen."
            ),
        )
        return
    for approver in pending[:1] if state == PENDING else pending:
        minutes_approve(minutes=minutes, by=user_for(approver.person))


def item_number(minutes: Minutes, item: MinutesItem | None) -> int:
    ids = list(minutes.items.order_by("position", "pk").values_list("pk", flat=True))
    return ids.index(item.pk) + 1 if item and item.pk in ids else 0


def _resolve_mask(minutes: Minutes, by: User | None) -> None:
    if by is None:
        return
    for hold in minutes.holds.filter(resolution=HoldResolution.UNRESOLVED):
        publication_hold_resolve(
            hold=hold,
            by=by,
            resolution=HoldResolution.MASK,
            note="Personnumret ska inte stå i anteckningarna; det maskeras i den publicerade "
            "versionen.",
        )


def _addendum(plans: list[BodyPlan], made: list[int], now: datetime.datetime) -> int | None:
    """Correct the first approved minutes of a body whose charter asks for approval."""
    originals = {
        m.meeting.body_id: m
        for m in Minutes.objects.filter(
            pk__in=made, status=MinutesStatus.APPROVED, addendum_to__isnull=True
        )
        .select_related("meeting__body__structure")
        .order_by("-meeting__starts_at")
    }
    choices = [p for p in plans if p.body.pk in originals and p.approvers]
    if not choices:
        choices = [p for p in plans if p.body.pk in originals]
    if not choices:
        return None
    choices.sort(
        key=lambda p: (
            ADDENDUM_PREFERRED.index(p.key)
            if p.key in ADDENDUM_PREFERRED
            else len(ADDENDUM_PREFERRED)
        )
    )
    plan = choices[0]
    original = originals[plan.body.pk]
    by = writer_for(original.taken_by, plan.body)
    case = original.items.filter(agenda_item__kind=AgendaItemKind.CASE).first()
    seated = people_of(plan.body, meeting_day(original.meeting)).get(Role.MEMBER, [])
    who = seated[-1].full_name if seated else "En ledamot"
    number = item_number(original, case)
    where = f"§ {number} {case.title}" if case else "ett av ärendena"
    addendum = minutes_addendum_create(
        original=original,
        by=by,
        title=f"Rättelse av § {number}" if case else "Rättelse",
        text=(
            f"Under {where} saknas att {who} anmälde jäv och inte deltog i behandlingen "
            "av ärendet. I övrigt gäller minnesanteckningarna oförändrade."
        ),
    )
    _submit_and_approve(addendum, by, state="", plan=plan, n=0)
    addendum.refresh_from_db()
    # The correction came two weeks after the original was approved.
    start = min(
        (original.approved_at or now) + datetime.timedelta(days=14),
        now - datetime.timedelta(hours=3),
    )
    stamps: dict[str, datetime.datetime | None] = {
        "created_at": start,
        "submitted_at": start + datetime.timedelta(minutes=20),
    }
    approvers = approver_rows(addendum)
    for k, row in enumerate(approvers):
        MinutesApprover.objects.filter(pk=row.pk).update(
            requested_at=stamps["submitted_at"],
            decided_at=start + datetime.timedelta(hours=1 + k),
        )
    stamps["approved_at"] = start + datetime.timedelta(hours=len(approvers), minutes=30)
    if addendum.published_at is not None:
        stamps["published_at"] = stamps["approved_at"]
    Minutes.objects.filter(pk=addendum.pk).update(**stamps)
    return addendum.pk


@dataclass
class DemoReport:
    made: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    published: int = 0
    held: int = 0
    addenda: int = 0

    def summary(self) -> str:
        if not self.made:
            return "Demons minnesanteckningar finns redan."
        labels = [
            (MinutesStatus.APPROVED, "justerade eller fastställda"),
            (MinutesStatus.PENDING, "väntar på justering"),
            (MinutesStatus.RETURNED, "återsända"),
            (MinutesStatus.DRAFT, "utkast"),
        ]
        parts = [f"{self.statuses[s]} {label}" for s, label in labels if self.statuses[s]]
        return (
            f"Minnesanteckningar i demon: {self.made} nya – {', '.join(parts)}. "
            f"{self.published} publicerade, {self.held} stoppade för publicering "
            f"(personnummer), {self.addenda} tillägg."
        )


def demo_minutes(*, today: datetime.date | None = None) -> DemoReport:
    """Write minutes for the held meetings of the demo's bodies, once; returns what was made."""
    now = timezone.now()
    today = today or local_day(now)
    made: list[int] = []
    with override_settings(MAILERS=QUIET_MAIL), transaction.atomic():
        # The demo's own bodies, once each: a body created through the pages or the API,
        # or one that had minutes of its own already, gets none from the demo.
        bodies = list(demo_bodies(not_yet=DemoPart.MINUTES, made_by=DemoPart.MEETINGS))
        plans = body_plans(now, bodies=bodies)
        choose_states(plans, today)
        for plan in plans:
            for n, meeting in enumerate(plan.meetings):
                state = plan.states.get(meeting.pk, "")
                made.append(_write_minutes(meeting, plan, n, state, now))
        addendum = _addendum(plans, made, now)
        if addendum is not None:
            made.append(addendum)
        demo_mark(DemoPart.MINUTES, bodies=bodies)
    report = DemoReport()
    created = Minutes.objects.filter(pk__in=made)
    # Distribution is recorded when the transaction commits; it went out with the approval.
    created.filter(distributed_at__isnull=False).update(distributed_at=F("approved_at"))
    for minutes in created:
        report.made += 1
        report.statuses[minutes.status] += 1
        report.published += minutes.published_at is not None
        report.addenda += minutes.addendum_to_id is not None
    report.held = created.filter(holds__resolution=HoldResolution.UNRESOLVED).distinct().count()
    return report


def _write_minutes(
    meeting: Meeting, plan: BodyPlan, n: int, state: str, now: datetime.datetime
) -> int:
    people = people_of(plan.body, meeting_day(meeting))
    secretary = next(iter(people.get(Role.SECRETARY, [])), None)
    if state == PENDING:
        # The approval left to try is a persona's (a demo login), who must then have taken
        # part: an approver recorded as absent would not be believable. Before the minutes
        # take the attendance, so that both say the same.
        Attendance.objects.filter(
            meeting=meeting, status=AttendanceStatus.ABSENT, person__user__isnull=False
        ).update(status=AttendanceStatus.ATTENDED)
    minutes = minutes_start(meeting=meeting, by=writer_for(secretary, plan.body))
    by = writer_for(minutes.taken_by, plan.body)
    write_header(minutes, plan, people, n, state, by)
    write_items(minutes, plan, people, by, n, state=state, partial=state == DRAFT)
    if state != DRAFT:
        # Should the charter's approvers not all be in place, the draft waits for them.
        with contextlib.suppress(DomainError):
            _submit_and_approve(minutes, by, state=state, plan=plan, n=n)
        minutes.refresh_from_db()
        if state == MASKED:
            _resolve_mask(minutes, by)
            minutes.refresh_from_db()
    backdate(minutes, now, state=state)
    if state == MASKED:
        hold_time = Clock(meeting, now).at(2 + plan.approvers + 0.2)
        PublicationHold.objects.filter(minutes=minutes).update(resolved_at=hold_time)
        Minutes.objects.filter(pk=minutes.pk, published_at__isnull=False).update(
            published_at=hold_time
        )
    return minutes.pk
