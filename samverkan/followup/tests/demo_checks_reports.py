"""What the periodic reports demo shows, checked in the one whole-demo load
(`samverkan/rules/tests/test_whole_demo.py`)."""

from __future__ import annotations

from samverkan.followup.demo_reports import (
    KARLSKRONA,
    PATIENT_SAFETY,
    current_term,
    demo_reports,
    last_finished_term,
)
from samverkan.followup.models import PeriodicReport, ReportStatus
from samverkan.followup.services.reports import delivered_reports, period_key_of
from samverkan.meetings.models import AgendaItemKind
from samverkan.testing.demo import DemoChecks


class ReportsDemoChecks(DemoChecks):
    def reports_of(self, key: tuple[str, str]) -> list[PeriodicReport]:
        return list(
            PeriodicReport.objects.filter(body__structure__slug=key[0], body__key=key[1])
            .select_related("body", "to_body", "agenda_item__meeting")
            .order_by("period_end")
        )

    def test_the_demo_made_every_report_it_meant_to(self) -> None:
        self.assertEqual(self.reports_report.refused, [])

    def test_karlskrona_delivered_its_last_term_report_to_the_county_group(self) -> None:
        delivered, draft = self.reports_of(KARLSKRONA)
        self.assertEqual(
            (period_key_of(delivered), delivered.period_end.year),
            last_finished_term(self.today),
        )
        self.assertEqual(delivered.status, ReportStatus.DELIVERED)
        self.assertEqual(delivered.to_body.key, "lsg-att-vaxa-upp")
        self.assertTrue(delivered.summary)
        self.assertTrue(any(s["text"] for s in delivered.sections))
        self.assertTrue(delivered.pdf)
        item = delivered.agenda_item
        assert item is not None
        self.assertEqual(item.meeting.body, delivered.to_body)
        self.assertEqual(item.kind, AgendaItemKind.INFORMATION)
        self.assertGreater(item.meeting.starts_at.date(), self.today)
        self.assertFalse(delivered.public)
        # The charter check now knows that term is reported.
        assert delivered.duty_id is not None
        pair = (delivered.duty_id, delivered.period_end)
        self.assertEqual(delivered_reports({pair}), {pair})
        # And the current term has a draft.
        self.assertEqual(draft.status, ReportStatus.DRAFT)
        self.assertEqual((period_key_of(draft), draft.period_end.year), current_term(self.today))

    def test_the_patient_safety_council_yearly_summary_is_public_and_delivered(self) -> None:
        [summary] = self.reports_of(PATIENT_SAFETY)
        self.assertEqual(summary.period_end.year, self.today.year - 1)
        self.assertEqual(period_key_of(summary), "year")
        self.assertTrue(summary.public)
        self.assertEqual(summary.status, ReportStatus.DELIVERED)
        self.assertEqual(summary.to_body.key, "lsg")
        page = self.client.get(
            f"/s/{PATIENT_SAFETY[0]}/g/{PATIENT_SAFETY[1]}/rapporter/{summary.pk}/"
        )
        self.assertContains(page, summary.summary[:40])

    def test_the_council_texts_agree_with_the_facts_of_its_year(self) -> None:
        [summary] = self.reports_of(PATIENT_SAFETY)
        sections = {s["key"]: s for s in summary.sections}
        meetings, deviations = sections["meetings"], sections["deviations"]
        if "höll inga möten" in meetings["facts_html"]:
            self.assertNotIn("har sammanträtt", meetings["text"])
        else:
            self.assertIn("har sammanträtt", meetings["text"])
        if "Inga avvikelser rapporterades" in deviations["facts_html"]:
            self.assertNotIn("de flesta rör", deviations["text"])
            self.assertIn("Inga avvikelser", deviations["text"])
        # The public agenda carries the public summary; Karlskrona's internal one stays off.
        assert summary.agenda_item is not None
        self.assertEqual(summary.agenda_item.description, summary.summary)
        delivered = self.reports_of(KARLSKRONA)[0]
        assert delivered.agenda_item is not None
        self.assertNotIn(delivered.summary[:30], delivered.agenda_item.description)

    def test_loading_the_reports_demo_again_changes_nothing(self) -> None:
        before = list(PeriodicReport.objects.values_list("pk", "lock_version", "status"))
        again = demo_reports(today=self.today)
        self.assertEqual((again.made, again.refused), ([], []))
        after = list(PeriodicReport.objects.values_list("pk", "lock_version", "status"))
        self.assertEqual(before, after)
