"""The coordinator's working pages: edit structures, bodies, charter rules and people, and
add members (the start page "Att göra" is `home.py`; editing and ending one membership is
`memberships.py`).

Views are thin: they look objects up through the access helpers, let a form check
the input's shape, and call the domain functions, which check the charter's rules.
The body page shows several forms; each posts to its own URL and view, and a refused
one shows the page again with that form's input and the reason.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from samverkan.lib.errors import DomainError
from samverkan.lib.htmx import part_or_page
from samverkan.lib.localtime import local_today
from samverkan.lib.swedish import date_text
from samverkan.lib.users import acting_user
from samverkan.lib.webforms import post_action, show_refusal
from samverkan.structure import selectors
from samverkan.structure.access import (
    get_body_for_edit,
    get_person_for_edit,
    get_structure_for_edit,
)
from samverkan.structure.membership_selectors import memberships_over_time
from samverkan.structure.models import Body, Charter, Structure
from samverkan.structure.orgchart import org_chart
from samverkan.structure.selectors import current_charter, structure_principals
from samverkan.structure.services import (
    body_create,
    body_meeting_forms_reviewed,
    body_update,
    charter_create_version,
    charter_set_composition,
    charter_set_reporting,
    charter_set_role_links,
    charter_set_standing_items,
    charter_update,
    membership_create,
    person_create,
    person_update,
    structure_update,
)
from samverkan.work.body_page import body_work_page, charter_links
from samverkan.work.forms import (
    BodyForm,
    CharterRulesForm,
    CompositionFormSet,
    MeetingFormsReviewedForm,
    MembershipForm,
    PersonForm,
    ReportingFormSet,
    RoleLinkFormSet,
    StructureSettingsForm,
    composition_initial,
    reporting_initial,
    role_links_initial,
)
from samverkan.work.forms.bodies import body_options
from samverkan.work.forms.people import new_person_values
from samverkan.work.memberships import added_text


def _visit_body(request: HttpRequest, slug: str, key: str) -> str:
    return reverse("work:body", args=[slug, key])


def _structure_page(request: HttpRequest, obj: Structure, **bound: Any) -> HttpResponse:
    parents, fewer = body_options(obj, every=bool(request.GET.get("grupper")))
    forms: dict[str, Any] = {
        "form": BodyForm(structure=obj, parents=parents),
        "fewer_bodies": fewer,
        "settings_form": StructureSettingsForm(
            initial={"minutes_approval_days": obj.minutes_approval_days}, prefix="settings"
        ),
        **bound,
    }
    return render(
        request,
        "work/structure.html",
        {"structure": obj, "chart": org_chart(obj), **forms},
    )


@login_required
def structure(request: HttpRequest, slug: str) -> HttpResponse:
    obj = get_structure_for_edit(request.user, slug)
    if request.method != "POST":
        return _structure_page(request, obj)
    form = BodyForm(request.POST, structure=obj)
    if form.is_valid():
        try:
            body = body_create(by=acting_user(request), structure=obj, **form.changes())
        except DomainError as exc:
            show_refusal(form, exc.errors)
        else:
            messages.success(request, f"Gruppen {body.name} är skapad.")
            return redirect("work:body", obj.slug, body.key)
    return _structure_page(request, obj, form=form)


def _visit_structure(request: HttpRequest, slug: str) -> str:
    return reverse("work:structure", args=[slug])


@login_required
@post_action(_visit_structure)
def structure_settings(request: HttpRequest, slug: str) -> HttpResponse:
    """The structure's limit for approving and publishing minutes (the charter check's)."""
    obj = get_structure_for_edit(request.user, slug)
    form = StructureSettingsForm(request.POST, prefix="settings")
    if form.is_valid():
        try:
            structure_update(by=acting_user(request), structure=obj, **form.changes())
        except DomainError as exc:
            show_refusal(form, exc.errors)
        else:
            messages.success(
                request,
                "Sparat: minnesanteckningar ska vara justerade och publicerade inom "
                f"{obj.minutes_approval_days} "
                f"{'arbetsdag' if obj.minutes_approval_days == 1 else 'arbetsdagar'} efter mötet.",
            )
            return redirect("work:structure", obj.slug)
        obj.refresh_from_db()
    return _structure_page(request, obj, settings_form=form)


# --- The body page and its forms -----------------------------------------------------------


def _body_page(request: HttpRequest, obj: Body, **bound: Any) -> HttpResponse:
    """The page with every form blank, but for a refused action's own bound form, in a fixed
    number of queries (`body_page`): `obj` comes with its charter in force (`charter=True`),
    and the charter's parts, the memberships and the principals are read once for the page
    and every form. Who the body reports to and its roles elsewhere load as a section of
    their own (`body_links`), but for a refusal there, which shows them here."""
    page = body_work_page(obj)
    charter = page.charter
    principals = page.principals
    # The bodies its selects offer, bounded in a large structure (`body_options`).
    others, fewer = body_options(
        obj.structure,
        near=obj,
        keep=[obj.parent_id, charter.escalates_to_id if charter else None],
        every=bool(request.GET.get("grupper")),
    )
    forms: dict[str, Any] = {
        "body_form": BodyForm(
            instance=obj,
            structure=obj.structure,
            prefix="body",
            parents=others,
            municipalities=principals.municipalities,
        ),
        "charter_form": CharterRulesForm(instance=charter, body=obj, prefix="rules", bodies=others),
        "fewer_bodies": fewer,
        "member_form": MembershipForm(
            body=obj,
            prefix="member",
            others=bool(request.GET.get("personer")),
            principals=principals.structure,
            principal_choices=[p for p in principals.employers if p in principals.structure],
            employer_choices=principals.employers,
            held_seats=page.held_seats,
        ),
        "review_form": MeetingFormsReviewedForm(prefix="review"),
        "composition_error": "",
        "parts_error": "",
    }
    if "composition_forms" not in bound:
        forms["composition_forms"] = CompositionFormSet(
            initial=composition_initial(charter) if charter else [],
            prefix="seats",
            form_kwargs={"principals": principals.structure},
        )
    if {"reporting_forms", "role_link_forms"} & set(bound):
        forms.update(_links_forms(request, obj))
    forms.update(bound)
    return render(
        request,
        "work/body.html",
        {
            "structure": obj.structure,
            "body": obj,
            "page": page,
            "over_time": memberships_over_time(
                body=obj, today=local_today(), memberships=page.memberships
            ),
            "today": local_today(),
            **forms,
        },
    )


def _links_forms(request: HttpRequest, obj: Body) -> dict[str, Any]:
    """The reporting and role-link formsets with the charter's rows (`charter_links`)."""
    charter = charter_links(obj)
    targets = (
        [charter.escalates_to_id]
        + [d.to_body_id for d in charter.reporting.all()]
        + [r.to_body_id for r in charter.role_links.all()]
        if charter
        else []
    )
    others, fewer = body_options(
        obj.structure,
        near=obj,
        keep=[obj.parent_id, *targets],
        every=bool(request.GET.get("grupper")),
    )
    return {
        "links_charter": charter,
        "links_fewer_bodies": fewer,
        "reporting_forms": ReportingFormSet(
            initial=reporting_initial(charter) if charter else [],
            prefix="reporting",
            form_kwargs={"bodies": others},
        ),
        "role_link_forms": RoleLinkFormSet(
            initial=role_links_initial(charter) if charter else [],
            prefix="links",
            form_kwargs={"bodies": others},
        ),
    }


@login_required
@require_safe
def body_links(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """The body page's section on reporting and roles in other bodies: loaded into the page
    (htmx), or a page of its own without JavaScript. Checked as the body page is."""
    obj = get_body_for_edit(request.user, slug, key, charter=True)
    context = {"structure": obj.structure, "body": obj, **_links_forms(request, obj)}
    return part_or_page(request, "work/_body_links.html", "work/body_links.html", context)


def _to_body(obj: Body) -> HttpResponse:
    return redirect("work:body", obj.structure.slug, obj.key)


@login_required
@require_safe
def body(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    obj = get_body_for_edit(request.user, slug, key, charter=True)
    return _body_page(request, obj)


@login_required
@post_action(_visit_body)
def body_save(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    obj = get_body_for_edit(request.user, slug, key, charter=True)
    # The form writes the input onto its instance; a copy keeps `obj` as saved for the page.
    form = BodyForm(request.POST, instance=copy.copy(obj), structure=obj.structure, prefix="body")
    if form.is_valid():
        try:
            obj = body_update(
                by=acting_user(request),
                body=obj,
                expected_version=form.cleaned_data["lock_version"],
                **form.changes(),
            )
        except DomainError as exc:
            show_refusal(form, exc.errors)
        else:
            messages.success(request, "Gruppens uppgifter är sparade.")
            return _to_body(obj)
    return _body_page(request, obj, body_form=form)


@login_required
@post_action(_visit_body)
def meeting_forms_reviewed(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """Record the body's review of its meeting forms ("Mötesformerna har setts över"),
    also a yearly review that changes nothing."""
    obj = get_body_for_edit(request.user, slug, key, charter=True)
    form = MeetingFormsReviewedForm(request.POST, prefix="review")
    if form.is_valid():
        try:
            body_meeting_forms_reviewed(
                by=acting_user(request), body=obj, on=form.cleaned_data["on"]
            )
        except DomainError as exc:
            show_refusal(form, exc.errors)
        else:
            messages.success(
                request,
                f"Registrerat: {obj.name} såg över sina mötesformer "
                f"{date_text(form.cleaned_data['on'])}.",
            )
            return _to_body(obj)
    return _body_page(request, obj, review_form=form)


@login_required
@post_action(_visit_body)
def charter_rules(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """Save the charter's rules, or make them a new version that comes into force now."""
    obj = get_body_for_edit(request.user, slug, key, charter=True)
    current = current_charter(obj)
    form = CharterRulesForm(
        request.POST, instance=copy.copy(current) if current else None, body=obj, prefix="rules"
    )
    if form.is_valid():
        data = form.cleaned_data
        charter = current
        try:
            with transaction.atomic():
                if data["new_version"]:
                    charter = charter_create_version(
                        by=acting_user(request),
                        body=obj,
                        version=data["new_version"],
                        expected_version=data["lock_version"],
                        **form.changes(),
                    )
                    done = f"Version {charter.version} gäller nu."
                else:
                    assert charter is not None
                    charter_update(
                        by=acting_user(request),
                        charter=charter,
                        expected_version=data["lock_version"],
                        **form.changes(),
                    )
                    done = "Uppdragsbeskrivningen är sparad."
                conditions = {i.title: i.condition for i in charter.standing_items.all()}
                charter_set_standing_items(
                    by=acting_user(request),
                    charter=charter,
                    items=[(t, conditions.get(t, "")) for t in data["standing_agenda"]],
                )
        except DomainError as exc:
            show_refusal(form, exc.errors)
        else:
            messages.success(request, done)
            return _to_body(obj)
    return _body_page(request, obj, charter_form=form)


def _save_charter_part(
    request: HttpRequest,
    slug: str,
    key: str,
    *,
    bind: Callable[[Body], Any],
    save: Callable[[Charter, list[Any], int | None], object],
    bound: str,
    refusal: str,
    done: str,
) -> HttpResponse:
    """Save one of the charter's parts from its formset: `bind` makes the bound formset,
    `save` gets its filled rows; a refusal shows the page with the formset and the reason."""
    obj = get_body_for_edit(request.user, slug, key, charter=True)
    charter = current_charter(obj)
    if charter is None:
        return _body_page(request, obj)
    formset = bind(obj)
    reason = ""
    if formset.is_valid():
        # Untouched blank rows have no cleaned data; rows marked for removal are left out.
        rows = [f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        try:
            save(charter, rows, int(request.POST.get("lock_version") or 0) or None)
        except DomainError as exc:
            reason = exc.message
        else:
            messages.success(request, done)
            return _to_body(obj)
    return _body_page(request, obj, **{bound: formset, refusal: reason})


@login_required
@post_action(_visit_body)
def charter_composition(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    def bind(body: Body) -> Any:
        principals = structure_principals(body.structure)
        return CompositionFormSet(
            request.POST, prefix="seats", form_kwargs={"principals": principals}
        )

    def save(charter: Charter, rows: list[Any], version: int | None) -> object:
        return charter_set_composition(
            by=acting_user(request),
            charter=charter,
            rules=[row.rule() for row in rows],
            expected_version=version,
        )

    return _save_charter_part(
        request,
        slug,
        key,
        bind=bind,
        save=save,
        bound="composition_forms",
        refusal="composition_error",
        done="Sammansättningen är sparad.",
    )


@login_required
@post_action(_visit_body)
def charter_reporting(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    def bind(body: Body) -> Any:
        others = selectors.other_bodies(body=body)
        return ReportingFormSet(request.POST, prefix="reporting", form_kwargs={"bodies": others})

    def save(charter: Charter, rows: list[Any], version: int | None) -> object:
        return charter_set_reporting(
            by=acting_user(request),
            charter=charter,
            duties=[row.row() for row in rows],
            expected_version=version,
        )

    return _save_charter_part(
        request,
        slug,
        key,
        bind=bind,
        save=save,
        bound="reporting_forms",
        refusal="parts_error",
        done="Uppdragsbeskrivningen är sparad.",
    )


@login_required
@post_action(_visit_body)
def charter_role_links(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    def bind(body: Body) -> Any:
        others = selectors.other_bodies(body=body)
        return RoleLinkFormSet(request.POST, prefix="links", form_kwargs={"bodies": others})

    def save(charter: Charter, rows: list[Any], version: int | None) -> object:
        return charter_set_role_links(
            by=acting_user(request),
            charter=charter,
            links=[row.row() for row in rows],
            expected_version=version,
        )

    return _save_charter_part(
        request,
        slug,
        key,
        bind=bind,
        save=save,
        bound="role_link_forms",
        refusal="parts_error",
        done="Uppdragsbeskrivningen är sparad.",
    )


@login_required
@post_action(_visit_body)
def membership_add(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """Add a member or a function, with a new person if they are not in the register yet."""
    obj = get_body_for_edit(request.user, slug, key, charter=True)
    form = MembershipForm(request.POST, body=obj, prefix="member")
    if form.is_valid():
        data = form.cleaned_data
        try:
            person = data["person"] or person_create(
                by=acting_user(request), **new_person_values(data)
            )
            added = membership_create(
                by=acting_user(request), body=obj, person=person, **form.changes()
            )
        except DomainError as exc:
            show_refusal(form, exc.errors)
        else:
            messages.success(request, added_text(added, today=local_today()))
            return _to_body(obj)
    return _body_page(request, obj, member_form=form)


# --- People ----------------------------------------------------------------------------------


@login_required
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    obj = get_person_for_edit(request.user, person_id)
    form = PersonForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        try:
            person_update(by=acting_user(request), person=obj, **form.cleaned_data)
        except DomainError as exc:
            show_refusal(form, exc.errors)
        else:
            messages.success(request, f"Uppgifterna för {obj} är sparade.")
            return redirect("work:person", obj.pk)
    return render(
        request,
        "work/person.html",
        {
            "person": obj,
            "form": form,
            "memberships": selectors.person_memberships(person=obj),
        },
    )
