"""Preview, then confirm: "Fastställ", "Skicka för justering" and "Justera".

What cannot be undone is never a single click. The minutes page links to the preview, which
shows the text exactly as it will be frozen, the warnings and what the action will lead to;
its form posts back the minutes' version and the text's SHA-256, and the action is refused
(with the new preview) if the minutes changed meanwhile. A post without them, from an old
page or a script, shows the preview and does nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from samverkan.lib.errors import ConflictError, DomainError
from samverkan.lib.swedish import when_text
from samverkan.lib.users import acting_user
from samverkan.lib.webforms import post_action
from samverkan.minutes import access
from samverkan.minutes.models import Minutes
from samverkan.minutes.services import (
    APPROVE,
    SUBMIT,
    minutes_approve,
    minutes_preview,
    minutes_submit,
    outcome_message,
)
from samverkan.minutes.views import _insiders, _int, _visit_minutes


def _action_for(request: HttpRequest, minutes: Minutes) -> str:
    """What the user would confirm here: their own justering, or sending the draft."""
    if access.pending_approver(request.user, minutes) is not None:
        return APPROVE
    body = minutes.meeting.body
    if minutes.is_editable and access.can_write_minutes(request.user, body, minutes):
        return SUBMIT
    return ""


def _preview_page(
    request: HttpRequest, minutes: Minutes, action: str, *, error: str = "", status: int = 200
) -> HttpResponse:
    if not action:
        messages.error(
            request,
            "Du har ingenting att fastställa, skicka eller justera här: minnesanteckningarna "
            "är inte ditt utkast, och du har ingen obesvarad justering av dem.",
        )
        return redirect("minutes:minutes", minutes.pk)
    preview = minutes_preview(minutes=minutes, action=action)
    meeting = minutes.meeting
    return render(
        request,
        "minutes/work/preview.html",
        {
            "minutes": minutes,
            "meeting": meeting,
            "body": meeting.body,
            "when": when_text(meeting.starts_at, meeting.ends_at, end_as_clock=True),
            "preview": preview,
            "error": error,
        },
        status=status,
    )


def _confirmed(request: HttpRequest) -> tuple[int | None, str | None]:
    return _int(request.POST.get("lock_version")), request.POST.get("text_sha256") or None


@login_required
@require_safe
@_insiders
def preview(request: HttpRequest, minutes: Minutes) -> HttpResponse:
    """The minutes as they will be frozen, before the user confirms; nothing changes here."""
    return _preview_page(request, minutes, _action_for(request, minutes))


@login_required
@post_action(_visit_minutes)
def submit(request: HttpRequest, minutes_id: int) -> HttpResponse:
    """Send the draft for justering, or adopt it where the charter has none: from the preview."""
    minutes = access.get_minutes_for_edit(request.user, minutes_id)
    version, text = _confirmed(request)
    if text is None:
        return _preview_page(request, minutes, SUBMIT)
    try:
        minutes_submit(
            minutes=minutes, expected_version=version, by=acting_user(request), expected_text=text
        )
    except ConflictError as exc:
        minutes.refresh_from_db()
        return _preview_page(request, minutes, SUBMIT, error=exc.message, status=409)
    except DomainError as exc:
        return _preview_page(request, minutes, SUBMIT, error=exc.message, status=400)
    messages.success(request, outcome_message(minutes, action=SUBMIT))
    return redirect("minutes:minutes", minutes.pk)


@login_required
@post_action(_visit_minutes)
@_insiders
def approve(request: HttpRequest, minutes: Minutes) -> HttpResponse:
    """The approver's justering, from the preview."""
    version, text = _confirmed(request)
    if text is None:
        return _preview_page(request, minutes, _action_for(request, minutes))
    try:
        minutes_approve(
            minutes=minutes,
            by=acting_user(request),
            expected_version=version,
            expected_text=text,
        )
    except ConflictError as exc:
        minutes.refresh_from_db()
        return _preview_page(
            request, minutes, _action_for(request, minutes), error=exc.message, status=409
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("minutes:minutes", minutes.pk)
    messages.success(request, outcome_message(minutes, action=APPROVE))
    return redirect("minutes:minutes", minutes.pk)
