"""Creating many meetings at once: a body's or a whole structure's year.

The rows are those `services.meeting_create` makes for one meeting (the meeting with its
charter's meeting form, the charter's standing items as its first agenda items, the
"planned" event and the history's row), written with one insert per kind of row, so that
booking 1,600 meetings costs the same handful of queries as booking one.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from samverkan.audit.services import Pending, record_many
from samverkan.lib.errors import DomainError
from samverkan.meetings import history  # noqa: F401  (what the audit trail keeps)
from samverkan.meetings.models import (
    AgendaItem,
    Meeting,
    MeetingEvent,
    MeetingEventKind,
)
from samverkan.meetings.services import _check_times, standing_agenda_item
from samverkan.structure.models import Body, Charter, StandingAgendaItem

# Rows per insert: one insert for a year of a large structure, and few enough values per
# statement for any database.
BATCH = 2000

# One meeting to create: the body, when it starts and when it ends.
type Planned = tuple[Body, datetime.datetime, datetime.datetime]


@transaction.atomic
def meetings_create_many(
    *, planned: Sequence[Planned], by: User | None, place: str = ""
) -> list[Meeting]:
    """Create the meetings, each as `meeting_create` would; five queries and an insert per
    500 rows, whatever their number. The caller has checked the days (working days, not
    taken); the times are checked here as `meeting_create` checks them."""
    if not planned:
        return []
    for _, starts_at, ends_at in planned:
        _check_times(starts_at, ends_at)
    body_ids = {body.pk for body, _, _ in planned}
    charters = {c.body_id: c for c in Charter.objects.in_force().filter(body_id__in=body_ids)}
    standing: dict[int, list[StandingAgendaItem]] = {}
    for item in StandingAgendaItem.objects.filter(charter__in=list(charters.values())):
        standing.setdefault(item.charter_id, []).append(item)
    meetings = []
    for body, starts_at, ends_at in planned:
        charter = charters.get(body.pk)
        meeting = Meeting(
            body=body,
            starts_at=starts_at,
            ends_at=ends_at,
            place=place,
            form=charter.meeting_form if charter else "",
        )
        try:
            meeting.clean_fields(exclude=["body", "convener"])
        except ValidationError as exc:
            field, messages = next(iter(exc.message_dict.items()))
            raise DomainError(messages[0], field=field) from exc
        meetings.append(meeting)
    Meeting.objects.bulk_create(meetings, batch_size=BATCH)
    AgendaItem.objects.bulk_create(
        (
            standing_agenda_item(meeting, index, item)
            for meeting in meetings
            if (charter := charters.get(meeting.body_id)) is not None
            for index, item in enumerate(standing.get(charter.pk, []))
        ),
        batch_size=BATCH,
    )
    MeetingEvent.objects.bulk_create(
        (
            MeetingEvent(
                meeting=meeting,
                kind=MeetingEventKind.PLANNED,
                by=by,
                new_starts_at=meeting.starts_at,
            )
            for meeting in meetings
        ),
        batch_size=BATCH,
    )
    record_many(by=by, changes=[Pending(meeting) for meeting in meetings])
    return meetings
