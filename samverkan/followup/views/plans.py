"""Working pages for activity plans: a structure's overview, a body's plans per year, the
plan with its activities, and one view per action. A refused action shows its page again
with the reason beside the field and at the top."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from samverkan.cases.access import member_body_ids
from samverkan.followup.access import plans as access
from samverkan.followup.forms.plans import (
    ActivityEditForm,
    ActivityForm,
    LockForm,
    PlanCreateForm,
    PlanEditForm,
    RevisionForm,
    StatusForm,
)
from samverkan.followup.models import Activity, ActivityStatus
from samverkan.followup.selectors.plans import (
    PlanChoices,
    activities_joined,
    body_plans,
    overdue_activities,
    plan_choices,
    status_counts,
    structure_overview,
)
from samverkan.followup.services import plans as services
from samverkan.lib.errors import DomainError
from samverkan.lib.localtime import local_today
from samverkan.lib.swedish import date_text
from samverkan.lib.users import acting_user
from samverkan.lib.webforms import post_action, show_refusal
from samverkan.structure.access import (
    get_body_for_read,
    get_structure_for_read,
    is_admin,
)
from samverkan.structure.models import Body


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 6 else None


PER_PAGE = 50


def _pk(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


# --- Overview and a body's plans ------------------------------------------------------------


@login_required
@require_safe
def plan_overview(request: HttpRequest, structure_slug: str) -> HttpResponse:
    """Which bodies have a plan for the year, and whether it is revised."""
    structure = get_structure_for_read(structure_slug)
    user = request.user
    today = local_today()
    year = _int(request.GET.get("ar")) or today.year
    readable = access.plan_reader_body_ids(user, structure)
    rows = [
        row
        for row in structure_overview(structure=structure, year=year, today=today)
        if readable is None or row.body.pk in readable
    ]
    # 50 bodies a page: a large structure has hundreds with a plan or a duty to have one.
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("sida"))
    return render(
        request,
        "followup/plans/overview.html",
        {
            "structure": structure,
            "rows": page.object_list,
            "page": page,
            "query": f"ar={year}",
            "year": year,
            "today": today,
        },
    )


def _body_page(
    request: HttpRequest, body: Body, form: PlanCreateForm | None, status: int = 200
) -> HttpResponse:
    today = local_today()
    may_edit = access.can_edit_body_plans(request.user, body)
    plans = body_plans(body)
    if may_edit and form is None:
        year = today.year
        if any(p.year == year for p in plans):
            year += 1
        form = PlanCreateForm(
            initial={
                "year": year,
                "title": f"Aktivitetsplan för {body.name} {year}",
                "from_previous": bool(plans),
            }
        )
    return render(
        request,
        "followup/plans/body_plans.html",
        {
            "structure": body.structure,
            "body": body,
            "plans": plans,
            "form": form if may_edit else None,
            "today": today,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan_body(request: HttpRequest, structure_slug: str, key: str) -> HttpResponse:
    body = get_body_for_read(structure_slug, key)
    if request.method != "POST":
        access.get_body_plans_for_read(request.user, body)
        return _body_page(request, body, None)
    access.get_body_plans_for_edit(request.user, body)
    user = acting_user(request)
    form = PlanCreateForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.plan_create(
                by=user,
                body=body,
                year=data["year"],
                title=data["title"],
                description=data["description"],
                revise_by=data["revise_by"],
                from_previous=data["from_previous"],
            )
        except DomainError as exc:
            show_refusal(form, exc.errors)
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Aktivitetsplanen för {plan.year} är skapad.")
            return redirect("followup:plan", plan.pk)
    return _body_page(request, body, form, status=400)


# --- The plan page --------------------------------------------------------------------------


def _choices(request: HttpRequest, body: Body, keep: Activity | None = None) -> PlanChoices:
    """What the editor may name in an activity: only cases and assignments they may read."""
    structure = body.structure
    sent = request.POST if request.method == "POST" else {}
    # The user's bodies, read once for both lists.
    bodies = member_body_ids(request.user) if not is_admin(request.user) else set()
    return plan_choices(
        body=body,
        cases=access.linkable_cases(request.user, structure, bodies=bodies),
        assignments=access.linkable_assignments(request.user, structure, bodies=bodies),
        keep=keep,
        wanted_case=_pk(sent.get("case")),
        wanted_assignment=_pk(sent.get("assignment")),
    )


def _activity_form(cls: type[ActivityForm], choices: PlanChoices, *args: Any, **kw: Any) -> Any:
    return cls(
        *args, people=choices.people, cases=choices.cases, assignments=choices.assignments, **kw
    )


def _plan_page(
    request: HttpRequest,
    plan_id: int,
    *,
    forms: dict[str, Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    plan = access.get_plan_for_read(user, plan_id)
    # The plan as read (body and structure joined), with its activities: not read twice.
    prefetch_related_objects([plan], Prefetch("activities", queryset=activities_joined()))
    today = local_today()
    may_edit = access.can_edit_body_plans(user, plan.body)
    activities = list(plan.activities.all())
    access.mark_shown_links(user, activities)
    forms = forms or {}
    context: dict[str, Any] = {
        "plan": plan,
        "body": plan.body,
        "structure": plan.body.structure,
        "activities": activities,
        "counts": status_counts(plan),
        "overdue_ids": {a.pk for a in overdue_activities(plan, today)},
        "today": today,
        "may_edit": may_edit,
        "statuses": ActivityStatus.choices,
        "revision_due": plan.revise_by is not None and plan.revise_by <= today,
    }
    if may_edit:
        lock = {"lock_version": plan.lock_version}
        context["revision_form"] = forms.get("revision") or RevisionForm(
            initial={**lock, "revised_on": today}
        )
        context["edit_form"] = forms.get("edit") or PlanEditForm(
            initial={
                **lock,
                "title": plan.title,
                "description": plan.description,
                "revise_by": plan.revise_by,
            }
        )
        context["activity_form"] = forms.get("activity") or _activity_form(
            ActivityForm, _choices(request, plan.body)
        )
    return render(request, "followup/plans/plan.html", context, status=status)


@login_required
@require_safe
def plan_page(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _plan_page(request, plan_id)


def _back(request: HttpRequest, plan_id: int, activity_id: int | None = None) -> str:
    return reverse("followup:plan", args=[plan_id])


@login_required
@post_action(_back)
def plan_edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    user = acting_user(request)
    plan = access.get_plan_for_edit(user, plan_id)
    form = PlanEditForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_update(
                by=user,
                plan=plan,
                expected_version=data["lock_version"],
                title=data["title"],
                description=data["description"],
                revise_by=data["revise_by"],
            )
        except DomainError as exc:
            show_refusal(form, exc.errors)
            messages.error(request, exc.message)
        else:
            messages.success(request, "Planens uppgifter är sparade.")
            return redirect("followup:plan", plan.pk)
    return _plan_page(request, plan_id, forms={"edit": form}, status=400)


@login_required
@post_action(_back)
def plan_revise(request: HttpRequest, plan_id: int) -> HttpResponse:
    user = acting_user(request)
    plan = access.get_plan_for_edit(user, plan_id)
    form = RevisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_revise(
                by=user,
                plan=plan,
                revised_on=data["revised_on"],
                note=data["note"],
                expected_version=data["lock_version"],
            )
        except DomainError as exc:
            show_refusal(form, exc.errors)
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                "Revideringen är sparad. Nästa revidering senast "
                f"{date_text(services.one_year_on(data['revised_on']))}.",
            )
            return redirect("followup:plan", plan.pk)
    return _plan_page(request, plan_id, forms={"revision": form}, status=400)


def _activity_values(data: dict[str, Any], choices: PlanChoices) -> dict[str, Any]:
    """The form's values with the chosen person, case and assignment as objects; a choice
    not offered raises KeyError."""
    people = {p.pk: p for p in choices.people}
    cases = {c.pk: c for c in choices.cases}
    assignments = {a.pk: a for a in choices.assignments}
    return {
        "title": data["title"],
        "description": data["description"],
        "owner": people[data["owner"]] if data["owner"] else None,
        "owner_text": data["owner_text"],
        "due_on": data["due_on"],
        "status": data["status"],
        "case": cases[data["case"]] if data["case"] else None,
        "assignment": assignments[data["assignment"]] if data["assignment"] else None,
    }


@login_required
@post_action(_back)
def activity_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    user = acting_user(request)
    plan = access.get_plan_for_edit(user, plan_id)
    choices = _choices(request, plan.body)
    form = _activity_form(ActivityForm, choices, request.POST)
    if form.is_valid():
        try:
            activity = services.activity_add(
                by=user, plan=plan, **_activity_values(form.cleaned_data, choices)
            )
        except DomainError as exc:
            show_refusal(form, exc.errors)
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Aktiviteten ”{activity.title}” är tillagd.")
            return redirect(f"{reverse('followup:plan', args=[plan.pk])}#aktiviteter")
    return _plan_page(request, plan_id, forms={"activity": form}, status=400)


def _activity_page(
    request: HttpRequest, activity: Activity, form: ActivityEditForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "followup/plans/activity_edit.html",
        {
            "activity": activity,
            "plan": activity.plan,
            "body": activity.plan.body,
            "structure": activity.plan.body.structure,
            "form": form,
            "remove_form": LockForm(initial={"lock_version": activity.lock_version}),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def activity_edit(request: HttpRequest, plan_id: int, activity_id: int) -> HttpResponse:
    user = request.user
    activity = access.get_activity_for_edit(user, plan_id, activity_id)
    choices = _choices(request, activity.plan.body, keep=activity)
    if request.method != "POST":
        form = _activity_form(
            ActivityEditForm,
            choices,
            initial={
                "lock_version": activity.lock_version,
                "title": activity.title,
                "description": activity.description,
                "owner": activity.owner_id,
                "owner_text": activity.owner_text,
                "due_on": activity.due_on,
                "status": activity.status,
                "case": activity.case_id,
                "assignment": activity.assignment_id,
            },
        )
        return _activity_page(request, activity, form)
    form = _activity_form(ActivityEditForm, choices, request.POST)
    if form.is_valid():
        try:
            services.activity_update(
                by=acting_user(request),
                activity=activity,
                expected_version=form.cleaned_data["lock_version"],
                **_activity_values(form.cleaned_data, choices),
            )
        except DomainError as exc:
            show_refusal(form, exc.errors)
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Aktiviteten ”{activity.title}” är sparad.")
            return redirect(f"{reverse('followup:plan', args=[plan_id])}#aktiviteter")
    return _activity_page(request, activity, form, status=400)


@login_required
@post_action(_back)
def activity_status(request: HttpRequest, plan_id: int, activity_id: int) -> HttpResponse:
    user = acting_user(request)
    activity = access.get_activity_for_edit(user, plan_id, activity_id)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Välj en status.")
    else:
        try:
            services.activity_set_status(
                by=user,
                activity=activity,
                status=form.cleaned_data["status"],
                expected_version=form.cleaned_data["lock_version"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                f"”{activity.title}” har status {activity.get_status_display().lower()}.",
            )
    return redirect(f"{reverse('followup:plan', args=[plan_id])}#aktiviteter")


@login_required
@post_action(_back)
def activity_remove(request: HttpRequest, plan_id: int, activity_id: int) -> HttpResponse:
    user = acting_user(request)
    activity = access.get_activity_for_edit(user, plan_id, activity_id)
    form = LockForm(request.POST)
    try:
        services.activity_remove(
            by=user,
            activity=activity,
            expected_version=form.cleaned_data["lock_version"] if form.is_valid() else None,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("followup:activity_edit", plan_id, activity_id)
    messages.success(request, f"Aktiviteten ”{activity.title}” är borttagen ur planen.")
    return redirect(f"{reverse('followup:plan', args=[plan_id])}#aktiviteter")


@login_required
@post_action(_back)
def activity_move(request: HttpRequest, plan_id: int, activity_id: int) -> HttpResponse:
    user = acting_user(request)
    activity = access.get_activity_for_edit(user, plan_id, activity_id)
    services.activity_move(by=user, activity=activity, up=request.POST.get("riktning") == "upp")
    return redirect(f"{reverse('followup:plan', args=[plan_id])}#aktiviteter")
