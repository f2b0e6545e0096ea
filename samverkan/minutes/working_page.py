"""What the minutes' working page reads, in a number of queries that does not depend on the
minutes' state, their items or the installation.

- One query for the minutes, their addenda (rows of their own, `addendum_to`), the meeting, the
  body with its charter in force, and the user's part in them: the conditions of
  `access.can_write_minutes` and `access.is_insider` as annotations on the same rows.
- Four for the items and their parts (`render.items_with_parts`), two for the approvers and
  their reminders.
- One that depends on the state: the people the header and the items offer, with who holds the
  chair and the vice chair, while the minutes are editable; the publication holds otherwise
  (none before the minutes are frozen).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Exists,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.http import Http404
from django.utils import timezone

from samverkan.lib.localtime import meeting_day
from samverkan.lib.users import AnyUser
from samverkan.meetings.models import Attendance
from samverkan.minutes.access import (
    MINUTES_NOT_FOUND,
    MINUTES_RELATED,
    WRITER_ROLES,
    is_published,
)
from samverkan.minutes.models import (
    ApprovalDecision,
    ApprovalReminder,
    Minutes,
    MinutesApprover,
    MinutesStatus,
    PublicationHold,
)
from samverkan.structure.access import is_admin
from samverkan.structure.models import Charter, CharterStatus, Membership, Person, Role, Structure

CHARTER = "page_charter"


@dataclass
class MinutesView:
    """The minutes as the working page reads them, and what the user may do with them."""

    minutes: Minutes
    addenda: list[Minutes]
    charter: Charter | None
    can_write: bool
    insider: bool

    @property
    def readable(self) -> bool:
        return self.insider or is_published(self.minutes)


def _viewer(user: AnyUser, today: datetime.date) -> dict[str, object]:
    """`can_write_minutes` and `is_insider` as conditions on a minutes row (the structure's
    coordinators, the body's writers and members today, the minutes' approvers)."""
    if is_admin(user):
        yes = Value(True, output_field=BooleanField())
        return {"v_coordinates": yes, "v_writes": yes, "v_member": yes, "v_approves": yes}
    user_id = int(user.pk or 0)
    seated = Membership.objects.active_on(today).filter(
        body_id=OuterRef("meeting__body_id"), person__user_id=user_id
    )
    coordinating = Structure.coordinators.through.objects.filter(
        structure_id=OuterRef("meeting__body__structure_id"), user_id=user_id
    )
    return {
        "v_coordinates": Exists(coordinating),
        "v_writes": Exists(seated.filter(role__in=WRITER_ROLES)),
        "v_member": Exists(seated),
        "v_approves": Exists(
            MinutesApprover.objects.filter(minutes_id=OuterRef("pk"), person__user_id=user_id)
        ),
    }


def minutes_for_page(user: AnyUser, minutes_id: int) -> MinutesView:
    """The minutes and their addenda with everything the page shows of them, in one query.

    Whoever may not read the minutes in any form gets 404, as from `get_minutes_for_read`;
    the caller sends a reader of only the published version to the public page."""
    if not user.is_authenticated:
        raise Http404(MINUTES_NOT_FOUND)
    rows = list(
        Minutes.objects.filter(Q(pk=minutes_id) | Q(addendum_to_id=minutes_id))
        .annotate(
            **{
                CHARTER: FilteredRelation(
                    "meeting__body__charters",
                    condition=Q(meeting__body__charters__status=CharterStatus.IN_FORCE),
                )
            }
        )
        .annotate(**_viewer(user, timezone.localdate()))  # type: ignore[arg-type]
        .select_related(*MINUTES_RELATED, "addendum_to__meeting", CHARTER)
        .order_by("pk")
    )
    minutes = next((m for m in rows if m.pk == minutes_id), None)
    if minutes is None:
        raise Http404(MINUTES_NOT_FOUND)
    flags = minutes.__dict__
    can_write = bool(
        flags["v_coordinates"]
        or flags["v_writes"]
        or (minutes.taken_by_id and minutes.taken_by and minutes.taken_by.user_id == user.pk)
    )
    found = MinutesView(
        minutes=minutes,
        addenda=[m for m in rows if m.addendum_to_id == minutes.pk],
        charter=getattr(minutes, CHARTER, None),
        can_write=can_write,
        insider=can_write or bool(flags["v_member"] or flags["v_approves"]),
    )
    if not found.readable:
        raise Http404(MINUTES_NOT_FOUND)
    return found


@dataclass
class Approvers:
    """Every round of approval, each approver with their reminders (`reminder_list`)."""

    current: list[MinutesApprover]
    earlier: list[MinutesApprover]
    every: list[MinutesApprover]

    def pending_for(self, user: AnyUser, minutes: Minutes) -> MinutesApprover | None:
        """`access.pending_approver` from the rows already read."""
        if not user.is_authenticated or minutes.status != MinutesStatus.PENDING:
            return None
        return next(
            (
                a
                for a in self.every
                if a.person.user_id == user.pk and a.decision == ApprovalDecision.PENDING
            ),
            None,
        )


def page_approvers(minutes: Minutes) -> Approvers:
    """Two queries, with approvers or without."""
    every = list(minutes.approvers.select_related("person").order_by("round", "pk"))
    reminders: dict[int, list[ApprovalReminder]] = {a.pk: [] for a in every}
    for reminder in ApprovalReminder.objects.filter(approver__minutes=minutes).order_by(
        "for_day", "pk"
    ):
        reminders.setdefault(reminder.approver_id, []).append(reminder)
    for approver in every:
        approver.reminder_list = reminders[approver.pk]  # type: ignore[attr-defined]
    current_round = max((a.round for a in every), default=0)
    return Approvers(
        current=[a for a in every if a.round == current_round],
        earlier=[a for a in every if a.round != current_round],
        every=every,
    )


@dataclass
class People:
    """Who can chair, write, adjust or own an action (`selectors.minutes_people`), and who
    held the chair and the vice chair on the meeting's day (`rules.role_holder`)."""

    listed: list[Person]
    holders: dict[str, Person | None]


def page_people(minutes: Minutes) -> People:
    """One query: the body's members on the meeting's day and the meeting's attendees."""
    day = meeting_day(minutes.meeting)
    seated = Membership.objects.active_on(day).filter(body_id=minutes.meeting.body_id)
    attending = Attendance.objects.filter(meeting_id=minutes.meeting_id).values("person_id")
    people: QuerySet[Person] = (
        Person.objects.filter(Q(pk__in=seated.values("person_id")) | Q(pk__in=attending))
        .annotate(
            chairs=Exists(seated.filter(person_id=OuterRef("pk"), role=Role.CHAIR)),
            vice_chairs=Exists(seated.filter(person_id=OuterRef("pk"), role=Role.VICE_CHAIR)),
        )
        .order_by("last_name", "first_name")
    )
    listed = list(people)
    return People(
        listed=listed,
        holders={
            Role.CHAIR: next((p for p in listed if p.chairs), None),  # type: ignore[attr-defined]
            Role.VICE_CHAIR: next((p for p in listed if p.vice_chairs), None),  # type: ignore[attr-defined]
        },
    )


def page_holds(minutes: Minutes) -> list[PublicationHold]:
    """One query; none are made before the minutes are frozen."""
    return list(PublicationHold.objects.filter(minutes=minutes).select_related("resolved_by"))
