"""Working pages for the register of decision bodies: a structure's principals, each with
the bodies where it decides recommendations, and one address per change. Only the
structure's coordinators (and administrators) see and change the register."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from samverkan.cases.access import get_decision_body_for_edit
from samverkan.cases.forms_recommendations import DecisionBodyForm
from samverkan.cases.models import DecisionBody
from samverkan.cases.selectors.recommendations import (
    decision_body_register,
    eligible_principal_ids,
)
from samverkan.cases.services.principal_decisions import (
    decision_body_create,
    decision_body_delete,
    decision_body_update,
)
from samverkan.lib.errors import DomainError
from samverkan.lib.users import acting_user
from samverkan.lib.webforms import post_action, show_refusal
from samverkan.structure.access import get_structure_for_edit
from samverkan.structure.models import Principal, Structure


def _edit_form(body: DecisionBody) -> DecisionBodyForm:
    return DecisionBodyForm(
        prefix=f"b{body.pk}",
        initial={
            "name": body.name,
            "registrar_email": body.registrar_email,
            "is_default": body.is_default,
            "lock_version": body.lock_version,
        },
    )


@dataclass
class Section:
    principal: Principal
    default: DecisionBody | None
    bodies: list[tuple[DecisionBody, DecisionBodyForm, int]]
    add_form: DecisionBodyForm
    open: bool


def _page(request: HttpRequest, structure: Structure, **extra: Any) -> HttpResponse:
    register = decision_body_register(structure=structure)
    bound_add: DecisionBodyForm | None = extra.pop("add_form", None)
    bound_add_for: int | None = extra.pop("add_for", None)
    bound_edit: DecisionBodyForm | None = extra.pop("edit_form", None)
    bound_edit_for: int | None = extra.pop("edit_for", None)
    sections = []
    for entry in register:
        add_form = (
            bound_add
            if bound_add is not None and bound_add_for == entry.principal.pk
            else DecisionBodyForm(prefix=f"p{entry.principal.pk}")
        )
        bodies = [
            (
                body,
                bound_edit
                if bound_edit is not None and bound_edit_for == body.pk
                else _edit_form(body),
                entry.in_use.get(body.pk, 0),
            )
            for body in entry.bodies
        ]
        sections.append(
            Section(
                principal=entry.principal,
                default=entry.default,
                bodies=bodies,
                add_form=add_form,
                open=bound_add_for == entry.principal.pk,
            )
        )
    missing = [s.principal for s in sections if s.default is None]
    without_address = [s.principal for s in sections if s.default and not s.default.registrar_email]
    return render(
        request,
        "cases/decision_body_register.html",
        {
            "structure": structure,
            "sections": sections,
            "missing": missing,
            "without_address": without_address,
            **extra,
        },
    )


def _back(structure_slug: str, anchor: str = "") -> HttpResponse:
    url = reverse("cases:decision_bodies", args=[structure_slug])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _visit_register(request: HttpRequest, structure_slug: str, **_: Any) -> str:
    return reverse("cases:decision_bodies", args=[structure_slug])


@login_required
@require_safe
def register(request: HttpRequest, structure_slug: str) -> HttpResponse:
    structure = get_structure_for_edit(request.user, structure_slug)
    return _page(request, structure)


@login_required
@post_action(_visit_register)
def create(request: HttpRequest, structure_slug: str, principal_id: int) -> HttpResponse:
    structure = get_structure_for_edit(request.user, structure_slug)
    if principal_id not in eligible_principal_ids(structure):
        raise Http404("Huvudmannen ingår inte i strukturen.")
    principal = Principal.objects.get(pk=principal_id)
    form = DecisionBodyForm(request.POST, prefix=f"p{principal_id}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            created = decision_body_create(
                principal=principal,
                name=data["name"],
                registrar_email=data["registrar_email"],
                is_default=data["is_default"],
                by=acting_user(request),
            )
        except DomainError as exc:
            show_refusal(form, exc.errors)
            messages.error(request, f"Beslutsinstansen lades inte till: {exc.message}")
        else:
            messages.success(request, f"{created.name} är tillagd för {principal.name}.")
            return _back(structure_slug, f"huvudman-{principal_id}")
    else:
        messages.error(request, "Beslutsinstansen lades inte till; se uppgifterna nedan.")
    return _page(request, structure, add_form=form, add_for=principal_id)


@login_required
@post_action(_visit_register)
def update(request: HttpRequest, structure_slug: str, decision_body_id: int) -> HttpResponse:
    structure = get_structure_for_edit(request.user, structure_slug)
    found = get_decision_body_for_edit(request.user, decision_body_id)
    form = DecisionBodyForm(request.POST, prefix=f"b{found.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            decision_body_update(
                decision_body=found,
                expected_version=data["lock_version"],
                by=acting_user(request),
                name=data["name"],
                registrar_email=data["registrar_email"],
                is_default=data["is_default"],
            )
        except DomainError as exc:
            show_refusal(form, exc.errors)
            messages.error(request, f"{found.name} ändrades inte: {exc.message}")
        else:
            messages.success(request, f"{found.name} är sparad.")
            return _back(structure_slug, f"huvudman-{found.principal_id}")
    else:
        messages.error(request, f"{found.name} ändrades inte; se uppgifterna nedan.")
    return _page(request, structure, edit_form=form, edit_for=found.pk)


@login_required
@post_action(_visit_register)
def delete(request: HttpRequest, structure_slug: str, decision_body_id: int) -> HttpResponse:
    get_structure_for_edit(request.user, structure_slug)
    found = get_decision_body_for_edit(request.user, decision_body_id)
    version = request.POST.get("lock_version", "")
    try:
        decision_body_delete(
            decision_body=found,
            expected_version=int(version) if version.isdigit() and len(version) < 10 else None,
            by=acting_user(request),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{found.name} är borttagen.")
    return _back(structure_slug, f"huvudman-{found.principal_id}")
