"""The site's own pages: the accessibility statement and `/favicon.ico`."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from samverkan.public.models import DIGG_NOTIFICATION_URL, AccessibilityStatement

FAVICON = settings.BASE_DIR / "samverkan" / "static" / "samverkan" / "favicon.ico"


@require_safe
@cache_control(public=True, max_age=86400)
def favicon(request: HttpRequest) -> FileResponse:
    """Browsers ask for /favicon.ico whatever the page links; served from the app's folder,
    which exists wherever the code does (the collected copy has a hashed name)."""
    return FileResponse(FAVICON.open("rb"), content_type="image/x-icon")


def accessibility(request: HttpRequest) -> HttpResponse:
    # The migration creates the row; should it be gone, the default text still holds.
    statement = AccessibilityStatement.objects.first() or AccessibilityStatement()
    return render(
        request,
        "public/accessibility.html",
        {
            "statement": statement,
            "contact_email": statement.contact_email or settings.ACCESSIBILITY_CONTACT_EMAIL,
            "digg_url": DIGG_NOTIFICATION_URL,
        },
    )
