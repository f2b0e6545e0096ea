"""The working pages: a structure's recommendations, a recommendation with its principals'
decisions (routing with a preview, recording), and the register of decision bodies."""

from __future__ import annotations

import datetime
import shutil
import tempfile

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.cases.models import DecisionBody, DecisionState, PrincipalDecision, Recommendation
from samverkan.cases.services.recommendations import recommendation_route
from samverkan.cases.tests.test_recommendations_base import (
    RecommendationTestCase,
    add_municipalities,
)
from samverkan.lib.localtime import local_today

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def future(days: int = 60) -> str:
    return (local_today() + datetime.timedelta(days=days)).isoformat()


class PageTests(RecommendationTestCase):
    def page(self, recommendation: Recommendation) -> str:
        response = self.client.get(reverse("cases:recommendation", args=[recommendation.pk]))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def route_post(self, recommendation: Recommendation, **extra: str) -> dict[str, object]:
        return {
            "answer_by": future(),
            "lock_version": str(recommendation.lock_version),
            "principals": [
                str(pk) for pk in recommendation.decisions.values_list("principal_id", flat=True)
            ],
            **extra,
        }

    def test_the_coordinator_sees_the_principals_and_the_forms(self) -> None:
        self.registrars()
        recommendation = self.recommendation(case=self.case())
        self.login(self.other_coordinator)
        html = self.page(recommendation)
        self.assertIn("0 av 6 huvudmän har beslutat", html)
        self.assertIn("Regionstyrelsen, Region Blekinge", html)
        self.assertIn("Huvudmännen rekommenderas att anta rutinen för SIP.", html)
        self.assertIn(reverse("cases:case", args=[recommendation.case_id]), html)
        self.assertIn(reverse("minutes:minutes", args=[recommendation.minutes_id]), html)
        self.assertIn("Expediera till huvudmännen", html)
        self.assertIn("Förhandsgranska", html)
        self.assertIn("Registrera huvudmännens beslut", html)

    def test_routing_shows_the_email_before_sending_it(self) -> None:
        self.registrars()
        recommendation = self.recommendation()
        self.login(self.other_coordinator)
        url = reverse("cases:recommendation_route", args=[recommendation.pk])
        preview = self.client.post(url, self.route_post(recommendation))
        self.assertContains(preview, "Förhandsgranskning: 6 meddelanden")
        self.assertContains(preview, "Till Regionstyrelsen, Region Blekinge")
        self.assertContains(preview, "registrator@karlshamn.example")
        self.assertContains(preview, "Skicka till 6 huvudmän")
        self.assertEqual(mail.outbox, [])
        sent = self.client.post(url, self.route_post(recommendation, send="1"), follow=True)
        self.assertContains(sent, "Rekommendationen är expedierad till 6 huvudmän.")
        self.assertEqual(len(mail.outbox), 6)
        self.assertEqual(
            set(recommendation.decisions.values_list("state", flat=True)), {DecisionState.SENT}
        )

    def test_routing_is_refused_with_the_names_of_what_is_missing(self) -> None:
        self.registrars(skip=("1082",))
        recommendation = self.recommendation()
        self.login(self.other_coordinator)
        response = self.client.post(
            reverse("cases:recommendation_route", args=[recommendation.pk]),
            self.route_post(recommendation, send="1"),
        )
        self.assertContains(response, "Karlshamns kommun har ingen beslutsinstans")
        self.assertEqual(mail.outbox, [])

    def test_a_decision_is_recorded_and_counted(self) -> None:
        self.registrars()
        recommendation = self.recommendation()
        recommendation_route(
            recommendation=recommendation, answer_by=local_today() + datetime.timedelta(30), by=None
        )
        decision = recommendation.decisions.get(principal=self.municipalities[1])
        self.login(self.other_coordinator)
        prefix = f"d{decision.pk}"
        response = self.client.post(
            reverse("cases:decision_record", args=[decision.pk]),
            {
                f"{prefix}-state": DecisionState.ADOPTED,
                f"{prefix}-decided_on": local_today().isoformat(),
                f"{prefix}-registry_number": "SN 2026/41",
                f"{prefix}-paragraph": "37",
                f"{prefix}-link": "https://karlskrona.example/protokoll",
                f"{prefix}-note": "",
                f"{prefix}-lock_version": str(decision.lock_version),
            },
            follow=True,
        )
        self.assertContains(response, "Beslutet för Karlskrona kommun är registrerat.")
        self.assertContains(response, "1 av 6 huvudmän har beslutat")
        self.assertContains(response, "Dnr SN 2026/41, § 37")
        listed = self.client.get(
            reverse("cases:recommendation_list", args=[self.other_structure.slug])
        )
        self.assertContains(listed, "1 av 6 huvudmän har beslutat")

    def test_a_refused_decision_is_explained_beside_the_field(self) -> None:
        recommendation = self.recommendation()
        decision = recommendation.decisions.get(principal=self.blekinge_region)
        self.login(self.other_coordinator)
        prefix = f"d{decision.pk}"
        response = self.client.post(
            reverse("cases:decision_record", args=[decision.pk]),
            {f"{prefix}-state": DecisionState.ADOPTED, f"{prefix}-lock_version": "1"},
        )
        # Once more in the summary of the refusal at the top of the page.
        self.assertContains(response, "Ange datum för huvudmannens beslut.", count=3)
        self.assertContains(response, f'id="id_{prefix}-decided_on_error"')
        self.assertEqual(PrincipalDecision.objects.get(pk=decision.pk).state, "not_sent")

    def test_a_decision_file_is_kept_and_served(self) -> None:
        media = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, media, True)
        recommendation = self.recommendation(public=True)
        decision = recommendation.decisions.get(principal=self.blekinge_region)
        self.login(self.other_coordinator)
        prefix = f"d{decision.pk}"
        with self.settings(MEDIA_ROOT=media):
            self.client.post(
                reverse("cases:decision_record", args=[decision.pk]),
                {
                    f"{prefix}-state": DecisionState.PREPARING,
                    f"{prefix}-lock_version": "1",
                    f"{prefix}-file": SimpleUploadedFile("utdrag.pdf", PDF, "application/pdf"),
                },
            )
            self.client.logout()
            response = self.client.get(reverse("cases:decision_file", args=[decision.pk]))
            self.assertEqual(response.status_code, 200)
            self.assertEqual(b"".join(response.streaming_content), PDF)  # type: ignore[attr-defined]
            self.assertEqual(response["Content-Type"], "application/pdf")

    def test_choosing_the_principals(self) -> None:
        recommendation = self.recommendation()
        self.login(self.other_coordinator)
        response = self.client.post(
            reverse("cases:recommendation_principals", args=[recommendation.pk]),
            {
                "principals": [str(self.blekinge_region.pk), str(self.municipalities[0].pk)],
                "lock_version": str(recommendation.lock_version),
            },
            follow=True,
        )
        self.assertContains(response, "0 av 2 huvudmän har beslutat")


class PermissionTests(RecommendationTestCase):
    def test_a_member_of_the_giving_body_reads_but_cannot_route_or_record(self) -> None:
        recommendation = self.recommendation()
        decision = recommendation.decisions.first()
        assert decision is not None
        self.login(self.lsvo_member)
        page = self.client.get(reverse("cases:recommendation", args=[recommendation.pk]))
        self.assertContains(page, "0 av 6 huvudmän har beslutat")
        self.assertNotContains(page, "Förhandsgranska")
        route = self.client.post(
            reverse("cases:recommendation_route", args=[recommendation.pk]),
            {"answer_by": future()},
        )
        self.assertEqual(route.status_code, 403)
        record = self.client.post(reverse("cases:decision_record", args=[decision.pk]), {})
        self.assertEqual(record.status_code, 403)
        self.assertEqual(
            self.client.get(
                reverse("cases:decision_bodies", args=[self.other_structure.slug])
            ).status_code,
            403,
        )

    def test_a_coordinator_of_another_structure_does_not_find_it(self) -> None:
        recommendation = self.recommendation()
        self.login(self.coordinator)
        self.assertEqual(
            self.client.get(reverse("cases:recommendation", args=[recommendation.pk])).status_code,
            404,
        )
        self.assertEqual(
            self.client.post(
                reverse("cases:recommendation_route", args=[recommendation.pk]),
                {"answer_by": future()},
            ).status_code,
            404,
        )
        listed = self.client.get(
            reverse("cases:recommendation_list", args=[self.other_structure.slug])
        )
        self.assertNotContains(listed, "Gemensam rutin för SIP")

    def test_once_published_it_is_readable_by_anyone_logged_in(self) -> None:
        recommendation = self.recommendation(public=True)
        self.login(self.coordinator)
        self.assertContains(
            self.client.get(reverse("cases:recommendation", args=[recommendation.pk])),
            "Gemensam rutin för SIP",
        )

    def test_anonymous_visitors_are_asked_to_log_in(self) -> None:
        recommendation = self.recommendation(public=True)
        response = self.client.get(reverse("cases:recommendation", args=[recommendation.pk]))
        self.assertEqual(response.status_code, 302)
        self.assertIn("/konto/", response["Location"])


class DecisionBodyPageTests(RecommendationTestCase):
    def test_the_coordinator_adds_changes_and_removes_decision_bodies(self) -> None:
        self.login(self.other_coordinator)
        url = reverse("cases:decision_bodies", args=[self.other_structure.slug])
        page = self.client.get(url)
        self.assertContains(page, "Saknar beslutsinstans")
        self.assertContains(page, "Sölvesborgs kommun")
        region = self.blekinge_region
        created = self.client.post(
            reverse("cases:decision_body_create", args=[self.other_structure.slug, region.pk]),
            {
                f"p{region.pk}-name": "Regionstyrelsen, Region Blekinge",
                f"p{region.pk}-registrar_email": "registrator@regionblekinge.example",
            },
            follow=True,
        )
        self.assertContains(created, "Regionstyrelsen, Region Blekinge är tillagd")
        body = DecisionBody.objects.get(principal=region)
        self.assertTrue(body.is_default)
        refused = self.client.post(
            reverse("cases:decision_body_update", args=[self.other_structure.slug, body.pk]),
            {
                f"b{body.pk}-name": "Regionstyrelsen",
                f"b{body.pk}-registrar_email": "inte-en-adress",
                f"b{body.pk}-is_default": "on",
                f"b{body.pk}-lock_version": str(body.lock_version),
            },
        )
        self.assertEqual(refused.status_code, 200)
        self.assertContains(refused, "Fyll i en giltig e-postadress.")
        self.client.post(
            reverse("cases:decision_body_delete", args=[self.other_structure.slug, body.pk]),
            {"lock_version": str(body.lock_version)},
        )
        self.assertFalse(DecisionBody.objects.exists())

    def test_a_principal_outside_the_structure_is_not_found(self) -> None:
        self.login(self.other_coordinator)
        response = self.client.post(
            reverse("cases:decision_body_create", args=[self.other_structure.slug, self.umea.pk]),
            {f"p{self.umea.pk}-name": "Socialnämnden"},
        )
        self.assertEqual(response.status_code, 404)


class QueryCountTests(RecommendationTestCase):
    def queries(self, url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(captured)

    def test_the_list_runs_as_many_queries_for_more_recommendations(self) -> None:
        self.registrars()
        self.approved_minutes(day=datetime.date(2026, 2, 3))
        self.login(self.other_coordinator)
        url = reverse("cases:recommendation_list", args=[self.other_structure.slug])
        one = self.queries(url)
        for day in (10, 17, 24):
            self.approved_minutes(day=datetime.date(2026, 2, day), texts=("A.", "B."))
        self.assertEqual(Recommendation.objects.count(), 7)
        self.assertEqual(self.queries(url), one)

    def test_the_page_runs_as_many_queries_for_more_principals(self) -> None:
        self.registrars()
        self.login(self.other_coordinator)
        six = self.recommendation(day=datetime.date(2026, 2, 3))
        recommendation_route(
            recommendation=six, answer_by=local_today() + datetime.timedelta(30), by=None
        )
        few = self.queries(reverse("cases:recommendation", args=[six.pk]))
        add_municipalities(self.other_structure, ["0114", "0115", "0117", "0120", "0123"])
        eleven = self.recommendation(day=datetime.date(2026, 2, 10))
        recommendation_route(
            recommendation=eleven,
            answer_by=local_today() + datetime.timedelta(30),
            by=None,
            principals=[self.blekinge_region, *self.municipalities],
        )
        self.assertEqual(eleven.decisions.count(), 11)
        self.assertEqual(self.queries(reverse("cases:recommendation", args=[eleven.pk])), few)
        register = reverse("cases:decision_bodies", args=[self.other_structure.slug])
        self.assertEqual(self.queries(register), self.queries(register))
