"""The coordinator's start page says each thing once: a notice not sent in time is a notice
to send, marked as the finding it also is, not a second time among the findings; and a
finding reminder that did not go out is listed with the other reminders that did not."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from samverkan.lib.localtime import local_today
from samverkan.lib.outbox import DeliveryState
from samverkan.lib.swedish import date_text
from samverkan.meetings.findings import NOTICE
from samverkan.rules.models import FindingReminder
from samverkan.rules.selectors import current_findings
from samverkan.structure.models import Structure
from samverkan.work.tests.test_todo_base import TodoTestCase, days
from samverkan.work.tests.test_todo_coordinator import waiting

REFUSED = "e-postservern nekade adressen (550 5.1.1 No such user)"


def findings_part(page: str) -> str:
    return page.split('id="avvikelser"')[1].split("</section>")[0]


class NoticeShownOnceTests(TodoTestCase):
    def test_a_notice_not_sent_in_time_is_shown_once_as_a_notice_to_send(self) -> None:
        late = self.coming(days(10))
        soon = self.coming(days(24))
        notices = {
            s.finding.about: s.finding
            for s in current_findings(
                today=local_today(), structure_ids=[self.structure.pk], include_acknowledged=False
            )
            if s.finding.rule == NOTICE
        }
        # Both are findings of the charter check …
        self.assertEqual(set(notices), {f"meeting:{late.pk}", f"meeting:{soon.pk}"})
        all_findings = len(
            current_findings(
                today=local_today(), structure_ids=[self.structure.pk], include_acknowledged=False
            )
        )

        page = self.start_page(self.coordinator)

        # … shown where they are sent, with the finding's severity, …
        part = waiting(page)
        notice = reverse("meetings:notice", args=[late.pk])
        self.assertIn(
            '<span class="severity severity-overdue">Försenat</span> '
            f'<a href="{notice}">Länssamverkansgruppen {date_text(days(10))}</a>',
            part,
        )
        notice = reverse("meetings:notice", args=[soon.pk])
        self.assertIn(
            '<span class="severity severity-due_soon">Snart dags</span> '
            f'<a href="{notice}">Länssamverkansgruppen {date_text(days(24))}</a>',
            part,
        )
        self.assertEqual(part.count("en avvikelse från uppdragsbeskrivningen"), 2)
        # … and not a second time among the findings, which count the others only.
        findings = findings_part(page)
        self.assertNotIn("Kallelsen till", findings)  # the documents' finding stays
        self.assertIn(f"{all_findings - 2} avvikelser från uppdragsbeskrivningarna", findings)
        self.assertIn("2 kallelser som inte är skickade i tid står under", findings)
        # The structure's findings page still lists them all.
        full = self.client.get(reverse("rules:structure_findings", args=["vasterbotten"]))
        self.assertContains(full, "Kallelsen till Länssamverkansgruppens möte")

    def test_a_notice_without_a_finding_is_shown_as_before(self) -> None:
        self.coming(days(12), body=self.au)  # AU's charter sets no lead time: no finding
        page = self.start_page(self.coordinator)
        self.assertIn(f"Länssamverkansgruppens AU {date_text(days(12))}</a> –", waiting(page))
        self.assertNotIn("kallelser som inte är skickade i tid", page)
        self.assertNotIn("en avvikelse från uppdragsbeskrivningen", page)


class FailedFindingReminderTests(TodoTestCase):
    def reminder(self, structure: Structure, message: str) -> FindingReminder:
        return FindingReminder.objects.create(
            key=f"test.booking|body:{structure.pk}",
            due_on=datetime.date(2026, 11, 30),
            email="alice.berg@umea.example",
            name="Alice Berg",
            rule="test.booking",
            structure=structure,
            message=message,
            state=DeliveryState.FAILED,
            attempts=1,
            error=REFUSED,
            expires_at=timezone.now() + datetime.timedelta(days=2),
        )

    def test_a_failed_finding_reminder_shows_on_its_coordinators_start_page(self) -> None:
        self.reminder(self.structure, "Länssamverkansgruppen har inte bokat nästa års möten.")
        self.reminder(self.other_structure, "Blekinges grupp har inte bokat nästa års möten.")

        page = self.start_page(self.coordinator)
        self.assertIn("Påminnelser som inte kommit fram", page)
        url = reverse("rules:structure_findings", args=["vasterbotten"]) + "#paminnelser"
        self.assertIn(
            f'<a href="{url}">Avvikelse, senast 30 november 2026: Länssamverkansgruppen har '
            "inte bokat nästa års möten.</a> till Alice Berg: Kom inte fram: "
            "e-postservern nekade adressen (550 5.1.1 No such user).",
            page,
        )
        self.assertNotIn("Blekinges grupp", page)

        other = self.start_page(self.other_coordinator)
        self.assertIn("Blekinges grupp har inte bokat nästa års möten.", other)
        self.assertNotIn("Länssamverkansgruppen har inte bokat", other)

    def test_a_finding_reminder_sent_is_not_listed(self) -> None:
        sent = self.reminder(self.structure, "Länssamverkansgruppen har inte bokat.")
        FindingReminder.objects.filter(pk=sent.pk).update(state=DeliveryState.SENT, error="")
        self.assertNotIn("Påminnelser som inte kommit fram", self.start_page(self.coordinator))
