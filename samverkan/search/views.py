"""The public search page."""

from __future__ import annotations

import math

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import numberformat
from django.views.decorators.http import require_GET

from samverkan.lib.paging import page_number
from samverkan.search.forms import SearchForm, body_choices
from samverkan.search.selectors import search, search_years
from samverkan.structure.models import Body, Structure

PER_PAGE = 20
# Nobody reads page 500 of a search; a bound keeps the offset cheap.
MAX_PAGE = 500


def _number(value: int) -> str:
    """A number as Swedish writes it: 2 000."""
    return numberformat.format(value, ",", grouping=3, thousand_sep="\u00a0", force_grouping=True)


def _id(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 0 < number < 2**63 else None


def _bodies_of(structure_id: int | None) -> list[Body]:
    """The structure's bodies for the body filter; none before a structure is chosen."""
    if structure_id is None:
        return []
    return list(
        Body.objects.filter(structure_id=structure_id)
        .order_by("position", "name")
        .only("name", "structure_id")
    )


def search_page(request: HttpRequest) -> HttpResponse:
    structures = list(Structure.objects.order_by("name").only("name"))
    structure_id = _id(request.GET.get("structure"))
    body_id = _id(request.GET.get("body"))
    if structure_id is None and body_id is not None:
        # An address with a body but no structure (an older link) still filters by the body.
        structure_id = (
            Body.objects.filter(pk=body_id).values_list("structure_id", flat=True).first()
        )
    bodies = _bodies_of(structure_id)
    form = SearchForm(
        request.GET or None, structures=structures, bodies=bodies, years=search_years()
    )
    form.is_valid()
    filters = form.filters()
    page = page_number(request.GET.get("sida"), most=MAX_PAGE)
    results = None
    if filters["query"].strip():
        results = search(user=request.user, limit=PER_PAGE, offset=(page - 1) * PER_PAGE, **filters)
    pages = min(math.ceil(results.total / PER_PAGE), MAX_PAGE) if results else 0
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "query": filters["query"].strip(),
            "quoted_query": _quoted(filters["query"].strip()),
            "results": results,
            "page": page,
            "pages": pages,
            "total_text": _number(results.total) if results else "",
        },
    )


@require_GET
def body_options(request: HttpRequest) -> HttpResponse:
    """The body filter's options for the chosen structure: htmx swaps them into the select
    when the structure changes (without JavaScript, the search itself reloads them)."""
    return render(
        request,
        "search/_body_options.html",
        {"choices": body_choices(_bodies_of(_id(request.GET.get("structure"))))},
    )


def _quoted(query: str) -> str:
    """The query in quotation marks for the heading, unless it is a phrase that already has
    them (”"samordnad individuell plan"” read oddly)."""
    if len(query) > 1 and query[0] in '"”“' and query[-1] in '"”“':
        return query
    return f"”{query}”"
