"""Calendars: the meetings as iCalendar feeds, and the lists behind the public calendar pages.

A feed is a VCALENDAR with one VEVENT per meeting. The meeting's UID is stable across moves
and its SEQUENCE is raised by the services on every change, so a calendar client updates
the event it already has. A cancelled meeting stays in the feed as STATUS:CANCELLED, so
clients remove it rather than keep a stale time. Times are given in Europe/Stockholm with
its VTIMEZONE (CET/CEST, summer time from the last Sunday of March to the last Sunday of
October).

Public feeds and pages show only what is public: time, place, form and status; no contact
details, no video links and nothing internal. The personal feed, behind a secret address,
adds the video link, the convener and the document deadline.

Windows: a public feed holds the meetings that start from 90 days ago up to a year ahead
(the personal feed from 180 days ago), a structure's feed at most the 40 latest begun and
the 160 next of them (`structure_feed_meetings`); a calendar page shows two months (a structure) or
twelve (a body) from today, and other windows on request with `?fran=ÅÅÅÅ-MM-DD`; a
structure's page shows a window's meetings 100 at a time (`?sida=`).
"""

from __future__ import annotations

import calendar as calendar_module
import datetime
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from samverkan.lib.localtime import STOCKHOLM, local, local_today
from samverkan.lib.paging import RowPage, read_page
from samverkan.lib.swedish import day_text, month_name, when_text
from samverkan.meetings.models import (
    Attendance,
    AttendanceStatus,
    CalendarFeed,
    Meeting,
    MeetingEvent,
    MeetingEventKind,
    MeetingStatus,
)
from samverkan.meetings.services import document_deadline
from samverkan.structure.models import (
    Body,
    Charter,
    MeetingForm,
    Membership,
    Structure,
)

TZID = "Europe/Stockholm"
PRODID = "-//Samverkan//Samverkan kalender//SV"
UID_DOMAIN = "samverkan"
# A feed's window. Calendar clients fetch the whole feed and cannot page, so it is bounded
# at both ends: the recent past, so that a client sees a late cancellation or a move, and a
# year ahead (a structure plans years ahead; a feed of every planned year grew without end).
FEED_HISTORY = datetime.timedelta(days=90)
PERSONAL_HISTORY = datetime.timedelta(days=180)
FEED_AHEAD = datetime.timedelta(days=366)
# A calendar page's window, in months from its first day (`?fran=`): a structure has hundreds
# of meetings a year, a body a handful. Earlier and later windows are a link away.
STRUCTURE_PAGE_MONTHS = 2
BODY_PAGE_MONTHS = 12
# A structure of 800 groups has 800 meetings in two months: its page shows them 50 at a
# time (`?sida=`), so that it stays the same size however many groups the structure has
# (with 100 a page took four times the demo's time to render).
STRUCTURE_PAGE_SIZE = 50
# Longer than any meeting may last (services: twelve hours), to bound "not over yet" by start.
LONGEST_MEETING = datetime.timedelta(days=1)
# The highest page number read from an address, so that an offset stays small.
MAX_PAGE_NUMBER = 1000
# The earliest day a page can be asked for: no meetings are older, and it keeps date sums valid.
EARLIEST_DAY = datetime.date(2000, 1, 1)
# A feed's suggested polling interval (RFC 7986 REFRESH-INTERVAL).
REFRESH = datetime.timedelta(hours=1)
# Token length in bytes for `secrets.token_urlsafe`: 43 characters in the address.
TOKEN_BYTES = 32

CONFIRMED = frozenset(
    {MeetingStatus.PLANNED, MeetingStatus.CALLED, MeetingStatus.MOVED, MeetingStatus.HELD}
)


# --- Swedish dates -------------------------------------------------------------------------


def form_text(meeting: Meeting) -> str:
    """The meeting's form in words, capitalised: 'Fysiskt', 'Per video'."""
    if not meeting.form or meeting.form == MeetingForm.NOT_STATED:
        return ""
    text = str(MeetingForm(meeting.form).label)
    return text[:1].upper() + text[1:]


def public_location(meeting: Meeting) -> str:
    """Where, as the public may know it: the place, or the form when there is no place."""
    if meeting.place:
        return meeting.place
    if meeting.form in (MeetingForm.VIDEO, MeetingForm.DIGITAL):
        return form_text(meeting)
    return ""


# --- Which meetings ------------------------------------------------------------------------


def _with_related(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.select_related("body", "body__structure").order_by("starts_at", "pk")


def _with_moves(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.prefetch_related(
        Prefetch(
            "events",
            queryset=MeetingEvent.objects.filter(kind=MeetingEventKind.MOVED).order_by("at", "pk"),
            to_attr="moves",
        )
    )


def feed_meetings(
    *, structure: Structure | None = None, body: Body | None = None
) -> QuerySet[Meeting]:
    """A public feed's meetings: those of the recent past (`FEED_HISTORY`) and of the year
    ahead (`FEED_AHEAD`)."""
    now = timezone.now()
    meetings = Meeting.objects.filter(
        starts_at__gte=now - FEED_HISTORY, starts_at__lt=now + FEED_AHEAD
    )
    if body is not None:
        meetings = meetings.filter(body=body)
    elif structure is not None:
        meetings = meetings.filter(body__structure=structure)
    return _with_related(meetings)


# A structure's feed at most: its recent past and its next meetings. Västra Götaland's 800
# groups hold some 2,000 meetings in the feed's window (1.3 MB); a calendar client fetches
# the whole feed every hour and cannot page, so the structure's feed holds the nearest
# meetings (well over a year in a structure of a few dozen groups) and each group's own feed
# its whole window. The cut moves forward with the days.
STRUCTURE_FEED_PAST = 40
STRUCTURE_FEED_AHEAD = 160


def structure_feed_meetings(structure: Structure) -> list[Meeting]:
    """A structure's public feed: the meetings of `feed_meetings`' window, at most
    `STRUCTURE_FEED_PAST` of those begun and `STRUCTURE_FEED_AHEAD` to come, the nearest
    to now. Two queries."""
    now = timezone.now()
    meetings = Meeting.objects.filter(body__structure=structure).select_related(
        "body", "body__structure"
    )
    past = list(
        meetings.filter(starts_at__gte=now - FEED_HISTORY, starts_at__lt=now).order_by(
            "-starts_at", "-pk"
        )[:STRUCTURE_FEED_PAST]
    )
    ahead = list(
        meetings.filter(starts_at__gte=now, starts_at__lt=now + FEED_AHEAD).order_by(
            "starts_at", "pk"
        )[:STRUCTURE_FEED_AHEAD]
    )
    return past[::-1] + ahead


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (or earlier), the month's last day where it is shorter."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    last = calendar_module.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


@dataclass(frozen=True)
class PageWindow:
    """The days a calendar page shows: from `first` up to, not including, `end`.

    `asked` is false for the default window, which starts now and leaves out meetings
    already over today; `earlier` is the first day of the window before, if any.
    """

    first: datetime.date
    end: datetime.date
    asked: bool
    earlier: datetime.date | None

    @property
    def last(self) -> datetime.date:
        return self.end - datetime.timedelta(days=1)


def page_window(asked: str | None, *, months: int) -> PageWindow:
    """The window a page shows: `months` from the day asked for (`?fran=ÅÅÅÅ-MM-DD`), or from
    today when none or an unreadable day is asked for."""
    first = None
    if asked:
        try:
            first = datetime.date.fromisoformat(asked)
        except ValueError:
            first = None
    today = local_today()
    if first is None or first.year > today.year + 50:
        first, given = today, False
    else:
        first, given = max(first, EARLIEST_DAY), True
    earlier = add_months(first, -months)
    return PageWindow(
        first=first,
        end=add_months(first, months),
        asked=given,
        earlier=earlier if first > EARLIEST_DAY else None,
    )


def upcoming_meetings(
    *,
    structure: Structure | None = None,
    body: Body | None = None,
    window: PageWindow | None = None,
) -> QuerySet[Meeting]:
    """A public calendar page's meetings in the window, with their moves: by default those
    not yet over in the next `BODY_PAGE_MONTHS` months."""
    window = window or page_window(None, months=BODY_PAGE_MONTHS)
    if window.asked:
        meetings = Meeting.objects.filter(starts_at__gte=local(window.first, 0))
    else:
        # Not over yet. The bound on the start lets the plan read the index on `starts_at`
        # from now instead of every meeting ever held (a meeting lasts twelve hours at most).
        now = timezone.now()
        meetings = Meeting.objects.filter(ends_at__gte=now, starts_at__gte=now - LONGEST_MEETING)
    meetings = meetings.filter(starts_at__lt=local(window.end, 0))
    if body is not None:
        meetings = meetings.filter(body=body)
    elif structure is not None:
        meetings = meetings.filter(body__structure=structure)
    return _with_moves(_with_related(meetings))


def personal_meetings(user: User) -> QuerySet[Meeting]:
    """The meetings of the bodies where the user's person has an active membership today,
    all meetings of the structures the user coordinates, and meetings they are invited to
    (a substitute called in, a guest for one item). One query, plus one for the charters.
    """
    today = timezone.localdate()
    bodies = Membership.objects.active_on(today).filter(person__user=user).values("body_id")
    structures = Structure.objects.filter(coordinators=user).values("pk")
    invited = Attendance.objects.filter(person__user=user).values("meeting_id")
    my_status = Attendance.objects.filter(meeting=OuterRef("pk"), person__user=user).values(
        "status"
    )[:1]
    meetings = Meeting.objects.filter(
        Q(body_id__in=bodies) | Q(body__structure_id__in=structures) | Q(pk__in=invited),
        starts_at__gte=timezone.now() - PERSONAL_HISTORY,
        starts_at__lt=timezone.now() + FEED_AHEAD,
    ).annotate(my_status=Subquery(my_status))
    return (
        _with_related(meetings)
        .select_related("convener")
        .prefetch_related(
            Prefetch(
                "body__charters",
                queryset=Charter.objects.in_force(),
                to_attr="in_force",
            )
        )
    )


# --- The public calendar pages ---------------------------------------------------------------


def meeting_page(meetings: QuerySet[Meeting], asked: str | None, *, size: int) -> RowPage[Meeting]:
    """The `size` meetings of page `?sida=` (one query, plus the prefetches), without a count."""
    return read_page(meetings, asked, size=size, most=MAX_PAGE_NUMBER)


@dataclass
class CalendarRow:
    meeting: Meeting
    when: str
    where: str
    form: str
    status: str
    cancelled: bool
    moved_from: str = ""
    url: str = ""
    body_url: str = ""
    iso: str = ""


@dataclass
class CalendarMonth:
    heading: str
    rows: list[CalendarRow] = field(default_factory=list)


def _address_format(name: str, *args: object) -> str:
    """An address as a format string with fields {s} (structure), {k} (body) and {m}
    (meeting): a page of 100 rows reversed two addresses a row, a third of its time."""
    marks = {"_S_": "{s}", "_K_": "{k}", "999999999": "{m}"}
    address = reverse(name, args=args)
    for mark, field_name in marks.items():
        address = address.replace(mark, field_name)
    return address


def calendar_months(meetings: Iterable[Meeting]) -> list[CalendarMonth]:
    """The meetings grouped by month ('mars 2026'), each row with its Swedish texts and
    addresses (the meeting's public page and its body's calendar)."""
    months: list[CalendarMonth] = []
    meeting_url = _address_format("public:meeting", "_S_", "_K_", 999999999)
    body_url = _address_format("meetings_public:public_body_calendar", "_S_", "_K_")
    for meeting in meetings:
        start = timezone.localtime(meeting.starts_at, STOCKHOLM)
        heading = f"{month_name(start.month)} {start.year}"
        if not months or months[-1].heading != heading:
            months.append(CalendarMonth(heading=heading))
        cancelled = meeting.status == MeetingStatus.CANCELLED
        moves: list[MeetingEvent] = getattr(meeting, "moves", [])
        moved_from = ""
        if moves and not cancelled and moves[-1].old_starts_at is not None:
            moved_from = when_text(moves[-1].old_starts_at)
        months[-1].rows.append(
            CalendarRow(
                meeting=meeting,
                when=when_text(meeting.starts_at, meeting.ends_at),
                where=meeting.place,
                form=form_text(meeting),
                status=meeting.get_status_display(),
                cancelled=cancelled,
                moved_from=moved_from,
                url=meeting_url.format(
                    s=meeting.body.structure.slug, k=meeting.body.key, m=meeting.pk
                ),
                body_url=body_url.format(s=meeting.body.structure.slug, k=meeting.body.key),
                iso=start.isoformat(),
            )
        )
    return months


# --- iCalendar ---------------------------------------------------------------------------


def stockholm_vtimezone() -> Timezone:
    """Europe/Stockholm: CET in winter, CEST from the last Sunday of March (02.00) to the last
    Sunday of October (03.00)."""
    tz = Timezone()
    tz.add("tzid", TZID)
    tz.add("x-lic-location", TZID)
    daylight = TimezoneDaylight()
    daylight.add("tzname", "CEST")
    daylight.add("tzoffsetfrom", datetime.timedelta(hours=1))
    daylight.add("tzoffsetto", datetime.timedelta(hours=2))
    daylight.add("dtstart", datetime.datetime(1970, 3, 29, 2, 0, 0))
    daylight.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    tz.add_component(daylight)
    standard = TimezoneStandard()
    standard.add("tzname", "CET")
    standard.add("tzoffsetfrom", datetime.timedelta(hours=2))
    standard.add("tzoffsetto", datetime.timedelta(hours=1))
    standard.add("dtstart", datetime.datetime(1970, 10, 25, 3, 0, 0))
    standard.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    tz.add_component(standard)
    return tz


def event_uid(meeting: Meeting) -> str:
    return f"{meeting.uid}@{UID_DOMAIN}"


def _summary(meeting: Meeting, *, several_bodies: bool) -> str:
    body = meeting.body
    if not meeting.title:
        summary = body.name
    elif several_bodies and body.name not in meeting.title:
        summary = f"{body.short_name or body.name}: {meeting.title}"
    else:
        summary = meeting.title
    if meeting.status == MeetingStatus.CANCELLED:
        # Some clients ignore STATUS in subscribed calendars; say it in the title too.
        summary = f"Inställt: {summary}"
    return summary


def _event(
    meeting: Meeting,
    *,
    absolute: Callable[[str], str],
    personal: bool,
    several_bodies: bool,
) -> Event:
    body = meeting.body
    structure = body.structure
    body_url = absolute(reverse("public:body", args=[structure.slug, body.key]))
    event = Event()
    event.add("uid", event_uid(meeting))
    event.add("dtstamp", meeting.updated_at.astimezone(datetime.UTC))
    event.add("created", meeting.created_at.astimezone(datetime.UTC))
    event.add("last-modified", meeting.updated_at.astimezone(datetime.UTC))
    event.add("sequence", meeting.sequence)
    event.add("dtstart", meeting.starts_at.astimezone(STOCKHOLM))
    event.add("dtend", meeting.ends_at.astimezone(STOCKHOLM))
    event.add("summary", _summary(meeting, several_bodies=several_bodies))
    cancelled = meeting.status == MeetingStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    event.add("class", "PRIVATE" if personal else "PUBLIC")

    if personal:
        location = ", ".join(part for part in (meeting.place, meeting.video_link) if part)
    else:
        location = public_location(meeting)
    if location:
        event.add("location", location)
    event.add("url", body_url)

    lines = [f"{body.name} ({structure.name})"]
    if meeting.title and meeting.title != body.name:
        lines.append(meeting.title)
    lines.append(f"Status: {meeting.get_status_display()}")
    form = form_text(meeting)
    if form:
        lines.append(f"Mötesform: {form}")
    if personal:
        if meeting.video_link:
            lines.append(f"Videolänk: {meeting.video_link}")
        if meeting.convener is not None:
            lines.append(f"Sammankallande: {meeting.convener.full_name}")
        charters: list[Charter] = getattr(body, "in_force", [])
        deadline = document_deadline(meeting, charters[0] if charters else None)
        if deadline is not None:
            lines.append(f"Handlingar senast: {day_text(deadline)}")
        if getattr(meeting, "my_status", None) == AttendanceStatus.ABSENT:
            lines.append("Du har anmält frånvaro.")
    lines.append(f"Gruppen: {body_url}")
    event.add("description", "\n".join(lines))
    return event


def build_calendar(
    meetings: Iterable[Meeting],
    *,
    name: str,
    absolute: Callable[[str], str],
    personal: bool = False,
    several_bodies: bool = False,
    description: str = "",
) -> bytes:
    """The feed as bytes (CRLF lines, folded at 75 octets), ready to send.

    `absolute` turns a site path into a full address (for URL and DESCRIPTION). A public
    feed (`personal=False`) holds only what is public.
    """
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("name", name)
    cal.add("x-wr-timezone", TZID)
    if description:
        cal.add("x-wr-caldesc", description)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", REFRESH)
    cal.add_component(stockholm_vtimezone())
    for meeting in meetings:
        cal.add_component(
            _event(meeting, absolute=absolute, personal=personal, several_bodies=several_bodies)
        )
    return cal.to_ical()


# --- The personal feed's secret address -------------------------------------------------------


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


@transaction.atomic
def calendar_feed_renew(*, by: User) -> CalendarFeed:
    """Give `by` a new secret address for their own feed; the old one stops working at once."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(
        user=by, defaults={"token": new_token()}
    )
    if not created:
        feed.token = new_token()
        feed.created_at = timezone.now()
        feed.save(update_fields=["token", "created_at"])
    return feed


@transaction.atomic
def calendar_feed_remove(*, by: User) -> bool:
    """Turn `by`'s own personal feed off; its address stops working."""
    deleted, _ = CalendarFeed.objects.filter(user=by).delete()
    return bool(deleted)
