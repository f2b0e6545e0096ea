"""A lazy panel of the meeting page (`meetings.panels`), fetched by htmx once the page has
loaded, or opened as a page of its own without JavaScript.

Read with the same check as the meeting page: whoever may not read the meeting gets the
same answer here as there. A fixed number of queries: the meeting, the reader's rights, the
agenda and the panel's own few.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from samverkan.lib.htmx import part_or_page
from samverkan.lib.localtime import STOCKHOLM
from samverkan.meetings import selectors
from samverkan.meetings.access import get_meeting_for_read
from samverkan.meetings.panels import meeting_page, slot_id
from samverkan.structure.access import remember_roles


@login_required
@require_safe
def meeting_panel(request: HttpRequest, meeting_id: int, name: str) -> HttpResponse:
    obj, rights = get_meeting_for_read(request.user, meeting_id)
    # A panel's access checks and selectors each ask for the reader's roles.
    remember_roles(request.user)
    registered = meeting_page.get(name)
    if registered is None or registered.lazy is None:
        raise Http404("Mötessidan har ingen sådan del.")
    items = selectors.agenda_items(meeting=obj)
    contribution = registered.panel(request, obj, items)
    under = [
        (item, slot_id(name, item.pk), contribution.under_items[item.pk])
        for item in items
        if contribution.under_items.get(item.pk)
    ]
    context = {
        "meeting": obj,
        "body": obj.body,
        "structure": obj.body.structure,
        "rights": rights,
        "label": registered.lazy.label,
        "slot": slot_id(name),
        "section": contribution.section,
        "under": under,
        "local_start": timezone.localtime(obj.starts_at, STOCKHOLM),
    }
    return part_or_page(request, "meetings/panels/_swap.html", "meetings/panels/page.html", context)
