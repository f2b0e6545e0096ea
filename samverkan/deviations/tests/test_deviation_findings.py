"""The charter check's `deviations.answer_overdue`, and the summary under "Uppföljning
avvikelser" on a meeting's page."""

from __future__ import annotations

import datetime

from django.test import RequestFactory
from django.urls import reverse

from samverkan.deviations.findings import ANSWER_OVERDUE, answer_overdue
from samverkan.deviations.panels import deviations_on_meeting_page
from samverkan.deviations.tests.base import DeviationTestCase
from samverkan.lib.findings import Severity, run_findings
from samverkan.lib.localtime import local
from samverkan.meetings.models import AgendaItem, AgendaItemKind, Meeting, MeetingStatus
from samverkan.meetings.tests.lazy_parts import get_with_parts


class FindingTests(DeviationTestCase):
    def test_it_finds_overdue_and_soon_due_answers_for_the_handler(self) -> None:
        late = self.report(today=datetime.date(2026, 1, 2))  # due 3 March
        soon = self.report(today=datetime.date(2026, 1, 30))  # due 31 March
        self.report(today=datetime.date(2026, 3, 3))  # due in May: nothing yet
        answered = self.report(today=datetime.date(2026, 1, 2))
        from samverkan.deviations import services

        services.deviation_answer(
            by=self.region_handler, deviation=answered, investigation="a", measures="b"
        )
        found = list(answer_overdue(today=datetime.date(2026, 3, 25), structure_ids=None))
        self.assertEqual([f.about for f in found], [f"deviation:{late.pk}", f"deviation:{soon.pk}"])
        self.assertEqual([f.severity for f in found], [Severity.OVERDUE, Severity.DUE_SOON])
        self.assertEqual(found[0].responsible.user_ids, (self.region_handler.pk,))
        self.assertIn("22 dagar försenad", found[0].message)
        self.assertEqual(found[0].url, reverse("deviations:deviation", args=[late.pk]))
        # Collected by the charter check like every app's rules.
        codes = {f.rule for f in run_findings(today=datetime.date(2026, 3, 25))}
        self.assertIn(ANSWER_OVERDUE, codes)
        self.assertEqual(
            list(
                answer_overdue(
                    today=datetime.date(2026, 3, 25), structure_ids=[self.other_structure.pk]
                )
            ),
            [],
        )


class MeetingPanelTests(DeviationTestCase):
    def meeting(self, day: datetime.date) -> Meeting:
        return Meeting.objects.create(
            body=self.body,
            starts_at=local(day, 13),
            ends_at=local(day, 15),
            status=MeetingStatus.PLANNED,
        )

    def test_it_shows_the_summary_since_the_previous_meeting_under_the_item(self) -> None:
        self.meeting(datetime.date(2026, 2, 1))
        meeting = self.meeting(datetime.date(2026, 4, 1))
        follow_up = AgendaItem.objects.create(
            meeting=meeting,
            position=1,
            kind=AgendaItemKind.INFORMATION,
            title="Uppföljning avvikelser",
        )
        other = AgendaItem.objects.create(
            meeting=meeting, position=2, kind=AgendaItemKind.INFORMATION, title="SIP"
        )
        self.report(today=datetime.date(2026, 1, 15))  # before the previous meeting
        self.report(today=datetime.date(2026, 3, 3))
        self.report(today=datetime.date(2026, 3, 4), concerned_principal=self.skelleftea)
        request = RequestFactory().get("/")
        request.user = self.member_user
        items = [follow_up, other]
        meeting = Meeting.objects.select_related("body__structure").get(pk=meeting.pk)
        with self.assertNumQueries(7):
            shown = deviations_on_meeting_page(request, meeting, items)
        self.assertEqual(set(shown.under_items), {follow_up.pk})
        html = shown.under_items[follow_up.pk]
        self.assertIn("<strong>2</strong> avvikelser", html)
        self.assertIn("Region Västerbotten", html)
        with self.assertNumQueries(0):
            deviations_on_meeting_page(request, meeting, [other])
        # Someone who may not see the body's aggregates gets nothing.
        request.user = self.stranger
        self.assertEqual(deviations_on_meeting_page(request, meeting, items).under_items, {})
        # And the meeting's own page shows it.
        self.client.force_login(self.member_user)
        page = get_with_parts(self.client, reverse("meetings:meeting", args=[meeting.pk]))
        self.assertContains(page, "Avvikelser i samverkan sedan förra mötet")
