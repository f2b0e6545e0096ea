"""The page for a server error (500), set as `handler500` in the root URLconf.

Django's own handler renders `500.html` without a context, so the page would lack the site's
name and fail a second time if the stylesheet is missing from the static files manifest.
This one gives the template just those two, from settings alone: no request context
processors and no database, since whatever failed may be one of them.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseServerError
from django.template.loader import render_to_string
from django.templatetags.static import static


def server_error(request: HttpRequest) -> HttpResponseServerError:
    try:
        stylesheet = static("samverkan/site.css")
    except ValueError:
        # Not in the manifest (collectstatic not run): an unstyled page beats a second error.
        stylesheet = ""
    body = render_to_string("500.html", {"site_name": settings.SITE_NAME, "stylesheet": stylesheet})
    return HttpResponseServerError(body)
