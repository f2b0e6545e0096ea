"""The charter check's working pages: who sees which findings, the filters, the pages of a
long list, accepting a finding as a deviation with a reason and withdrawing that, when the
check last ran and "Kontrollera nu", and a fixed number of queries. The pages read the check
the worker stored; here the tests run it themselves (`checked`), as the worker would after
each change."""

from __future__ import annotations

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.audit.models import Change
from samverkan.lib.findings import Finding, Responsible, Severity
from samverkan.lib.localtime import local_today
from samverkan.lib.swedish import date_text
from samverkan.rules.checking import check_structures
from samverkan.rules.models import Acknowledgement
from samverkan.rules.tests.helpers import (
    BOOKING,
    BOOKING_WORDS,
    COMPOSITION,
    REVIEW,
    body_finding,
    only_rules,
    real_rules,
    rule_of,
)
from samverkan.rules.views import PER_PAGE
from samverkan.structure.findings import CHARTER_REVISION
from samverkan.structure.models import Body, Charter
from samverkan.testing.base import BaseTestCase

DAY = datetime.timedelta(days=1)


class PageTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.extra: list[Body] = []  # more bodies for the review rule
        self.enterContext(
            only_rules(
                {
                    BOOKING: rule_of(self.booking),
                    REVIEW: rule_of(self.review),
                    COMPOSITION: rule_of(self.composition),
                }
            )
        )
        self.checked()

    def checked(self) -> None:
        """Every structure checked and stored, as the worker does."""
        check_structures()

    def booking(self, today: datetime.date) -> list[Finding]:
        coordinators = Responsible("koordinator", ("koordinator",), (self.coordinator.pk,))
        return [
            body_finding(
                self.body, due_on=today - 3 * DAY, responsible=coordinators, about="body:lsg:2027"
            ),
            body_finding(
                self.other_body,
                due_on=today - 3 * DAY,
                message="LSVO har inte bokat nästa års möten.",
            ),
        ]

    def review(self, today: datetime.date) -> list[Finding]:
        return [
            body_finding(
                body,
                rule=REVIEW,
                severity=Severity.DUE_SOON,
                due_on=today + 5 * DAY,
                message=f"{body.name} ska ses över.",
                citation="",
                responsible=Responsible("ordförande", ("Alice Berg",)),
            )
            for body in [self.au, *self.extra]
        ]

    def composition(self, today: datetime.date) -> list[Finding]:
        return [
            body_finding(
                self.council,
                rule=COMPOSITION,
                severity=Severity.NOTED,
                message="Samråd vård och omsorg saknar en ledamot för Lycksele kommun.",
                citation="en ledamot och en ersättare per kommun",
            )
        ]

    def page(self, url: str = "", **params: str) -> str:
        self.checked()
        response = self.client.get(url or reverse("rules:findings"), params)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def to_act(self, page: str) -> str:
        return page.split('id="accepterade"')[0]

    def accepted(self, page: str) -> str:
        return page.split('id="accepterade"')[1]


class ReadingTests(PageTestCase):
    def test_a_coordinator_sees_the_findings_of_their_structure_most_urgent_first(self) -> None:
        self.login(self.coordinator)
        page = self.page()
        self.assertIn("<h1", page)
        self.assertIn("Regelkontrollen", page)
        self.assertIn(
            "en försenad, en snart dags, en att notera",
            page,
        )
        overdue = page.index("Länssamverkansgruppen har inte bokat nästa års möten.")
        soon = page.index("Länssamverkansgruppens AU ska ses över.")
        noted = page.index("Samråd vård och omsorg saknar en ledamot för Lycksele kommun.")
        self.assertLess(overdue, soon)
        self.assertLess(soon, noted)
        self.assertNotIn("LSVO har inte bokat", page)
        self.assertIn("Försenat", page)
        self.assertIn("Snart dags", page)
        self.assertIn("Att notera", page)
        self.assertIn(f"”{BOOKING_WORDS}”", page)
        self.assertIn(f"Senast {date_text(local_today() - 3 * DAY)}", page)
        self.assertIn("Inget datum", page)
        self.assertIn("Ansvarig: koordinator (koordinator)", page)
        self.assertIn(f'href="{reverse("work:body", args=["vasterbotten", "lsg"])}"', page)
        self.assertIn(">Åtgärda<", page)
        self.assertIn(reverse("rules:acknowledge", args=["vasterbotten"]), page)
        self.assertIn("Acceptera avvikelse", page)
        self.assertIn("Inga accepterade avvikelser", page)

    def test_an_admin_sees_the_whole_installation_by_structure(self) -> None:
        self.login(self.admin)
        page = self.page()
        self.assertIn("LSVO har inte bokat nästa års möten.", page)
        self.assertIn("Länssamverkansgruppen har inte bokat nästa års möten.", page)
        self.assertIn("Per struktur", page)
        self.assertIn(reverse("rules:structure_findings", args=["blekinge"]), page)
        self.assertIn("Samverkan Blekinge</a>: en försenad", page)
        self.assertIn(
            '<span class="todo-body">Länssamverkansgruppen</span> '
            '<span class="meta">Samverkan Västerbotten</span>',
            page,
        )

    def test_a_structures_page_has_its_findings_only(self) -> None:
        self.login(self.admin)
        page = self.page(reverse("rules:structure_findings", args=["blekinge"]))
        self.assertIn("Regelkontrollen för Samverkan Blekinge", page)
        self.assertIn("LSVO har inte bokat nästa års möten.", page)
        self.assertNotIn("Länssamverkansgruppen har inte bokat", page)
        self.assertNotIn("Per struktur", page)

    def test_others_are_refused(self) -> None:
        structure_page = reverse("rules:structure_findings", args=["vasterbotten"])
        response = self.client.get(reverse("rules:findings"))
        self.assertEqual(response.status_code, 302)  # to the login
        self.login(self.member_user)
        self.assertEqual(self.client.get(reverse("rules:findings")).status_code, 403)
        self.assertEqual(self.client.get(structure_page).status_code, 403)
        self.login(self.other_coordinator)
        self.assertEqual(self.client.get(structure_page).status_code, 403)
        unknown = reverse("rules:structure_findings", args=["finns-inte"])
        self.assertEqual(self.client.get(unknown).status_code, 404)

    def test_the_filters_narrow_the_list(self) -> None:
        self.login(self.coordinator)
        page = self.page(severity="overdue")
        self.assertIn("Länssamverkansgruppen har inte bokat", page)
        self.assertNotIn("Länssamverkansgruppens AU ska ses över.", page)
        self.assertIn("Visa alla", page)
        page = self.page(body=str(self.au.pk))
        self.assertIn("Länssamverkansgruppens AU ska ses över.", page)
        self.assertNotIn("Länssamverkansgruppen har inte bokat", page)
        page = self.page(rule=COMPOSITION)
        self.assertIn("saknar en ledamot", page)
        self.assertNotIn("ska ses över.", page)
        # The choices: the bodies with findings, and every rule.
        self.assertIn(f'<option value="{self.au.pk}">Länssamverkansgruppens AU</option>', page)
        self.assertIn(f'<option value="{COMPOSITION}" selected>', page)
        page = self.page(body="999999")
        self.assertIn("errorlist", page)

    def test_the_queries_do_not_grow_with_the_findings(self) -> None:
        self.login(self.coordinator)

        def count() -> int:
            self.checked()
            with CaptureQueriesContext(connection) as captured:
                response = self.client.get(
                    reverse("rules:structure_findings", args=["vasterbotten"])
                )
            self.assertEqual(response.status_code, 200)
            return len(captured)

        few = count()
        # More than a page of findings, one of them accepted.
        for n in range(PER_PAGE + 10):
            self.extra.append(
                Body.objects.create(
                    structure=self.structure,
                    key=f"grupp-{n}",
                    name=f"Grupp {n}",
                    kind="working_group",
                    level="regional",
                    mandate="none",
                )
            )
        Acknowledgement.objects.create(
            key=f"{REVIEW}|body:{self.extra[0].pk}",
            rule=REVIEW,
            structure=self.structure,
            body=self.extra[0],
            due_on=local_today() + 5 * DAY,
            message="Grupp 0 ska ses över.",
            reason="Beslut i gruppen.",
            by=self.coordinator,
        )
        self.assertEqual(count(), few)
        self.assertLessEqual(few, 12)
        page = self.page()
        self.assertIn("Grupp 29 ska ses över.", page)
        self.assertIn("Grupp 0 ska ses över.", self.accepted(page))
        self.assertIn(f"Här visas 1–{PER_PAGE} av {PER_PAGE + 12}", page)
        self.assertIn("Sida 1 av 2", page)
        self.assertNotIn("Grupp 9 ska ses över.", page)  # by name: on the second page
        second = self.page(sida="2")
        self.assertIn("Grupp 9 ska ses över.", second)
        self.assertNotIn("Länssamverkansgruppen har inte bokat", second)
        self.assertIn("Sida 2 av 2", second)


class AcknowledgeTests(PageTestCase):
    key = f"{BOOKING}|body:lsg:2027"

    def acknowledge(self, reason: str, structure: str = "vasterbotten", **extra: str):  # type: ignore[no-untyped-def]
        return self.client.post(
            reverse("rules:acknowledge", args=[structure]),
            {"key": self.key, "reason": reason, "next": reverse("rules:findings"), **extra},
        )

    def test_a_coordinator_accepts_a_finding_with_a_reason_kept_in_the_history(self) -> None:
        self.login(self.coordinator)
        response = self.acknowledge("Gruppen beslutade 12 november att boka i januari.")
        self.assertRedirects(response, reverse("rules:findings"), fetch_redirect_response=False)
        page = self.page()
        self.assertIn("Avvikelsen är accepterad: Länssamverkansgruppen.", page)
        self.assertNotIn("Länssamverkansgruppen har inte bokat", self.to_act(page))
        accepted = self.accepted(page)
        self.assertIn("Länssamverkansgruppen har inte bokat nästa års möten.", accepted)
        self.assertIn("Gruppen beslutade 12 november att boka i januari.", accepted)
        self.assertIn("Accepterad av koordinator", accepted)
        self.assertIn("Återkalla", accepted)
        self.assertIn("Accepterade avvikelser (1)", page)
        change = Change.objects.get(object_type="finding_acknowledgement")
        self.assertEqual(change.actor, self.coordinator)
        self.assertEqual(change.structure_id, self.structure.pk)
        self.assertEqual((change.scope_type, change.scope_id), ("structure", self.structure.pk))
        self.assertEqual(
            change.changes["reason"], ["", "Gruppen beslutade 12 november att boka i januari."]
        )

    def test_a_reason_is_required_and_the_refusal_shows_beside_the_field(self) -> None:
        self.login(self.coordinator)
        response = self.acknowledge("   ")
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        self.assertIn("Avvikelsen kunde inte accepteras.", page)
        self.assertRegex(
            page, re.compile(r"<details open>.*Skriv varför avvikelsen accepteras", re.S)
        )
        self.assertFalse(Acknowledgement.objects.exists())

    def test_a_finding_put_right_meanwhile_cannot_be_accepted(self) -> None:
        self.login(self.coordinator)
        self.key = f"{BOOKING}|body:finns-inte"
        response = self.acknowledge("Beslut i gruppen.")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Avvikelsen finns inte längre i regelkontrollen", response.content.decode())

    def test_only_the_structures_coordinators_and_admins_may_accept(self) -> None:
        self.login(self.other_coordinator)
        self.assertEqual(self.acknowledge("Beslut.").status_code, 403)
        self.login(self.member_user)
        self.assertEqual(self.acknowledge("Beslut.").status_code, 403)
        # Another structure's address does not reach this structure's findings.
        self.login(self.other_coordinator)
        response = self.acknowledge("Beslut.", structure="blekinge")
        self.assertIn("Avvikelsen finns inte längre", response.content.decode())
        self.login(self.admin)
        self.assertEqual(self.acknowledge("Beslut av administratören.").status_code, 302)

    def test_a_visit_to_the_actions_address_goes_to_the_page(self) -> None:
        self.login(self.coordinator)
        response = self.client.get(reverse("rules:acknowledge", args=["vasterbotten"]))
        self.assertRedirects(response, reverse("rules:structure_findings", args=["vasterbotten"]))

    def test_withdrawing_puts_it_back_among_what_to_act_on(self) -> None:
        self.login(self.coordinator)
        self.acknowledge("Beslut i gruppen.")
        ack = Acknowledgement.objects.get()
        response = self.client.post(
            reverse("rules:withdraw", args=["vasterbotten", ack.pk]),
            {"next": reverse("rules:findings") + "?severity=overdue"},
        )
        self.assertRedirects(
            response, reverse("rules:findings") + "?severity=overdue", fetch_redirect_response=False
        )
        page = self.page()
        self.assertIn("Accepterandet är återkallat", page)
        self.assertIn("Länssamverkansgruppen har inte bokat", self.to_act(page))
        ack.refresh_from_db()
        self.assertIsNotNone(ack.withdrawn_at)
        self.assertEqual(ack.withdrawn_by, self.coordinator)
        self.assertEqual(Change.objects.filter(object_type="finding_acknowledgement").count(), 2)
        # Withdrawn already: said so, nothing changes.
        self.client.post(reverse("rules:withdraw", args=["vasterbotten", ack.pk]))
        self.assertIn("redan återkallat", self.page())
        self.login(self.other_coordinator)
        response = self.client.post(reverse("rules:withdraw", args=["vasterbotten", ack.pk]))
        self.assertEqual(response.status_code, 403)

    def test_an_outside_next_address_is_not_followed(self) -> None:
        self.login(self.coordinator)
        response = self.acknowledge("Beslut.", next="https://example.com/")
        self.assertRedirects(response, reverse("rules:structure_findings", args=["vasterbotten"]))


class RealRuleTests(BaseTestCase):
    """The page with one of the apps' own rules, as a coordinator reads it."""

    def test_a_finding_says_its_deadline_once_and_its_rule_in_a_whole_sentence(self) -> None:
        due = local_today() + 10 * DAY
        Charter.objects.filter(body=self.body).update(next_revision=due)
        self.enterContext(real_rules(CHARTER_REVISION))
        check_structures()
        self.login(self.coordinator)

        page = self.client.get(reverse("rules:findings")).content.decode()
        to_act = page.split('id="accepterade"')[0]

        self.assertIn(
            f"Uppdragsbeskrivningen för Länssamverkansgruppen ska revideras senast "
            f"{date_text(due)}.",
            to_act,
        )
        self.assertEqual(to_act.count(date_text(due)), 1)
        self.assertNotIn("Senast ", to_act)
        self.assertIn(
            "Regel: Uppdragsbeskrivningen ska revideras (nästa revidering, "
            "revideringsintervall) eller slutar gälla.</p>",
            " ".join(to_act.split()),
        )

    def test_it_says_when_the_check_runs(self) -> None:
        check_structures()
        self.login(self.coordinator)
        page = " ".join(self.client.get(reverse("rules:findings")).content.decode().split())
        self.assertIn("strax efter varje ändring i en struktur och varje timme", page)
        self.assertNotIn("varje natt", page)
