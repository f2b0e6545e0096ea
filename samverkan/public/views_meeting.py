"""A meeting as the public sees it: time, place, status, the agenda with the public
documents, and, once approved and published, the minutes.

The page is the same for everyone: the documents are those anyone may download (internal
ones are read on the working page, by those who may), the minutes appear only once
published (`minutes.access.published_minutes`), and the video link, which can carry a
passcode, only for those the meeting concerns (`meetings.access.video_link_condition`), as
in the API and the personal calendar. A fixed number of queries, however long the agenda.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from samverkan.lib.localtime import STOCKHOLM
from samverkan.lib.swedish import date_text, day_text, when_text
from samverkan.meetings.access import get_meeting_by_id_for_read
from samverkan.meetings.calendar import form_text
from samverkan.meetings.models import (
    AgendaItem,
    Document,
    Meeting,
    MeetingEventKind,
    MeetingStatus,
)
from samverkan.meetings.selectors import agenda_items, documents_listed, meeting_events
from samverkan.minutes.access import published_minutes
from samverkan.structure.access import get_body_for_read
from samverkan.structure.models import Body


@dataclass
class PublicItem:
    number: int
    item: AgendaItem
    documents: list[Document] = field(default_factory=list)


@dataclass
class PublicMeeting:
    meeting: Meeting
    when: str
    day: str
    form: str
    video_link: str
    cancelled: bool
    cancelled_on: str
    cancel_reason: str
    moved_from: str
    items: list[PublicItem]
    # Public documents not tied to an item of the agenda.
    other_documents: list[Document]
    minutes_url: str
    over: bool


def public_meeting(meeting: Meeting) -> PublicMeeting:
    """What the page shows of `meeting`: four queries, whatever the agenda's length."""
    items = [
        PublicItem(number, item) for number, item in enumerate(agenda_items(meeting=meeting), 1)
    ]
    by_item = {entry.item.pk: entry for entry in items}
    other: list[Document] = []
    # As anyone sees them: the public documents' current versions only, for every viewer.
    for document in documents_listed(meeting=meeting, viewer=AnonymousUser(), current=True):
        entry = by_item.get(document.agenda_item_id) if document.agenda_item_id else None
        (entry.documents if entry is not None else other).append(document)
    cancelled = meeting.status == MeetingStatus.CANCELLED
    cancelled_on = cancel_reason = moved_from = ""
    for event in meeting_events(meeting=meeting):
        if event.kind == MeetingEventKind.CANCELLED:
            cancelled_on = date_text(timezone.localtime(event.at, STOCKHOLM).date())
            cancel_reason = event.note
        elif event.kind == MeetingEventKind.MOVED and event.old_starts_at is not None:
            moved_from = when_text(event.old_starts_at)
    minutes = (
        published_minutes().filter(meeting=meeting, addendum_to__isnull=True).order_by("pk").first()
    )
    body = meeting.body
    return PublicMeeting(
        meeting=meeting,
        when=when_text(meeting.starts_at, meeting.ends_at),
        day=day_text(timezone.localtime(meeting.starts_at, STOCKHOLM).date()),
        form=form_text(meeting),
        video_link=getattr(meeting, "visible_video_link", ""),
        cancelled=cancelled,
        cancelled_on=cancelled_on if cancelled else "",
        cancel_reason=cancel_reason if cancelled else "",
        moved_from="" if cancelled else moved_from,
        items=items,
        other_documents=other,
        minutes_url=reverse(
            "minutes_public:minutes", args=[body.structure.slug, body.key, minutes.pk]
        )
        if minutes is not None
        else "",
        over=meeting.status == MeetingStatus.HELD or meeting.ends_at < timezone.now(),
    )


@require_GET
def meeting(request: HttpRequest, slug: str, key: str, meeting_id: int) -> HttpResponse:
    body = get_body_for_read(slug, key)
    found = get_meeting_by_id_for_read(request.user, meeting_id)
    # Every meeting has one address, under its own body.
    if found.body_id != body.pk:
        raise Http404("Mötet finns inte.")
    return render(
        request,
        "public/meeting.html",
        {"structure": body.structure, "body": body, "page": public_meeting(found)},
    )


# --- The body page's meetings -------------------------------------------------------------

# How many coming and past meetings the body page lists; the calendar has the rest.
BODY_PAGE_MEETINGS = 3


@dataclass
class MeetingLink:
    meeting: Meeting
    url: str
    when: str
    cancelled: bool


def _links(meetings: list[Meeting]) -> list[MeetingLink]:
    return [
        MeetingLink(
            meeting=m,
            url=reverse("public:meeting", args=[m.body.structure.slug, m.body.key, m.pk]),
            when=when_text(m.starts_at, m.ends_at),
            cancelled=m.status == MeetingStatus.CANCELLED,
        )
        for m in meetings
    ]


def body_meetings(body: Body) -> tuple[list[MeetingLink], list[MeetingLink]]:
    """The body's next meetings and its latest past ones, for its public page. Two queries."""
    now = timezone.now()
    meetings = Meeting.objects.filter(body=body).select_related("body", "body__structure")
    coming = list(
        meetings.filter(ends_at__gte=now).order_by("starts_at", "pk")[:BODY_PAGE_MEETINGS]
    )
    past = list(
        meetings.filter(ends_at__lt=now)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-starts_at", "-pk")[:BODY_PAGE_MEETINGS]
    )
    return _links(coming), _links(past)
