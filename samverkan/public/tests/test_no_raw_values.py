"""No raw values anywhere people look (issue 15, item 7): a crawl of the public site from the
start page and of the working pages as a coordinator, on the Västerbotten seed (the one with
the most notes) with a held meeting's published minutes, a draft and a coming meeting, finds
no "None", no internal name (a model's field name or a TextChoices value with an
underscore), and no English text from Django's widgets or forms.

A failure names the page and the offending words.
"""

from __future__ import annotations

import datetime
import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.test import TestCase
from django.urls import reverse

from samverkan.lib.localtime import local, local_today
from samverkan.meetings.models import AgendaItem, AgendaItemKind, Meeting
from samverkan.meetings.services import meeting_create
from samverkan.minutes.models import EntryKind, Minutes
from samverkan.minutes.services import (
    EntryIn,
    minutes_approve,
    minutes_item_save,
    minutes_start,
    minutes_submit,
)
from samverkan.minutes.tests.base import held_meeting
from samverkan.structure.importer import structure_import_file
from samverkan.structure.models import Body, Person, Structure
from samverkan.structure.schema import CITATION_KEYS
from samverkan.structure.services.history import CITATION_LABELS

PASSWORD = "test-password-123"

# Django's and its widgets' English, as it would show if a text were not translated.
ENGLISH = (
    "Select an option",
    "This field is required",
    "Enter a valid",
    "Currently:",
    "Change:",
    "Clear",
)
# Addresses not to follow: files, feeds, the API, the admin, the account pages (logging out).
SKIP = re.compile(
    r"\.(pdf|txt|ics|csv|xlsx|atom|xml|json|ico)$|^/(api|admin|konto|static|media)/|/fil/$"
    r"|/dokument/"
)
# Pages of the same kind beyond the first few add time, not coverage.
SAME_KIND = re.compile(r"\d+|(?<=/huvudman/)[^/]+")
PER_KIND = 4


def internal_names() -> frozenset[str]:
    """Every snake_case name a page could leak: the project's models' field names and the
    values of its TextChoices."""
    names: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("samverkan."):
            continue
        for field in model._meta.get_fields():
            names.add(field.name)
            for value, _label in getattr(field, "flatchoices", None) or ():
                names.add(str(value))

    def choices(cls: type[models.TextChoices]) -> None:
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("samverkan."):
                names.update(str(member.value) for member in sub)
            choices(sub)

    choices(models.TextChoices)
    return frozenset(n for n in names if "_" in n.strip("_"))


class VisibleText(HTMLParser):
    """The text a reader sees (no script, style or template) and the page's links."""

    HIDDEN = frozenset({"script", "style", "template", "head"})

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        # What a screen reader or a hovering mouse reads out is text too.
        for name in ("aria-label", "title", "alt", "placeholder"):
            if values.get(name):
                self.parts.append(values[name] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


class NoRawValuesTests(TestCase):
    maxDiff = None
    structure: Structure
    coordinator: User
    coming: Meeting

    @classmethod
    def setUpTestData(cls) -> None:
        structure_import_file(path=Path(settings.STRUCTURES_DIR) / "vasterbotten.yaml")
        cls.structure = Structure.objects.get(slug="vasterbotten")
        cls.coordinator = User.objects.create_user("samordnare", "s@example.se", PASSWORD)
        cls.structure.coordinators.add(cls.coordinator)
        chair = User.objects.create_user("ordforande", "o@example.se", PASSWORD)
        Person.objects.filter(key="mirela-jovanovic").update(user=chair)
        # Samverkansråd patientsäkerhet: its chair alone approves and the minutes are public.
        council = Body.objects.get(structure=cls.structure, key="patientsakerhet")
        held = held_meeting(council, datetime.date(2026, 3, 10), title="Möte om avvikelser")
        AgendaItem.objects.create(
            meeting=held, position=0, kind=AgendaItemKind.CASE, title="Avvikelser i samverkan"
        )
        minutes = minutes_start(meeting=held, by=cls.coordinator)
        item = minutes.items.order_by("position").first()
        assert item is not None
        minutes_item_save(
            item=item,
            expected_version=item.lock_version,
            by=cls.coordinator,
            notes="Rådet gick igenom avvikelserna från hösten.",
            entries=[EntryIn(EntryKind.DECISION, "Rådet tar fram en gemensam rutin.")],
        )
        minutes.refresh_from_db()
        minutes_submit(minutes=minutes, expected_version=minutes.lock_version, by=cls.coordinator)
        minutes_approve(minutes=minutes, by=chair)
        lsg = Body.objects.get(structure=cls.structure, key="lsg")
        minutes_start(meeting=held_meeting(lsg, datetime.date(2026, 4, 14)), by=cls.coordinator)
        day = local_today() + datetime.timedelta(days=40)
        cls.coming = meeting_create(
            body=lsg, starts_at=local(day, 13), ends_at=local(day, 15), by=cls.coordinator
        )

    def setUp(self) -> None:
        self.names = internal_names()
        words = "|".join(sorted(map(re.escape, self.names), key=len, reverse=True))
        # A name on its own, not part of an address, a file name or a longer word.
        self.raw = re.compile(rf"(?<![\w@./-])(?:None|{words})(?![\w@/-]|\.\w)")

    def offences(self, text: str) -> list[str]:
        found = [m.group(0) for m in self.raw.finditer(text)]
        found += [english for english in ENGLISH if re.search(rf"\b{re.escape(english)}", text)]
        return found

    def crawl(self, start: list[str], *, inside: str = "/", limit: int) -> dict[str, list[str]]:
        """Follow the links of the same host from `start`, GET only, breadth first, at most
        `limit` pages and a few of each kind; the offences found on each page."""
        queue = deque(start)
        seen = set(start)
        kinds: dict[str, int] = {}
        problems: dict[str, list[str]] = {}
        visited = 0
        while queue and visited < limit:
            path = queue.popleft()
            response = self.client.get(path)
            visited += 1
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            page = VisibleText()
            page.feed(response.content.decode())
            if found := self.offences(page.text):
                problems[path] = sorted(set(found))
            for href in page.links:
                link = urldefrag(href)[0]
                parts = urlsplit(link)
                if parts.scheme or parts.netloc or not parts.path.startswith(inside):
                    continue
                if SKIP.search(parts.path) or link in seen:
                    continue
                kind = SAME_KIND.sub("*", parts.path) + ("?" if parts.query else "")
                if kinds.get(kind, 0) >= PER_KIND and "/g/" not in parts.path:
                    continue
                kinds[kind] = kinds.get(kind, 0) + 1
                seen.add(link)
                queue.append(link)
        self.assertGreater(visited, 10, "the crawl should reach more than a handful of pages")
        return problems

    def test_it_finds_the_internal_names_it_looks_for(self) -> None:
        # The check itself: the names the issue found are among those looked for.
        for name in ("chair_and_adjuster", "role_links", "every_other_year", "ex_officio_for"):
            self.assertIn(name, self.names)
        self.assertEqual(
            self.offences("Justering (chair_and_adjuster). None. – Select an option –"),
            ["chair_and_adjuster", "None", "Select an option"],
        )
        self.assertEqual(self.offences("anna_berg@umea.example, role_links.pdf, Ändra"), [])
        # Every group a citation can quote for has its words in the history.
        self.assertEqual(set(CITATION_LABELS), CITATION_KEYS)

    def test_the_public_site_shows_no_raw_values(self) -> None:
        published = Minutes.objects.filter(published_at__isnull=False)
        self.assertEqual(published.count(), 1)
        problems = self.crawl([reverse("public:home")], limit=220)
        self.assertEqual(problems, {}, "raw values or English on public pages")

    def test_the_working_pages_show_no_raw_values(self) -> None:
        self.client.force_login(self.coordinator)
        slug = self.structure.slug
        start = [
            reverse("work:home"),
            reverse("work:structure", args=[slug]),
            reverse("meetings:meeting", args=[self.coming.pk]),
            reverse("rules:findings"),
            reverse("cases:case_list", args=[slug]),
            reverse("cases:recommendation_list", args=[slug]),
            reverse("cases:assignments", args=[slug]),
            reverse("cases:balance_list", args=[slug]),
        ]
        start += [reverse("minutes:minutes", args=[m.pk]) for m in Minutes.objects.all()]
        start += [
            reverse("work:body", args=[slug, key])
            for key in Body.objects.filter(structure=self.structure).values_list("key", flat=True)
        ]
        problems = self.crawl(start, inside="/arbeta/", limit=90)
        self.assertEqual(problems, {}, "raw values or English on working pages")
