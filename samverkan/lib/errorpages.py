"""Error pages: the server error (500), set as `handler500` in the root URLconf, and the
Swedish 404 under DEBUG (`SwedishNotFoundMiddleware`).

For the 500 page Django's own handler renders `500.html` without a context, so the page would lack the site's
name and fail a second time if the stylesheet is missing from the static files manifest.
This one gives the template just those two, from settings alone: no request context
processors and no database, since whatever failed may be one of them.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import Resolver404
from django.views.defaults import page_not_found


def server_error(request: HttpRequest) -> HttpResponseServerError:
    try:
        stylesheet = static("samverkan/site.css")
    except ValueError:
        # Not in the manifest (collectstatic not run): an unstyled page beats a second error.
        stylesheet = ""
    body = render_to_string("500.html", {"site_name": settings.SITE_NAME, "stylesheet": stylesheet})
    return HttpResponseServerError(body)


class SwedishNotFoundMiddleware:
    """With DEBUG on, unknown addresses show the site's Swedish 404 page, unless DEBUG_404.

    Django shows its technical 404 page whenever DEBUG is on. A developer may want it
    (`DEBUG_404=1`); the demo (`make run`), which runs with DEBUG for its console email and
    plain HTTP, shows the page its users will see. Without DEBUG this does nothing: Django
    renders 404.html itself. A view's `Http404` is caught in `process_exception`; an
    address no URL pattern matches never reaches a view, so it is told by the request
    having no `resolver_match`.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @staticmethod
    def active() -> bool:
        return bool(settings.DEBUG and not getattr(settings, "DEBUG_404", True))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 404
            and self.active()
            and getattr(request, "resolver_match", None) is None
        ):
            return page_not_found(request, Resolver404())
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Http404) and self.active():
            return page_not_found(request, exception)
        return None
