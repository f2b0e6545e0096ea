"""What is shown to one signed-in person is never kept by a browser cache or a proxy.

Every response to a signed-in user (a page, a file, a feed, the page that shows a new API
token once) and every response to a request that carries credentials (`Authorization`, as
API clients send their token) gets `Cache-Control: no-store`: after logging out on a shared
computer, the back button or a proxy must not show the pages again.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers


def sent_to_someone_signed_in(request: HttpRequest) -> bool:
    if "Authorization" in request.headers:
        return True
    session = getattr(request, "session", None)
    # Without a session cookie (and no login in this request) nobody is signed in; asking
    # the user anyway would load the session and add `Vary: Cookie` to public feeds and files.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES and not (session and session.modified):
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class NoStoreForSignedInMiddleware:
    """Placed after AuthenticationMiddleware, so `request.user` is known."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if sent_to_someone_signed_in(request):
            # no-store, plus private and max-age=0, which replace any public caching a view set.
            add_never_cache_headers(response)
        return response
