"""Included by the project at `api/v1/`."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, URLResolver, path, re_path

from samverkan.api.api import api
from samverkan.api.errors import NOT_FOUND, error_body


def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Unknown paths under the API answer in the API's error shape, not with an HTML page."""
    return JsonResponse(error_body(NOT_FOUND), status=404)


urlpatterns: list[URLPattern | URLResolver] = [
    path("", api.urls),
    re_path(r"^(?P<rest>.*)$", not_found),
]
