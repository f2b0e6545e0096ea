"""From approved minutes to a recommendation to each principal; choosing the principals,
routing it (expediera) to their registrars, and recording their decisions."""

from __future__ import annotations

import datetime
from unittest import mock

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samverkan.cases.models import DecisionBody, DecisionState, PrincipalDecision, Recommendation
from samverkan.cases.selectors.recommendations import (
    decided_text,
    decision_counts,
    recommendation_with_decisions,
    recommendations_listed,
)
from samverkan.cases.services.principal_decisions import (
    decision_body_create,
    decision_body_delete,
    decision_body_update,
    decision_record,
)
from samverkan.cases.services.recommendations import (
    recommendation_route,
    recommendation_set_principals,
    recommendations_create_from_minutes,
)
from samverkan.cases.tests.test_recommendations_base import (
    RecommendationTestCase,
    add_municipalities,
)
from samverkan.lib.errors import ConflictError, DomainError
from samverkan.minutes.models import MinutesStatus
from samverkan.testing.base import principal

TODAY = datetime.date(2026, 3, 20)
ANSWER_BY = datetime.date(2026, 5, 15)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def route(recommendation: Recommendation, **kwargs):  # type: ignore[no-untyped-def]
    kwargs.setdefault("answer_by", ANSWER_BY)
    kwargs.setdefault("today", TODAY)
    return recommendation_route(recommendation=recommendation, by=None, **kwargs)


class FromMinutesTests(RecommendationTestCase):
    def test_it_makes_a_recommendation_with_a_decision_per_principal(self) -> None:
        recommendation = recommendation_with_decisions(recommendation_id=self.recommendation().pk)
        decisions = list(recommendation.decisions.all())
        self.assertEqual(len(decisions), 6)
        self.assertEqual(decisions[0].principal, self.blekinge_region)
        self.assertEqual(
            [d.principal.scb_code for d in decisions[1:]], ["1082", "1080", "1060", "1081", "1083"]
        )
        self.assertEqual({d.state for d in decisions}, {DecisionState.NOT_SENT})
        self.assertEqual(recommendation.title, "Gemensam rutin för SIP")
        self.assertEqual(recommendation.text, "Huvudmännen rekommenderas att anta rutinen för SIP.")
        self.assertEqual(recommendation.decided_on, datetime.date(2026, 3, 10))
        self.assertEqual(recommendation.body, self.other_body)
        self.assertIsNone(recommendation.case)

    def test_it_gives_each_principal_its_default_decision_body(self) -> None:
        bodies = self.registrars()
        recommendation = self.recommendation()
        for decision in recommendation.decisions.all():
            self.assertEqual(decision.decision_body, bodies[decision.principal_id])

    def test_it_links_the_case_handled_under_the_item_and_takes_its_number(self) -> None:
        case = self.case()
        recommendation = self.recommendation(case=case)
        self.assertEqual(recommendation.case, case)
        self.assertEqual(recommendation.number, "LSVO 2026/3")

    def test_it_makes_one_recommendation_per_entry_and_never_twice(self) -> None:
        minutes = self.approved_minutes(texts=("Anta rutinen.", "Utse kontaktpersoner."))
        self.assertEqual(Recommendation.objects.filter(minutes=minutes).count(), 2)
        self.assertEqual(recommendations_create_from_minutes(minutes=minutes, by=None), [])
        self.assertEqual(PrincipalDecision.objects.count(), 12)

    def test_it_runs_as_many_queries_with_more_principals(self) -> None:
        def queries(day: datetime.date, principals: int) -> int:
            minutes = self.approved_minutes(day=day)
            Recommendation.objects.filter(minutes=minutes).delete()
            with CaptureQueriesContext(connection) as captured:
                made = recommendations_create_from_minutes(minutes=minutes, by=None)
            self.assertEqual(made[0].decisions.count(), principals)
            return len(captured)

        six = queries(datetime.date(2026, 3, 3), 6)
        add_municipalities(self.other_structure, ["0114", "0115", "0117", "0120", "0123"])
        self.assertEqual(queries(datetime.date(2026, 3, 10), 11), six)

    def test_approving_minutes_never_fails_because_of_it(self) -> None:
        with (
            mock.patch(
                "samverkan.cases.services.recommendations.participating_principals",
                side_effect=RuntimeError("trasig"),
            ),
            self.assertLogs("samverkan.cases.services.recommendations", "ERROR"),
        ):
            minutes = self.approved_minutes()
        self.assertEqual(minutes.status, MinutesStatus.APPROVED)
        self.assertFalse(Recommendation.objects.exists())
        # Run again once the fault is gone: the entry becomes a recommendation then.
        self.assertEqual(len(recommendations_create_from_minutes(minutes=minutes, by=None)), 1)


class PrincipalsTests(RecommendationTestCase):
    def test_it_adds_and_removes_principals_not_yet_sent_to(self) -> None:
        recommendation = self.recommendation()
        keep = [self.blekinge_region, *self.municipalities[:2]]
        recommendation_set_principals(
            recommendation=recommendation,
            principals=keep,
            expected_version=recommendation.lock_version,
            by=self.other_coordinator,
        )
        self.assertEqual(
            set(recommendation.decisions.values_list("principal_id", flat=True)),
            {p.pk for p in keep},
        )
        recommendation_set_principals(
            recommendation=recommendation,
            principals=[*keep, self.municipalities[4]],
            expected_version=recommendation.lock_version,
            by=self.other_coordinator,
        )
        self.assertEqual(recommendation.decisions.count(), 4)

    def test_it_refuses_to_remove_a_principal_already_sent_to(self) -> None:
        self.registrars()
        recommendation = self.recommendation()
        route(recommendation, principals=[self.municipalities[0]])
        with self.assertRaises(DomainError) as refused:
            recommendation_set_principals(
                recommendation=recommendation,
                principals=[self.blekinge_region],
                expected_version=None,
                by=None,
            )
        self.assertIn(
            "Olofströms kommun har redan fått rekommendationen", refused.exception.message
        )
        self.assertEqual(recommendation.decisions.count(), 6)

    def test_it_refuses_a_principal_outside_the_structure(self) -> None:
        recommendation = self.recommendation()
        with self.assertRaises(DomainError) as refused:
            recommendation_set_principals(
                recommendation=recommendation,
                principals=[self.blekinge_region, self.umea],
                expected_version=None,
                by=None,
            )
        self.assertIn("Umeå kommun ingår inte i Samverkan Blekinge", refused.exception.message)

    def test_it_refuses_a_stale_version(self) -> None:
        recommendation = self.recommendation()
        with self.assertRaises(ConflictError):
            recommendation_set_principals(
                recommendation=recommendation,
                principals=[self.blekinge_region],
                expected_version=recommendation.lock_version + 1,
                by=None,
            )


class RoutingTests(RecommendationTestCase):
    def test_it_emails_each_registrar_once_and_marks_the_decisions_sent(self) -> None:
        self.registrars()
        recommendation = self.recommendation(case=self.case())
        result = recommendation_route(
            recommendation=recommendation,
            answer_by=ANSWER_BY,
            by=self.other_coordinator,
            today=TODAY,
        )
        self.assertEqual(len(result.sent), 6)
        self.assertEqual(result.message, "Rekommendationen är expedierad till 6 huvudmän.")
        addresses = sorted(m.to[0] for m in mail.outbox)
        self.assertEqual(len(addresses), 6)
        self.assertEqual(len(set(addresses)), 6)
        self.assertIn("registrator@karlshamn.example", addresses)
        message = next(m for m in mail.outbox if m.to == ["registrator@karlshamn.example"])
        self.assertIn("Gemensam rutin för SIP (LSVO 2026/3)", message.subject)
        self.assertIn("Till Socialnämnden, Karlshamns kommun", message.body)
        self.assertIn("Huvudmännen rekommenderas att anta rutinen för SIP.", message.body)
        self.assertIn("senast 15 maj 2026", message.body)
        self.assertIn("Diarienummer: LSVO 2026/3", message.body)
        self.assertIn(f"/arbeta/rekommendationer/{recommendation.pk}/", message.body)
        self.assertEqual(message.reply_to, ["a@example.se"])
        recommendation.refresh_from_db()
        self.assertEqual(recommendation.answer_by, ANSWER_BY)
        for decision in recommendation.decisions.all():
            self.assertEqual(decision.state, DecisionState.SENT)
            self.assertEqual(decision.sent_on, TODAY)
            self.assertTrue(decision.sent_to.startswith("registrator@"))

    def test_it_links_the_published_minutes_when_they_are(self) -> None:
        self.registrars()
        recommendation = self.recommendation(public=True)
        route(recommendation)
        self.assertIn(
            f"/s/blekinge/g/lsvo/minnesanteckningar/{recommendation.minutes_id}/",
            mail.outbox[0].body,
        )

    def test_it_sends_nothing_when_a_principal_lacks_a_body_or_an_address(self) -> None:
        bodies = self.registrars(skip=("1083",))
        karlshamn = principal("1082")
        DecisionBody.objects.filter(pk=bodies[karlshamn.pk].pk).update(registrar_email="")
        recommendation = self.recommendation()
        with self.assertRaises(DomainError) as refused:
            route(recommendation)
        message = refused.exception.message
        self.assertIn("Rekommendationen skickades inte till någon", message)
        self.assertIn("Sölvesborgs kommun har ingen beslutsinstans", message)
        self.assertIn(
            "Socialnämnden, Karlshamns kommun (Karlshamns kommun) saknar registratorns "
            "e-postadress",
            message,
        )
        self.assertEqual(mail.outbox, [])
        recommendation.refresh_from_db()
        self.assertIsNone(recommendation.answer_by)
        self.assertEqual(
            set(recommendation.decisions.values_list("state", flat=True)), {DecisionState.NOT_SENT}
        )

    def test_it_refuses_an_answer_date_that_is_not_in_the_future(self) -> None:
        self.registrars()
        recommendation = self.recommendation()
        for day in (None, TODAY, TODAY - datetime.timedelta(days=1)):
            with self.assertRaises(DomainError) as refused:
                route(recommendation, answer_by=day)
            self.assertEqual(refused.exception.field, "answer_by")
        self.assertEqual(mail.outbox, [])

    def test_it_sends_again_to_chosen_principals_only(self) -> None:
        self.registrars()
        recommendation = self.recommendation()
        route(recommendation)
        with self.assertRaises(DomainError) as refused:
            route(recommendation)
        self.assertIn("redan expedierad till alla", refused.exception.message)
        mail.outbox.clear()
        later = TODAY + datetime.timedelta(days=3)
        result = route(recommendation, principals=[self.municipalities[2]], today=later)
        self.assertEqual([m.to for m in mail.outbox], [["registrator@ronneby.example"]])
        self.assertEqual(len(result.sent), 1)
        self.assertEqual(
            recommendation.decisions.get(principal=self.municipalities[2]).sent_on, later
        )

    def test_it_sends_to_a_chosen_decision_body(self) -> None:
        self.registrars()
        region = self.blekinge_region
        board = decision_body_create(
            principal=region,
            name="Nämnden för folkhälsa, Region Blekinge",
            registrar_email="folkhalsa@region.example",
            by=None,
        )
        recommendation = self.recommendation()
        route(recommendation, principals=[region], decision_bodies={region.pk: board})
        self.assertEqual(mail.outbox[0].to, ["folkhalsa@region.example"])
        self.assertEqual(recommendation.decisions.get(principal=region).decision_body, board)


class RecordingTests(RecommendationTestCase):
    def test_two_decisions_leave_four_open(self) -> None:
        self.registrars()
        recommendation = self.recommendation()
        route(recommendation)
        for decision, state in zip(
            recommendation.decisions.filter(principal__in=self.municipalities[:2]),
            (DecisionState.ADOPTED, DecisionState.REJECTED),
            strict=True,
        ):
            decision_record(
                decision=decision,
                expected_version=decision.lock_version,
                by=self.other_coordinator,
                state=state,
                decided_on=datetime.date(2026, 4, 2),
                registry_number="SN 2026/41",
                paragraph="37",
                link="https://example.se/protokoll.pdf",
                today=datetime.date(2026, 4, 10),
            )
        loaded = recommendation_with_decisions(recommendation_id=recommendation.pk)
        decided, total = decision_counts(loaded)
        self.assertEqual(decided_text(decided, total), "2 av 6 huvudmän har beslutat")
        self.assertEqual(loaded.decisions.exclude(state__in=["adopted", "rejected"]).count(), 4)
        listed = recommendations_listed(
            viewer=self.other_coordinator, structure=self.other_structure, open_only=True
        )
        self.assertEqual([decision_counts(r) for r in listed], [(2, 6)])
        stored = recommendation.decisions.get(principal=self.municipalities[0])
        self.assertEqual(stored.recorded_by, self.other_coordinator)
        self.assertEqual(stored.registry_number, "SN 2026/41")

    def test_it_refuses_a_decision_without_a_date_or_in_the_future_or_before_it(self) -> None:
        recommendation = self.recommendation()
        decision = recommendation.decisions.first()
        assert decision is not None
        cases = [
            (None, "Ange datum för huvudmannens beslut."),
            (datetime.date(2026, 4, 11), "Beslutsdatum kan inte vara i framtiden."),
            (datetime.date(2026, 3, 9), "Beslutsdatum kan inte vara före rekommendationen"),
        ]
        for day, expected in cases:
            with self.assertRaises(DomainError) as refused:
                decision_record(
                    decision=decision,
                    expected_version=None,
                    by=None,
                    state=DecisionState.ADOPTED,
                    decided_on=day,
                    today=datetime.date(2026, 4, 10),
                )
            self.assertIn(expected, refused.exception.message)
            self.assertEqual(refused.exception.field, "decided_on")

    def test_it_refuses_a_stale_version_with_an_explanation(self) -> None:
        recommendation = self.recommendation()
        decision = recommendation.decisions.get(principal=self.blekinge_region)
        stale = decision.lock_version
        decision_record(decision=decision, expected_version=stale, by=None, state="preparing")
        with self.assertRaises(ConflictError) as refused:
            decision_record(decision=decision, expected_version=stale, by=None, state="preparing")
        self.assertIn(
            "Någon annan har registrerat beslutet för Region Blekinge", refused.exception.message
        )

    def test_it_keeps_a_pdf_and_refuses_other_files(self) -> None:
        recommendation = self.recommendation()
        decision = recommendation.decisions.get(principal=self.blekinge_region)
        with self.assertRaises(DomainError) as refused:
            decision_record(
                decision=decision,
                expected_version=None,
                by=None,
                state=DecisionState.PREPARING,
                file=SimpleUploadedFile("beslut.txt", b"Beslut i text"),
            )
        self.assertEqual(refused.exception.field, "file")
        self.assertIn("PDF eller Word-dokument", refused.exception.message)
        with self.settings(MEDIA_ROOT=self.media()):
            saved = decision_record(
                decision=decision,
                expected_version=None,
                by=None,
                state=DecisionState.ADOPTED,
                decided_on=datetime.date(2026, 4, 2),
                file=SimpleUploadedFile("protokollsutdrag.pdf", PDF),
                today=datetime.date(2026, 4, 10),
            )
            self.assertTrue(saved.file.name.endswith(".pdf"))

    def media(self) -> str:
        import tempfile

        folder = tempfile.mkdtemp()
        self.addCleanup(__import__("shutil").rmtree, folder, True)
        return folder


class DecisionBodyTests(RecommendationTestCase):
    def test_the_first_is_the_default_and_another_can_take_its_place(self) -> None:
        first = decision_body_create(
            principal=self.blekinge_region, name="Regionstyrelsen", by=None
        )
        second = decision_body_create(
            principal=self.blekinge_region, name="Hälso- och sjukvårdsnämnden", by=None
        )
        self.assertTrue(first.is_default)
        self.assertFalse(second.is_default)
        decision_body_update(
            decision_body=second, expected_version=second.lock_version, by=None, is_default=True
        )
        first.refresh_from_db()
        self.assertFalse(first.is_default)
        with self.assertRaises(DomainError):
            decision_body_update(
                decision_body=second, expected_version=None, by=None, is_default=False
            )

    def test_it_refuses_a_duplicate_name_and_a_bad_address(self) -> None:
        decision_body_create(principal=self.blekinge_region, name="Regionstyrelsen", by=None)
        with self.assertRaises(DomainError) as refused:
            decision_body_create(principal=self.blekinge_region, name="regionstyrelsen", by=None)
        self.assertEqual(refused.exception.field, "name")
        with self.assertRaises(DomainError) as refused:
            decision_body_create(
                principal=self.blekinge_region,
                name="Nämnd",
                registrar_email="inte en adress",
                by=None,
            )
        self.assertEqual(refused.exception.field, "registrar_email")

    def test_it_refuses_deleting_one_in_use_and_passes_on_the_default(self) -> None:
        bodies = self.registrars()
        region_board = bodies[self.blekinge_region.pk]
        other = decision_body_create(principal=self.blekinge_region, name="Nämnd B", by=None)
        self.recommendation()
        with self.assertRaises(DomainError) as refused:
            decision_body_delete(decision_body=region_board, by=None)
        self.assertIn("används i 1 rekommendation", refused.exception.message)
        PrincipalDecision.objects.update(decision_body=None)
        decision_body_delete(decision_body=region_board, by=None)
        other.refresh_from_db()
        self.assertTrue(other.is_default)
