"""The statistics under a meeting's agenda item about statistics ("Uppföljning SIP och annan
aktuell statistik"), registered with the meeting page's panels.

Every item whose title mentions statistik gets the structure's indicators (those the
viewer may read) with their time series, its table and CSV file. Two queries (the
indicators, their values) however long the agenda; none when no item is about statistics.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse

from samverkan.meetings.models import AgendaItem, Meeting
from samverkan.meetings.panels import Contribution, Lazy, meeting_page, no_section
from samverkan.statistics import access
from samverkan.statistics.blocks import chart_blocks
from samverkan.statistics.selectors import indicators_data

WORD = "statistik"


def is_statistics_item(item: AgendaItem) -> bool:
    return WORD in item.title.casefold()


def statistics_on_meeting_page(
    request: HttpRequest, meeting: Meeting, items: Sequence[AgendaItem]
) -> Contribution:
    targets = [item for item in items if is_statistics_item(item)]
    if not targets:
        return Contribution()
    structure = meeting.body.structure
    user = request.user
    internal = access.can_read_internal(user, structure)
    indicators = list(
        (access.readable_indicators(user) if internal else access.public_indicators())
        .filter(structure_id=structure.pk)
        .order_by("name")
    )
    entries = []
    for data in indicators_data(indicators, public=not internal):
        indicator = data.indicator
        if internal:
            url = reverse("statistics:indicator", args=[indicator.pk])

            def csv(chart: str, pk: int = indicator.pk) -> str:
                return reverse("statistics:chart_csv", args=[pk, chart])
        else:
            url = reverse("statistics_public:indicator", args=[structure.slug, indicator.pk])

            def csv(chart: str, pk: int = indicator.pk) -> str:
                return reverse("statistics_public:chart_csv", args=[structure.slug, pk, chart])

        entries.append((data, url, csv))
    html = {}
    for item in targets:
        # Each item draws its own charts, so ids stay unique with two statistics items.
        shown = [
            {
                "data": data,
                "url": url,
                "charts": chart_blocks(data, csv, only=("serie",), prefix=f"-item{item.pk}"),
            }
            for data, url, csv in entries
        ]
        html[item.pk] = render_to_string(
            "statistics/panel.html",
            {"indicators": shown, "structure": structure, "can_read_internal": internal},
            request=request,
        )
    return Contribution(under_items=html)


def register_statistics_panel() -> None:
    meeting_page.register(
        "statistics",
        statistics_on_meeting_page,
        lazy=Lazy(
            label="Statistik",
            section=no_section,
            under=lambda meeting, item: is_statistics_item(item),
        ),
    )
