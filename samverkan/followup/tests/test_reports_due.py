"""The start page tells a chair and a secretary which reports are due: each reporting duty's
last period and (near its end) current period without a delivered report, with the due date
and a link to take the report forth or open it; in a fixed number of queries."""

from __future__ import annotations

import datetime

from django.urls import reverse

from samverkan.followup.selectors.reports import reports_to_deliver
from samverkan.followup.services import reports as services
from samverkan.followup.tests.reports_base import ReportTestCase
from samverkan.structure.models import Body, Charter, CharterStatus, Membership, Person, Role


class ReportsDueTests(ReportTestCase):
    def due(self, day: datetime.date) -> list[tuple[str, datetime.date, bool]]:
        return [
            (d.label, d.due_on, d.overdue)
            for d in reports_to_deliver(user=self.chair_user, today=day)
        ]

    def test_the_last_term_is_due_until_delivered_and_the_current_one_near_its_end(
        self,
    ) -> None:
        y = self.year
        self.assertEqual(
            self.due(datetime.date(y, 9, 1)), [(f"VT {y}", datetime.date(y, 6, 30), True)]
        )
        self.assertEqual(
            self.due(datetime.date(y, 12, 1)),
            [
                (f"VT {y}", datetime.date(y, 6, 30), True),
                (f"HT {y}", datetime.date(y, 12, 31), False),
            ],
        )
        self.delivered()
        self.assertEqual(
            self.due(datetime.date(y, 12, 1)), [(f"HT {y}", datetime.date(y, 12, 31), False)]
        )

    def test_a_report_under_way_is_linked_instead_of_a_new_one(self) -> None:
        report = self.generate()
        [due] = reports_to_deliver(user=self.chair_user, today=datetime.date(self.year, 9, 1))
        self.assertEqual(due.report, report)

    def test_members_and_coordinators_have_nothing_due(self) -> None:
        for user in (self.local_member, self.member_user, self.coordinator):
            self.assertEqual(
                reports_to_deliver(user=user, today=datetime.date(self.year, 9, 1)), []
            )

    def test_the_start_page_shows_the_chair_what_to_deliver_with_a_link(self) -> None:
        self.client.force_login(self.chair_user)
        page = self.client.get(reverse("work:home"))
        self.assertContains(page, "Rapporter att lämna")
        self.assertContains(page, f"rapport till {self.body.name}")
        new = reverse("followup:report_new", args=[self.structure.slug, self.local.key])
        self.assertContains(page, f"{new}?period=")
        # The link fills the form in with the period it means.
        self.assertContains(
            self.client.get(new, {"period": "ht", "year": "2025", "to_body": str(self.body.pk)}),
            '<option value="ht" selected>',
        )
        self.client.force_login(self.local_member)
        self.assertNotContains(self.client.get(reverse("work:home")), "Rapporter att lämna")
        report = self.generate()
        self.client.force_login(self.secretary_user)
        self.assertContains(
            self.client.get(reverse("work:home")), reverse("followup:report", args=[report.pk])
        )

    def add_bodies(self, count: int) -> None:
        person = Person.objects.get(user=self.chair_user)
        have = Body.objects.filter(key__startswith="extra-").count()
        for n in range(have, count):
            body = Body.objects.create(
                structure=self.structure,
                key=f"extra-{n}",
                name=f"Lokal grupp {n}",
                kind="local_group",
                level="local",
                mandate="none",
                parent=self.body,
            )
            charter = Charter.objects.create(
                body=body,
                version="1.0",
                status=CharterStatus.IN_FORCE,
                decided_on=datetime.date(2024, 1, 1),
                decided_by="Länssamverkansgruppen",
            )
            charter.reporting.create(to_body=self.body, frequency="per_term")
            charter.reporting.create(to_body=self.council, frequency="yearly")
            Membership.objects.create(
                body=body,
                person=person,
                role=Role.CHAIR,
                principal=self.umea,
                start=datetime.date(2020, 1, 1),
            )
            services.generate_report(by=self.chair_user, body=body, period="vt", year=self.year)

    def test_it_runs_a_fixed_number_of_queries(self) -> None:
        # The user's roles, the duties, the reports: three queries at either size.
        for size in (1, 6):
            self.add_bodies(size)
            with self.assertNumQueries(3):
                found = reports_to_deliver(
                    user=self.chair_user, today=datetime.date(self.year, 12, 1)
                )
            self.assertGreater(len(found), 2 * size)
