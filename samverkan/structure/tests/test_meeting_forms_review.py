"""A body's recorded review of its meeting forms ("Mötesformerna har setts över").

004 (Västerbotten): "Länssamverkansgruppen reviderar årligen sina överenskomna mötesformer"
– a yearly review that keeps the forms as they are changes no charter, so the body records
it: on its working page and through the API, by the structure's coordinator, audited, never
for a day still to come. `meetings.forms_revised` judges by the later of the review and the
charter's last revision of its meeting forms, and links to where the review is recorded.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from samverkan.api.tests.base import ApiTestCase
from samverkan.audit.models import Change
from samverkan.lib.errors import DomainError
from samverkan.lib.findings import Finding, Severity, run_findings
from samverkan.meetings.findings import FORMS_REVISED
from samverkan.structure.demo import demo_load
from samverkan.structure.models import Body, Charter
from samverkan.structure.services import body_meeting_forms_reviewed, charter_update

D = datetime.date
LSG_FORMS = "Länssamverkansgruppen reviderar årligen sina överenskomna mötesformer"


class ReviewTestCase(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        Charter.objects.filter(pk=cls.charter.pk).update(
            meeting_forms_revised_yearly=True,
            citations={**cls.charter.citations, "meeting_form": LSG_FORMS},
        )

    def found(self, today: datetime.date) -> list[Finding]:
        return [
            f for f in run_findings(today=today, codes=[FORMS_REVISED]) if f.body_id == self.body.pk
        ]

    def reviewed(self, on: datetime.date) -> None:
        body_meeting_forms_reviewed(by=self.coordinator, body=self.body, on=on, today=on)

    def body_on(self) -> datetime.date | None:
        return Body.objects.get(pk=self.body.pk).meeting_forms_reviewed_on


class RuleTests(ReviewTestCase):
    def test_a_year_and_a_day_after_the_recorded_review_it_is_overdue(self) -> None:
        self.reviewed(D(2025, 3, 10))
        [finding] = self.found(D(2026, 3, 11))
        self.assertEqual(finding.severity, Severity.OVERDUE)
        self.assertEqual(finding.due_on, D(2026, 3, 10))
        self.assertEqual(finding.citation, LSG_FORMS)
        self.assertEqual(
            finding.message,
            "Länssamverkansgruppen ska revidera sina mötesformer varje år. Senast systemet "
            "känner till är 10 mars 2025, då gruppen såg över dem; nästa revidering skulle ha "
            "skett senast 10 mars 2026. När gruppen har sett över mötesformerna, också om de "
            "får vara som de är: registrera det med ”Mötesformerna har setts över” på gruppens "
            "sida.",
        )
        # On the day a year after, it is due but not yet overdue.
        [due] = self.found(D(2026, 3, 10))
        self.assertEqual(due.severity, Severity.DUE_SOON)

    def test_a_recorded_review_clears_it(self) -> None:
        # Judged by the charter's decision on 1 January 2020 alone, it is long overdue.
        [before] = self.found(D(2026, 3, 2))
        self.assertEqual(before.severity, Severity.OVERDUE)
        self.assertIn("1 januari 2020, då uppdragsbeskrivningen beslutades", before.message)
        self.reviewed(D(2026, 3, 2))
        self.assertEqual(self.found(D(2026, 3, 2)), [])
        # A month before the year is out it is due soon again.
        [soon] = self.found(D(2027, 2, 1))
        self.assertEqual((soon.severity, soon.due_on), (Severity.DUE_SOON, D(2027, 3, 2)))

    def test_a_later_change_of_the_charters_meeting_forms_counts_over_an_older_review(
        self,
    ) -> None:
        today = timezone.localdate()
        self.reviewed(today - datetime.timedelta(days=200))
        charter_update(
            by=self.coordinator, charter=self.charter, expected_version=None, meeting_form="video"
        )
        [finding] = self.found(today + datetime.timedelta(days=340))
        self.assertIn("då mötesformerna ändrades", finding.message)
        # An older review does not hide a charter change that came after it, nor the reverse.
        self.assertEqual(self.found(today + datetime.timedelta(days=200)), [])

    def test_the_finding_links_to_the_review_form_on_the_body_page(self) -> None:
        [finding] = self.found(D(2026, 3, 2))
        page = reverse("work:body", args=["vasterbotten", "lsg"])
        self.assertEqual(finding.url, f"{page}#motesformer")
        self.login(self.coordinator)
        response = self.client.get(page)
        self.assertContains(response, '<h2 id="motesformer">Översyn av mötesformerna</h2>')
        self.assertContains(
            response, reverse("work:meeting_forms_reviewed", args=["vasterbotten", "lsg"])
        )
        self.assertContains(response, "Uppdragsbeskrivningen säger att mötesformerna revideras")
        self.assertContains(response, "Ingen översyn är registrerad.")


class ServiceTests(ReviewTestCase):
    def test_it_records_the_day_with_an_audit_row(self) -> None:
        body_meeting_forms_reviewed(
            by=self.coordinator, body=self.body, on=D(2026, 5, 4), today=D(2026, 5, 5)
        )
        self.assertEqual(self.body_on(), D(2026, 5, 4))
        change = Change.objects.filter(object_type="body", object_id=self.body.pk).last()
        assert change is not None
        self.assertEqual(change.changes["meeting_forms_reviewed_on"], ["", "2026-05-04"])
        self.assertEqual(change.actor_id, self.coordinator.pk)
        # The body's details may be saved from a page opened before the review.
        self.assertEqual(Body.objects.get(pk=self.body.pk).lock_version, self.body.lock_version)

    def test_it_refuses_a_day_still_to_come(self) -> None:
        with self.assertRaises(DomainError) as refused:
            body_meeting_forms_reviewed(
                by=self.coordinator, body=self.body, on=D(2026, 5, 6), today=D(2026, 5, 5)
            )
        self.assertEqual(refused.exception.field, "on")
        self.assertIn("6 maj 2026 har inte varit än", refused.exception.message)
        self.assertIsNone(self.body_on())


class WorkingPageTests(ReviewTestCase):
    def post(self, on: Any, key: str = "lsg") -> Any:
        return self.client.post(
            reverse("work:meeting_forms_reviewed", args=["vasterbotten", key]),
            {"review-on": on},
            follow=True,
        )

    def test_the_coordinator_records_the_review(self) -> None:
        self.login(self.coordinator)
        page = self.client.get(reverse("work:body", args=["vasterbotten", "lsg"]))
        today = timezone.localdate()
        self.assertContains(page, f'value="{today.isoformat()}"')  # today by default
        day = today - datetime.timedelta(days=3)
        response = self.post(day.isoformat())
        self.assertRedirects(response, reverse("work:body", args=["vasterbotten", "lsg"]))
        self.assertContains(
            response, "Registrerat: Länssamverkansgruppen såg över sina mötesformer"
        )
        self.assertContains(response, "Senast registrerade översyn:")
        self.assertEqual(self.body_on(), day)
        self.assertTrue(
            Change.objects.filter(
                object_type="body",
                object_id=self.body.pk,
                changes__has_key="meeting_forms_reviewed_on",
            ).exists()
        )

    def test_a_day_still_to_come_is_refused(self) -> None:
        self.login(self.coordinator)
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        response = self.post(tomorrow.isoformat())
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Översynen kan inte registreras i förväg")
        self.assertNotContains(response, "Registrerat:")
        self.assertContains(self.post("igår"), "Ange dagen som ÅÅÅÅ-MM-DD.")
        self.assertContains(self.post(""), "Ange dagen då mötesformerna sågs över.")
        self.assertIsNone(self.body_on())

    def test_only_the_structures_coordinator_may(self) -> None:
        for user in (self.other_coordinator, self.member_user):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.post("2026-01-05").status_code, 403)
        self.login(self.coordinator)
        self.assertEqual(self.post("2026-01-05", key="finns-inte").status_code, 404)
        self.assertIsNone(self.body_on())


class ApiTests(ReviewTestCase):
    def path(self, body_id: int | None = None) -> str:
        return f"/bodies/{body_id or self.body.pk}/meeting-forms-reviewed"

    def test_the_coordinator_records_the_review(self) -> None:
        day = timezone.localdate() - datetime.timedelta(days=10)
        response = self.call("post", self.path(), {"on": day.isoformat()}, user=self.coordinator)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["meeting_forms_reviewed_on"], day.isoformat())
        self.assertEqual(self.body_on(), day)
        read = self.call("get", f"/bodies/{self.body.pk}").json()
        self.assertEqual(read["meeting_forms_reviewed_on"], day.isoformat())

    def test_without_a_day_it_is_today(self) -> None:
        response = self.call("post", self.path(), {}, user=self.coordinator)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(self.body_on(), timezone.localdate())

    def test_a_day_still_to_come_is_refused_with_a_precise_error(self) -> None:
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        response = self.call(
            "post", self.path(), {"on": tomorrow.isoformat()}, user=self.coordinator
        )
        payload = self.assertError(response, 400, field="on")
        self.assertIn("Översynen kan inte registreras i förväg", payload["errors"]["on"][0])
        response = self.call("post", self.path(), {"on": "igår"}, user=self.coordinator)
        self.assertEqual(response.status_code // 100, 4)
        self.assertIn("on", response.json()["errors"])
        self.assertIsNone(self.body_on())

    def test_another_structures_coordinator_cannot(self) -> None:
        response = self.call("post", self.path(), {"on": "2026-01-05"}, user=self.other_coordinator)
        self.assertError(
            response,
            403,
            detail="Du är inte koordinator för Samverkan Västerbotten och kan inte ändra "
            "något där.",
        )
        response = self.call("post", self.path(), {"on": "2026-01-05"}, user=self.member_user)
        self.assertError(response, 403)
        self.assertError(
            self.call("post", self.path(999999), {"on": "2026-01-05"}, user=self.coordinator),
            404,
        )
        self.assertIsNone(self.body_on())


class DemoTests(TestCase):
    def test_some_but_not_all_vasterbotten_bodies_show_the_finding(self) -> None:
        demo_load()
        today = timezone.localdate()
        shown = {
            f.subject
            for f in run_findings(today=today, codes=[FORMS_REVISED])
            if f.structure_id
            == Body.objects.get(structure__slug="vasterbotten", key="lsg").structure_id
        }
        yearly = set(
            Charter.objects.in_force()
            .filter(body__structure__slug="vasterbotten", meeting_forms_revised_yearly=True)
            .values_list("body__name", flat=True)
        )
        reviewed = set(
            Body.objects.filter(
                structure__slug="vasterbotten", meeting_forms_reviewed_on__isnull=False
            ).values_list("name", flat=True)
        )
        self.assertTrue(reviewed)
        self.assertTrue(shown)
        self.assertEqual(shown, yearly - reviewed)
        self.assertTrue(
            Change.objects.filter(
                object_type="body", changes__has_key="meeting_forms_reviewed_on"
            ).exists()
        )
