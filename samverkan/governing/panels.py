"""The implementation of governing documents under a meeting's agenda item about it
("Implementering av kunskapsstöd, avtal, överenskommelser, riktlinjer och rutiner"),
registered with the meeting page's panels.

For a commissioning body (a county group) the item gets its matrix: the documents it
commissions × the local groups implementing them. For an implementing body (a local
group) it gets its own rows: each document, how far the group has come and when. Shown to
those who may read the structure's internal pages; a fixed number of queries however long
the agenda and however many documents, and none when no item is about implementation.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpRequest
from django.template.loader import render_to_string

from samverkan.governing import access
from samverkan.governing.selectors import STATUS_SYMBOLS, implementation_matrix, implementations_of
from samverkan.meetings.models import AgendaItem, Meeting
from samverkan.meetings.panels import Contribution, Lazy, meeting_page, no_section

WORD = "implementering"


def is_implementation_item(item: AgendaItem) -> bool:
    return WORD in item.title.casefold()


def governing_on_meeting_page(
    request: HttpRequest, meeting: Meeting, items: Sequence[AgendaItem]
) -> Contribution:
    targets = [item for item in items if is_implementation_item(item)]
    if not targets:
        return Contribution()
    body = meeting.body
    if not access.rights_in(request.user, body.structure).reads_internal:
        return Contribution()
    matrix = implementation_matrix(body=body)
    own = implementations_of(body=body)
    html = {
        item.pk: render_to_string(
            "governing/panel.html",
            {
                "matrix": matrix if matrix.rows else None,
                "own": own,
                "body": body,
                "symbols": STATUS_SYMBOLS,
                "prefix": f"impl-{item.pk}",
            },
            request=request,
        )
        for item in targets
    }
    return Contribution(under_items=html)


def register_governing_panel() -> None:
    meeting_page.register(
        "governing",
        governing_on_meeting_page,
        lazy=Lazy(
            label="Implementering av styrdokument",
            section=no_section,
            under=lambda meeting, item: is_implementation_item(item),
        ),
    )
