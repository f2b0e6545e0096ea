"""The public side of minutes: archives, the minutes as HTML, PDF/A and text, and the feeds.

Only published minutes are ever public; a number masked before publication appears nowhere.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import re
import shutil
import tempfile
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pikepdf
import pypdf
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.meetings.models import AgendaItem, AgendaItemKind, Meeting
from samverkan.minutes import views_public
from samverkan.minutes.models import (
    EntryKind,
    HoldResolution,
    Minutes,
    MinutesItem,
    MinutesStatus,
    PublicationHold,
)
from samverkan.minutes.render import MASK
from samverkan.minutes.services import (
    ActionIn,
    EntryIn,
    minutes_addendum_create,
    minutes_approve,
    minutes_item_add,
    minutes_item_save,
    minutes_return,
    minutes_start,
    minutes_submit,
    minutes_update,
    publication_hold_resolve,
)
from samverkan.minutes.tests.base import MinutesTestCase, held_meeting
from samverkan.structure.models import Charter, CharterStatus

# Valid by date and Luhn check, so the scanner holds the minutes.
PERSONNUMMER = "19121212-1212"
DECISION = "LSG ställer sig bakom förslaget till samverkansavtal."

ATTENDANCE = [
    {"name": "Alice Berg", "role": "Ordförande", "principal": "Umeå kommun", "present": True},
    {
        "name": "Dan Ström",
        "role": "Ersättare",
        "principal": "Region Västerbotten",
        "present": True,
        "stands_in_for": "Bo Lind",
    },
    {
        "name": "Bo Lind",
        "role": "Vice ordförande",
        "principal": "Region Västerbotten",
        "present": False,
    },
]


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"\s+", " ", text)


def fonts_in(resources: Any) -> Iterator[Any]:
    """Every font in a resource dictionary, with Type0 descendants and form XObjects' fonts."""
    if resources is None:
        return
    for font in (resources.get("/Font") or {}).values():
        yield font
        yield from font.get("/DescendantFonts") or []
        yield from fonts_in(font.get("/Resources"))
    for xobject in (resources.get("/XObject") or {}).values():
        if xobject.get("/Subtype") == "/Form":
            yield from fonts_in(xobject.get("/Resources"))


# The worker, run at once: a published minutes' PDF is rendered when the approval commits.
IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@override_settings(TASKS=IMMEDIATE_TASKS)
class PublicMinutesTestCase(MinutesTestCase):
    def setUp(self) -> None:
        super().setUp()
        cache.clear()
        # Each test's stored PDFs in a folder of its own.
        media = tempfile.mkdtemp(prefix="samverkan-test-pdf-")
        self.addCleanup(shutil.rmtree, media, ignore_errors=True)
        self.enterContext(override_settings(MEDIA_ROOT=media))

    def approve(self, minutes: Minutes) -> Minutes:
        # As in a request: what publication leaves for after the commit (the PDF) happens.
        with self.captureOnCommitCallbacks(execute=True):
            return super().approve(minutes)

    def urls(self, minutes: Minutes) -> dict[str, str]:
        body = minutes.meeting.body
        args = [body.structure.slug, body.key, minutes.pk]
        return {
            name: reverse(f"minutes_public:{name}", args=args)
            for name in ("minutes", "minutes_pdf", "minutes_text")
        }

    def listings(self) -> list[str]:
        return [
            reverse("minutes_public:structure_archive", args=["vasterbotten"]),
            reverse("minutes_public:body_archive", args=["vasterbotten", "lsg"]),
            reverse("minutes_public:structure_feed", args=["vasterbotten"]),
            reverse("minutes_public:body_feed", args=["vasterbotten", "lsg"]),
        ]

    def meeting_on(self, day: datetime.date) -> Meeting:
        """Another held LSG meeting with the standing item and one case, like `meeting`."""
        meeting = held_meeting(self.body, day)
        AgendaItem.objects.create(
            meeting=meeting,
            position=5,
            kind=AgendaItemKind.CASE,
            title="Samverkansavtal om hemsjukvård",
            owner=self.alice,
        )
        return meeting

    def publish_on(self, day: datetime.date, **write: str) -> Minutes:
        return self.approve(self.write(self.start(self.meeting_on(day)), **write))


class PublishedMinutesTests(PublicMinutesTestCase):
    def test_it_lists_published_minutes_in_both_archives_and_both_feeds(self) -> None:
        minutes = self.published()
        page_url = self.urls(minutes)["minutes"]
        for url in self.listings():
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(response, page_url)
        feed = self.client.get(self.listings()[3])
        self.assertEqual(feed["Content-Type"], "application/atom+xml; charset=utf-8")
        self.assertContains(feed, "<author><name>Länssamverkansgruppen</name></author>")
        self.assertContains(feed, "<published>")
        self.assertContains(feed, "<updated>")
        self.assertContains(feed, "Beslut: " + DECISION)
        self.assertContains(feed, "Minnesanteckningar – Länssamverkansgruppen, tisdag 10 mars 2026")

    def test_it_announces_the_feed_on_the_archive_pages(self) -> None:
        for url, feed in (
            (self.listings()[0], self.listings()[2]),
            (self.listings()[1], self.listings()[3]),
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(
                    response,
                    '<link rel="alternate" type="application/atom+xml" '
                    'title="Minnesanteckningar – ',
                )
                self.assertContains(response, f'href="http://testserver{feed}"')
                self.assertIn(f"<http://testserver{feed}>", response["Link"])

    def test_it_shows_the_minutes_as_a_public_document(self) -> None:
        minutes = self.start()
        Minutes.objects.filter(pk=minutes.pk).update(attendance=ATTENDANCE)
        minutes.refresh_from_db()
        minutes_update(
            minutes=minutes,
            expected_version=minutes.lock_version,
            by=self.secretary_user,
            notes="Nästa möte hålls i Skellefteå.",
        )
        minutes = self.approve(self.write(minutes))
        response = self.client.get(self.urls(minutes)["minutes"])
        self.assertContains(
            response,
            '<h1>Minnesanteckningar <span class="doc-sub">'
            "Länssamverkansgruppen, tisdag 10 mars 2026</span></h1>",
            html=False,
        )
        self.assertContains(response, "tisdag 10 mars 2026 kl. 13.00–15.00")
        self.assertContains(response, "Regionens hus, Umeå")
        self.assertContains(response, "<dt>Justeringsperson</dt><dd>Cecilia Ek</dd>")
        self.assertContains(response, "<caption>Närvarande (2)</caption>")
        self.assertContains(response, "<caption>Frånvarande (1)</caption>")
        self.assertContains(response, "Ersättare, ersättare för Bo Lind")
        self.assertContains(
            response, '<span class="para-no">§ 2</span> Samverkansavtal om hemsjukvård'
        )
        # The kind is said in words, not only by the colour of the box.
        self.assertContains(response, '<p class="entry-kind">Beslut</p>')
        self.assertContains(response, '<p class="entry-kind">Rekommendation till huvudmännen</p>')
        self.assertContains(response, DECISION)
        self.assertContains(response, "<td>Skicka avtalet till huvudmännen</td><td>Sara Holm</td>")
        self.assertContains(response, "2026-04-30")
        self.assertContains(response, '<h2 id="ovrigt">Övrigt</h2>')
        self.assertContains(response, "Nästa möte hålls i Skellefteå.")
        # Who approved, in the round that froze the minutes.
        self.assertContains(response, '<td>Ordförande</td><th scope="row">Alice Berg</th>')
        self.assertContains(response, '<td>Justeringsperson</td><th scope="row">Cecilia Ek</th>')
        self.assertContains(response, self.urls(minutes)["minutes_pdf"])
        self.assertContains(response, self.urls(minutes)["minutes_text"])

    def test_it_names_the_approvers_of_the_last_round_only(self) -> None:
        minutes = self.write(self.start())
        minutes_submit(
            minutes=minutes, expected_version=minutes.lock_version, by=self.secretary_user
        )
        minutes_approve(minutes=minutes, by=self.chair_user)
        minutes_return(minutes=minutes, by=self.adjuster_user, comment="Rätta stavningen.")
        minutes.refresh_from_db()
        minutes = self.approve(minutes)
        response = self.client.get(self.urls(minutes)["minutes"])
        self.assertEqual(response.content.decode().count('<th scope="row">Alice Berg</th>'), 1)

    def test_it_says_when_minutes_were_adopted_without_approval(self) -> None:
        Charter.objects.filter(pk=self.charter.pk).update(minutes_approval="none")
        minutes = self.write(self.start())
        minutes_submit(
            minutes=minutes, expected_version=minutes.lock_version, by=self.secretary_user
        )
        minutes.refresh_from_db()
        self.assertIsNotNone(minutes.published_at)
        response = self.client.get(self.urls(minutes)["minutes"])
        self.assertContains(response, "fastställda utan justering enligt uppdragsbeskrivningen")
        self.assertNotContains(response, "Justerat av")

    def test_it_shows_the_sha256_of_the_text_download(self) -> None:
        minutes = self.published()
        expected = hashlib.sha256(minutes.frozen_text.encode()).hexdigest()
        self.assertEqual(minutes.sha256, expected)
        page = self.client.get(self.urls(minutes)["minutes"])
        self.assertContains(page, f"<code>{expected}</code>")
        self.assertContains(page, "sha256sum minnesanteckningar-lsg-2026-03-10.txt")
        text = self.client.get(self.urls(minutes)["minutes_text"])
        self.assertEqual(text["Content-Type"], "text/plain; charset=utf-8")
        self.assertIn(
            'filename="minnesanteckningar-lsg-2026-03-10.txt"', text["Content-Disposition"]
        )
        self.assertEqual(hashlib.sha256(text.content).hexdigest(), expected)
        self.assertEqual(text.content.decode("utf-8"), minutes.frozen_text)

    def test_it_answers_not_modified_for_a_download_the_client_has(self) -> None:
        minutes = self.published()
        for name in ("minutes_text", "minutes_pdf"):
            with self.subTest(name=name):
                first = self.client.get(self.urls(minutes)[name])
                self.assertIn("ETag", first)
                self.assertIn("Last-Modified", first)
                again = self.client.get(
                    self.urls(minutes)[name], headers={"if-none-match": first["ETag"]}
                )
                self.assertEqual(again.status_code, 304)

    def test_it_serves_a_tagged_pdfa_with_every_font_embedded(self) -> None:
        minutes = self.published()
        response = self.client.get(self.urls(minutes)["minutes_pdf"])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn(
            'filename="minnesanteckningar-lsg-2026-03-10.pdf"', response["Content-Disposition"]
        )
        data = response.getvalue()
        with pikepdf.open(io.BytesIO(data)) as pdf:
            meta = pdf.open_metadata()
            self.assertEqual(str(meta["pdfaid:part"]), "2")
            self.assertEqual(str(meta["pdfaid:conformance"]).upper(), "A")
            self.assertTrue(bool(pdf.Root.MarkInfo.Marked))
            self.assertIn("/StructTreeRoot", pdf.Root)
            self.assertEqual(str(pdf.Root.Lang), "sv")
            fonts = [font for page in pdf.pages for font in fonts_in(page.Resources)]
            self.assertTrue(fonts)
            for font in fonts:
                if font.get("/Subtype") == "/Type0":
                    continue  # its descendant carries the font file
                descriptor = font.get("/FontDescriptor")
                self.assertIsNotNone(descriptor, f"{font.get('/BaseFont')} has no descriptor")
                self.assertTrue(
                    any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")),
                    f"{font.get('/BaseFont')} is not embedded",
                )
        text = pdf_text(data)
        self.assertIn(DECISION, text)
        self.assertIn("Rekommendation till huvudmännen", text)
        self.assertIn(minutes.sha256, text.replace(" ", ""))

    def test_it_links_an_addendum_and_its_original(self) -> None:
        original = self.published()
        addendum = minutes_addendum_create(
            original=original,
            by=self.secretary_user,
            title="Rättelse av § 2",
            text="Avtalet gäller från 1 maj, inte 1 april.",
        )
        # Unapproved, the addendum is neither linked nor public.
        self.assertNotContains(
            self.client.get(self.urls(original)["minutes"]), "Rättad genom tillägg"
        )
        self.assertEqual(self.client.get(self.urls(addendum)["minutes"]).status_code, 404)
        addendum = self.approve(addendum)
        self.assertIsNotNone(addendum.published_at)
        page = self.client.get(self.urls(original)["minutes"])
        self.assertContains(page, "Rättad genom tillägg")
        self.assertContains(page, self.urls(addendum)["minutes"])
        page = self.client.get(self.urls(addendum)["minutes"])
        self.assertContains(page, "Tillägg till minnesanteckningar")
        self.assertContains(page, self.urls(original)["minutes"])
        self.assertContains(page, "Avtalet gäller från 1 maj, inte 1 april.")
        pdf = self.client.get(self.urls(addendum)["minutes_pdf"])
        self.assertIn(f"-tillagg-{addendum.pk}.pdf", pdf["Content-Disposition"])


class UnpublishedMinutesTests(PublicMinutesTestCase):
    """Draft, pending, returned, internal and held minutes: 404 to everyone on the public site."""

    def unpublished(self) -> dict[str, Minutes]:
        draft = self.write(self.start(self.meeting_on(datetime.date(2026, 3, 17))))
        pending = self.write(self.start(self.meeting_on(datetime.date(2026, 3, 24))))
        minutes_submit(
            minutes=pending, expected_version=pending.lock_version, by=self.secretary_user
        )
        returned = self.write(self.start(self.meeting_on(datetime.date(2026, 3, 31))))
        minutes_submit(
            minutes=returned, expected_version=returned.lock_version, by=self.secretary_user
        )
        minutes_return(minutes=returned, by=self.chair_user, comment="Komplettera § 2.")
        held = self.publish_on(datetime.date(2026, 4, 7), notes=f"Ärende om {PERSONNUMMER}.")
        Charter.objects.filter(pk=self.charter.pk).update(minutes_public=False)
        internal = self.publish_on(datetime.date(2026, 4, 14))
        Charter.objects.filter(pk=self.charter.pk).update(minutes_public=True)
        states = {
            "utkast": draft,
            "väntar på justering": pending,
            "återsänd": returned,
            "justerad men inte offentlig": internal,
            "justerad men hållen": held,
        }
        for minutes in states.values():
            minutes.refresh_from_db()
        self.assertEqual(draft.status, MinutesStatus.DRAFT)
        self.assertEqual(pending.status, MinutesStatus.PENDING)
        self.assertEqual(returned.status, MinutesStatus.RETURNED)
        self.assertEqual((internal.status, internal.public), (MinutesStatus.APPROVED, False))
        self.assertEqual((held.status, held.public), (MinutesStatus.APPROVED, True))
        self.assertIsNone(held.published_at)
        self.assertTrue(held.holds.exists())
        return states

    def test_it_hides_unpublished_minutes_from_visitors_and_other_bodies(self) -> None:
        states = self.unpublished()
        visitors: list[User | None] = [None, self.other_coordinator, self.member_user]
        for visitor in visitors:
            self.client.logout()
            if visitor is not None:
                self.login(visitor)
            listings = {url: self.client.get(url).content.decode() for url in self.listings()}
            for state, minutes in states.items():
                for name, url in self.urls(minutes).items():
                    with self.subTest(visitor=str(visitor), state=state, url=name):
                        self.assertEqual(self.client.get(url).status_code, 404)
                for listing, content in listings.items():
                    with self.subTest(visitor=str(visitor), state=state, listing=listing):
                        self.assertNotIn(self.urls(minutes)["minutes"], content)

    def test_it_404s_at_an_address_that_is_not_the_minutes_body(self) -> None:
        minutes = self.published()
        self.assertEqual(self.client.get(self.urls(minutes)["minutes"]).status_code, 200)
        for slug, key in (("vasterbotten", "lsg-au"), ("blekinge", "lsvo"), ("blekinge", "lsg")):
            for name in ("minutes", "minutes_pdf", "minutes_text"):
                with self.subTest(slug=slug, key=key, name=name):
                    url = reverse(f"minutes_public:{name}", args=[slug, key, minutes.pk])
                    self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(
            self.client.get(
                reverse("minutes_public:minutes", args=["vasterbotten", "lsg", minutes.pk + 99])
            ).status_code,
            404,
        )

    def test_it_publishes_held_minutes_masked_and_the_number_appears_nowhere(self) -> None:
        minutes = self.write(
            self.start(),
            notes=f"Patienten med personnummer {PERSONNUMMER} berördes.",
            decision=f"LSG beslutar om ärendet {PERSONNUMMER}.",
        )
        minutes_update(
            minutes=minutes,
            expected_version=minutes.lock_version,
            by=self.secretary_user,
            notes=f"Se även {PERSONNUMMER}.",
        )
        minutes = self.approve(minutes)
        self.assertIsNone(minutes.published_at)
        self.assertEqual(self.client.get(self.urls(minutes)["minutes"]).status_code, 404)
        holds = list(PublicationHold.objects.filter(minutes=minutes))
        self.assertEqual(len(holds), 3)
        with self.captureOnCommitCallbacks(execute=True):
            for hold in holds:
                publication_hold_resolve(
                    hold=hold, by=self.coordinator, resolution=HoldResolution.MASK
                )
        minutes.refresh_from_db()
        self.assertIsNotNone(minutes.published_at)
        self.assertIn(PERSONNUMMER, minutes.frozen_text)  # the original is kept whole

        short = PERSONNUMMER[2:]
        page = self.client.get(self.urls(minutes)["minutes"])
        self.assertEqual(page.status_code, 200)
        text = self.client.get(self.urls(minutes)["minutes_text"])
        pdf = self.client.get(self.urls(minutes)["minutes_pdf"])
        self.assertEqual(pdf.status_code, 200)
        outputs = {
            "html": page.content.decode(),
            "text": text.content.decode(),
            "pdf": pdf_text(pdf.getvalue()),
        }
        for url in self.listings():
            outputs[url] = self.client.get(url).content.decode()
        for where, content in outputs.items():
            with self.subTest(where=where):
                self.assertNotIn(short, content)
                self.assertNotIn(short.replace("-", ""), content)
        self.assertIn(MASK, outputs["html"])
        self.assertIn(MASK, outputs["text"])
        self.assertIn(MASK, outputs["pdf"])
        self.assertIn(MASK, outputs[self.listings()[3]])
        self.assertIn("Patienten med personnummer", outputs["html"])
        # The masked file cannot match the approved hash; the page gives only the published
        # text's own hash, which the file does match, and says where the original is. The
        # original's hash is never public: with it anyone could try candidate numbers.
        published_hash = hashlib.sha256(text.content).hexdigest()
        self.assertNotEqual(published_hash, minutes.sha256)
        self.assertEqual(published_hash, minutes.published_sha256)
        self.assertIn(published_hash, outputs["html"])
        self.assertIn("finns hos strukturens koordinator", outputs["html"])
        for where, content in outputs.items():
            with self.subTest(where=where):
                self.assertNotIn(minutes.sha256, content)
        for response in (page, text, pdf):
            self.assertNotIn(minutes.sha256, str(response.headers))

    def test_it_publishes_unmasked_when_the_number_may_be_published(self) -> None:
        minutes = self.approve(self.write(self.start(), notes=f"Diarienummer {PERSONNUMMER}."))
        for hold in minutes.holds.all():
            publication_hold_resolve(
                hold=hold, by=self.coordinator, resolution=HoldResolution.PUBLISH
            )
        page = self.client.get(self.urls(minutes)["minutes"])
        self.assertContains(page, PERSONNUMMER)
        self.assertContains(page, "sha256sum")
        text = self.client.get(self.urls(minutes)["minutes_text"])
        self.assertEqual(hashlib.sha256(text.content).hexdigest(), minutes.sha256)


class ArchiveTests(PublicMinutesTestCase):
    def council_minutes(self) -> Minutes:
        """Published minutes of another body: the council adopts them without approval."""
        Charter.objects.create(
            body=self.council,
            version="2021",
            status=CharterStatus.IN_FORCE,
            minutes_approval="none",
            minutes_public=True,
        )
        meeting = held_meeting(self.council, datetime.date(2025, 2, 4))
        minutes = minutes_start(meeting=meeting, by=self.coordinator)
        item = minutes_item_add(minutes=minutes, by=self.coordinator, title="Länsgemensam plan")
        minutes_item_save(
            item=item,
            expected_version=item.lock_version,
            by=self.coordinator,
            entries=[
                EntryIn(EntryKind.RECOMMENDATION, "Huvudmännen rekommenderas att anta planen.")
            ],
        )
        minutes.refresh_from_db()
        minutes_submit(minutes=minutes, expected_version=minutes.lock_version, by=self.coordinator)
        minutes.refresh_from_db()
        self.assertIsNotNone(minutes.published_at)
        return minutes

    def test_it_groups_by_year_newest_first_and_filters_by_body_and_year(self) -> None:
        march = self.published()
        april = self.publish_on(datetime.date(2026, 4, 14))
        council = self.council_minutes()
        url = reverse("minutes_public:structure_archive", args=["vasterbotten"])
        content = self.client.get(url).content.decode()
        positions = [content.index(self.urls(m)["minutes"]) for m in (april, march, council)]
        self.assertEqual(positions, sorted(positions))
        self.assertLess(content.index('<h2 id="ar-2026">'), content.index('<h2 id="ar-2025">'))
        self.assertIn("Samråd vård och omsorg, tisdag 4 februari 2025", content)

        by_body = self.client.get(url, {"body": "samrad"}).content.decode()
        self.assertIn(self.urls(council)["minutes"], by_body)
        self.assertNotIn(self.urls(march)["minutes"], by_body)
        by_year = self.client.get(url, {"year": "2026"}).content.decode()
        self.assertIn(self.urls(march)["minutes"], by_year)
        self.assertNotIn(self.urls(council)["minutes"], by_year)
        self.assertIn('<option value="2025">2025</option>', by_year)

        body_url = reverse("minutes_public:body_archive", args=["vasterbotten", "lsg"])
        body_archive = self.client.get(body_url).content.decode()
        self.assertIn(self.urls(april)["minutes"], body_archive)
        self.assertNotIn(self.urls(council)["minutes"], body_archive)
        self.assertNotIn('name="body"', body_archive)
        # An unknown year is a filter that matches nothing, not an error.
        self.assertEqual(self.client.get(body_url, {"year": "1999"}).status_code, 200)
        self.assertEqual(self.client.get(body_url, {"year": "x"}).status_code, 200)

    def test_it_pages_and_keeps_the_filter(self) -> None:
        self.published()
        for day in (14, 21, 28):
            self.publish_on(datetime.date(2026, 4, day))
        url = reverse("minutes_public:body_archive", args=["vasterbotten", "lsg"])
        with mock.patch.object(views_public, "PER_PAGE", 2):
            first = self.client.get(url, {"year": "2026"})
            self.assertContains(first, "Visar 1–2, de senaste mötena först.")
            self.assertContains(first, "?year=2026&amp;sida=2")
            second = self.client.get(url, {"year": "2026", "sida": "2"})
            self.assertContains(second, "Visar 3–4, de senaste mötena först.")
            self.assertNotContains(second, "Tidigare möten")
            self.assertContains(second, "tisdag 10 mars 2026")

    def test_it_makes_as_many_queries_for_twelve_minutes_as_for_two(self) -> None:
        days = [datetime.date(2026, 3, 10) + datetime.timedelta(weeks=n) for n in range(12)]
        self.published()
        self.publish_on(days[1])
        urls = [
            reverse("minutes_public:structure_archive", args=["vasterbotten"]),
            reverse("minutes_public:body_archive", args=["vasterbotten", "lsg"]),
            reverse("minutes_public:structure_feed", args=["vasterbotten"]),
            reverse("minutes_public:body_feed", args=["vasterbotten", "lsg"]),
        ]
        # Archives: structure or body, the first year, the page's ids and rows, and the
        # bodies for the filter in the structure's. Feeds: structure or body, minutes, holds, items and entries.
        budgets = dict(zip(urls, (5, 4, 5, 5), strict=True))
        for url, budget in budgets.items():
            with self.subTest(url=url), self.assertNumQueries(budget):
                self.client.get(url)
        for day in days[2:]:
            self.publish_on(day)
        latest = self.urls(Minutes.objects.latest("pk"))["minutes"]
        self.assertEqual(Minutes.objects.filter(published_at__isnull=False).count(), 12)
        for url, budget in budgets.items():
            with self.subTest(url=url), self.assertNumQueries(budget):
                response = self.client.get(url)
            self.assertContains(response, latest)

    def test_the_minutes_page_makes_the_same_number_of_queries_however_many_items(self) -> None:
        small = self.published()
        with CaptureQueriesContext(connection) as measured:
            self.client.get(self.urls(small)["minutes"])
        # The previous meeting's action comes along as a follow-up to the next minutes.
        minutes = self.write(self.start(self.meeting_on(datetime.date(2026, 4, 14))))
        for n in range(8):
            item = minutes_item_add(minutes=minutes, by=self.secretary_user, title=f"Punkt {n}")
            minutes_item_save(
                item=item,
                expected_version=item.lock_version,
                by=self.secretary_user,
                notes="Anteckning",
                entries=[EntryIn(EntryKind.INFORMATION, f"Information {n}")],
                actions=[ActionIn(f"Åtgärd {n}", datetime.date(2026, 6, 1), owner=self.sara)],
            )
        minutes.refresh_from_db()
        big = self.approve(minutes)
        self.assertEqual(MinutesItem.objects.filter(minutes=big).count(), 10)
        self.assertTrue(MinutesItem.objects.filter(minutes=big, follow_ups__isnull=False).exists())
        with self.assertNumQueries(len(measured.captured_queries)):
            response = self.client.get(self.urls(big)["minutes"])
        self.assertContains(response, "Uppföljning av åtgärder från tidigare möten")
        self.assertContains(response, "Från mötet 10 mars 2026")
