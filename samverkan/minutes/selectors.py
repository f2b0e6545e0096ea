"""Bulk reads for minutes: the querysets that pages and the API need, built once here."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db.models import (
    Prefetch,
    Q,
    QuerySet,
    prefetch_related_objects,
)
from django.utils import timezone

from samverkan.lib.localtime import STOCKHOLM, local, local_today, meeting_day
from samverkan.lib.paging import RowPage, read_page
from samverkan.lib.users import AnyUser
from samverkan.meetings.models import Meeting
from samverkan.minutes.access import (
    published_minutes,
    readable_minutes,
    readable_minutes_apart,
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
from samverkan.structure.bodypicker import BodyChoice, body_choice
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


# The archive's body filter is searched by `grupp_sok` (`structure/bodypicker.py` names the
# search after this), the address its searches have always had.
ARCHIVE_BODY_FIELD = "grupp"


@dataclass
class ArchiveChoices:
    """What an archive can be narrowed to: a bounded list of bodies with a search beside it
    (`structure/bodypicker.py`; None for one body's archive), and the years from the first
    published minutes to this year."""

    body_choice: BodyChoice | None
    years: list[int]


def _published_in(*, structure: Structure, body: Body | None) -> QuerySet[Minutes]:
    scope = published_minutes().filter(meeting__body__structure=structure)
    return scope if body is None else scope.filter(meeting__body=body)


def archive_choices(
    *,
    structure: Structure,
    body: Body | None = None,
    data: Mapping[str, Any] | None = None,
) -> ArchiveChoices:
    """The bodies and years the archive can be narrowed to: two queries that stop early
    (the first published minutes by the index on the meeting's start; the first bodies in
    tree order, the one chosen in `data` kept), not a pass over the archive. A year without
    published minutes, or a body without any, shows an empty list."""
    first = (
        _published_in(structure=structure, body=body)
        .order_by("meeting__starts_at")
        .values_list("meeting__starts_at", flat=True)
        .first()
    )
    this_year = local_today().year
    first_year = timezone.localtime(first, STOCKHOLM).year if first else this_year
    years = list(range(max(this_year, first_year), first_year - 1, -1))
    if body is not None:
        return ArchiveChoices(body_choice=None, years=years)
    chosen = str((data or {}).get("body") or "")
    return ArchiveChoices(
        body_choice=body_choice(
            structure=structure, field=ARCHIVE_BODY_FIELD, data=data, keep=[chosen]
        ),
        years=years,
    )


# The highest page asked for that is read, so that an offset stays bounded.
ARCHIVE_MAX_PAGE = 1000


def archive_page(
    *,
    structure: Structure,
    body: Body | None = None,
    chosen_body: Body | None = None,
    year: int | None = None,
    page: str | None = None,
    size: int,
) -> RowPage[Minutes]:
    """A page of the archive's published minutes, newest first: the page's ids sorted on
    narrow rows, then those rows with their meeting and body (sorting every wide row of a
    structure's 25,000 minutes took most of a second). Two queries."""
    # Minutes are approved only after their meeting has begun (`minutes_submit`): the bound
    # lets the plan walk the index on the meeting's start back from now, past no planned year.
    shown = _published_in(structure=structure, body=body).filter(
        meeting__starts_at__lte=timezone.now()
    )
    if chosen_body is not None:
        shown = shown.filter(meeting__body=chosen_body)
    if year is not None:
        shown = shown.filter(
            meeting__starts_at__gte=local(datetime.date(year, 1, 1), 0),
            meeting__starts_at__lt=local(datetime.date(year + 1, 1, 1), 0),
        )
    ids = read_page(
        shown.order_by("-meeting__starts_at", "-pk").values_list("pk", flat=True),
        page,
        size=size,
        most=ARCHIVE_MAX_PAGE,
    )
    rows = Minutes.objects.filter(pk__in=ids.rows).select_related(
        "meeting", "meeting__body", "meeting__body__structure"
    )
    by_id = {m.pk: m for m in rows}
    return RowPage(
        rows=[by_id[pk] for pk in ids.rows if pk in by_id],
        number=ids.number,
        has_next=ids.has_next,
        size=size,
        cut_off=ids.cut_off,
    )


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
    bodies: set[int] | None = None,
) -> QuerySet[Minutes]:
    """The minutes `viewer` may read (`readable_minutes`), in meeting order, with meeting,
    body and structure and the hash the viewer may see (`shown_sha256`); `year` is the
    meeting's year. `bodies`: the viewer's bodies (`body_roles`), when the caller has read
    them."""
    readable = readable_minutes(viewer, bodies=bodies)
    found = with_shown_sha256(readable, viewer, bodies=bodies).select_related(
        "meeting", "meeting__body", "meeting__body__structure"
    )
    return _minutes_filtered(found, body, structure, year, status).order_by(
        "meeting__starts_at", "pk"
    )


def minutes_listed_to_count(
    *,
    viewer: AnyUser,
    body: int | None = None,
    structure: str | None = None,
    year: int | None = None,
    status: str | None = None,
    bodies: set[int] | None = None,
) -> QuerySet[Minutes, Any]:
    """The rows of `minutes_listed`, to count them (`.count()`) in one query: its parts that
    share no row (`readable_minutes_apart`) each filtered alike and counted from its own
    index, as one UNION ALL. Each part gives a column its index holds (`published_at`):
    the count needs no more, and the database reads no table."""
    parts = [
        _minutes_filtered(part, body, structure, year, status).values("published_at")
        for part in readable_minutes_apart(viewer, bodies=bodies)
    ]
    return parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]


def _minutes_filtered(
    found: QuerySet[Minutes],
    body: int | None,
    structure: str | None,
    year: int | None,
    status: str | None,
) -> QuerySet[Minutes]:
    if body is not None:
        found = found.filter(meeting__body_id=body)
    if structure:
        found = found.filter(meeting__body__structure__slug=structure)
    if year is not None:
        found = found.filter(meeting__starts_at__year=year)
    if status:
        found = found.filter(status=status)
    return found


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
