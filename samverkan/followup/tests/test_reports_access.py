"""Who sees a periodic report: drafts and approved reports only the body's chair, secretary
and the coordinators; delivered ones also the members of both bodies; public reports on the
public site only once delivered. Everyone else gets 404."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.urls import reverse

from samverkan.followup.models import PeriodicReport
from samverkan.followup.services import reports as services
from samverkan.followup.tests.reports_base import ReportTestCase


class DraftVisibilityTests(ReportTestCase):
    def status_for(self, user: User | None, report: PeriodicReport, name: str = "report") -> int:
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
        return self.client.get(reverse(f"followup:{name}", args=[report.pk])).status_code

    def test_a_draft_is_visible_only_to_chair_secretary_and_coordinators(self) -> None:
        report = self.generate()
        for user in (self.chair_user, self.secretary_user, self.coordinator, self.admin):
            self.assertEqual(self.status_for(user, report), 200, user.username)
            self.assertEqual(self.status_for(user, report, "report_pdf"), 200, user.username)
        # A member of the body, a member of the receiving body, another structure's
        # coordinator: the report does not exist for them.
        for user in (self.local_member, self.member_user, self.other_coordinator):
            self.assertEqual(self.status_for(user, report), 404, user.username)
            self.assertEqual(self.status_for(user, report, "report_pdf"), 404, user.username)
        anonymous = self.status_for(None, report)
        self.assertEqual(anonymous, 302)  # to the login page, which then gives 404 too

    def test_an_approved_report_is_still_hidden_from_members(self) -> None:
        report = self.generate()
        services.report_texts_update(
            by=self.chair_user, report=report, expected_version=None, summary="S"
        )
        services.report_approve(by=self.chair_user, report=report, expected_version=None)
        self.assertEqual(self.status_for(self.local_member, report), 404)
        self.assertEqual(self.status_for(self.member_user, report), 404)

    def test_a_delivered_report_is_read_by_members_of_both_bodies(self) -> None:
        report = self.delivered()
        for user in (self.local_member, self.member_user, self.chair_user):
            self.assertEqual(self.status_for(user, report), 200, user.username)
        self.assertEqual(self.status_for(self.other_coordinator, report), 404)
        # Members read but do not edit.
        self.client.force_login(self.local_member)
        response = self.client.post(
            reverse("followup:report_reopen", args=[report.pk]), {"lock_version": 1}
        )
        self.assertEqual(response.status_code, 403)

    def test_a_member_cannot_generate_a_report(self) -> None:
        self.client.force_login(self.local_member)
        url = reverse("followup:report_new", args=[self.structure.slug, self.local.key])
        self.assertEqual(self.client.get(url).status_code, 403)
        self.client.force_login(self.chair_user)
        self.assertEqual(self.client.get(url).status_code, 200)

    def test_the_list_shows_members_only_delivered_reports(self) -> None:
        report = self.generate()
        url = reverse("followup:report_list", args=[self.structure.slug, self.local.key])
        self.client.force_login(self.local_member)
        self.assertNotContains(self.client.get(url), report.title)
        self.client.force_login(self.chair_user)
        self.assertContains(self.client.get(url), report.title)
        self.client.force_login(self.other_coordinator)
        self.assertEqual(self.client.get(url).status_code, 404)


class PublicVisibilityTests(ReportTestCase):
    def make_public(self) -> None:
        self.duty.public = True
        self.duty.save()

    def public_url(self, report: PeriodicReport, name: str = "report") -> str:
        return reverse(
            f"followup_public:{name}", args=[self.structure.slug, self.local.key, report.pk]
        )

    def test_a_public_report_is_on_the_public_site_only_once_delivered(self) -> None:
        self.make_public()
        report = self.generate()
        self.assertTrue(report.public)
        self.assertEqual(self.client.get(self.public_url(report)).status_code, 404)
        services.report_texts_update(
            by=self.chair_user, report=report, expected_version=None, summary="Sammanfattat."
        )
        services.report_approve(by=self.chair_user, report=report, expected_version=None)
        self.assertEqual(self.client.get(self.public_url(report)).status_code, 404)
        self.assertEqual(self.client.get(self.public_url(report, "report_pdf")).status_code, 404)
        services.report_deliver(by=self.chair_user, report=report, expected_version=None)
        page = self.client.get(self.public_url(report))
        self.assertContains(page, "Sammanfattat.")
        pdf = self.client.get(self.public_url(report, "report_pdf"))
        self.assertEqual(pdf["Content-Type"], "application/pdf")
        # The body's public page lists it.
        body_page = self.client.get(
            reverse("public:body", args=[self.structure.slug, self.local.key])
        )
        self.assertContains(body_page, self.public_url(report))

    def test_a_delivered_report_that_is_not_public_stays_off_the_public_site(self) -> None:
        report = self.delivered()
        self.assertEqual(self.client.get(self.public_url(report)).status_code, 404)
        body_page = self.client.get(
            reverse("public:body", args=[self.structure.slug, self.local.key])
        )
        self.assertNotContains(body_page, self.public_url(report))

    def test_the_wrong_body_in_the_address_is_404(self) -> None:
        self.make_public()
        report = self.delivered()
        url = reverse(
            "followup_public:report", args=[self.structure.slug, self.body.key, report.pk]
        )
        self.assertEqual(self.client.get(url).status_code, 404)
