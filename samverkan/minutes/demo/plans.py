"""Who writes and approves the demo's minutes, and which bodies show which state.

Every held meeting without minutes gets them; a few bodies show the other states of the
workflow on their latest meeting (a draft, waiting, returned, held) or their first (masked).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import User

from samverkan.lib.localtime import local_day, meeting_day
from samverkan.meetings.models import Meeting, MeetingStatus
from samverkan.minutes.models import Minutes
from samverkan.structure.models import Body, Charter, Membership, MinutesApproval, Person

# A valid personnummer written by mistake: the held minutes keep it until someone decides.
HELD_NUMBER = "19121212-1212"
# Another one, already masked by the secretary, so the public version shows the mask.
MASKED_NUMBER = "19811218-9876"

APPROVERS_BY_RULE: dict[str, int] = {
    MinutesApproval.CHAIR_AND_ADJUSTER: 2,
    MinutesApproval.CHAIR_AND_VICE_CHAIR: 2,
    MinutesApproval.VICE_CHAIR: 1,
    MinutesApproval.CHAIR: 1,
}

# The states shown on a body's latest meeting (or, for "masked", its first), and which
# bodies of the seeds show them best; any other body that fits will do.
PENDING, RETURNED, HELD, DRAFT, MASKED = "pending", "returned", "held", "draft", "masked"
PREFERRED = {
    PENDING: [("vasterbotten", "samrad"), ("vasterbotten", "lsg")],
    RETURNED: [("vasterbotten", "beredning-vuxna-aldre"), ("vasterbotten", "beredning-barn-unga")],
    HELD: [("blekinge", "lokal-mitt-i-livet-karlshamn")],
    DRAFT: [("blekinge", "lokal-att-aldras-karlshamn"), ("vasterbotten", "lsg")],
    MASKED: [("blekinge", "lokal-att-vaxa-upp-karlshamn")],
}
ADDENDUM_PREFERRED = [("vasterbotten", "patientsakerhet"), ("vasterbotten", "lsg")]
# Minutes waiting for approval or returned were sent at least this long ago.
WAITING_DAYS = 10


# --- Who does it -----------------------------------------------------------------------


def user_for(person: Person) -> User:
    """The person's login, made without a password if they have none (as the demo does)."""
    if person.user is not None:
        return person.user
    username = person.email.lower() or person.key
    user = User.objects.filter(username=username).first() or User.objects.create_user(
        username=username,
        email=person.email,
        first_name=person.first_name,
        last_name=person.last_name,
    )
    person.user = user
    person.save(update_fields=["user"])
    return user


@dataclass
class BodyPlan:
    body: Body
    charter: Charter | None
    meetings: list[Meeting]
    fresh: bool  # no held meeting has minutes yet
    states: dict[int, str] = field(default_factory=dict)  # meeting pk -> special state
    # Every meeting the body has, held or booked, for "Nästa möte".
    starts: list[datetime.datetime] = field(default_factory=list)

    def next_day(self, meeting: Meeting) -> datetime.date | None:
        later = [s for s in self.starts if s > meeting.starts_at]
        return local_day(min(later)) if later else None

    @property
    def approvers(self) -> int:
        rule = self.charter.minutes_approval if self.charter else ""
        return APPROVERS_BY_RULE.get(rule, 0)

    @property
    def public(self) -> bool:
        return bool(self.charter and self.charter.minutes_public)

    @property
    def key(self) -> tuple[str, str]:
        return (self.body.structure.slug, self.body.key)


def people_of(body: Body, day: datetime.date) -> dict[str, list[Person]]:
    people: dict[str, list[Person]] = {}
    memberships = (
        Membership.objects.active_on(day)
        .filter(body=body)
        .select_related("person", "person__user")
        .order_by("person__last_name", "person__first_name")
    )
    for m in memberships:
        people.setdefault(m.role, []).append(m.person)
    return people


def writer_for(taken_by: Person | None, body: Body) -> User | None:
    """The secretary's login if they have one, else a coordinator of the structure."""
    if taken_by is not None and taken_by.user is not None:
        return taken_by.user
    coordinator = body.structure.coordinators.order_by("username").first()
    return coordinator or User.objects.filter(is_superuser=True).order_by("pk").first()


# --- Choosing the special states -------------------------------------------------------


def _pick(
    plans: list[BodyPlan], state: str, used: set[int], fits: Callable[[BodyPlan], bool]
) -> BodyPlan | None:
    preferred = PREFERRED.get(state, [])
    candidates = [p for p in plans if p.fresh and p.body.pk not in used and fits(p)]
    candidates.sort(key=lambda p: preferred.index(p.key) if p.key in preferred else len(preferred))
    return candidates[0] if candidates else None


def choose_states(plans: list[BodyPlan], today: datetime.date) -> None:
    used: set[int] = set()

    def waited(p: BodyPlan) -> bool:
        return meeting_day(p.meetings[-1]) <= today - datetime.timedelta(days=WAITING_DAYS)

    choices: list[tuple[str, Callable[[BodyPlan], bool], bool]] = [
        (PENDING, lambda p: p.approvers == 2 and waited(p), True),
        (RETURNED, lambda p: p.approvers >= 1 and waited(p), True),
        (HELD, lambda p: p.public and p.approvers == 0 and len(p.meetings) >= 2, True),
        (DRAFT, lambda p: len(p.meetings) >= 2, True),
        (MASKED, lambda p: p.public and len(p.meetings) >= 2, False),
    ]
    for state, fits, latest in choices:
        plan = _pick(plans, state, used, fits)
        if plan is None:
            continue
        used.add(plan.body.pk)
        meeting = plan.meetings[-1] if latest else plan.meetings[0]
        plan.states[meeting.pk] = state


def body_plans(now: datetime.datetime, *, bodies: Iterable[Body]) -> list[BodyPlan]:
    """The held meetings to write minutes for, of those `bodies` that have no minutes yet."""
    charters = {c.body_id: c for c in Charter.objects.in_force()}
    with_minutes = set(
        Minutes.objects.filter(addendum_to__isnull=True).values_list("meeting_id", flat=True)
    )
    held = (
        Meeting.objects.filter(status=MeetingStatus.HELD, starts_at__lt=now, body__in=bodies)
        .select_related("body", "body__structure", "body__parent")
        .order_by("body__structure__slug", "body__position", "starts_at")
    )
    plans: dict[int, BodyPlan] = {}
    for meeting in held:
        plan = plans.get(meeting.body_id)
        if plan is None:
            plan = plans[meeting.body_id] = BodyPlan(
                body=meeting.body, charter=charters.get(meeting.body_id), meetings=[], fresh=True
            )
        if meeting.pk in with_minutes:
            plan.fresh = False
        else:
            plan.meetings.append(meeting)
    starts = (
        Meeting.objects.filter(body_id__in=plans)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("starts_at")
        .values_list("body_id", "starts_at")
    )
    for body_id, starts_at in starts:
        plans[body_id].starts.append(starts_at)
    # A body with minutes already wrote them itself (or an earlier demo did): not the demo's.
    return [p for p in plans.values() if p.meetings and p.fresh]
