"""The cases API: raising, reading, editing and moving cases, the timeline, registry numbers,
and who may see what."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samverkan.accounts.services import api_token_create
from samverkan.api.tests.base import ApiTestCase
from samverkan.cases.models import Case, CaseStep
from samverkan.cases.services.cases import case_lift, case_put_on_agenda
from samverkan.cases.tests.test_cases_base import CasesTestCase
from samverkan.meetings.models import AgendaItem
from samverkan.minutes.models import EntryKind
from samverkan.minutes.services import EntryIn


class CasesApiTestCase(ApiTestCase, CasesTestCase):
    local_token: str
    secretary_token: str

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.local_token = api_token_create(by=cls.local_user, name="test")[1]
        cls.secretary_token = api_token_create(by=cls.secretary_user, name="test")[1]

    def token_for(self, user: User) -> str:
        own = {self.local_user.pk: self.local_token, self.secretary_user.pk: self.secretary_token}
        return own.get(user.pk) or super().token_for(user)

    def ok(self, response: Any, status: int = 200) -> Any:
        self.assertEqual(response.status_code, status, response.content)
        return response.json()


class RaiseAndReadTests(CasesApiTestCase):
    def test_a_member_raises_a_case_and_reads_it(self) -> None:
        created = self.ok(
            self.call(
                "post",
                "/cases",
                {
                    "body": self.local.pk,
                    "title": "Utskrivning från slutenvården",
                    "description": "Kommunen får besked för sent.",
                    "proposal": "Gemensam rutin.",
                },
                user=self.local_user,
            ),
            201,
        )
        self.assertRegex(created["number"], r"^VAS \d{4}/1$")
        self.assertEqual(created["status"], "raised")
        self.assertEqual(created["current_body"], self.local.pk)
        self.assertEqual(created["current_body_name"], "Lokala samverkansgruppen Umeå")
        self.assertEqual(created["raised_by_name"], "Greta Sol")
        self.assertFalse(created["finished"])
        read = self.ok(self.call("get", f"/cases/{created['id']}", user=self.local_user))
        self.assertEqual(read["title"], "Utskrivning från slutenvården")

    def test_it_refuses_a_non_member_and_bad_input_as_json(self) -> None:
        self.assertError(
            self.call(
                "post", "/cases", {"body": self.local.pk, "title": "x"}, user=self.member_user
            ),
            403,
        )
        self.assertError(
            self.call(
                "post",
                "/cases",
                {"body": self.local.pk, "title": "x", "raised_via": "network", "network_name": "N"},
                user=self.local_user,
            ),
            400,
            field="line_manager",
        )
        self.assertError(self.call("post", "/cases", {"body": self.local.pk, "title": "x"}), 401)
        self.assertError(
            self.call(
                "post",
                "/cases",
                {"body": self.local.pk, "title": "x", "colour": "red"},
                user=self.local_user,
            ),
            400,
        )

    def test_anonymous_and_other_structures_see_a_case_only_once_in_published_minutes(self) -> None:
        case = self.raise_case()
        for user in (None, self.other_coordinator):
            self.assertError(self.call("get", f"/cases/{case.pk}", user=user), 404)
            self.assertEqual(self.ok(self.call("get", "/cases", user=user))["count"], 0)
        case_lift(case=case, by=self.local_user)
        case_put_on_agenda(case=case, meeting=self.lsg_meeting, by=self.secretary_user)
        item = AgendaItem.objects.get(case_step__case=case)
        minutes = self.approve_minutes(
            self.lsg_meeting, {item.pk: [EntryIn(EntryKind.DECISION, "Beslut.")]}
        )
        read = self.ok(self.call("get", f"/cases/{case.pk}"))
        self.assertEqual(read["status"], "resolved")
        self.assertTrue(read["finished"])
        timeline = self.ok(self.call("get", f"/cases/{case.pk}/timeline"))
        self.assertEqual([s["body"] for s in timeline], [self.local.pk, self.body.pk])
        self.assertEqual(timeline[1]["minutes"], minutes.pk)
        self.assertIn(f"/minnesanteckningar/{minutes.pk}/", timeline[1]["minutes_url"])
        self.assertEqual(timeline[1]["outcome"], "resolved")
        self.assertEqual(
            self.ok(self.call("get", "/cases", user=self.other_coordinator))["count"], 1
        )

    def test_it_lists_with_filters(self) -> None:
        self.raise_case(title="A")
        lifted = self.raise_case(title="B")
        case_lift(case=lifted, by=self.local_user)
        self.raise_case(body=self.other_body, by=self.other_coordinator, raised_via="coordinator")
        listed = self.ok(
            self.call("get", "/cases", {"structure": "vasterbotten"}, user=self.coordinator)
        )
        self.assertEqual(listed["count"], 2)
        by_body = self.ok(self.call("get", "/cases", {"body": self.body.pk}, user=self.coordinator))
        self.assertEqual([c["title"] for c in by_body["items"]], ["B"])
        by_status = self.ok(self.call("get", "/cases", {"status": "raised"}, user=self.coordinator))
        self.assertEqual([c["title"] for c in by_status["items"]], ["A"])
        self.assertEqual(
            self.ok(self.call("get", "/cases", {"open": "false"}, user=self.coordinator))["count"],
            0,
        )
        self.assertEqual(
            self.ok(self.call("get", "/cases", {"year": 2025}, user=self.coordinator))["count"], 0
        )


class MovingTests(CasesApiTestCase):
    def test_it_lifts_to_the_default_and_refuses_the_own_body(self) -> None:
        case = self.raise_case()
        refused = self.call(
            "post", f"/cases/{case.pk}/lift", {"body": self.local.pk}, user=self.local_user
        )
        self.assertError(refused, 400, field="body")
        lifted = self.ok(
            self.call(
                "post",
                f"/cases/{case.pk}/lift",
                {"note": "Länsövergripande."},
                user=self.local_user,
            )
        )
        self.assertEqual((lifted["status"], lifted["current_body"]), ("lifted", self.body.pk))
        timeline = self.ok(self.call("get", f"/cases/{case.pk}/timeline", user=self.local_user))
        self.assertEqual(timeline[0]["outcome"], "lifted")
        self.assertTrue(timeline[1]["is_open"])
        self.assertEqual(timeline[1]["note"], "Länsövergripande.")
        # The local group no longer holds it: Greta may read but not move it.
        self.assertError(
            self.call("post", f"/cases/{case.pk}/close", {"text": "x"}, user=self.local_user), 403
        )

    def test_it_prepares_puts_on_the_agenda_and_answers(self) -> None:
        case = self.raise_case(body=self.body, by=self.secretary_user)
        self.ok(
            self.call(
                "post", f"/cases/{case.pk}/prepare", {"body": self.au.pk}, user=self.secretary_user
            )
        )
        agenda = self.call(
            "post",
            f"/cases/{case.pk}/agenda",
            {"meeting": self.au_meeting.pk},
            user=self.coordinator,
        )
        self.assertEqual(self.ok(agenda)["status"], "on_agenda")
        resolved = self.ok(
            self.call(
                "post", f"/cases/{case.pk}/resolve", {"text": "Beredd."}, user=self.coordinator
            )
        )
        self.assertEqual((resolved["status"], resolved["current_body"]), ("raised", self.body.pk))
        self.assertError(
            self.call(
                "post", f"/cases/{case.pk}/answer", {"text": "Svar."}, user=self.secretary_user
            ),
            400,
            field="body",
        )  # raised in LSG itself: nobody to answer
        closed = self.ok(
            self.call(
                "post", f"/cases/{case.pk}/close", {"text": "Klart."}, user=self.secretary_user
            )
        )
        self.assertEqual(closed["status"], "closed")

    def test_a_missing_proposal_is_the_agendas_refusal(self) -> None:
        self.charter.items_need_description_and_proposal = True
        self.charter.save()
        case = self.raise_case(body=self.body, by=self.secretary_user, proposal="")
        self.assertError(
            self.call(
                "post",
                f"/cases/{case.pk}/agenda",
                {"meeting": self.lsg_meeting.pk},
                user=self.secretary_user,
            ),
            400,
            field="proposal",
        )
        self.assertError(
            self.call(
                "post", f"/cases/{case.pk}/agenda", {"meeting": 999999}, user=self.secretary_user
            ),
            400,
            field="meeting",
        )

    def test_patch_needs_the_version_read(self) -> None:
        case = self.raise_case()
        patched = self.ok(
            self.call(
                "patch",
                f"/cases/{case.pk}",
                {"lock_version": 1, "proposal": "Nytt förslag."},
                user=self.local_user,
            )
        )
        self.assertEqual((patched["proposal"], patched["lock_version"]), ("Nytt förslag.", 2))
        self.assertError(
            self.call(
                "patch",
                f"/cases/{case.pk}",
                {"lock_version": 1, "title": "Gammal"},
                user=self.local_user,
            ),
            409,
        )
        self.assertError(
            self.call(
                "patch", f"/cases/{case.pk}", {"title": "Utan version"}, user=self.local_user
            ),
            400,
        )
        self.assertEqual(Case.objects.get().title, case.title)


class NumberingApiTests(CasesApiTestCase):
    def test_a_coordinator_reads_and_sets_the_format(self) -> None:
        shown = self.ok(self.call("get", "/cases/numbering/vasterbotten", user=self.coordinator))
        self.assertEqual((shown["pattern"], shown["saved"]), ("VAS {year}/{number}", False))
        self.assertError(
            self.call(
                "put",
                "/cases/numbering/vasterbotten",
                {"pattern": "SAM {year}"},
                user=self.coordinator,
            ),
            400,
            field="pattern",
        )
        saved = self.ok(
            self.call(
                "put",
                "/cases/numbering/vasterbotten",
                {"pattern": "SAM {year}-{number:02}"},
                user=self.coordinator,
            )
        )
        self.assertTrue(saved["saved"])
        self.assertRegex(saved["next_number"], r"^SAM \d{4}-01$")
        self.assertError(
            self.call("get", "/cases/numbering/vasterbotten", user=self.local_user), 403
        )
        self.assertError(self.call("get", "/cases/numbering/vasterbotten"), 401)


class QueryCountTests(CasesApiTestCase):
    def test_the_list_reads_a_fixed_number_of_queries(self) -> None:
        counts = []
        for total in (2, 12):
            while Case.objects.count() < total:
                case_lift(
                    case=self.raise_case(title=f"Fråga {Case.objects.count()}"), by=self.local_user
                )
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(
                    self.ok(self.call("get", "/cases", user=self.coordinator))["count"], total
                )
            counts.append(len(queries))
        self.assertEqual(counts[0], counts[1])

    def test_the_timeline_reads_a_fixed_number_of_queries(self) -> None:
        case = self.raise_case()
        counts = []
        for lifts in (1, 8):
            while CaseStep.objects.filter(case=case).count() <= lifts:
                current = Case.objects.get(pk=case.pk)
                target = self.body if current.current_body_id == self.local.pk else self.local
                case_lift(case=current, by=self.coordinator, to_body=target)
            with CaptureQueriesContext(connection) as queries:
                steps = self.ok(
                    self.call("get", f"/cases/{case.pk}/timeline", user=self.coordinator)
                )
            self.assertEqual(len(steps), lifts + 1)
            counts.append(len(queries))
        self.assertEqual(counts[0], counts[1])
