"""Meeting pages for coordinators: the year's plan for a body, and one meeting with its agenda."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from samverkan.lib.errors import ConflictError, DomainError
from samverkan.lib.localtime import STOCKHOLM
from samverkan.lib.users import acting_user
from samverkan.lib.webforms import show_refusal
from samverkan.meetings import planning
from samverkan.meetings.access import get_meeting_for_edit
from samverkan.meetings.forms import (
    AgendaItemForm,
    CancelForm,
    MeetingForm,
    PlanYearForm,
)
from samverkan.meetings.models import AgendaItem, Meeting
from samverkan.meetings.services import (
    agenda_item_add,
    agenda_item_move,
    agenda_item_remove,
    agenda_item_update,
    document_deadline,
    meeting_cancel,
    meeting_update,
)
from samverkan.meetings.views_documents import documents_context
from samverkan.meetings.views_notices import notices_context
from samverkan.minutes.access import can_write_minutes
from samverkan.minutes.services import open_actions
from samverkan.structure.access import get_body_for_edit, get_structure_for_edit
from samverkan.structure.models import Body, BodyKind
from samverkan.structure.rules_text import frequency_sentences, lead_text
from samverkan.structure.services import current_charter


@login_required
def body_meetings(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    body = get_body_for_edit(request.user, slug, key)
    charter = current_charter(body)
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
                messages.success(request, f"{len(booked)} möten är bokade för {year}.")
                return redirect("meetings:body_meetings", slug, key)
    if plan_form.is_bound and plan_form.is_valid():
        year = plan_form.cleaned_data["year"]
    proposals = planning.propose_year(body=body, year=year)
    meetings = list(
        Meeting.objects.filter(body=body, starts_at__year__gte=today.year - 1).order_by("starts_at")
    )
    return render(
        request,
        "meetings/body_meetings.html",
        {
            "structure": body.structure,
            "body": body,
            "charter": charter,
            "frequency": frequency_sentences(charter) if charter else [],
            "year": year,
            "status_this_year": planning.booking_status(body=body, year=today.year),
            "status_next_year": planning.booking_status(body=body, year=today.year + 1),
            "proposals": proposals,
            "plan_status": planning.booking_status(body=body, year=year),
            "plan_form": plan_form,
            "meetings": meetings,
            "now": timezone.now(),
        },
    )


@login_required
def structure_meetings(request: HttpRequest, slug: str) -> HttpResponse:
    """Plan next year for many bodies at once, e.g. all local groups of the structure."""
    structure = get_structure_for_edit(request.user, slug)
    today = timezone.localdate()
    year = _year(request.POST.get("year") or request.GET.get("year"), today.year + 1)
    kind = request.POST.get("kind") or request.GET.get("kind") or ""
    bodies = list(
        Body.objects.filter(structure=structure, **({"kind": kind} if kind else {}))
        .select_related("parent")
        .order_by("position", "name")
    )
    facts = planning.planning_facts(bodies, year)
    rows = [
        (
            body,
            planning.booking_status(body=body, year=year, facts=facts[body.pk]),
            planning.propose_year(body=body, year=year, facts=facts[body.pk]),
        )
        for body in bodies
        if facts[body.pk].charter is not None
    ]
    error = ""
    if request.method == "POST":
        plans: dict[Body, list[datetime.date]] = {}
        try:
            for body, _status, _proposals in rows:
                plans[body] = [
                    datetime.date.fromisoformat(value)
                    for value in request.POST.getlist(f"days-{body.pk}")
                ]
        except ValueError:
            error = "Ett av datumen gick inte att läsa."
        else:
            try:
                booked = planning.year_plan_book_many(
                    plans=plans, by=acting_user(request), place=request.POST.get("place", "")
                )
            except DomainError as exc:
                error = exc.message
            else:
                messages.success(
                    request,
                    f"{len(booked)} möten är bokade för {year} i {len([p for p in plans.values() if p])} grupper.",
                )
                return redirect(f"{request.path}?year={year}&kind={kind}")
    return render(
        request,
        "meetings/structure_meetings.html",
        {
            "structure": structure,
            "year": year,
            "kind": kind,
            "kinds": BodyKind.choices,
            "rows": rows,
            "error": error,
        },
    )


def _year(value: str | None, default: int) -> int:
    if value and value.isdigit() and 2000 <= int(value) <= 2100:
        return int(value)
    return default


@login_required
def meeting(request: HttpRequest, meeting_id: int) -> HttpResponse:
    obj = get_meeting_for_edit(request.user, meeting_id)
    charter = current_charter(obj.body)
    meeting_form = MeetingForm(instance=obj, prefix="meeting")
    item_form = AgendaItemForm(prefix="item", body=obj.body)
    cancel_form = CancelForm(prefix="cancel")
    action = request.POST.get("action") if request.method == "POST" else None

    try:
        if action == "meeting":
            meeting_form = MeetingForm(
                request.POST, instance=Meeting.objects.get(pk=obj.pk), prefix="meeting"
            )
            if meeting_form.is_valid():
                data = meeting_form.cleaned_data
                meeting_update(
                    meeting=obj,
                    expected_version=data["lock_version"],
                    by=acting_user(request),
                    reason=data["reason"],
                    **meeting_form.changes(),
                )
                messages.success(request, "Mötet är sparat.")
                return redirect("meetings:meeting", obj.pk)
        elif action == "cancel":
            cancel_form = CancelForm(request.POST, prefix="cancel")
            if cancel_form.is_valid():
                meeting_cancel(
                    meeting=obj,
                    by=acting_user(request),
                    reason=cancel_form.cleaned_data["reason"],
                    expected_version=cancel_form.cleaned_data["lock_version"],
                )
                messages.success(request, "Mötet är inställt.")
                return redirect("meetings:meeting", obj.pk)
        elif action == "add_item":
            item_form = AgendaItemForm(request.POST, prefix="item", body=obj.body)
            if item_form.is_valid():
                agenda_item_add(by=acting_user(request), meeting=obj, **item_form.changes())
                messages.success(request, "Punkten är tillagd.")
                return redirect("meetings:meeting", obj.pk)
        elif action in ("up", "down", "remove"):
            item_id = request.POST.get("item", "")
            item = (
                AgendaItem.objects.filter(pk=int(item_id), meeting=obj).first()
                if item_id.isdigit()
                else None
            )
            if item is None:
                raise Http404("Punkten finns inte.")
            if action == "remove":
                agenda_item_remove(by=acting_user(request), item=item)
                messages.success(request, f"Punkten {item.title} är borttagen.")
            else:
                agenda_item_move(by=acting_user(request), item=item, up=action == "up")
            return redirect("meetings:meeting", obj.pk)
    except DomainError as exc:
        form = {"meeting": meeting_form, "cancel": cancel_form, "add_item": item_form}.get(
            action or ""
        )
        if form is not None:
            if isinstance(exc, ConflictError) and action == "meeting":
                # Keep the user's text but with the saved version, so that saving again
                # after comparing goes through.
                data = request.POST.copy()
                data["meeting-lock_version"] = str(Meeting.objects.get(pk=obj.pk).lock_version)
                form = meeting_form = MeetingForm(
                    data, instance=Meeting.objects.get(pk=obj.pk), prefix="meeting"
                )
                form.is_valid()
            show_refusal(form, exc.errors)
            if isinstance(exc, ConflictError):
                form.conflict = True  # type: ignore[attr-defined]
        else:
            messages.error(request, exc.message)
            return redirect("meetings:meeting", obj.pk)

    return render(
        request,
        "meetings/meeting.html",
        {
            **documents_context(obj),
            **notices_context(obj, request.user),
            "structure": obj.body.structure,
            "body": obj.body,
            "meeting": obj,
            "charter": charter,
            "deadline": document_deadline(obj, charter),
            "lead_text": lead_text(charter),
            "items": list(obj.agenda_items.select_related("owner", "standing_item")),
            # Minutes sit above meetings; this face shows both.
            "minutes_list": list(obj.minutes.order_by("pk")),
            "open_actions": open_actions(obj.body, before=obj.starts_at),
            "can_write_minutes": can_write_minutes(request.user, obj.body),
            "events": list(obj.events.select_related("by")),
            "meeting_form": meeting_form,
            "item_form": item_form,
            "cancel_form": cancel_form,
            "local_start": timezone.localtime(obj.starts_at, STOCKHOLM),
            "local_end": timezone.localtime(obj.ends_at, STOCKHOLM),
        },
    )


@login_required
def agenda_item(request: HttpRequest, item_id: int) -> HttpResponse:
    item = AgendaItem.objects.select_related("meeting").filter(pk=item_id).first()
    if item is None:
        raise Http404("Punkten finns inte.")
    meeting_obj = get_meeting_for_edit(request.user, item.meeting_id)
    form = AgendaItemForm(request.POST or None, instance=item, prefix="item", body=meeting_obj.body)
    if request.method == "POST" and form.is_valid():
        try:
            agenda_item_update(
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
            "form": form,
            "body": meeting_obj.body,
            "structure": meeting_obj.body.structure,
        },
    )
