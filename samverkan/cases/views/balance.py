"""The balanslista as pages and files: the working list (what the user may read) under
`arbeta/balanslista/`, the public list (what is public) under `balanslista/`.

Both take the same filters as a GET form, and every export link carries the page's query,
so a file holds exactly what the page showed. A filter value that is not valid is shown
beside its field and left out; the list is shown without it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from samverkan.cases import exports
from samverkan.cases.models import PrincipalDecision
from samverkan.cases.selectors.balance import (
    BalanceList,
    BalanceState,
    PrincipalState,
    ViewerScope,
    balance_list,
)
from samverkan.lib.exports import CSV_TYPE, XLSX_TYPE, download
from samverkan.lib.localtime import local_today
from samverkan.lib.mail import absolute
from samverkan.structure.access import get_body_for_read, get_structure_for_read
from samverkan.structure.models import (
    Body,
    Charter,
    CharterStatus,
    Principal,
    PrincipalKind,
    Structure,
)
from samverkan.structure.selectors import participating_principals

# --- The filter form ---------------------------------------------------------------------


class BalanceFilter(forms.Form):
    """The list's filters. `body` takes an id on the working pages and a key on the public
    structure page (the public body page has the body in its address and no such field)."""

    body = forms.ChoiceField(label="Grupp", required=False)
    state = forms.ChoiceField(label="Läge", required=False)
    year = forms.TypedChoiceField(label="År", required=False, coerce=int, empty_value=None)
    principal = forms.TypedChoiceField(
        label="Huvudman", required=False, coerce=int, empty_value=None
    )
    principal_state = forms.ChoiceField(
        label="Huvudmannens läge",
        required=False,
        help_text="Gäller när en huvudman är vald.",
    )
    finished = forms.BooleanField(label="Visa även avslutade under året", required=False)

    def __init__(
        self,
        data: QueryDict,
        *,
        bodies: list[tuple[str, str]] | None,
        years: list[int],
        principals: list[Principal],
    ) -> None:
        super().__init__(data)
        if bodies is None:
            del self.fields["body"]
        else:
            cast(forms.ChoiceField, self.fields["body"]).choices = [("", "Alla grupper"), *bodies]
        cast(forms.ChoiceField, self.fields["state"]).choices = [
            ("", "Alla lägen"),
            *BalanceState.choices,
        ]
        cast(forms.ChoiceField, self.fields["year"]).choices = [
            ("", "Alla år"),
            *((y, str(y)) for y in years),
        ]
        cast(forms.ChoiceField, self.fields["principal"]).choices = [
            ("", "Alla huvudmän"),
            *((p.pk, p.name) for p in principals),
        ]
        cast(forms.ChoiceField, self.fields["principal_state"]).choices = PrincipalState.choices

    def value(self, name: str) -> Any:
        """The field's cleaned value, or None when it was left empty or is not valid."""
        self.is_valid()
        return self.cleaned_data.get(name) or None


def _years(scope: ViewerScope, structure: Structure) -> list[int]:
    """The years that have cases or recommendations, and this one; newest first."""
    years = {local_today().year}
    years.update(
        d.year for d in scope.cases().filter(structure=structure).dates("raised_on", "year")
    )
    years.update(
        d.year
        for d in scope.recommendations().filter(structure=structure).dates("decided_on", "year")
    )
    return sorted(years, reverse=True)


def _principals(structure: Structure) -> list[Principal]:
    """The structure's principals and any other that a recommendation in it concerns."""
    principals = {p.pk: p for p in participating_principals(structure=structure)}
    concerned = Principal.objects.filter(
        pk__in=PrincipalDecision.objects.filter(recommendation__structure=structure).values(
            "principal_id"
        )
    )
    principals.update((p.pk, p) for p in concerned if p.pk not in principals)
    return sorted(
        principals.values(),
        key=lambda p: (p.pk != structure.region_id, p.kind != PrincipalKind.REGION, p.name),
    )


@dataclass
class Chosen:
    form: BalanceFilter
    balance: BalanceList
    body: Body | None
    query: str
    # Whether the visitor chose any filter (a body in the page's address is no choice).
    filtered: bool


def _chosen(
    request: HttpRequest,
    *,
    structure: Structure,
    scope: ViewerScope,
    fixed_body: Body | None = None,
    body_by_key: bool = False,
) -> Chosen:
    """The form for the request's filters and the list they choose."""
    bodies = list(Body.objects.filter(structure=structure).order_by("name"))
    principals = _principals(structure)
    body_choices = None
    if fixed_body is None:
        body_choices = [(b.key if body_by_key else str(b.pk), b.name) for b in bodies]
    form = BalanceFilter(
        request.GET,
        bodies=body_choices,
        years=_years(scope, structure),
        principals=principals,
    )
    body = fixed_body
    if fixed_body is None and form.value("body"):
        wanted = form.value("body")
        body = next((b for b in bodies if (b.key if body_by_key else str(b.pk)) == wanted), None)
    principal_id = form.value("principal")
    state = form.value("state")
    balance = balance_list(
        structure=structure,
        viewer_scope=scope,
        body=body,
        state=BalanceState(state) if state else None,
        year=form.value("year"),
        principal=next((p for p in principals if p.pk == principal_id), None),
        principal_state=PrincipalState(form.value("principal_state") or PrincipalState.OPEN),
        include_finished=bool(form.value("finished")),
    )
    filtered = any(form.value(name) for name in ("body", "state", "year", "principal", "finished"))
    return Chosen(
        form=form, balance=balance, body=body, query=request.GET.urlencode(), filtered=filtered
    )


# The working page of each kind of row: the case's or the recommendation's own page.
ITEM_PAGES = {"case": "cases:case", "recommendation": "cases:recommendation"}


def _link_items(balance: BalanceList) -> None:
    for row in balance.rows:
        row.url = reverse(ITEM_PAGES[row.kind], args=[row.id])


# --- Working pages -------------------------------------------------------------------------


def _working(request: HttpRequest, slug: str) -> Chosen:
    structure = get_structure_for_read(slug)
    return _chosen(request, structure=structure, scope=ViewerScope.internal(request.user))


@login_required
@require_safe
def balance_page(request: HttpRequest, slug: str) -> HttpResponse:
    chosen = _working(request, slug)
    balance = chosen.balance
    _link_items(balance)
    return render(
        request,
        "cases/balance_list.html",
        {
            "structure": balance.structure,
            "body": chosen.body,
            "balance": balance,
            "form": chosen.form,
            "query": chosen.query,
            "filtered": chosen.filtered,
        },
    )


@login_required
@require_safe
def balance_csv(request: HttpRequest, slug: str) -> HttpResponse:
    chosen = _working(request, slug)
    stem = exports.file_stem(chosen.balance, chosen.body)
    return download(exports.balance_csv(chosen.balance), CSV_TYPE, f"{stem}.csv")


@login_required
@require_safe
def balance_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    chosen = _working(request, slug)
    stem = exports.file_stem(chosen.balance, chosen.body)
    return download(exports.balance_xlsx(chosen.balance), XLSX_TYPE, f"{stem}.xlsx")


@login_required
@require_safe
def balance_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    chosen = _working(request, slug)
    stem = exports.file_stem(chosen.balance, chosen.body)
    page_url = reverse("cases:balance_list", args=[slug])
    if chosen.query:
        page_url += f"?{chosen.query}"
    pdf = exports.balance_pdf(chosen.balance, body=chosen.body, page_url=absolute(page_url))
    return download(pdf, "application/pdf", f"{stem}.pdf")


# --- Public pages --------------------------------------------------------------------------


def _public_minutes(body: Body) -> bool:
    return Charter.objects.in_force().filter(body=body, minutes_public=True).exists()


def _bodies_without_public_minutes(structure: Structure) -> list[Body]:
    public = Charter.objects.filter(
        body=OuterRef("pk"), status=CharterStatus.IN_FORCE, minutes_public=True
    )
    return list(Body.objects.filter(structure=structure).exclude(Exists(public)).order_by("name"))


def _public(request: HttpRequest, slug: str, key: str | None) -> tuple[Chosen, Structure]:
    if key is None:
        structure = get_structure_for_read(slug)
        chosen = _chosen(request, structure=structure, scope=ViewerScope.public(), body_by_key=True)
    else:
        body = get_body_for_read(slug, key)
        structure = body.structure
        chosen = _chosen(request, structure=structure, scope=ViewerScope.public(), fixed_body=body)
    return chosen, structure


def _public_page(request: HttpRequest, slug: str, key: str | None) -> HttpResponse:
    chosen, structure = _public(request, slug, key)
    balance = chosen.balance
    body = chosen.body
    for row in balance.rows:
        if row.minutes_id:
            row.minutes_url = reverse(
                "minutes_public:minutes", args=[structure.slug, row.body_key, row.minutes_id]
            )
    if key is None:
        csv_url = reverse("cases_public:balance_list_csv", args=[structure.slug])
    else:
        csv_url = reverse("cases_public:body_balance_list_csv", args=[structure.slug, key])
    return render(
        request,
        "cases/balance_public.html",
        {
            "structure": structure,
            "body": body,
            "fixed_body": key is not None,
            "balance": balance,
            "form": chosen.form,
            "query": chosen.query,
            "filtered": chosen.filtered,
            "csv_url": csv_url,
            "body_minutes_public": _public_minutes(body) if key is not None and body else True,
            "closed_bodies": _bodies_without_public_minutes(structure) if key is None else [],
        },
    )


def _public_csv(request: HttpRequest, slug: str, key: str | None) -> HttpResponse:
    chosen, _structure = _public(request, slug, key)
    stem = exports.file_stem(chosen.balance, chosen.body)
    return download(exports.balance_csv(chosen.balance), CSV_TYPE, f"{stem}.csv")


@require_safe
def public_balance_page(request: HttpRequest, slug: str) -> HttpResponse:
    return _public_page(request, slug, None)


@require_safe
def public_body_balance_page(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    return _public_page(request, slug, key)


@require_safe
def public_balance_csv(request: HttpRequest, slug: str) -> HttpResponse:
    return _public_csv(request, slug, None)


@require_safe
def public_body_balance_csv(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    return _public_csv(request, slug, key)
