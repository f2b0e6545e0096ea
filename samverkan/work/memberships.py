"""Appointments on the working pages: edit or end one, withdraw a planned one, replace a
member in one step, the body on a coming day (the next term), the member and contact lists
as files, and the person picker's search.

Like the other working pages, these are for the structure's coordinators (and admins); the
access helpers refuse everyone else.
"""

from __future__ import annotations

import datetime
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from samverkan.lib.errors import ConflictError, DomainError
from samverkan.lib.exports import CSV_TYPE, XLSX_TYPE, download
from samverkan.lib.localtime import local_today
from samverkan.lib.swedish import date_text
from samverkan.lib.users import acting_user
from samverkan.lib.webforms import show_refusal
from samverkan.structure import selectors
from samverkan.structure.access import get_body_for_edit, get_membership_for_edit
from samverkan.structure.exports import members_csv, members_xlsx
from samverkan.structure.membership_selectors import (
    body_on_day,
    memberships_over_time,
    next_term_start,
)
from samverkan.structure.models import Membership
from samverkan.structure.services import (
    membership_end,
    membership_replace,
    membership_update,
    membership_withdraw,
    person_create,
)
from samverkan.work.forms import EndMembershipForm, MembershipForm
from samverkan.work.forms.memberships import DayForm, ReplaceForm
from samverkan.work.forms.people import new_person_values


def added_text(membership: Membership, *, today: datetime.date) -> str:
    """What adding an appointment says: when it starts, if not today."""
    text = f"{membership.person} är tillagd som {membership.get_role_display().lower()}"
    if membership.start is not None and membership.start > today:
        text += (
            f" från {date_text(membership.start)}. Uppdraget visas under Planerade tills det börjar"
        )
    return text + "."


def substitutes_left_text(membership: Membership) -> str:
    """After a seat ends: its substitutes who stay on longer, so that none stays "Ersättare
    för …" unnoticed (the body page lists them under "Ersättare att se över")."""
    end = membership.end
    left = [
        m.person.full_name
        for m in Membership.objects.filter(substitute_for=membership).select_related("person")
        if end is not None and (m.end is None or m.end > end)
    ]
    if not left:
        return ""
    return (
        f" {' och '.join(left)} är fortfarande ersättare för {membership.person}: avsluta "
        "ersättaruppdraget eller gör hen till ersättare för en annan ledamot."
    )


def _to_body(membership: Membership) -> HttpResponse:
    return redirect("work:body", membership.body.structure.slug, membership.body.key)


@login_required
@require_POST
def membership_withdraw_view(request: HttpRequest, membership_id: int) -> HttpResponse:
    """Remove a planned appointment that has not started."""
    obj = get_membership_for_edit(request.user, membership_id)
    version = request.POST.get("lock_version", "")
    try:
        membership_withdraw(
            by=acting_user(request),
            membership=obj,
            expected_version=int(version) if version.isdigit() else None,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("work:membership", obj.pk)
    start = date_text(obj.start) if obj.start else ""
    messages.success(
        request,
        f"Det planerade uppdraget för {obj.person} ({obj.get_role_display().lower()} från "
        f"{start}) är borttaget.",
    )
    return _to_body(obj)


def _substitutes_of(membership: Membership) -> list[Membership]:
    today = local_today()
    return [
        m
        for m in Membership.objects.filter(substitute_for=membership).select_related("person")
        if m.end is None or m.end >= today
    ]


@login_required
def membership_replace_view(request: HttpRequest, membership_id: int) -> HttpResponse:
    """Byt ledamot: end the appointment and start the successor's the next day, in one step."""
    obj = get_membership_for_edit(request.user, membership_id)
    substitutes = _substitutes_of(obj)
    form = ReplaceForm(
        request.POST or None,
        body=obj.body,
        has_substitutes=bool(substitutes),
        others=bool(request.GET.get("personer") or request.POST.get("andra")),
        initial={"last_day": local_today(), "lock_version": obj.lock_version},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by = acting_user(request)
        try:
            successor = data["successor"] or person_create(by=by, **new_person_values(data))
            done = membership_replace(
                by=by,
                membership=obj,
                successor=successor,
                last_day=data["last_day"],
                reason=data["reason"],
                substitutes=data.get("substitutes") or "keep",
                substitute_person=data.get("substitute_person"),
                expected_version=data["lock_version"],
            )
        except DomainError as exc:
            show_refusal(form, exc.errors)
        else:
            new = done.successor
            text = (
                f"{obj.person} slutar {date_text(done.ended.end or data['last_day'])}; "
                f"{new.person} är {new.get_role_display().lower()} från {date_text(new.start)}."
                if new.start
                else ""
            )
            messages.success(request, text)
            return _to_body(obj)
    return render(
        request,
        "work/membership_replace.html",
        {
            "membership": obj,
            "structure": obj.body.structure,
            "body": obj.body,
            "form": form,
            "substitutes": substitutes,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_safe
def body_next_term(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """Who sits in the body from a coming day, seat by seat, with the gaps flagged."""
    body = get_body_for_edit(request.user, slug, key)
    today = local_today()
    form = DayForm(request.GET or None)
    day = next_term_start(today)
    if form.is_bound and form.is_valid() and form.cleaned_data["fran"]:
        day = form.cleaned_data["fran"]
    if not form.is_bound:
        form = DayForm(initial={"fran": day})
    return render(
        request,
        "work/body_next_term.html",
        {
            "structure": body.structure,
            "body": body,
            "form": form,
            "view": body_on_day(body=body, day=day, today=today),
            "day_text": date_text(day),
            "is_next_year": day == next_term_start(today),
        },
    )


EXPORT_KINDS = {"ledamoter": "ledamotslista", "kontakter": "kontaktlista"}


@login_required
@require_safe
def body_members_export(
    request: HttpRequest, slug: str, key: str, kind: str, fmt: str
) -> HttpResponse:
    """The body's current and planned appointments as a CSV or XLSX file: the members (name,
    role, principal, function, title, period) or their contact details (as the page shows)."""
    body = get_body_for_edit(request.user, slug, key)
    if kind not in EXPORT_KINDS or fmt not in ("csv", "xlsx"):
        raise BadRequest("Okänd lista.")
    today = local_today()
    over_time = memberships_over_time(body=body, today=today)
    contacts = kind == "kontakter"
    stem = f"{EXPORT_KINDS[kind]}-{body.structure.slug}-{body.key}-{today:%Y-%m-%d}"
    if fmt == "csv":
        return download(members_csv(over_time, contacts=contacts), CSV_TYPE, f"{stem}.csv")
    return download(members_xlsx(over_time, contacts=contacts), XLSX_TYPE, f"{stem}.xlsx")


# The picker's fields: which form's field the search renders again, under the same name.
PICKER_FIELD = re.compile(r"^(member-person|successor|substitute_person)$")


@login_required
@require_safe
def person_picker(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """The person list of a picker again, for htmx: searched by `q`, the structure's own
    people first and the others' only with `andra`."""
    body = get_body_for_edit(request.user, slug, key)
    name = request.GET.get("falt", "")
    if not PICKER_FIELD.match(name):
        raise BadRequest("Okänt fält.")
    q = request.GET.get("q", "")[:100]
    others = bool(request.GET.get("andra"))
    form: MembershipForm | ReplaceForm
    if name == "member-person":
        form = MembershipForm(body=body, prefix="member", others=others, q=q)
        field = form["person"]
    else:
        form = ReplaceForm(body=body, has_substitutes=True, others=others, q=q)
        field = form[name]
    return render(request, "work/_person_select.html", {"field": field})


# --- One membership: edit it, end it ------------------------------------------------------


def _member_row(
    request: HttpRequest, membership: Membership, *, flash: str, refused: bool = False
) -> HttpResponse:
    row = selectors.membership_row(membership_id=membership.pk)
    return render(
        request,
        "work/_memberships.html#member-row",
        {"m": row, "today": local_today(), "flash": flash, "refused": refused},
    )


def _membership_page(
    request: HttpRequest,
    obj: Membership,
    *,
    form: MembershipForm,
    end_form: EndMembershipForm,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "work/membership.html",
        {
            "membership": obj,
            "form": form,
            "end_form": end_form,
            "structure": obj.body.structure,
            "body": obj.body,
            "today": local_today(),
        },
        status=status,
    )


@login_required
def membership(request: HttpRequest, membership_id: int) -> HttpResponse:
    obj = get_membership_for_edit(request.user, membership_id)
    form = MembershipForm(request.POST or None, body=obj.body, editing=obj)
    end_form = EndMembershipForm(initial={"on": local_today(), "lock_version": obj.lock_version})
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
            return _to_body(obj)
    return _membership_page(request, obj, form=form, end_form=end_form)


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
            text += substitutes_left_text(obj)
            if request.headers.get("HX-Request"):
                return _member_row(request, obj, flash=text)
            messages.success(request, text)
            return _to_body(obj)
    if request.headers.get("HX-Request"):
        # htmx swaps only successful responses; the row itself carries the refusal.
        problems = [str(e) for errors in form.errors.values() for e in errors]
        return _member_row(request, obj, flash=" ".join(problems), refused=True)
    edit_form = MembershipForm(body=obj.body, editing=obj)
    return _membership_page(request, obj, form=edit_form, end_form=form, status=400)
