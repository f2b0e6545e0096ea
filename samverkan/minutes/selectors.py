"""Bulk reads for minutes: the querysets that pages and the API need, built once here."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    prefetch_related_objects,
)
from django.db.models.functions import ExtractYear

from samverkan.lib.localtime import STOCKHOLM, meeting_day
from samverkan.lib.users import AnyUser
from samverkan.meetings.models import Meeting
from samverkan.minutes.access import (
    published_minutes,
    readable_minutes,
    with_shown_sha256,
    writable_minutes,
)
from samverkan.minutes.models import (
    ActionFollowUp,
    ApprovalDecision,
    ApprovalReminder,
    EntryKind,
    HoldResolution,
    Minutes,
    MinutesApprover,
    MinutesEntry,
    MinutesItem,
    MinutesStatus,
    PublicationHold,
)
from samverkan.minutes.render import items_with_parts
from samverkan.structure.models import Body, Membership, Person, Structure

# --- The working pages ---------------------------------------------------------------


def minutes_of_meeting(*, meeting: Meeting) -> Minutes | None:
    """The meeting's own minutes (not an addendum), if they have been started."""
    return Minutes.objects.filter(meeting=meeting, addendum_to__isnull=True).first()


def minutes_people(*, minutes: Minutes) -> QuerySet[Person]:
    """Who can chair, write, adjust or own an action: the body's members and the attendees."""
    seated = (
        Membership.objects.active_on(meeting_day(minutes.meeting))
        .filter(body=minutes.meeting.body)
        .values("person_id")
    )
    return (
        Person.objects.filter(Q(pk__in=seated) | Q(attendances__meeting=minutes.meeting))
        .distinct()
        .order_by("last_name", "first_name")
    )


@dataclass
class MinutesPage:
    """What the working page shows besides the minutes' own fields."""

    items: list[MinutesItem]
    # The current round of approval, and the rounds that ended in a return.
    approvers: list[MinutesApprover]
    earlier_rounds: list[MinutesApprover]
    holds: list[PublicationHold]
    addenda: list[Minutes]


def minutes_page(*, minutes: Minutes) -> MinutesPage:
    """The items with their parts, the approvers, holds and addenda: a fixed number of queries."""
    items = items_with_parts(minutes)
    approvers = minutes_approvers(minutes=minutes)
    # Each approver's reminders, for whether the latest went out (`reminder_list`).
    prefetch_related_objects(
        approvers,
        Prefetch(
            "reminders",
            queryset=ApprovalReminder.objects.order_by("for_day", "pk"),
            to_attr="reminder_list",
        ),
    )
    current_round = max((a.round for a in approvers), default=0)
    return MinutesPage(
        items=items,
        approvers=[a for a in approvers if a.round == current_round],
        earlier_rounds=[a for a in approvers if a.round != current_round],
        holds=list(holds_listed(minutes=minutes)) if minutes.is_frozen else [],
        addenda=list(minutes.addenda.select_related("meeting__body").order_by("pk"))
        if not minutes.is_addendum
        else [],
    )


@dataclass
class MyMinutes:
    """The user's part in minutes: to approve, being written, held from publication."""

    waiting: list[MinutesApprover]
    writing: list[Minutes]
    held: list[Minutes]


def my_minutes(*, user: User) -> MyMinutes:
    """Minutes waiting for the user's justering, and minutes the user writes that are not done."""
    waiting = (
        MinutesApprover.objects.filter(
            person__user=user,
            decision=ApprovalDecision.PENDING,
            minutes__status=MinutesStatus.PENDING,
        )
        .select_related("minutes__meeting__body")
        .order_by("requested_at")
    )
    mine = writable_minutes(user).select_related("meeting__body__structure", "taken_by")
    writing = mine.filter(status__in=[MinutesStatus.DRAFT, MinutesStatus.RETURNED]).order_by(
        "meeting__starts_at"
    )
    held = (
        mine.filter(holds__resolution=HoldResolution.UNRESOLVED, published_at__isnull=True)
        .distinct()
        .order_by("meeting__starts_at")
    )
    return MyMinutes(waiting=list(waiting), writing=list(writing), held=list(held))


# --- The public site -----------------------------------------------------------------


def last_round_approvals(*, minutes: Minutes) -> list[MinutesApprover]:
    """Who approved in the round that froze the minutes; earlier rounds were returned."""
    rows = list(
        MinutesApprover.objects.filter(minutes=minutes, decision=ApprovalDecision.APPROVED)
        .select_related("person")
        .order_by("-round", "pk")
    )
    last = rows[0].round if rows else None
    return [row for row in rows if row.round == last]


def published_addenda(*, minutes: Minutes) -> list[Minutes]:
    return list(
        published_minutes()
        .filter(addendum_to=minutes)
        .select_related("meeting", "meeting__body", "meeting__body__structure")
        .order_by("approved_at", "pk")
    )


@dataclass
class ArchiveChoices:
    """What an archive can be narrowed to: its bodies (None for one body's archive), years."""

    bodies: list[Body] | None
    years: list[int]
    # Published minutes per year (of the whole archive, not narrowed to a body).
    per_year: dict[int, int] = field(default_factory=dict)


def _published_in(*, structure: Structure, body: Body | None) -> QuerySet[Minutes]:
    scope = published_minutes().filter(meeting__body__structure=structure)
    return scope if body is None else scope.filter(meeting__body=body)


def archive_choices(*, structure: Structure, body: Body | None = None) -> ArchiveChoices:
    """The bodies (those with published minutes) and the years the archive can be narrowed
    to, and how many minutes each year has: two queries, one pass over the minutes."""
    scope = _published_in(structure=structure, body=body)
    # Per body a probe that stops at its first published minutes, not a pass over them all.
    bodies = (
        None
        if body is not None
        else list(
            Body.objects.filter(structure=structure)
            .filter(Exists(published_minutes().filter(meeting__body=OuterRef("pk"))))
            .order_by("name", "pk")
        )
    )
    per_year = dict(
        scope.annotate(year=ExtractYear("meeting__starts_at", tzinfo=STOCKHOLM))
        .order_by()
        .values_list("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    return ArchiveChoices(bodies=bodies, years=sorted(per_year, reverse=True), per_year=per_year)


class ArchiveList:
    """The archive's minutes for a paginator: the page's ids sorted on narrow rows, then
    those rows with their meeting and body (sorting every wide row of a structure's 25,000
    minutes took most of a second), and the count from `archive_choices` when known."""

    def __init__(self, shown: QuerySet[Minutes], count: int | None) -> None:
        self.shown = shown.order_by("-meeting__starts_at", "-pk")
        self.known = count

    def count(self) -> int:
        return self.known if self.known is not None else self.shown.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, part: slice) -> list[Minutes]:
        ids = list(self.shown.values_list("pk", flat=True)[part])
        rows = Minutes.objects.filter(pk__in=ids).select_related(
            "meeting", "meeting__body", "meeting__body__structure"
        )
        by_id = {m.pk: m for m in rows}
        return [by_id[pk] for pk in ids]


def archive_minutes(
    *,
    structure: Structure,
    body: Body | None = None,
    chosen_body: Body | None = None,
    year: int | None = None,
    choices: ArchiveChoices | None = None,
) -> ArchiveList:
    """The archive's published minutes, newest first, for a paginator to slice."""
    shown = _published_in(structure=structure, body=body)
    if chosen_body is not None:
        shown = shown.filter(meeting__body=chosen_body)
    if year is not None:
        shown = shown.filter(meeting__starts_at__year=year)
    count = None
    if choices is not None and chosen_body is None:
        count = (
            choices.per_year.get(year, 0) if year is not None else sum(choices.per_year.values())
        )
    return ArchiveList(shown, count)


FEED_ENTRIES = 50
FEED_QUOTED_KINDS = (EntryKind.DECISION, EntryKind.RECOMMENDATION)


def feed_minutes(*, structure: Structure, body: Body | None = None) -> list[Minutes]:
    """The latest published minutes with what the summaries need, in a fixed number of queries."""
    minutes = _published_in(structure=structure, body=body)
    return list(
        minutes.select_related("meeting", "meeting__body", "meeting__body__structure")
        .prefetch_related(
            "holds",
            Prefetch(
                "items__entries",
                queryset=MinutesEntry.objects.filter(kind__in=FEED_QUOTED_KINDS),
            ),
        )
        .order_by("-published_at", "-pk")[:FEED_ENTRIES]
    )


# --- The API's lists and answers -----------------------------------------------------------


def minutes_listed(
    *,
    viewer: AnyUser,
    body: int | None = None,
    structure: str | None = None,
    year: int | None = None,
    status: str | None = None,
) -> QuerySet[Minutes]:
    """The minutes `viewer` may read (`readable_minutes`), in meeting order, with meeting,
    body and structure and the hash the viewer may see (`shown_sha256`); `year` is the
    meeting's year."""
    found = with_shown_sha256(readable_minutes(viewer), viewer).select_related(
        "meeting", "meeting__body", "meeting__body__structure"
    )
    if body is not None:
        found = found.filter(meeting__body_id=body)
    if structure:
        found = found.filter(meeting__body__structure__slug=structure)
    if year is not None:
        found = found.filter(meeting__starts_at__year=year)
    if status:
        found = found.filter(status=status)
    return found.order_by("meeting__starts_at", "pk")


def load_holds(*, minutes: Minutes) -> None:
    """Load the minutes' publication holds into `minutes.holds.all()`, in one query."""
    prefetch_related_objects([minutes], "holds")


def minutes_approvers(*, minutes: Minutes) -> list[MinutesApprover]:
    """Every round of approval, in order, with the approvers' people."""
    return list(minutes.approvers.select_related("person").order_by("round", "pk"))


def readable_addenda_ids(*, minutes: Minutes, viewer: AnyUser) -> list[int]:
    """The addenda to the minutes that `viewer` may read: nobody else learns that a draft
    exists."""
    return list(
        readable_minutes(viewer)
        .filter(addendum_to=minutes)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def minutes_item_with_parts(*, item_id: int) -> MinutesItem:
    """One item with its entries, actions and follow-ups, as `items_with_parts` loads them."""
    return MinutesItem.objects.prefetch_related(
        "entries",
        Prefetch("actions__owner"),
        Prefetch(
            "follow_ups",
            queryset=ActionFollowUp.objects.select_related(
                "action", "action__owner", "action__item__minutes__meeting"
            ),
        ),
    ).get(pk=item_id)


def holds_listed(*, minutes: Minutes) -> QuerySet[PublicationHold]:
    """The minutes' publication holds, with who resolved them."""
    return PublicationHold.objects.filter(minutes=minutes).select_related("resolved_by")


def hold_with_minutes(*, hold_id: int) -> PublicationHold:
    return PublicationHold.objects.select_related("resolved_by", "minutes").get(pk=hold_id)
