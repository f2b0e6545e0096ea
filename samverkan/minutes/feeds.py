"""Atom feeds of published minutes, per structure and per body.

Each entry's summary quotes a few decisions and recommendations, with masked numbers
removed like everywhere else on the public site.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join

from samverkan.lib.localtime import meeting_day
from samverkan.lib.swedish import day_text
from samverkan.minutes.models import Minutes
from samverkan.minutes.render import mask, masked_strings, title_of
from samverkan.minutes.selectors import feed_minutes
from samverkan.minutes.views_public import minutes_url
from samverkan.structure.access import get_body_for_read, get_structure_for_read
from samverkan.structure.models import Body, Structure

# Decisions and recommendations quoted in an entry's summary (`feed_minutes` loads only those).
QUOTED = 3


def summary_html(minutes: Minutes) -> str:
    found = masked_strings(minutes)
    quoted = [
        (entry.get_kind_display(), mask(entry.text, found))
        for item in minutes.items.all()
        for entry in item.entries.all()
    ][:QUOTED]
    if not quoted:
        titles = [mask(item.title, found) for item in minutes.items.all()]
        return format_html("<p>Punkter: {}</p>", "; ".join(titles))
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}: {}</li>", quoted))


class _MinutesFeed(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed

    def items(self, obj: Any) -> list[Minutes]:
        raise NotImplementedError

    def item_title(self, item: Minutes) -> str:
        body = item.meeting.body
        return f"{title_of(item)} – {body.name}, {day_text(meeting_day(item.meeting))}"

    def item_description(self, item: Minutes) -> str:
        return summary_html(item)

    def item_link(self, item: Minutes) -> str:
        return minutes_url(item)

    def item_pubdate(self, item: Minutes) -> datetime.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Minutes) -> datetime.datetime | None:
        # Approved minutes never change; a correction is an entry of its own.
        return item.published_at

    def item_author_name(self, item: Minutes) -> str:
        return item.meeting.body.name


class StructureMinutesFeed(_MinutesFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Structure:  # type: ignore[override]
        return get_structure_for_read(slug)

    def title(self, obj: Structure) -> str:
        return f"Minnesanteckningar – {obj.name}"

    def subtitle(self, obj: Structure) -> str:
        return f"Justerade och publicerade minnesanteckningar från grupperna i {obj.name}."

    def link(self, obj: Structure) -> str:
        return reverse("minutes_public:structure_archive", args=[obj.slug])

    def feed_url(self, obj: Structure) -> str:
        return reverse("minutes_public:structure_feed", args=[obj.slug])

    def author_name(self, obj: Structure) -> str:
        return obj.name

    def items(self, obj: Structure) -> list[Minutes]:
        return feed_minutes(structure=obj)


class BodyMinutesFeed(_MinutesFeed):
    def get_object(self, request: HttpRequest, slug: str, key: str) -> Body:  # type: ignore[override]
        return get_body_for_read(slug, key)

    def title(self, obj: Body) -> str:
        return f"Minnesanteckningar – {obj.name}"

    def subtitle(self, obj: Body) -> str:
        return (
            f"Justerade och publicerade minnesanteckningar från {obj.name}, {obj.structure.name}."
        )

    def link(self, obj: Body) -> str:
        return reverse("minutes_public:body_archive", args=[obj.structure.slug, obj.key])

    def feed_url(self, obj: Body) -> str:
        return reverse("minutes_public:body_feed", args=[obj.structure.slug, obj.key])

    def author_name(self, obj: Body) -> str:
        return obj.name

    def items(self, obj: Body) -> list[Minutes]:
        return feed_minutes(structure=obj.structure, body=obj)
