"""One address, two answers: the part htmx swaps into a page, or a page of its own for a
browser without JavaScript (the link that stands in the part's place)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def part_or_page(
    request: HttpRequest, part: str, page: str, context: Mapping[str, Any]
) -> HttpResponse:
    """Render `part` for an htmx request, `page` otherwise. Varies on HX-Request, so that no
    cache (the browser's, the public page cache) gives one the other's answer."""
    template = part if request.headers.get("HX-Request") else page
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
