"""Calendar pages and feeds: public calendars per structure and body, their iCalendar feeds,
and each user's personal feed behind a secret address."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from samverkan.lib.users import acting_user
from samverkan.lib.webforms import post_action
from samverkan.meetings import calendar
from samverkan.meetings.access import get_calendar_feed_for_read
from samverkan.meetings.selectors import calendar_feed_of
from samverkan.structure.access import (
    coordinated_structure_ids,
    get_body_for_read,
    get_structure_for_read,
)

CONTENT_TYPE = "text/calendar; charset=utf-8"


def _webcal(url: str) -> str:
    """The subscribe address: the feed's address with the webcal scheme."""
    return "webcal://" + url.split("://", 1)[1]


def _ics(content: bytes, filename: str, *, private: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if private:
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
    else:
        response["Cache-Control"] = "public, max-age=900"
    return response


# --- Public pages -------------------------------------------------------------------------------


@require_GET
def public_structure_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    structure = get_structure_for_read(slug)
    ics = request.build_absolute_uri(
        reverse("meetings_public:structure_ics", args=[structure.slug])
    )
    window = calendar.page_window(request.GET.get("fran"), months=calendar.STRUCTURE_PAGE_MONTHS)
    page = calendar.meeting_page(
        calendar.upcoming_meetings(structure=structure, window=window),
        request.GET.get("sida"),
        size=calendar.STRUCTURE_PAGE_SIZE,
    )
    return render(
        request,
        "meetings/calendar/structure.html",
        {
            "structure": structure,
            "window": window,
            "page": page,
            "page_query": urlencode({"fran": window.first.isoformat()}) if window.asked else "",
            "months": calendar.calendar_months(page.rows),
            "ics_url": ics,
            "webcal_url": _webcal(ics),
        },
    )


@require_GET
def public_body_calendar(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    body = get_body_for_read(slug, key)
    ics = request.build_absolute_uri(reverse("meetings_public:body_ics", args=[slug, body.key]))
    window = calendar.page_window(request.GET.get("fran"), months=calendar.BODY_PAGE_MONTHS)
    return render(
        request,
        "meetings/calendar/body.html",
        {
            "structure": body.structure,
            "body": body,
            "window": window,
            "months": calendar.calendar_months(
                calendar.upcoming_meetings(body=body, window=window)
            ),
            "ics_url": ics,
            "webcal_url": _webcal(ics),
        },
    )


# --- Feeds --------------------------------------------------------------------------------------


@require_GET
def structure_ics(request: HttpRequest, slug: str) -> HttpResponse:
    structure = get_structure_for_read(slug)
    content = calendar.build_calendar(
        calendar.structure_feed_meetings(structure),
        name=structure.name,
        description=f"Möten i grupperna i {structure.name}",
        absolute=request.build_absolute_uri,
        several_bodies=True,
    )
    return _ics(content, f"{structure.slug}.ics", private=False)


@require_GET
def body_ics(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    body = get_body_for_read(slug, key)
    content = calendar.build_calendar(
        calendar.feed_meetings(body=body),
        name=f"{body.name} – {body.structure.name}",
        description=f"Möten i {body.name}",
        absolute=request.build_absolute_uri,
    )
    return _ics(content, f"{body.structure.slug}-{body.key}.ics", private=False)


@require_GET
def personal_ics(request: HttpRequest, token: str) -> HttpResponse:
    feed = get_calendar_feed_for_read(token)
    content = calendar.build_calendar(
        calendar.personal_meetings(feed.user),
        name="Mina möten – Samverkan",
        description="Möten i de grupper där du har uppdrag",
        absolute=request.build_absolute_uri,
        personal=True,
        several_bodies=True,
    )
    return _ics(content, "mina-moten.ics", private=True)


# --- The secret address -------------------------------------------------------------------------


def _visit_settings(request: HttpRequest) -> str:
    return reverse("meetings_public:calendar_settings")


@login_required
@require_GET
def calendar_settings(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    feed = calendar_feed_of(user=user)
    ics = webcal = ""
    if feed is not None:
        ics = request.build_absolute_uri(reverse("meetings_public:personal_ics", args=[feed.token]))
        webcal = _webcal(ics)
    return render(
        request,
        "meetings/calendar/settings.html",
        {
            "feed": feed,
            "ics_url": ics,
            "webcal_url": webcal,
            "is_coordinator": bool(coordinated_structure_ids(user)),
        },
    )


@login_required
@post_action(_visit_settings)
def calendar_feed_renew(request: HttpRequest) -> HttpResponse:
    """A new secret address; the old one, if any, stops working at once."""
    user = acting_user(request)
    had_one = calendar_feed_of(user=user) is not None
    calendar.calendar_feed_renew(by=user)
    messages.success(
        request,
        "Du har fått en ny kalenderadress. Den gamla fungerar inte längre."
        if had_one
        else "Din kalenderadress är skapad.",
    )
    return redirect("meetings_public:calendar_settings")


@login_required
@post_action(_visit_settings)
def calendar_feed_remove(request: HttpRequest) -> HttpResponse:
    if calendar.calendar_feed_remove(by=acting_user(request)):
        messages.success(request, "Din kalenderadress är borttagen och fungerar inte längre.")
    return redirect("meetings_public:calendar_settings")
