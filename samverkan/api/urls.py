"""Included by the project at `api/v1/`.

Errors that happen before an operation is found (an unknown path, a method the
path does not have) are answered in the API's JSON error shape too.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, URLResolver, path, re_path
from django.views.decorators.csrf import csrf_exempt

from samverkan.api.api import api
from samverkan.api.errors import NOT_FOUND, error_body


def _json_method_not_allowed(view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            replacement = api.create_response(
                request,
                error_body(f"Metoden {request.method} stöds inte här; använd {allowed}."),
                status=405,
            )
            replacement["Allow"] = allowed
            return replacement
        return response

    return wrapper


@csrf_exempt
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Unknown paths under the API answer in the API's error shape, not with an HTML page.

    Whatever the method: the API takes no cookies for writes, so there is no CSRF check to
    fail here, and a POST to an unknown path is a 404 like a GET (not Django's HTML page
    about a missing CSRF cookie)."""
    return api.create_response(request, error_body(NOT_FOUND), status=404)


def _api_patterns() -> list[URLPattern | URLResolver]:
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = _json_method_not_allowed(pattern.callback)
    return [path("", (patterns, app_name, namespace))]


urlpatterns: list[URLPattern | URLResolver] = [
    *_api_patterns(),
    re_path(r"^(?P<rest>.*)$", not_found),
]
