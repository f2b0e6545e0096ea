"""What a chair, a secretary, a coordinator and a citizen noticed walking the reports: typed
texts kept when approving, a report that is not public kept off the public agenda, reports
only to the charter's receiver, the periods of an unfinished term said out loud, who
approved and delivered, and Swedish dates."""

from __future__ import annotations

import datetime

from django.http.response import HttpResponseBase
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from samverkan.followup.demo_reports import current_term
from samverkan.followup.forms.reports import DeliverForm
from samverkan.followup.models import PeriodicReport, ReportStatus
from samverkan.followup.services import reports as services
from samverkan.followup.services.report_pdf import period_label, read_early
from samverkan.followup.tests.reports_base import ReportTestCase
from samverkan.governing.models import GoverningDocument, Implementation, ImplementationStatus
from samverkan.lib.errors import DomainError
from samverkan.lib.localtime import local
from samverkan.meetings.models import AgendaItem, Meeting
from samverkan.meetings.tests.lazy_parts import get_with_parts


class ApproveFromTheTextsFormTests(ReportTestCase):
    def post(self, report: PeriodicReport, **values: str) -> HttpResponseBase:
        self.client.force_login(self.chair_user)
        data = {"lock_version": str(report.lock_version), "summary": "", **values}
        return self.client.post(reverse("followup:report_save", args=[report.pk]), data)

    def test_the_approve_button_belongs_to_the_texts_form(self) -> None:
        report = self.generate()
        self.client.force_login(self.chair_user)
        page = self.client.get(reverse("followup:report", args=[report.pk])).content.decode()
        form = page[page.index(reverse("followup:report_save", args=[report.pk])) :]
        form = form[: form.index("</form>")]
        self.assertIn('name="action" value="approve"', form)
        self.assertIn("Godkänn rapporten", form)

    def test_approving_saves_the_typed_summary_and_texts_first(self) -> None:
        report = self.generate()
        response = self.post(
            report,
            action="approve",
            summary="Terminen sammanfattad.",
            text_meetings="Alla huvudmän var med.",
        )
        self.assertRedirects(
            response, reverse("followup:report", args=[report.pk]), fetch_redirect_response=False
        )
        report.refresh_from_db()
        self.assertEqual(report.status, ReportStatus.APPROVED)
        self.assertEqual(report.summary, "Terminen sammanfattad.")
        self.assertEqual(report.sections[0]["text"], "Alla huvudmän var med.")
        page = self.client.get(reverse("followup:report", args=[report.pk]))
        self.assertContains(page, "rapporten är godkänd")
        self.assertNotContains(page, "Skriv en sammanfattning")

    def test_a_refused_approval_keeps_what_was_typed(self) -> None:
        report = self.generate()
        response = self.post(report, action="approve", text_meetings="Regionen saknades.")
        self.assertContains(response, "Skriv en sammanfattning", status_code=400)
        self.assertContains(response, "Regionen saknades.", status_code=400)
        report.refresh_from_db()
        self.assertEqual(report.status, ReportStatus.DRAFT)
        self.assertEqual(report.sections[0]["text"], "Regionen saknades.")

    def test_a_stale_form_saves_nothing_and_approves_nothing(self) -> None:
        report = self.generate()
        stale = report.lock_version
        services.report_texts_update(
            by=self.secretary_user, report=report, expected_version=stale, summary="Först"
        )
        self.client.force_login(self.chair_user)
        response = self.client.post(
            reverse("followup:report_save", args=[report.pk]),
            {"lock_version": str(stale), "summary": "Sen", "action": "approve"},
        )
        self.assertEqual(response.status_code, 400)
        report.refresh_from_db()
        self.assertEqual((report.summary, report.status), ("Först", ReportStatus.DRAFT))


class PrivateSummaryTests(ReportTestCase):
    def test_a_report_that_is_not_public_leaves_its_summary_off_the_agenda(self) -> None:
        report = self.delivered()
        assert report.agenda_item_id is not None
        item = AgendaItem.objects.get(pk=report.agenda_item_id)
        self.assertNotIn("SIP", item.description)
        self.assertIn("finns för gruppens ledamöter under Rapporter", item.description)
        public = self.client.get(
            reverse("public:meeting", args=[self.structure.slug, self.body.key, self.coming.pk])
        )
        self.assertContains(public, f"Rapport från {self.local.name}: VT {self.year}")
        self.assertContains(public, "finns för gruppens ledamöter under Rapporter")
        self.assertNotContains(public, "Gruppen har mötts och följt upp SIP.")
        self.assertNotContains(public, reverse("followup:report", args=[report.pk]))

    def test_a_public_report_shows_its_summary_on_the_agenda(self) -> None:
        self.duty.public = True
        self.duty.save()
        report = self.delivered()
        assert report.agenda_item_id is not None
        item = AgendaItem.objects.get(pk=report.agenda_item_id)
        self.assertEqual(item.description, "Gruppen har mötts och följt upp SIP.")

    def test_the_meeting_panel_shows_a_report_only_to_those_who_may_read_it(self) -> None:
        report = self.delivered()
        url = reverse("meetings:meeting", args=[self.coming.pk])
        self.client.force_login(self.member_user)
        self.assertContains(
            get_with_parts(self.client, url), reverse("followup:report", args=[report.pk])
        )
        # A report the reader may not read (an approved one, for a member of the receiving
        # body) shows nothing of itself under the item.
        PeriodicReport.objects.filter(pk=report.pk).update(status=ReportStatus.APPROVED)
        self.assertNotContains(
            get_with_parts(self.client, url), reverse("followup:report", args=[report.pk])
        )


class ReceiverTests(ReportTestCase):
    def test_a_report_to_a_body_the_charter_does_not_name_is_refused(self) -> None:
        for other in (self.au, self.council):
            with self.assertRaises(DomainError) as caught:
                self.generate(to_body=other)
            self.assertEqual(caught.exception.field, "to_body")
            self.assertIn(
                f"Till: {self.local.name} rapporterar till {self.body.name}",
                caught.exception.message,
            )
        self.assertFalse(PeriodicReport.objects.exists())

    def test_without_a_duty_the_report_goes_only_to_the_parent(self) -> None:
        self.duty.delete()
        self.assertEqual(services.allowed_receivers(self.local), [self.body])
        with self.assertRaisesMessage(DomainError, "Till:"):
            self.generate(to_body=self.au, period="year", year=self.year - 1)
        report = self.generate(period="year", year=self.year - 1)
        self.assertEqual(report.to_body, self.body)

    def test_the_form_offers_only_the_charter_receiver(self) -> None:
        self.client.force_login(self.chair_user)
        url = reverse("followup:report_new", args=[self.structure.slug, self.local.key])
        page = self.client.get(url)
        self.assertContains(page, f'<option value="{self.body.pk}" selected>')
        self.assertNotContains(page, f'<option value="{self.au.pk}"')
        self.assertNotContains(page, f'<option value="{self.council.pk}"')
        refused = self.client.post(url, {"period": "vt", "year": self.year, "to_body": self.au.pk})
        self.assertEqual(refused.status_code, 400)
        self.assertFalse(PeriodicReport.objects.exists())

    def test_the_api_refuses_another_receiver_with_400(self) -> None:
        response = self.call(
            "post",
            "/reports",
            {"body": self.local.pk, "period": "vt", "year": self.year, "to_body": self.au.pk},
            user=self.chair_user,
        )
        self.assertError(response, 400, field="to_body")

    def test_a_yearly_duty_refuses_a_term_report_with_the_reason(self) -> None:
        self.duty.frequency = "yearly"
        self.duty.save()
        with self.assertRaisesMessage(DomainError, "rapport per år till"):
            self.generate(period="vt")


class ListTests(ReportTestCase):
    def test_received_lists_only_delivered_reports(self) -> None:
        delivered = self.delivered()
        draft = self.generate(year=self.year - 1)
        self.client.force_login(self.coordinator)
        page = self.client.get(
            reverse("followup:report_received", args=[self.structure.slug, self.body.key])
        )
        self.assertContains(page, delivered.title)
        self.assertNotContains(page, draft.title)

    def test_the_received_link_shows_only_for_a_body_that_receives_reports(self) -> None:
        self.client.force_login(self.coordinator)
        own = self.client.get(
            reverse("followup:report_list", args=[self.structure.slug, self.local.key])
        )
        self.assertNotContains(own, "har tagit emot")
        county = self.client.get(
            reverse("followup:report_list", args=[self.structure.slug, self.body.key])
        )
        self.assertContains(county, f"Rapporter som {self.body.name} har tagit emot")


class PublicApiTests(ReportTestCase):
    def test_a_public_delivered_report_is_read_without_logging_in(self) -> None:
        self.duty.public = True
        self.duty.save()
        report = self.delivered()
        listed = self.call("get", "/reports")
        self.assertEqual([r["id"] for r in listed.json()["items"]], [report.pk])
        self.assertEqual(self.call("get", f"/reports/{report.pk}").status_code, 200)
        pdf = self.call("get", f"/reports/{report.pk}/pdf")
        self.assertEqual(pdf["Content-Type"], "application/pdf")

    def test_a_delivered_report_that_is_not_public_stays_hidden(self) -> None:
        report = self.delivered()
        self.assertEqual(self.call("get", "/reports").json()["count"], 0)
        self.assertError(self.call("get", f"/reports/{report.pk}"), 404)


class UnfinishedPeriodTests(ReportTestCase):
    def approved_current(self) -> PeriodicReport:
        period, year = current_term(timezone.localdate())
        report = self.generate(period=period, year=year)
        services.report_texts_update(
            by=self.chair_user, report=report, expected_version=None, summary="Hittills."
        )
        services.report_approve(by=self.chair_user, report=report, expected_version=None)
        return report

    def test_the_page_and_the_pdf_say_the_facts_were_read_before_the_period_ended(self) -> None:
        report = self.approved_current()
        self.assertTrue(read_early(report))
        self.client.force_login(self.chair_user)
        page = self.client.get(reverse("followup:report", args=[report.pk]))
        self.assertContains(page, "Uppgifterna är hämtade")
        self.assertContains(page, "före periodens slut")
        html = render_to_string(
            "followup/reports/pdf.html",
            {
                "report": report,
                "draft": True,
                "period_label": period_label(report),
                "read_early": True,
            },
        )
        self.assertIn("före periodens slut", html)

    def test_a_finished_period_read_afterwards_has_no_notice(self) -> None:
        report = self.generate()
        report.generated_at = local(report.period_end + datetime.timedelta(days=1), 8)
        self.assertFalse(read_early(report))
        report.generated_at = local(report.period_end, 20)
        self.assertTrue(read_early(report))

    def test_delivering_before_the_period_ends_needs_a_confirmation(self) -> None:
        report = self.approved_current()
        self.client.force_login(self.secretary_user)
        page = self.client.get(reverse("followup:report", args=[report.pk]))
        self.assertContains(page, "Lämna rapporten fast perioden inte har slutat")
        url = reverse("followup:report_deliver", args=[report.pk])
        refused = self.client.post(
            url, {"lock_version": report.lock_version, "meeting": self.coming.pk}
        )
        self.assertContains(refused, "Bekräfta att den ska lämnas ändå", status_code=400)
        self.assertEqual(PeriodicReport.objects.get(pk=report.pk).status, ReportStatus.APPROVED)
        self.client.post(
            url, {"lock_version": report.lock_version, "meeting": self.coming.pk, "early": "on"}
        )
        self.assertEqual(PeriodicReport.objects.get(pk=report.pk).status, ReportStatus.DELIVERED)

    def test_the_service_refuses_an_unconfirmed_early_delivery(self) -> None:
        report = self.generate()
        services.report_texts_update(
            by=self.chair_user, report=report, expected_version=None, summary="S"
        )
        services.report_approve(by=self.chair_user, report=report, expected_version=None)
        with self.assertRaises(DomainError) as caught:
            services.report_deliver(
                by=self.chair_user,
                report=report,
                expected_version=None,
                today=datetime.date(self.year, 6, 1),
            )
        self.assertEqual(caught.exception.field, "early")
        self.assertIn("Perioden slutar 30 juni", caught.exception.message)


class WhoAndWhenTests(ReportTestCase):
    def test_the_page_and_the_pdf_name_who_approved_and_delivered(self) -> None:
        self.chair_user.first_name, self.chair_user.last_name = "Åsa", "Ordförande"
        self.chair_user.save()
        report = self.generate()
        services.report_texts_update(
            by=self.chair_user, report=report, expected_version=None, summary="S"
        )
        services.report_approve(by=self.chair_user, report=report, expected_version=None)
        services.report_deliver(
            by=self.secretary_user, report=report, expected_version=None, early=True
        )
        report = PeriodicReport.objects.select_related("approved_by", "delivered_by").get()
        self.client.force_login(self.local_member)
        page = self.client.get(reverse("followup:report", args=[report.pk]))
        self.assertContains(page, "av Åsa Ordförande")
        self.assertContains(page, "av sekreterare")
        html = render_to_string(
            "followup/reports/pdf.html",
            {"report": report, "draft": False, "period_label": period_label(report)},
        )
        self.assertIn("Godkänd", html)
        self.assertIn("av Åsa Ordförande", html)
        self.assertIn("Lämnad", html)

    def test_the_deliver_form_and_the_facts_use_swedish_dates(self) -> None:
        document = GoverningDocument.objects.create(
            structure=self.structure, title="Överenskommelse om SIP", kind="agreement"
        )
        Implementation.objects.create(
            document=document,
            body=self.local,
            status=ImplementationStatus.FOLLOWED_UP,
            followed_up_on=datetime.date(2026, 8, 12),
        )
        report = self.generate()
        governing = next(s["facts_html"] for s in report.sections if s["key"] == "governing")
        self.assertIn("uppföljd 12 augusti 2026", governing)
        self.assertIn('class="table-scroll"', governing)
        meeting = Meeting.objects.select_related("body").get(pk=self.coming.pk)
        form = DeliverForm(meetings=[meeting])
        [(_pk, label)] = form.fields["meeting"].choices  # type: ignore[attr-defined]
        self.assertIn(f"mötet i {self.body.name}", label)
        self.assertNotRegex(label, r"\d{4}-\d\d-\d\d")

    def test_a_report_frozen_before_the_scroll_regions_gets_them_on_its_page(self) -> None:
        report = self.generate()
        old = "<table>\n  <caption>Möten och närvaro</caption><tbody></tbody></table>"
        report.sections = [{**s, "facts_html": old} for s in report.sections[:1]]
        report.save()
        self.client.force_login(self.chair_user)
        page = self.client.get(reverse("followup:report", args=[report.pk]))
        self.assertContains(
            page,
            '<div class="table-scroll" role="region" aria-label="Tabell: Möten och närvaro" '
            'tabindex="0"><table>',
        )

    def test_delivering_says_it_takes_a_few_seconds(self) -> None:
        report = self.generate()
        services.report_texts_update(
            by=self.chair_user, report=report, expected_version=None, summary="S"
        )
        services.report_approve(by=self.chair_user, report=report, expected_version=None)
        self.client.force_login(self.chair_user)
        page = self.client.get(reverse("followup:report", args=[report.pk]))
        self.assertContains(page, "Det kan ta några sekunder (PDF:en skapas).")
