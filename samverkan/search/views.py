"""The public search page."""

from __future__ import annotations

import math

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import numberformat

from samverkan.search.forms import SearchForm
from samverkan.search.selectors import search, search_years
from samverkan.structure.models import Body, Structure

PER_PAGE = 20
# Nobody reads page 500 of a search; a bound keeps the offset cheap.
MAX_PAGE = 500


def _page_number(value: str | None) -> int:
    try:
        return min(max(int(value or 1), 1), MAX_PAGE)
    except ValueError:
        return 1


def _number(value: int) -> str:
    """A number as Swedish writes it: 2 000."""
    return numberformat.format(value, ",", grouping=3, thousand_sep="\u00a0", force_grouping=True)


def search_page(request: HttpRequest) -> HttpResponse:
    structures = list(Structure.objects.order_by("name").only("name"))
    bodies = list(Body.objects.order_by("position", "name").only("name", "structure_id"))
    form = SearchForm(
        request.GET or None, structures=structures, bodies=bodies, years=search_years()
    )
    form.is_valid()
    filters = form.filters()
    page = _page_number(request.GET.get("sida"))
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
            "results": results,
            "page": page,
            "pages": pages,
            "total_text": _number(results.total) if results else "",
        },
    )
