"""Reminders about assignments and working groups, run by the background worker (`tasks.py`).

- An assignment past its due date that is still given or in progress reminds the persons
  responsible for it, the person it was given to and the structure's coordinators, once.
- A working group whose review date has come reminds the creating body's chair and
  secretary and the coordinators, once per review date.

Each run first records the reminders due as `AssignmentReminder` rows, unique per what they
are about, the address and the day they concern (the due date or the review date), so a
second run adds nothing; then sends them through `samverkan.lib.outbox` (claimed by one
worker, retried with backoff while the mail server does not take them). A reminder is
written when it is sent: an assignment reported, or a group reviewed, meanwhile is not
reminded of, and the row is removed. `today=` lets tests (and a catch-up run) set the day.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.db.models import Prefetch, Q
from django.tasks import task
from django.utils import timezone

from samverkan.cases.models import (
    OPEN_ASSIGNMENT_STATUSES,
    Assignment,
    AssignmentReminder,
    AssignmentReminderKind,
    WorkingGroup,
)
from samverkan.lib.localtime import local, local_day
from samverkan.lib.mail import absolute_url, email_message, email_text
from samverkan.lib.outbox import DeliveryState, needs_attention, send_pending
from samverkan.lib.swedish import count_text, date_text
from samverkan.meetings.reminders import SHOWN_FOR
from samverkan.structure.models import Membership, Person, Role

# A reminder that has not gone out within this long says something nobody needs any more.
VALID_FOR = datetime.timedelta(days=7)
REVIEW_ROLES = (Role.CHAIR, Role.SECRETARY)

type Recipients = dict[str, str]  # address (lower case) → name


def _clock(
    today: datetime.date | None, now: datetime.datetime | None
) -> tuple[datetime.date, datetime.datetime]:
    """The day and moment of the run: `today` at 07.00 Swedish time when only the day is set."""
    if now is None:
        now = local(today, 7) if today is not None else timezone.now()
    return today or local_day(now), now


def _add(recipients: Recipients, email: str, name: str) -> None:
    address = (email or "").strip().lower()
    if address and address not in recipients:
        recipients[address] = name.strip()


def _coordinators(structure_ids: Iterable[int]) -> dict[int, list[User]]:
    """Each structure's coordinators (one query)."""
    found: dict[int, list[User]] = {}
    through = User.coordinated_structures.through  # type: ignore[attr-defined]
    rows = through.objects.filter(structure_id__in=set(structure_ids)).select_related("user")
    for row in rows:
        if row.user.is_active:
            found.setdefault(row.structure_id, []).append(row.user)
    return found


def _person_name(person: Person) -> str:
    return person.full_name


def _user_name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def _rows(
    kind: str,
    about: dict[str, object],
    recipients: Recipients,
    for_day: datetime.date,
    now: datetime.datetime,
) -> list[AssignmentReminder]:
    return [
        AssignmentReminder(
            kind=kind,
            email=email,
            name=name,
            for_day=for_day,
            next_attempt_at=now,
            expires_at=now + VALID_FOR,
            **about,  # type: ignore[arg-type]
        )
        for email, name in recipients.items()
    ]


# --- Overdue assignments --------------------------------------------------------------------


# What a reminder row needs of a person: the name and the address.
PERSON_FIELDS = ("id", "first_name", "last_name", "email")
# Rows are written this many at a time, not all of a national day's reminders at once.
ROWS_AT_ONCE = 2000


def overdue_assignments(today: datetime.date) -> list[Assignment]:
    """Given or in progress, and due before `today`; with their people (two queries).
    Only the columns a reminder row needs: not the sections or the report."""
    return list(
        Assignment.objects.filter(status__in=OPEN_ASSIGNMENT_STATUSES, due_on__lt=today)
        .select_related("to_person")
        .only("id", "structure_id", "due_on", *(f"to_person__{f}" for f in PERSON_FIELDS))
        .prefetch_related(Prefetch("responsible", queryset=Person.objects.only(*PERSON_FIELDS)))
        .order_by("due_on", "pk")
    )


def _write(rows: list[AssignmentReminder], *, at_least: int = 1) -> list[AssignmentReminder]:
    """Write the rows once there are `at_least`; returns what is left to write."""
    if len(rows) < at_least:
        return rows
    AssignmentReminder.objects.bulk_create(rows, ignore_conflicts=True)
    return []


def _record_overdue(today: datetime.date, now: datetime.datetime) -> None:
    assignments = overdue_assignments(today)
    coordinators = _coordinators(a.structure_id for a in assignments)
    rows: list[AssignmentReminder] = []
    for assignment in assignments:
        recipients: Recipients = {}
        for person in assignment.responsible.all():
            _add(recipients, person.email, _person_name(person))
        if assignment.to_person is not None:
            _add(recipients, assignment.to_person.email, _person_name(assignment.to_person))
        for user in coordinators.get(assignment.structure_id, []):
            _add(recipients, user.email, _user_name(user))
        rows += _rows(
            AssignmentReminderKind.OVERDUE,
            {"assignment_id": assignment.pk},
            recipients,
            assignment.due_on,
            now,
        )
        rows = _write(rows, at_least=ROWS_AT_ONCE)
    _write(rows)


def send_overdue_reminders(
    *, today: datetime.date | None = None, now: datetime.datetime | None = None
) -> int:
    """Remind about assignments past their due date; returns the number of emails sent."""
    today, now = _clock(today, now)
    _record_overdue(today, now)
    return send_pending(
        AssignmentReminder, _Composer(), now=now, scope={"kind": AssignmentReminderKind.OVERDUE}
    )


# --- Working groups due for review -------------------------------------------------------


def groups_due_for_review(today: datetime.date) -> list[WorkingGroup]:
    """Groups whose review date has come and that have not ended (one query)."""
    return list(
        WorkingGroup.objects.filter(review_on__lte=today)
        .filter(Q(body__end_date__isnull=True) | Q(body__end_date__gte=today))
        .select_related("body", "created_by_body")
        .order_by("review_on", "pk")
    )


def _record_reviews(today: datetime.date, now: datetime.datetime) -> None:
    groups = groups_due_for_review(today)
    coordinators = _coordinators(g.body.structure_id for g in groups)
    leaders: dict[int, list[Person]] = {}
    seats = (
        Membership.objects.active_on(today)
        .filter(body_id__in={g.created_by_body_id for g in groups}, role__in=REVIEW_ROLES)
        .select_related("person")
        .order_by("role", "person__last_name")
    )
    for seat in seats:
        leaders.setdefault(seat.body_id, []).append(seat.person)
    rows: list[AssignmentReminder] = []
    for group in groups:
        recipients: Recipients = {}
        for person in leaders.get(group.created_by_body_id, []):
            _add(recipients, person.email, _person_name(person))
        for user in coordinators.get(group.body.structure_id, []):
            _add(recipients, user.email, _user_name(user))
        rows += _rows(
            AssignmentReminderKind.REVIEW,
            {"working_group": group},
            recipients,
            group.review_on,
            now,
        )
    AssignmentReminder.objects.bulk_create(rows, ignore_conflicts=True)


def send_review_reminders(
    *, today: datetime.date | None = None, now: datetime.datetime | None = None
) -> int:
    """Remind about working groups due for review; returns the number of emails sent."""
    today, now = _clock(today, now)
    _record_reviews(today, now)
    return send_pending(
        AssignmentReminder, _Composer(), now=now, scope={"kind": AssignmentReminderKind.REVIEW}
    )


def send_assignment_reminders(
    *, today: datetime.date | None = None, now: datetime.datetime | None = None
) -> int:
    """Both kinds, as the daily task runs them."""
    return send_overdue_reminders(today=today, now=now) + send_review_reminders(
        today=today, now=now
    )


def retry_assignment_reminders(*, now: datetime.datetime | None = None) -> int:
    """Send the reminders due for another try. Returns the number sent."""
    return send_pending(AssignmentReminder, _Composer(), now=now or timezone.now())


# --- Writing them ---------------------------------------------------------------------------

# Claimed reminders are written from their assignments and groups read this many reminders
# at a time (the one claimed and those next in line): a few queries per batch, not one per
# reminder, and never more than a batch's assignments held at once.
READ_AHEAD = 200
# What a reminder's text needs of an assignment and the bodies and person it names.
ASSIGNMENT_COLUMNS = (
    "id",
    "title",
    "status",
    "due_on",
    "given_by__name",
    "to_body__name",
    "report_to__name",
    *(f"to_person__{f}" for f in PERSON_FIELDS),
)


@dataclass
class _Composer:
    """Writes each claimed reminder as things stand (None if it is no longer needed): when
    it meets a reminder whose assignment or group it has not read, it reads those of the
    `READ_AHEAD` reminders next in line with it, in place of the batch before. "As things
    stand" is as they stood when the batch was read, a moment before."""

    # None: not found (removed meanwhile), so no reminder.
    assignments: dict[int, Assignment | None] = field(default_factory=dict)
    groups: dict[int, WorkingGroup | None] = field(default_factory=dict)

    def __call__(self, row: AssignmentReminder, now: datetime.datetime) -> EmailMessage | None:
        if row.kind == AssignmentReminderKind.OVERDUE:
            if row.assignment_id is None:
                return None
            if row.assignment_id not in self.assignments:
                self._read(row, now)
            return _overdue_message(row, self.assignments.get(row.assignment_id), now)
        if row.working_group_id is None:
            return None
        if row.working_group_id not in self.groups:
            self._read(row, now)
        return _review_message(row, self.groups.get(row.working_group_id))

    def _read(self, row: AssignmentReminder, now: datetime.datetime) -> None:
        """The assignments and groups of `row` and of the reminders next in line, in place
        of those read before (two or three queries)."""
        ahead: list[tuple[int | None, int | None]] = list(
            AssignmentReminder.objects.filter(
                state=DeliveryState.PENDING, next_attempt_at__lte=now, expires_at__gt=now
            )
            .order_by("next_attempt_at", "pk")
            .values_list("assignment_id", "working_group_id")[:READ_AHEAD]
        )
        ahead.append((row.assignment_id, row.working_group_id))
        assignment_ids = {a for a, _ in ahead if a is not None}
        group_ids = {g for _, g in ahead if g is not None}
        self.assignments = dict.fromkeys(assignment_ids)
        self.groups = dict.fromkeys(group_ids)
        if assignment_ids:
            self.assignments.update(
                (a.pk, a)
                for a in Assignment.objects.filter(pk__in=assignment_ids)
                .select_related("given_by", "to_body", "to_person", "report_to")
                .only(*ASSIGNMENT_COLUMNS)
            )
        if group_ids:
            self.groups.update(
                (g.pk, g)
                for g in WorkingGroup.objects.filter(pk__in=group_ids)
                .select_related("body__structure", "created_by_body", "assignment")
                .only(
                    "id",
                    "review_on",
                    "reviewed_on",
                    "body__name",
                    "body__structure__slug",
                    "created_by_body__name",
                    "assignment__title",
                )
            )


def _overdue_message(
    row: AssignmentReminder, assignment: Assignment | None, now: datetime.datetime
) -> EmailMessage | None:
    if (
        assignment is None
        or assignment.status not in OPEN_ASSIGNMENT_STATUSES
        or assignment.due_on != row.for_day
    ):
        return None  # reported, withdrawn or given a new due date meanwhile
    late = (local_day(now) - assignment.due_on).days
    text = email_text(
        "assignment_overdue",
        {
            "name": row.name,
            "assignment": assignment,
            "receiver": assignment.to_body.name
            if assignment.to_body
            else (assignment.to_person.full_name if assignment.to_person else ""),
            "due": date_text(assignment.due_on),
            "late": count_text(late, "dag", "dagar"),
            "url": absolute_url("cases:assignment", assignment.pk),
        },
    )
    subject = f"Försenat uppdrag: {assignment.title}"
    return email_message(subject, text, row.email)


def _review_message(row: AssignmentReminder, group: WorkingGroup | None) -> EmailMessage | None:
    if group is None or group.review_on != row.for_day:
        return None  # reviewed meanwhile: the next review has its own date
    text = email_text(
        "working_group_review",
        {
            "name": row.name,
            "group": group,
            "review_on": date_text(group.review_on),
            "reviewed_on": date_text(group.reviewed_on) if group.reviewed_on else "",
            "url": absolute_url("cases:working_groups", group.body.structure.slug),
        },
    )
    subject = f"Dags att se över {group.body.name}"
    return email_message(subject, text, row.email)


# --- For the coordinator's start page ------------------------------------------------------


def reminders_needing_attention(
    *, structure_ids: Collection[int] | None, now: datetime.datetime | None = None
) -> list[AssignmentReminder]:
    """Assignment and review reminders in these structures (all, for None) that failed, are
    uncertain or are being retried, newest first; a failure stays listed for `SHOWN_FOR`.
    One query."""
    now = now or timezone.now()
    rows = AssignmentReminder.objects.filter(needs_attention(), expires_at__gte=now - SHOWN_FOR)
    if structure_ids is not None:
        rows = rows.filter(
            Q(assignment__structure_id__in=structure_ids)
            | Q(working_group__body__structure_id__in=structure_ids)
        )
    return list(
        rows.select_related("assignment", "working_group__body").order_by("-expires_at", "pk")[:50]
    )


# --- As background tasks (scheduled in `cases/tasks.py`) ---------------------------------


@task()
def assignment_reminders() -> int:
    """Remind about overdue assignments and working groups due for review, once each."""
    return send_assignment_reminders()


@task()
def assignment_reminders_retry() -> int:
    """Send again the assignment reminders the mail server did not take."""
    return retry_assignment_reminders()
