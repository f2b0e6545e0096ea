"""A case's page makes the same number of queries (at most 12) in every state of the case, for
whoever may move it and for a reader, with a short way or a long one, and however many other
cases the structure holds."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.cases.models import Case, CaseStatus
from samverkan.cases.services.cases import case_lift, case_put_on_agenda
from samverkan.cases.tests.test_cases_base import CasesTestCase
from samverkan.meetings.models import AgendaItem
from samverkan.minutes.models import EntryKind
from samverkan.minutes.services import EntryIn
from samverkan.structure.models import Charter, CharterStatus

BUDGET = 12


class CasePageQueryTests(CasesTestCase):
    def count(self, user: User, case: Case) -> int:
        self.login(user)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(reverse("cases:case", args=[case.pk]))
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_it_takes_the_same_queries_in_every_state_and_size(self) -> None:
        # The local group's charter sends a lifted case to the council by default.
        Charter.objects.create(
            body=self.local, version="1.0", status=CharterStatus.IN_FORCE, escalates_to=self.council
        )
        raised = self.raise_case()
        lifted = self.raise_case(title="Lyft")
        case_lift(case=lifted, by=self.local_user, to_body=self.body)
        on_agenda = self.raise_case(title="På dagordningen")
        case_lift(case=on_agenda, by=self.local_user, to_body=self.body)
        case_put_on_agenda(case=on_agenda, meeting=self.lsg_meeting, by=self.secretary_user)
        item = AgendaItem.objects.get(case_step__case=on_agenda)
        self.approve_minutes(
            self.lsg_meeting, {item.pk: [EntryIn(EntryKind.DECISION, "LSG beslutar.")]}
        )
        decided = Case.objects.get(pk=on_agenda.pk)
        self.assertNotEqual(decided.status, CaseStatus.RAISED)
        cases = {"raised": raised, "lifted": lifted, "decided": decided}
        small = {name: self.count(self.coordinator, case) for name, case in cases.items()}
        self.assertEqual(len(set(small.values())), 1, small)
        self.assertLessEqual(small["raised"], BUDGET)
        reader = {name: self.count(self.member_user, cases[name]) for name in ("lifted", "decided")}
        self.assertEqual(len(set(reader.values())), 1, reader)
        self.assertLessEqual(reader["lifted"], BUDGET)
        # A long way back and forth, and many other cases in the structure.
        current = Case.objects.get(pk=lifted.pk)
        for n in range(6):
            target = self.local if current.current_body_id == self.body.pk else self.body
            current = case_lift(case=current, by=self.coordinator, to_body=target, note=f"{n}")
        for n in range(10):
            self.raise_case(title=f"Annat ärende {n}")
        for name, case in cases.items():
            with self.subTest(case=name):
                self.assertEqual(self.count(self.coordinator, case), small[name])
        self.assertEqual(self.count(self.member_user, cases["decided"]), reader["decided"])

    def test_it_offers_the_charters_default_read_with_the_case(self) -> None:
        Charter.objects.create(
            body=self.local,
            version="1.0",
            status=CharterStatus.IN_FORCE,
            escalates_to=self.council,
            citations={"cases": "Frågor av länsövergripande karaktär lyfts till Samrådet."},
        )
        with_charter = self.raise_case()
        self.login(self.local_user)
        page = self.client.get(reverse("cases:case", args=[with_charter.pk]))
        self.assertContains(page, f'<option value="{self.council.pk}" selected>')
        Charter.objects.filter(body=self.local).delete()
        without = self.raise_case(title="Utan uppdragsbeskrivning")
        self.assertEqual(
            self.count(self.local_user, without), self.count(self.local_user, with_charter)
        )
        page = self.client.get(reverse("cases:case", args=[without.pk]))
        # Without a charter, the commissioning body (LSG).
        self.assertContains(page, f'<option value="{self.body.pk}" selected>')
