"""The administrator's search of the whole history (`/arbeta/historik/`).

Coordinators see an object's history on its working page and, through the API, their
structures' history; searching everything is for administrators.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from samverkan.audit.forms import HistorySearchForm
from samverkan.audit.models import Change
from samverkan.audit.selectors import changes_matching, row_of
from samverkan.lib.paging import read_page

PER_PAGE = 50
# A national history holds millions of changes: pages are read without a count, and only so
# far back by offset (a search narrows it further).
MAX_PAGE = 200


@login_required
@require_safe
def search(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (user.is_active and user.is_superuser):
        raise PermissionDenied("Bara administratörer kan söka i hela historiken.")
    form = HistorySearchForm(request.GET or None)
    changes = Change.objects.none()
    if not request.GET:
        changes = changes_matching(Change.objects.all())
    elif form.is_valid():
        data = form.cleaned_data
        changes = changes_matching(
            Change.objects.all(),
            object_type=data["typ"] or None,
            object_id=data["id"],
            actor=data["aktor"],
            since=data["fran"],
            until=data["till"],
            text=data["text"],
        )
    page = read_page(changes, request.GET.get("sida"), size=PER_PAGE, most=MAX_PAGE)
    query = request.GET.copy()
    query.pop("sida", None)
    return render(
        request,
        "audit/search.html",
        {
            "form": form,
            "page": page,
            "rows": [row_of(c) for c in page.rows],
            "query": query.urlencode(),
        },
    )
