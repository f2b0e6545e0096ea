"""Statistics pages: a structure's indicators and each indicator's charts with the data
tables beside them (working pages under `arbeta/statistik/`, public ones under
`statistik/`), the forms that enter, import and fetch values, and each chart's CSV file."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from samverkan.lib.errors import DomainError
from samverkan.lib.exports import CSV_TYPE, download
from samverkan.lib.localtime import local_today
from samverkan.lib.users import acting_user
from samverkan.lib.webforms import show_refusal
from samverkan.statistics import access, periods, services
from samverkan.statistics.blocks import chart_blocks
from samverkan.statistics.forms import ImportForm, IndicatorForm, KoladaForm, ValueForm
from samverkan.statistics.models import Indicator, IndicatorSource
from samverkan.statistics.selectors import indicator_data
from samverkan.statistics.tables import CHARTS, table_csv, table_for
from samverkan.structure.access import get_structure_for_read
from samverkan.structure.models import PrincipalKind
from samverkan.structure.selectors import participating_principals

# --- Working pages --------------------------------------------------------------------


@login_required
def indicator_list(request: HttpRequest, slug: str) -> HttpResponse:
    user = acting_user(request)
    structure = get_structure_for_read(slug)
    can_edit = access.can_edit_indicators(user, structure)
    indicators = access.readable_indicators(user).filter(structure=structure).order_by("name")
    form = IndicatorForm(request.POST if request.method == "POST" and can_edit else None)
    if request.method == "POST":
        if not can_edit:
            raise Http404("Sidan finns inte.")
        if form.is_valid():
            try:
                indicator = services.define_indicator(
                    structure=structure, by=user, **form.cleaned_data
                )
            except DomainError as exc:
                show_refusal(form, exc.errors)
            else:
                messages.success(request, f"Indikatorn {indicator.name} är skapad.")
                return redirect("statistics:indicator", indicator.pk)
    return render(
        request,
        "statistics/indicator_list.html",
        {
            "structure": structure,
            "indicators": list(indicators),
            "form": form,
            "can_edit": can_edit,
        },
    )


def _page_context(user: Any, indicator: Indicator, **forms: Any) -> dict[str, Any]:
    data = indicator_data(indicator)
    principals = [
        (p.scb_code, p.name)
        for p in participating_principals(structure=indicator.structure)
        if indicator.level == "both"
        or (indicator.level == "region") == (p.kind == PrincipalKind.REGION)
    ]
    can_edit = access.can_edit_indicators(user, indicator.structure)
    hint = periods.expected(indicator.period_kind)
    return {
        "indicator": indicator,
        "structure": indicator.structure,
        "data": data,
        "charts": chart_blocks(
            data, lambda chart: reverse("statistics:chart_csv", args=[indicator.pk, chart])
        ),
        "can_edit": can_edit,
        "value_form": forms.get("value_form") or ValueForm(principals=principals, period_help=hint),
        "import_form": forms.get("import_form") or ImportForm(),
        "kolada_form": forms.get("kolada_form")
        or KoladaForm(initial={"years": "{}-{}".format(*_default_span())}),
        "edit_form": forms.get("edit_form")
        or IndicatorForm(
            initial={name: getattr(indicator, name) for name in services.INDICATOR_FIELDS}
        ),
        "principal_choices": principals,
        "period_hint": hint,
        "is_kolada": indicator.source == IndicatorSource.KOLADA or bool(indicator.kolada_kpi),
    }


def _default_span() -> tuple[int, int]:
    years = services.default_years(local_today())
    return years[0], years[-1]


@login_required
@require_safe
def indicator_page(request: HttpRequest, indicator_id: int) -> HttpResponse:
    user = acting_user(request)
    indicator = access.get_indicator_for_read(user, indicator_id)
    return render(request, "statistics/indicator_page.html", _page_context(user, indicator))


def _refused_page(
    request: HttpRequest, user: Any, indicator: Indicator, exc: DomainError, **forms: Any
) -> HttpResponse:
    form = next(iter(forms.values()))
    show_refusal(form, exc.errors)
    messages.error(request, exc.message)
    context = _page_context(user, indicator, **forms)
    return render(request, "statistics/indicator_page.html", context, status=400)


@login_required
@require_POST
def indicator_edit(request: HttpRequest, indicator_id: int) -> HttpResponse:
    user = acting_user(request)
    indicator = access.get_indicator_for_edit(user, indicator_id)
    form = IndicatorForm(request.POST)
    if form.is_valid():
        try:
            services.update_indicator(indicator=indicator, by=user, **form.cleaned_data)
        except DomainError as exc:
            return _refused_page(request, user, indicator, exc, edit_form=form)
        messages.success(request, "Indikatorn är sparad.")
        return redirect("statistics:indicator", indicator.pk)
    return _refused_page(
        request, user, indicator, DomainError("Rätta uppgifterna."), edit_form=form
    )


@login_required
@require_POST
def values_enter(request: HttpRequest, indicator_id: int) -> HttpResponse:
    user = acting_user(request)
    indicator = access.get_indicator_for_edit(user, indicator_id)
    context = _page_context(user, indicator)
    form = ValueForm(
        request.POST, principals=context["principal_choices"], period_help=context["period_hint"]
    )
    try:
        if not form.is_valid():
            raise DomainError("Rätta uppgifterna.")
        data = form.cleaned_data
        stored = services.enter_values(
            indicator=indicator,
            by=user,
            values=[(data["principal"], data["period"], data["value"])],
        )
    except DomainError as exc:
        # A row problem reads "Rad 1: …"; the form has one row, so the reason is enough.
        problems = [p.removeprefix("Rad 1: ") for p in exc.errors.get("values", [])]
        refusal = DomainError(exc.message, errors={"__all__": problems} if problems else exc.errors)
        return _refused_page(request, user, indicator, refusal, value_form=form)
    messages.success(request, f"Sparat: {stored.text}.")
    return redirect("statistics:indicator", indicator.pk)


@login_required
@require_POST
def values_import(request: HttpRequest, indicator_id: int) -> HttpResponse:
    user = acting_user(request)
    indicator = access.get_indicator_for_edit(user, indicator_id)
    form = ImportForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise DomainError("Välj en fil.", field="file")
        upload = form.cleaned_data["file"]
        stored = services.import_values(
            indicator=indicator, by=user, file_name=upload.name, data=upload.read()
        )
    except DomainError as exc:
        return _refused_page(request, user, indicator, exc, import_form=form)
    messages.success(request, f"Filen är importerad: {stored.text}.")
    return redirect("statistics:indicator", indicator.pk)


@login_required
@require_POST
def kolada_fetch(request: HttpRequest, indicator_id: int) -> HttpResponse:
    user = acting_user(request)
    indicator = access.get_indicator_for_edit(user, indicator_id)
    form = KoladaForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError("Ange år.", field="years")
        years = services.year_range(form.cleaned_data["years"])
        stored = services.fetch_from_kolada(indicator=indicator, by=user, years=years)
    except DomainError as exc:
        refusal = DomainError(exc.message, errors={"years": [exc.message]})
        return _refused_page(request, user, indicator, refusal, kolada_form=form)
    messages.success(request, f"Hämtat från Kolada: {stored.text}.")
    return redirect("statistics:indicator", indicator.pk)


def _csv_response(indicator: Indicator, chart: str, *, public: bool = False) -> HttpResponse:
    if chart not in CHARTS:
        raise Http404("Diagrammet finns inte.")
    data = indicator_data(indicator, public=public)
    name = f"{indicator.structure.slug}-indikator-{indicator.pk}-{chart}.csv"
    return download(table_csv(table_for(chart, data, every_period=True)), CSV_TYPE, name)


@login_required
@require_safe
def chart_csv(request: HttpRequest, indicator_id: int, chart: str) -> HttpResponse:
    indicator = access.get_indicator_for_read(acting_user(request), indicator_id)
    return _csv_response(indicator, chart)


# --- Public pages ---------------------------------------------------------------------


@require_safe
def public_list(request: HttpRequest, slug: str) -> HttpResponse:
    structure = get_structure_for_read(slug)
    indicators = list(access.public_indicators().filter(structure=structure).order_by("name"))
    return render(
        request,
        "statistics/public_list.html",
        {"structure": structure, "indicators": indicators},
    )


def _public_indicator(slug: str, indicator_id: int) -> Indicator:
    indicator = access.get_public_indicator(indicator_id)
    if indicator.structure.slug != slug:
        raise Http404("Indikatorn finns inte.")
    return indicator


@require_safe
def public_page(request: HttpRequest, slug: str, indicator_id: int) -> HttpResponse:
    indicator = _public_indicator(slug, indicator_id)
    data = indicator_data(indicator, public=True)
    charts = chart_blocks(
        data,
        lambda chart: reverse("statistics_public:chart_csv", args=[slug, indicator.pk, chart]),
    )
    return render(
        request,
        "statistics/public_page.html",
        {"indicator": indicator, "structure": indicator.structure, "data": data, "charts": charts},
    )


@require_safe
def public_csv(request: HttpRequest, slug: str, indicator_id: int, chart: str) -> HttpResponse:
    return _csv_response(_public_indicator(slug, indicator_id), chart, public=True)
