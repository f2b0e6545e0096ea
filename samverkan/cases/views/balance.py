"""The balanslista as pages and files: the working list (what the user may read) under
`arbeta/balanslista/`, the public list (what is public) under `balanslista/`.

Both take the same filters as a GET form, and every export link carries the page's query,
so a file holds exactly what the page showed. A filter value that is not valid is shown
beside its field and left out; the list is shown without it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, Window
from django.db.models.functions import ExtractYear
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from samverkan.cases import exports
from samverkan.cases.models import PrincipalDecision
from samverkan.cases.selectors.balance import (
    BalanceList,
    BalanceRow,
    BalanceState,
    PrincipalState,
    ViewerScope,
    balance_list,
)
from samverkan.lib.exports import CSV_TYPE, XLSX_TYPE, download
from samverkan.lib.localtime import local_today
from samverkan.lib.mail import absolute
from samverkan.structure.access import get_body_for_read, get_structure_for_read
from samverkan.structure.bodypicker import BodyChoice, body_choice
from samverkan.structure.models import (
    Body,
    Charter,
    CharterStatus,
    Membership,
    Principal,
    PrincipalKind,
    Structure,
)

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
    """The years that have cases or recommendations, and this one; newest first. One query."""
    years = {local_today().year}
    cases = (
        scope.cases()
        .filter(structure=structure)
        .annotate(year=ExtractYear("raised_on"))
        .values_list("year")
        .distinct()
        .order_by()
    )
    recommendations = (
        scope.recommendations()
        .filter(structure=structure)
        .annotate(year=ExtractYear("decided_on"))
        .values_list("year")
        .distinct()
        .order_by()
    )
    years.update(year for (year,) in cases.union(recommendations).order_by())
    return sorted(years, reverse=True)


def _principals(structure: Structure) -> list[Principal]:
    """The structure's principals (as `participating_principals` finds them: the region, the
    municipalities its bodies belong to or its members sit for) and any other that a
    recommendation in it concerns. One query, with subqueries rather than joins."""
    municipality = Q(kind=PrincipalKind.MUNICIPALITY)
    found = Principal.objects.filter(
        Q(pk=structure.region_id)
        | municipality
        & Q(
            pk__in=Body.objects.filter(structure=structure, municipality__isnull=False).values(
                "municipality_id"
            )
        )
        | municipality
        & Q(pk__in=Membership.objects.filter(body__structure=structure).values("principal_id"))
        | Q(
            pk__in=PrincipalDecision.objects.filter(recommendation__structure=structure).values(
                "principal_id"
            )
        )
    )
    return sorted(
        found,
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
    body_choice: BodyChoice | None = None


def _chosen(
    request: HttpRequest,
    *,
    structure: Structure,
    scope: ViewerScope,
    fixed_body: Body | None = None,
    body_by_key: bool = False,
) -> Chosen:
    """The form for the request's filters and the list they choose."""
    # A bounded list with a search (`structure/bodypicker.py`), and always the chosen body.
    wanted = request.GET.get("body") or ""
    choice = body_choice(structure=structure, field="body", data=request.GET, keep=[wanted])
    bodies = sorted(choice.bodies, key=lambda b: b.name)
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
        form=form,
        balance=balance,
        body=body,
        query=_without_page(request),
        filtered=filtered,
        body_choice=choice if fixed_body is None else None,
    )


# The working page of each kind of row: the case's or the recommendation's own page.
ITEM_PAGES = {"case": "cases:case", "recommendation": "cases:recommendation"}


def _link_items(rows: Iterable[BalanceRow]) -> None:
    for row in rows:
        row.url = reverse(ITEM_PAGES[row.kind], args=[row.id])


PER_PAGE = 50


def _paged(request: HttpRequest, balance: BalanceList) -> dict[str, Any]:
    """The page's rows, 50 a page (the summary counts them all), and the filters for the
    pager's links."""
    page = Paginator(balance.rows, PER_PAGE).get_page(request.GET.get("sida"))
    return {"page": page, "page_query": _without_page(request)}


def _without_page(request: HttpRequest) -> str:
    """The filters as a query string, for the pager and the export links (a file has every
    row, whichever page it was fetched from)."""
    query = request.GET.copy()
    query.pop("sida", None)
    return query.urlencode()


# --- Working pages -------------------------------------------------------------------------


def _working(request: HttpRequest, slug: str) -> Chosen:
    structure = get_structure_for_read(slug)
    return _chosen(request, structure=structure, scope=ViewerScope.internal(request.user))


@login_required
@require_safe
def balance_page(request: HttpRequest, slug: str) -> HttpResponse:
    chosen = _working(request, slug)
    balance = chosen.balance
    paged = _paged(request, balance)
    _link_items(paged["page"].object_list)
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
            "body_choice": chosen.body_choice,
            **paged,
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


# How many of the bodies that do not publish their minutes the public page names.
CLOSED_NAMED = 40


def _bodies_without_public_minutes(structure: Structure) -> tuple[list[Body], int]:
    """The first `CLOSED_NAMED` of them by name, and how many there are (one query: a
    large structure has hundreds)."""
    public = Charter.objects.filter(
        body=OuterRef("pk"), status=CharterStatus.IN_FORCE, minutes_public=True
    )
    named: list[Body] = list(
        Body.objects.filter(structure=structure)
        .exclude(Exists(public))
        .annotate(closed_total=Window(Count("pk")))
        .only("name")
        .order_by("name")[:CLOSED_NAMED]
    )
    total: int = getattr(named[0], "closed_total", 0) if named else 0
    return named, total


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
    paged = _paged(request, balance)
    for row in paged["page"].object_list:
        if row.minutes_id:
            row.minutes_url = reverse(
                "minutes_public:minutes", args=[structure.slug, row.body_key, row.minutes_id]
            )
    closed_bodies, closed_count = (
        _bodies_without_public_minutes(structure) if key is None else ([], 0)
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
            "body_choice": chosen.body_choice,
            **paged,
            "csv_url": csv_url,
            "body_minutes_public": _public_minutes(body) if key is not None and body else True,
            "closed_bodies": closed_bodies,
            "closed_count": closed_count,
            "closed_more": closed_count - len(closed_bodies),
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
