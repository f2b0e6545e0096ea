"""Meeting pages for coordinators: the year's plan for a body, and one meeting with its agenda.

Each action on the meeting page posts to a view of its own; a refused action shows the
meeting page again with the explanation beside the form and the user's input kept. Apps
above meetings add their parts of the page through `meetings.panels`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from samverkan.lib.errors import ConflictError, DomainError
from samverkan.lib.htmx import part_or_page
from samverkan.lib.localtime import STOCKHOLM
from samverkan.lib.users import acting_user
from samverkan.lib.webforms import post_action, show_refusal
from samverkan.meetings import planning, selectors, services
from samverkan.meetings.access import (
    get_agenda_item_for_edit,
    get_meeting_for_agenda,
    get_meeting_for_edit,
    get_meeting_for_read,
    meeting_charter,
    meeting_rights,
    readable_among,
)
from samverkan.meetings.forms import (
    AgendaItemForm,
    CancelForm,
    MeetingForm,
    PlanYearForm,
)
from samverkan.meetings.models import Meeting, MeetingStatus
from samverkan.meetings.panels import meeting_page
from samverkan.meetings.views_documents import documents_context
from samverkan.meetings.views_notices import notices_context
from samverkan.structure.access import get_body_for_edit
from samverkan.structure.models import Charter
from samverkan.structure.rules_text import frequency_sentences, lead_text


def _visit_meeting(request: HttpRequest, meeting_id: int) -> str:
    return reverse("meetings:meeting", args=[meeting_id])


def _visit_item(request: HttpRequest, item_id: int) -> str:
    return reverse("meetings:agenda_item", args=[item_id])


def _own_facts(
    charter: Charter | None, meetings: list[Meeting], year: int
) -> planning.PlanningFacts:
    """What a booking status needs for `year` (the charter and the body's own booked days),
    from the meetings the page has read: no queries (`planning_facts` takes five a year)."""
    days = [
        timezone.localtime(m.starts_at, STOCKHOLM).date()
        for m in meetings
        if m.status != MeetingStatus.CANCELLED
    ]
    return planning.PlanningFacts(
        charter=charter, booked_days=[d for d in days if d.year == year], parent_days=[]
    )


@login_required
def body_meetings(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    body = get_body_for_edit(request.user, slug, key)
    today = timezone.localdate()
    year = today.year + 1
    requested = request.GET.get("year", "")
    if requested.isdigit() and 2000 <= int(requested) <= 2100:
        year = int(requested)
    plan_form = PlanYearForm(request.POST or None, initial={"year": year})
    proposals: list[planning.ProposedMeeting] = []
    if request.method == "POST" and plan_form.is_valid():
        year = plan_form.cleaned_data["year"]
        chosen: list[datetime.date] = plan_form.cleaned_data["days"]
        if chosen:
            try:
                booked = planning.year_plan_book(
                    body=body,
                    days=chosen,
                    by=acting_user(request),
                    place=plan_form.cleaned_data["place"],
                )
            except DomainError as exc:
                show_refusal(plan_form, exc.errors)
            else:
                messages.success(request, planning.booked_text(len(booked), year))
                return redirect("meetings:body_meetings", slug, key)
    if plan_form.is_bound and plan_form.is_valid():
        year = plan_form.cleaned_data["year"]
    facts = planning.planning_facts([body], year)[body.pk]
    charter = facts.charter
    proposals = planning.propose_year(body=body, year=year, facts=facts, after=today)
    meetings = selectors.meetings_of_body(body=body, from_year=today.year - 1)
    return render(
        request,
        "meetings/body_meetings.html",
        {
            "structure": body.structure,
            "body": body,
            "charter": charter,
            "frequency": frequency_sentences(charter) if charter else [],
            "year": year,
            "statuses": [
                planning.booking_status(body=body, year=y, facts=_own_facts(charter, meetings, y))
                for y in (today.year, today.year + 1)
            ],
            "proposals": proposals,
            "no_proposals": planning.no_proposals_reason(
                body=body, year=year, facts=facts, after=today
            ),
            "plan_status": planning.booking_status(body=body, year=year, facts=facts),
            "plan_form": plan_form,
            "meetings": meetings,
            "now": timezone.now(),
        },
    )


# --- One meeting: the page, and each action on it ------------------------------------------


@login_required
@require_safe
def meeting(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The working page: everything for the coordinators; the agenda, the documents, the
    notice and guests for the charter's conveners too (`MeetingRights`); to read for the
    body's other members and those called."""
    obj, _rights = get_meeting_for_read(request.user, meeting_id)
    return _meeting_page(request, obj)


def _meeting_page(request: HttpRequest, obj: Meeting, **bound: BaseForm) -> HttpResponse:
    """The meeting page; a refused action passes its form back (`meeting_form`, `item_form`
    or `cancel_form`), bound and with the reasons."""
    charter = meeting_charter(obj)
    items = selectors.agenda_items(meeting=obj)
    contributed = meeting_page.contribute(request, obj, items)
    rights = meeting_rights(request.user, obj)
    documents = documents_context(obj, items=items)
    # A guest called for one item sees that item's documents and the public ones only.
    documents["documents"] = readable_among(request.user, obj, rights, documents["documents"])
    return render(
        request,
        "meetings/meeting.html",
        {
            **documents,
            **notices_context(obj, request.user, items=items),
            "structure": obj.body.structure,
            "body": obj.body,
            "meeting": obj,
            "rights": rights,
            "charter": charter,
            "deadline": services.document_deadline(obj, charter),
            "lead_text": lead_text(charter),
            "items": items,
            "agenda": [(item, contributed.under(item)) for item in items],
            "panel_sections": contributed.sections,
            "meeting_form": bound.get("meeting_form")
            or MeetingForm(instance=obj, prefix="meeting"),
            "item_form": bound.get("item_form") or AgendaItemForm(prefix="item", body=obj.body),
            "cancel_form": bound.get("cancel_form") or CancelForm(prefix="cancel"),
            "local_start": timezone.localtime(obj.starts_at, STOCKHOLM),
            "local_end": timezone.localtime(obj.ends_at, STOCKHOLM),
        },
    )


@login_required
@require_safe
def meeting_events(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """What has happened to the meeting (planned, moved, called): loaded by the meeting page
    after it has shown, so the page itself reads less; a page of its own without JavaScript."""
    obj, rights = get_meeting_for_read(request.user, meeting_id)
    context = {
        "meeting": obj,
        "body": obj.body,
        "structure": obj.body.structure,
        "rights": rights,
        "events": selectors.meeting_events(meeting=obj),
        "local_start": timezone.localtime(obj.starts_at, STOCKHOLM),
    }
    return part_or_page(request, "meetings/_events.html", "meetings/events.html", context)


def _submit(
    request: HttpRequest,
    obj: Meeting,
    form: BaseForm,
    act: Callable[[], object],
    *,
    slot: str,
    done: str,
    on_conflict: Callable[[], BaseForm] | None = None,
) -> HttpResponse:
    """Do `act` with a valid form and return to the meeting; else show the page again with
    the form in `slot`, its input kept and the reasons beside the fields."""
    if form.is_valid():
        try:
            act()
        except DomainError as exc:
            if isinstance(exc, ConflictError) and on_conflict is not None:
                form = on_conflict()
            show_refusal(form, exc.errors)
            if isinstance(exc, ConflictError):
                form.conflict = True  # type: ignore[attr-defined]
        else:
            messages.success(request, done)
            return redirect("meetings:meeting", obj.pk)
    return _meeting_page(request, obj, **{slot: form})


@login_required
@post_action(_visit_meeting)
def meeting_save(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Change the meeting's time, place or form."""
    obj = get_meeting_for_edit(request.user, meeting_id)
    form = MeetingForm(
        request.POST, instance=selectors.saved_meeting(meeting=obj), prefix="meeting"
    )

    def save() -> None:
        services.meeting_update(
            meeting=obj,
            expected_version=form.cleaned_data["lock_version"],
            by=acting_user(request),
            reason=form.cleaned_data["reason"],
            **form.changes(),
        )

    def keep_input() -> MeetingForm:
        # Keep the user's text but with the saved version, so that saving again after
        # comparing goes through.
        saved = selectors.saved_meeting(meeting=obj)
        kept = request.POST.copy()
        kept["meeting-lock_version"] = str(saved.lock_version)
        again = MeetingForm(kept, instance=saved, prefix="meeting")
        again.is_valid()
        return again

    return _submit(
        request,
        obj,
        form,
        save,
        slot="meeting_form",
        done="Mötet är sparat.",
        on_conflict=keep_input,
    )


@login_required
@post_action(_visit_meeting)
def meeting_cancel(request: HttpRequest, meeting_id: int) -> HttpResponse:
    obj = get_meeting_for_edit(request.user, meeting_id)
    form = CancelForm(request.POST, prefix="cancel")

    def cancel() -> None:
        services.meeting_cancel(
            meeting=obj,
            by=acting_user(request),
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["lock_version"],
        )

    return _submit(request, obj, form, cancel, slot="cancel_form", done="Mötet är inställt.")


@login_required
@post_action(_visit_meeting)
def agenda_item_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    obj = get_meeting_for_agenda(request.user, meeting_id)
    form = AgendaItemForm(request.POST, prefix="item", body=obj.body)

    def add() -> None:
        services.agenda_item_add(by=acting_user(request), meeting=obj, **form.changes())

    return _submit(request, obj, form, add, slot="item_form", done="Punkten är tillagd.")


def _move(request: HttpRequest, item_id: int, *, up: bool) -> HttpResponse:
    item = get_agenda_item_for_edit(request.user, item_id)
    try:
        services.agenda_item_move(by=acting_user(request), item=item, up=up)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("meetings:meeting", item.meeting_id)


@login_required
@post_action(_visit_item)
def agenda_item_up(request: HttpRequest, item_id: int) -> HttpResponse:
    return _move(request, item_id, up=True)


@login_required
@post_action(_visit_item)
def agenda_item_down(request: HttpRequest, item_id: int) -> HttpResponse:
    return _move(request, item_id, up=False)


@login_required
@post_action(_visit_item)
def agenda_item_remove(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_agenda_item_for_edit(request.user, item_id)
    try:
        services.agenda_item_remove(by=acting_user(request), item=item)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Punkten {item.title} är borttagen.")
    return redirect("meetings:meeting", item.meeting_id)


@login_required
def agenda_item(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_agenda_item_for_edit(request.user, item_id)
    meeting_obj = item.meeting
    form = AgendaItemForm(request.POST or None, instance=item, prefix="item", body=meeting_obj.body)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_update(
                by=acting_user(request),
                item=item,
                expected_version=form.cleaned_data["lock_version"],
                **form.changes(),
            )
        except DomainError as exc:
            show_refusal(form, exc.errors)
        else:
            messages.success(request, "Punkten är sparad.")
            return redirect("meetings:meeting", meeting_obj.pk)
    return render(
        request,
        "meetings/agenda_item.html",
        {
            "item": item,
            "meeting": meeting_obj,
            "rights": meeting_rights(request.user, meeting_obj),
            "form": form,
            "body": meeting_obj.body,
            "structure": meeting_obj.body.structure,
        },
    )
