"""Working pages for assignments: a structure's list, a body's "Ge uppdrag" form, and one
page per assignment with an address for each action on it.

A refused action shows the page again with the user's input and the reason beside the
field; an accepted one redirects back with a message. Who may do what is decided by
`cases/access.py` (someone who may not read an assignment gets 404).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from samverkan.cases import access
from samverkan.cases.forms_assignments import (
    AssignmentFilterForm,
    AssignmentForm,
    ReportForm,
    WithdrawForm,
    initial_for,
)
from samverkan.cases.models import Assignment, AssignmentStatus
from samverkan.cases.selectors.assignments import (
    assignment_with_parts,
    assignments_listed,
    bodies_below,
    structure_bodies,
    structure_people,
)
from samverkan.cases.services.assignments import (
    FINISHED,
    assignment_close,
    assignment_give,
    assignment_headings,
    assignment_report,
    assignment_start,
    assignment_update,
    assignment_withdraw,
    giving_charter,
    is_overdue,
    needs_responsible,
    report_file_response,
)
from samverkan.lib.errors import ConflictError, DomainError
from samverkan.lib.localtime import local_today
from samverkan.lib.users import acting_user
from samverkan.lib.webforms import post_action, show_refusal
from samverkan.structure.bodypicker import body_choice
from samverkan.structure.models import Body, Structure

# --- A structure's assignments -----------------------------------------------------------


PER_PAGE = 50


def _id(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


@login_required
@require_safe
def structure_assignments(request: HttpRequest, structure_slug: str) -> HttpResponse:
    """The structure's assignments, earliest due first, 50 a page; the body filters and the
    "Ge uppdrag" choice offer a bounded list with a search (`structure/bodypicker.py`)."""
    structure = get_object_or_404(Structure, slug=structure_slug)
    data = request.GET
    given_choice = body_choice(
        structure=structure, field="given_by", data=data, keep=[_id(data.get("given_by"))]
    )
    to_choice = body_choice(
        structure=structure, field="to_body", data=data, keep=[_id(data.get("to_body"))]
    )
    form = AssignmentFilterForm(
        data or None, given_by=given_choice.bodies, to_body=to_choice.bodies
    )
    status = given_by = to_body = None
    overdue: bool | None = None
    if form.is_valid():
        chosen = form.cleaned_data.get("status") or ""
        if chosen == "overdue":
            overdue = True
        elif chosen:
            status = chosen
        given_by = form.cleaned_data.get("given_by")
        to_body = form.cleaned_data.get("to_body")
    today = local_today()
    listed = assignments_listed(
        viewer=request.user,
        structure=structure.slug,
        status=status,
        given_by=given_by,
        to_body=to_body,
        overdue=overdue,
        today=today,
    )
    page = Paginator(listed, PER_PAGE).get_page(data.get("sida"))
    giving = access.giving_body_ids(request.user, structure)
    give_choice = body_choice(structure=structure, field="grupp", data=data, only=giving)
    query = data.copy()
    query.pop("sida", None)
    return render(
        request,
        "cases/assignment_list.html",
        {
            "structure": structure,
            "form": form,
            "page": page,
            "rows": [(a, is_overdue(a, today)) for a in page.object_list],
            "filtered": bool(status or given_by or to_body or overdue),
            "given_choice": given_choice,
            "to_choice": to_choice,
            "give_choice": give_choice,
            "query": query.urlencode(),
        },
    )


@login_required
@require_safe
def give_choose(request: HttpRequest) -> HttpResponse:
    """The "Ge uppdrag" choice of a structure with many bodies: on to the chosen body's form
    (which checks that the user may give from it), or back to the list."""
    body = get_object_or_404(Body, pk=_id(request.GET.get("grupp")) or 0)
    return redirect("cases:assignment_give", body.pk)


# --- Giving an assignment ---------------------------------------------------------------


def _form(
    body: Body,
    data: Any = None,
    *,
    initial: dict[str, Any] | None = None,
    prefix: str = "",
    assignment: Assignment | None = None,
) -> AssignmentForm:
    """The form for `body`'s assignments; the people to choose among are those with a seat in
    the structure, and on an existing assignment also those it already names."""
    charter = giving_charter(body)
    named: list[int] = []
    if assignment is not None:
        named = [p.pk for p in assignment.responsible.all()]
        if assignment.to_person_id:
            named.append(assignment.to_person_id)
    people = structure_people(structure=body.structure, also=named)
    return AssignmentForm(
        data,
        initial=initial,
        prefix=prefix or None,
        giver=body,
        headings=assignment_headings(body, charter),
        receivers=bodies_below(body=body),
        bodies=structure_bodies(structure=body.structure),
        people=people,
        needs_responsible=needs_responsible(body, charter),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def give(request: HttpRequest, body_id: int) -> HttpResponse:
    body = access.get_body_for_giving(request.user, body_id)
    if request.method != "POST":
        form = _form(body, initial={"given_on": local_today()})
    else:
        form = _form(body, request.POST)
        if form.is_valid():
            try:
                assignment = assignment_give(
                    by=acting_user(request), given_by=body, **form.values()
                )
            except DomainError as exc:
                show_refusal(form, _on_sections(exc.errors))
                messages.error(request, "Uppdraget gavs inte: " + exc.message)
            else:
                messages.success(request, f"Uppdraget ”{assignment.title}” är givet.")
                return redirect("cases:assignment", assignment.pk)
    return render(
        request,
        "cases/assignment_give.html",
        {
            "body": body,
            "structure": body.structure,
            "form": form,
            "charter": giving_charter(body),
            "needs_responsible": needs_responsible(body),
        },
    )


def _on_sections(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """A refusal of the headings concerns the description as a whole: shown at the top."""
    return {("__all__" if k == "sections" else k): v for k, v in errors.items()}


# --- One assignment ------------------------------------------------------------------------


def _page(request: HttpRequest, assignment_id: int, **bound: Any) -> HttpResponse:
    found = access.get_assignment_for_read(request.user, assignment_id)
    assignment = assignment_with_parts(assignment_id=found.pk)
    user = request.user
    today = local_today()
    open_ = assignment.status not in FINISHED
    can_edit = access.can_edit_assignment(user, assignment)
    can_report = access.can_report_assignment(user, assignment)
    context: dict[str, Any] = {
        "assignment": assignment,
        "structure": assignment.structure,
        "today": today,
        "overdue": is_overdue(assignment, today),
        "days_late": (today - assignment.due_on).days,
        "can_edit": can_edit and open_,
        "can_history": can_edit,
        "can_start": can_report and assignment.status == AssignmentStatus.GIVEN,
        "can_report": can_report and open_,
        "can_close": access.can_close_assignment(user, assignment)
        and assignment.status == AssignmentStatus.REPORTED,
    }
    if context["can_edit"]:
        context["edit_form"] = bound.get("edit_form") or _form(
            assignment.given_by,
            initial=initial_for(assignment),
            prefix="edit",
            assignment=assignment,
        )
        context["withdraw_form"] = bound.get("withdraw_form") or WithdrawForm(
            prefix="withdraw", initial={"lock_version": assignment.lock_version}
        )
    if context["can_report"]:
        context["report_form"] = bound.get("report_form") or ReportForm(
            prefix="report",
            initial={
                "report_text": assignment.report_text,
                "lock_version": assignment.lock_version,
            },
        )
    context["conflict"] = bound.get("conflict", False)
    return render(request, "cases/assignment_page.html", context)


def _back(request: HttpRequest, assignment_id: int) -> str:
    return reverse("cases:assignment", args=[assignment_id])


@login_required
@require_safe
def assignment_page(request: HttpRequest, assignment_id: int) -> HttpResponse:
    return _page(request, assignment_id)


@login_required
@post_action(_back)
def update(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = access.get_assignment_for_edit(request.user, assignment_id)
    form = _form(assignment.given_by, request.POST, prefix="edit", assignment=assignment)
    if form.is_valid():
        try:
            assignment_update(
                by=acting_user(request),
                assignment=assignment,
                expected_version=form.cleaned_data.get("lock_version"),
                **form.values(),
            )
        except ConflictError as exc:
            form.add_error(None, exc.message)
            return _page(request, assignment_id, edit_form=form, conflict=True)
        except DomainError as exc:
            show_refusal(form, _on_sections(exc.errors))
            messages.error(request, "Ändringen sparades inte: " + exc.message)
        else:
            messages.success(request, "Uppdraget är sparat.")
            return redirect("cases:assignment", assignment.pk)
    return _page(request, assignment_id, edit_form=form)


def _lock(request: HttpRequest, prefix: str = "") -> int | None:
    value = request.POST.get(f"{prefix}-lock_version" if prefix else "lock_version", "")
    return int(value) if value.isdigit() else None


def _simple(request: HttpRequest, assignment: Assignment, act: Any, done: str) -> HttpResponse:
    try:
        act()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("cases:assignment", assignment.pk)


@login_required
@post_action(_back)
def start(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = access.get_assignment_for_report(request.user, assignment_id)
    return _simple(
        request,
        assignment,
        lambda: assignment_start(
            by=acting_user(request), assignment=assignment, expected_version=_lock(request)
        ),
        "Uppdraget är markerat som påbörjat.",
    )


@login_required
@post_action(_back)
def report(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = access.get_assignment_for_report(request.user, assignment_id)
    form = ReportForm(request.POST, request.FILES, prefix="report")
    if form.is_valid():
        try:
            assignment_report(
                by=acting_user(request),
                assignment=assignment,
                text=form.cleaned_data["report_text"],
                file=form.cleaned_data.get("report_file") or None,
                expected_version=form.cleaned_data.get("lock_version"),
            )
        except ConflictError as exc:
            form.add_error(None, exc.message)
            return _page(request, assignment_id, report_form=form, conflict=True)
        except DomainError as exc:
            show_refusal(
                form, {("report_file" if k == "file" else k): v for k, v in exc.errors.items()}
            )
        else:
            messages.success(
                request, f"Återrapporteringen är lämnad till {assignment.report_to.name}."
            )
            return redirect("cases:assignment", assignment.pk)
    return _page(request, assignment_id, report_form=form)


@login_required
@post_action(_back)
def close(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = access.get_assignment_for_closing(request.user, assignment_id)
    return _simple(
        request,
        assignment,
        lambda: assignment_close(
            by=acting_user(request), assignment=assignment, expected_version=_lock(request)
        ),
        "Återrapporteringen är mottagen och uppdraget avslutat.",
    )


@login_required
@post_action(_back)
def withdraw(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = access.get_assignment_for_edit(request.user, assignment_id)
    form = WithdrawForm(request.POST, prefix="withdraw")
    if form.is_valid():
        return _simple(
            request,
            assignment,
            lambda: assignment_withdraw(
                by=acting_user(request),
                assignment=assignment,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data.get("lock_version"),
            ),
            "Uppdraget är återkallat.",
        )
    return _page(request, assignment_id, withdraw_form=form)


@login_required
@require_safe
def report_file(request: HttpRequest, assignment_id: int) -> FileResponse:
    """The report-back's file, for those who may read the assignment."""
    assignment = access.get_assignment_for_read(request.user, assignment_id)
    return report_file_response(assignment)
