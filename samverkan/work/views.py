"""The coordinator's working pages: edit bodies, charter rules and memberships.

Views are thin: they look objects up through the access helpers, let a form check
the input's shape, and call the domain functions, which check the charter's rules.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from samverkan.lib.errors import ConflictError, DomainError
from samverkan.lib.users import acting_user
from samverkan.lib.webforms import show_refusal
from samverkan.structure import selectors
from samverkan.structure.access import (
    body_roles,
    editable_structures,
    get_body_for_edit,
    get_membership_for_edit,
    get_person_for_edit,
    get_structure_for_edit,
)
from samverkan.structure.models import Body, Charter, Membership, Role
from samverkan.structure.services import (
    body_create,
    body_update,
    charter_create_version,
    charter_set_composition,
    charter_set_reporting,
    charter_set_role_links,
    charter_set_standing_items,
    charter_update,
    current_charter,
    membership_create,
    membership_end,
    membership_update,
    person_create,
    person_update,
    structure_principals,
)
from samverkan.work.forms import (
    BodyForm,
    CharterRulesForm,
    CompositionFormSet,
    EndMembershipForm,
    MembershipForm,
    PersonForm,
    ReportingFormSet,
    RoleLinkFormSet,
    composition_initial,
    reporting_initial,
    role_links_initial,
)


def _member_row(
    request: HttpRequest, membership: Membership, *, flash: str, refused: bool = False
) -> HttpResponse:
    row = Membership.objects.select_related("person", "principal", "substitute_for__person").get(
        pk=membership.pk
    )
    return render(
        request,
        "work/body.html#member-row",
        {"m": row, "today": timezone.localdate(), "flash": flash, "refused": refused},
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    roles = body_roles(request.user)
    bodies = Body.objects.filter(pk__in=roles).select_related("structure")
    my_bodies = [(b, sorted(Role(r).label.lower() for r in roles[b.pk])) for b in bodies]
    return render(
        request,
        "work/home.html",
        {
            "structures": editable_structures(request.user).select_related("region"),
            "my_bodies": my_bodies,
        },
    )


@login_required
def structure(request: HttpRequest, slug: str) -> HttpResponse:
    obj = get_structure_for_edit(request.user, slug)
    form = BodyForm(request.POST or None, structure=obj)
    if request.method == "POST" and form.is_valid():
        try:
            body = body_create(by=acting_user(request), structure=obj, **form.changes())
        except DomainError as exc:
            show_refusal(form, exc.errors)
        else:
            messages.success(request, f"Gruppen {body.name} är skapad.")
            return redirect("work:body", obj.slug, body.key)
    return render(
        request,
        "work/structure.html",
        {"structure": obj, "tree": selectors.structure_tree(obj), "form": form},
    )


@login_required
def body(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    obj = get_body_for_edit(request.user, slug, key)
    body_form = BodyForm(instance=obj, structure=obj.structure, prefix="body")
    charter = current_charter(obj)
    charter_form = CharterRulesForm(instance=charter, prefix="rules")
    principals = structure_principals(obj.structure)
    composition_forms = CompositionFormSet(
        initial=composition_initial(charter) if charter else [],
        prefix="seats",
        form_kwargs={"principals": principals},
    )
    composition_error = ""
    others = list(Body.objects.filter(structure=obj.structure).exclude(pk=obj.pk))
    reporting_forms = ReportingFormSet(
        initial=reporting_initial(charter) if charter else [],
        prefix="reporting",
        form_kwargs={"bodies": others},
    )
    role_link_forms = RoleLinkFormSet(
        initial=role_links_initial(charter) if charter else [],
        prefix="links",
        form_kwargs={"bodies": others},
    )
    parts_error = ""
    member_form = MembershipForm(body=obj, prefix="member")
    form_name = request.POST.get("form") if request.method == "POST" else None

    if form_name == "body":
        body_form = BodyForm(
            request.POST,
            instance=Body.objects.get(pk=obj.pk),
            structure=obj.structure,
            prefix="body",
        )
        if body_form.is_valid():
            try:
                obj = body_update(
                    by=acting_user(request),
                    body=obj,
                    expected_version=body_form.cleaned_data["lock_version"],
                    **body_form.changes(),
                )
            except DomainError as exc:
                show_refusal(body_form, exc.errors)
            else:
                messages.success(request, "Gruppens uppgifter är sparade.")
                return redirect("work:body", obj.structure.slug, obj.key)
    elif form_name == "rules":
        charter_form = CharterRulesForm(
            request.POST,
            instance=Charter.objects.get(pk=charter.pk) if charter else None,
            prefix="rules",
        )
        if charter_form.is_valid():
            data = charter_form.cleaned_data
            try:
                with transaction.atomic():
                    if data["new_version"]:
                        charter = charter_create_version(
                            by=acting_user(request),
                            body=obj,
                            version=data["new_version"],
                            expected_version=data["lock_version"],
                            **charter_form.changes(),
                        )
                        done = f"Version {charter.version} gäller nu."
                    else:
                        assert charter is not None
                        charter_update(
                            by=acting_user(request),
                            charter=charter,
                            expected_version=data["lock_version"],
                            **charter_form.changes(),
                        )
                        done = "Uppdragsbeskrivningen är sparad."
                    conditions = {i.title: i.condition for i in charter.standing_items.all()}
                    charter_set_standing_items(
                        by=acting_user(request),
                        charter=charter,
                        items=[(t, conditions.get(t, "")) for t in data["standing_agenda"]],
                    )
            except DomainError as exc:
                show_refusal(charter_form, exc.errors)
            else:
                messages.success(request, done)
                return redirect("work:body", obj.structure.slug, obj.key)
    elif form_name == "composition" and charter is not None:
        composition_forms = CompositionFormSet(
            request.POST, prefix="seats", form_kwargs={"principals": principals}
        )
        if composition_forms.is_valid():
            # Untouched blank rows have no cleaned data; rows marked for removal are left out.
            rules = [
                form.rule()
                for form in composition_forms.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ]
            try:
                charter_set_composition(
                    by=acting_user(request),
                    charter=charter,
                    rules=rules,
                    expected_version=int(request.POST.get("lock_version") or 0) or None,
                )
            except DomainError as exc:
                composition_error = exc.message
            else:
                messages.success(request, "Sammansättningen är sparad.")
                return redirect("work:body", obj.structure.slug, obj.key)
    elif form_name in ("reporting", "links") and charter is not None:
        formset: Any
        if form_name == "reporting":
            formset = reporting_forms = ReportingFormSet(
                request.POST, prefix=form_name, form_kwargs={"bodies": others}
            )
        else:
            formset = role_link_forms = RoleLinkFormSet(
                request.POST, prefix=form_name, form_kwargs={"bodies": others}
            )
        if formset.is_valid():
            rows = [
                form.row()
                for form in formset.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ]
            version = int(request.POST.get("lock_version") or 0) or None
            try:
                if form_name == "reporting":
                    charter_set_reporting(
                        by=acting_user(request),
                        charter=charter,
                        duties=rows,
                        expected_version=version,
                    )
                else:
                    charter_set_role_links(
                        by=acting_user(request),
                        charter=charter,
                        links=rows,
                        expected_version=version,
                    )
            except DomainError as exc:
                parts_error = exc.message
            else:
                messages.success(request, "Uppdragsbeskrivningen är sparad.")
                return redirect("work:body", obj.structure.slug, obj.key)
    elif form_name == "member":
        member_form = MembershipForm(request.POST, body=obj, prefix="member")
        if member_form.is_valid():
            data = member_form.cleaned_data
            try:
                person = data["person"] or person_create(
                    by=acting_user(request),
                    first_name=data["new_first_name"],
                    last_name=data["new_last_name"],
                    title=data["new_title"],
                    email=data["new_email"],
                )
                membership_create(
                    by=acting_user(request), body=obj, person=person, **member_form.changes()
                )
            except DomainError as exc:
                show_refusal(member_form, exc.errors)
            else:
                messages.success(
                    request, f"{person} är tillagd som {Role(data['role']).label.lower()}."
                )
                return redirect("work:body", obj.structure.slug, obj.key)

    page = selectors.body_page(obj)
    return render(
        request,
        "work/body.html",
        {
            "structure": obj.structure,
            "body": obj,
            "page": page,
            "body_form": body_form,
            "charter_form": charter_form,
            "member_form": member_form,
            "composition_forms": composition_forms,
            "composition_error": composition_error,
            "reporting_forms": reporting_forms,
            "role_link_forms": role_link_forms,
            "parts_error": parts_error,
            "today": timezone.localdate(),
        },
    )


@login_required
def membership(request: HttpRequest, membership_id: int) -> HttpResponse:
    obj = get_membership_for_edit(request.user, membership_id)
    form = MembershipForm(request.POST or None, body=obj.body, editing=obj)
    end_form = EndMembershipForm(
        initial={"on": timezone.localdate(), "lock_version": obj.lock_version}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership_update(
                by=acting_user(request),
                membership=obj,
                expected_version=data["lock_version"],
                **form.changes(),
            )
        except DomainError as exc:
            show_refusal(form, exc.errors)
            if isinstance(exc, ConflictError):
                form.conflict = True  # type: ignore[attr-defined]
        else:
            messages.success(request, f"Uppdraget för {obj.person} är sparat.")
            return redirect("work:body", obj.body.structure.slug, obj.body.key)
    return render(
        request,
        "work/membership.html",
        {
            "membership": obj,
            "form": form,
            "end_form": end_form,
            "structure": obj.body.structure,
            "body": obj.body,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def membership_end_view(request: HttpRequest, membership_id: int) -> HttpResponse:
    obj = get_membership_for_edit(request.user, membership_id)
    form = EndMembershipForm(request.POST)
    if form.is_valid():
        try:
            obj = membership_end(
                by=acting_user(request),
                membership=obj,
                on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["lock_version"],
            )
        except DomainError as exc:
            show_refusal(form, exc.errors)
        else:
            text = f"Uppdraget för {obj.person} avslutas {obj.end:%Y-%m-%d}. Det finns kvar i historiken."
            if request.headers.get("HX-Request"):
                return _member_row(request, obj, flash=text)
            messages.success(request, text)
            return redirect("work:body", obj.body.structure.slug, obj.body.key)
    if request.headers.get("HX-Request"):
        # htmx swaps only successful responses; the row itself carries the refusal.
        problems = [str(e) for errors in form.errors.values() for e in errors]
        return _member_row(request, obj, flash=" ".join(problems), refused=True)
    edit_form = MembershipForm(body=obj.body, editing=obj)
    return render(
        request,
        "work/membership.html",
        {
            "membership": obj,
            "form": edit_form,
            "end_form": form,
            "structure": obj.body.structure,
            "body": obj.body,
            "today": timezone.localdate(),
        },
        status=400,
    )


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
    memberships = obj.memberships.select_related("body", "body__structure", "principal").order_by(
        "-start"
    )
    return render(
        request, "work/person.html", {"person": obj, "form": form, "memberships": memberships}
    )
