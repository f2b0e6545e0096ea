"""The implementation matrix and the meeting panel: what they show and that they render
with a fixed number of queries, the same for a county group with 5 local groups and 8
documents as with 50."""

from __future__ import annotations

import datetime

from django.urls import reverse

from samverkan.governing import services
from samverkan.governing.models import GoverningDocument, Implementation, ImplementationStatus
from samverkan.governing.tests.base import GoverningTestCase, local_groups, make_document
from samverkan.meetings.models import AgendaItem, AgendaItemKind
from samverkan.meetings.tests.lazy_parts import get_with_parts
from samverkan.minutes.tests.base import held_meeting
from samverkan.structure.models import Body

STATES: tuple[tuple[str, dict[str, datetime.date]], ...] = (
    (ImplementationStatus.NOT_STARTED, {}),
    (ImplementationStatus.PLANNED, {"planned_on": datetime.date(2026, 9, 1)}),
    (ImplementationStatus.IMPLEMENTED, {"implemented_on": datetime.date(2026, 3, 1)}),
    (
        ImplementationStatus.FOLLOWED_UP,
        {"implemented_on": datetime.date(2026, 2, 1), "followed_up_on": datetime.date(2026, 5, 1)},
    ),
)


class MatrixTests(GoverningTestCase):
    county: Body
    groups: list[Body]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.county = Body.objects.create(
            structure=cls.structure,
            key="lsg-aldras",
            name="Länssamverkansgrupp Att åldras",
            kind="county_group",
            level="regional",
            mandate="decides",
        )
        cls.groups = local_groups(cls.county, 5, prefix="aldras")

    def add_documents(self, start: int, count: int) -> None:
        for index in range(start, start + count):
            document = make_document(
                self.structure, None, f"Dokument {index:02d}", commissioned_by=self.county
            )
            rows = services.implementing_bodies_set(by=None, document=document, bodies=self.groups)
            for place, row in enumerate(rows):
                status, dates = STATES[(index + place) % len(STATES)]
                if status != ImplementationStatus.NOT_STARTED:
                    services.implementation_update(
                        by=None,
                        implementation=row,
                        status=status,
                        today=datetime.date(2026, 6, 15),
                        **dates,  # type: ignore[arg-type]
                    )

    def meeting_url(self) -> str:
        meeting = held_meeting(self.county, datetime.date(2026, 5, 4))
        AgendaItem.objects.create(
            meeting=meeting,
            kind=AgendaItemKind.STANDING,
            position=1,
            title="Implementering av kunskapsstöd, avtal, överenskommelser, riktlinjer och rutiner",
        )
        return reverse("meetings:meeting", args=[meeting.pk])

    def count_queries(self, url: str) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            response = get_with_parts(self.client, url)
        self.assertEqual(response.status_code, 200)
        return len(captured)

    def test_it_shows_each_cell_in_words_and_a_symbol_with_a_summary(self) -> None:
        self.add_documents(0, 2)
        self.login(self.member_user)
        page = self.client.get(
            reverse("governing:matrix", args=[self.structure.slug, self.county.key])
        )
        self.assertContains(page, '<th scope="col">Lokal 4</th>', html=True)
        self.assertContains(page, "Dokument 01")
        self.assertContains(page, "Planerad</a>")
        self.assertContains(page, "till 1 september 2026")
        self.assertContains(page, "✔</span> Uppföljd")
        self.assertContains(page, "Sammanlagt 10:")
        self.assertNotContains(page, "Överenskommelse om utskrivning")  # another commissioner's

    def test_the_matrix_page_and_panel_run_as_many_queries_for_8_documents_as_for_50(
        self,
    ) -> None:
        matrix = reverse("governing:matrix", args=[self.structure.slug, self.county.key])
        meeting = self.meeting_url()
        self.login(self.coordinator)
        self.add_documents(0, 8)
        small = (self.count_queries(matrix), self.count_queries(meeting))
        self.add_documents(8, 42)
        self.assertEqual(GoverningDocument.objects.filter(commissioned_by=self.county).count(), 50)
        self.assertEqual(
            Implementation.objects.filter(document__commissioned_by=self.county).count(), 250
        )
        with self.assertNumQueries(small[0]):
            response = self.client.get(matrix)
        self.assertContains(response, "Dokument 49")
        with self.assertNumQueries(small[1]):
            response = get_with_parts(self.client, meeting)
        self.assertContains(response, "Dokument 49")


class PanelTests(GoverningTestCase):
    def test_a_local_groups_meeting_shows_its_own_rows_to_its_people(self) -> None:
        meeting = held_meeting(self.locals[0], datetime.date(2026, 5, 4))
        AgendaItem.objects.create(
            meeting=meeting,
            kind=AgendaItemKind.STANDING,
            position=1,
            title="Implementering av kunskapsstöd, avtal, överenskommelser, riktlinjer och rutiner",
        )
        AgendaItem.objects.create(
            meeting=meeting,
            kind=AgendaItemKind.STANDING,
            position=2,
            title="Uppföljning avvikelser",
        )
        url = reverse("meetings:meeting", args=[meeting.pk])
        self.login(self.local_chair)
        page = get_with_parts(self.client, url).content.decode()
        self.assertEqual(page.count('class="governing-panel"'), 1)
        self.assertIn("Styrdokument som Lokal grupp 0 ska implementera", page)
        self.assertIn("Arbetsutkast till rutin för SIP", page)
        self.assertIn(f"#impl-{self.locals[0].pk}", page)

    def test_without_an_implementation_item_the_panel_adds_nothing(self) -> None:
        meeting = held_meeting(self.body, datetime.date(2026, 5, 4))
        self.login(self.coordinator)
        self.assertNotContains(
            get_with_parts(self.client, reverse("meetings:meeting", args=[meeting.pk])),
            "governing-panel",
        )
