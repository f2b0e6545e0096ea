"""The structure's lists of assignments, working groups and cases stay the same size and the
same number of queries in a structure of a thousand bodies: the rows come 50 a page, and a
body is chosen from a bounded list with a search (`structure/bodypicker.py`) instead of a list
of every body in the structure."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.cases.models import Assignment, AssignmentStatus, Case, CaseStatus
from samverkan.cases.tests.test_assignments_base import DUE, GIVEN, AssignmentTestCase
from samverkan.structure.bodypicker import LIMIT
from samverkan.structure.models import Body


def bodies(structure: Any, parent: Body, n: int, start: int = 0) -> list[Body]:
    return Body.objects.bulk_create(
        Body(
            structure=structure,
            key=f"grupp-{i}",
            name=f"Arbetsgrupp {i:04d}",
            kind="working_group",
            level="local",
            mandate="prepares",
            parent=parent,
            position=100 + i,
        )
        for i in range(start, start + n)
    )


def make_assignments(
    structure: Any, given_by: Body, to: list[Body], n: int, start: int = 0
) -> None:
    Assignment.objects.bulk_create(
        Assignment(
            structure=structure,
            given_by=given_by,
            to_body=to[i % len(to)],
            report_to=given_by,
            title=f"Uppdrag {i:04d}",
            given_on=GIVEN,
            due_on=DUE + datetime.timedelta(days=i),
            status=AssignmentStatus.GIVEN,
        )
        for i in range(start, start + n)
    )


class ListScaleTests(AssignmentTestCase):
    def assignments(self, to: list[Body], n: int, start: int = 0) -> None:
        make_assignments(self.structure, self.body, to, n, start)

    def cases(self, to: list[Body], n: int, start: int = 0) -> None:
        Case.objects.bulk_create(
            Case(
                structure=self.structure,
                number=f"SKALA {i}",
                title=f"Ärende {i:04d}",
                raised_in=to[i % len(to)],
                current_body=to[i % len(to)],
                raised_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 300),
                status=CaseStatus.RAISED,
            )
            for i in range(start, start + n)
        )

    def pages(self) -> dict[str, str]:
        slug = self.structure.slug
        return {
            "uppdrag": reverse("cases:assignments", args=[slug]),
            "arbetsgrupper": reverse("cases:working_groups", args=[slug]),
            "ärenden": reverse("cases:case_list", args=[slug]),
            "balanslista": reverse("cases:balance_list", args=[slug]),
            "balanslista publik": reverse("cases_public:balance_list", args=[slug]),
        }

    def measure(self) -> dict[str, tuple[int, int]]:
        """Per page: queries and bytes, as the coordinator (the public one anonymous)."""
        found = {}
        for name, url in self.pages().items():
            if name.endswith("publik"):
                self.client.logout()
            else:
                self.login(self.coordinator)
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url)
            self.assertEqual(response.status_code, 200, name)
            found[name] = (len(queries), len(response.content))
        return found

    def test_it_makes_the_same_queries_and_a_bounded_page_for_a_thousand_bodies(self) -> None:
        few = bodies(self.structure, self.body, 5)
        self.assignments(few, 10)
        self.cases(few, 10)
        small = self.measure()
        many = bodies(self.structure, self.body, 1000, start=5)
        self.assignments(many, 600, start=10)
        self.cases(many, 300, start=10)
        large = self.measure()
        for name in small:
            with self.subTest(page=name):
                self.assertEqual(large[name][0], small[name][0])
                self.assertLessEqual(large[name][0], 12)
                # The page grows by its 50 rows and the bounded lists, not with the bodies.
                self.assertLess(large[name][1], 150_000)

    def test_it_pages_the_assignments_and_keeps_the_filter(self) -> None:
        self.assignments([self.local], 60)
        self.login(self.coordinator)
        url = reverse("cases:assignments", args=[self.structure.slug])
        first = self.client.get(url, {"status": AssignmentStatus.GIVEN})
        self.assertContains(first, "Uppdrag 0049<")
        self.assertNotContains(first, "Uppdrag 0050<")
        self.assertContains(first, "Sida 1 av 2")
        self.assertContains(first, "(60)")
        self.assertContains(first, "status=given&amp;sida=2")
        second = self.client.get(url, {"status": AssignmentStatus.GIVEN, "sida": "2"})
        self.assertContains(second, "Uppdrag 0059<")
        self.assertNotContains(second, "Uppdrag 0049<")
        self.assertContains(second, "Föregående sida")

    def test_it_offers_a_bounded_list_of_bodies_and_finds_the_others_by_name(self) -> None:
        many = bodies(self.structure, self.body, 100)
        self.assignments([many[77]], 1)
        self.login(self.coordinator)
        url = reverse("cases:assignments", args=[self.structure.slug])
        page = self.client.get(url)
        self.assertContains(page, "Sök från")
        self.assertContains(page, f"Listan visar högst {LIMIT} grupper")
        self.assertNotContains(page, f'<option value="{many[77].pk}"')
        found = self.client.get(url, {"to_body_sok": "0077"})
        self.assertContains(found, f'<option value="{many[77].pk}">Arbetsgrupp 0077</option>')
        chosen = self.client.get(url, {"to_body": many[77].pk})
        self.assertContains(chosen, "Uppdrag 0000<")
        self.assertContains(chosen, f'<option value="{many[77].pk}" selected>Arbetsgrupp 0077')
        # "Ge uppdrag": a choice with a search, on to the chosen body's form.
        self.assertContains(page, reverse("cases:assignment_give_choose"))
        give = self.client.get(reverse("cases:assignment_give_choose"), {"grupp": self.body.pk})
        self.assertRedirects(give, reverse("cases:assignment_give", args=[self.body.pk]))

    def test_it_narrows_the_working_group_form_to_the_chosen_body(self) -> None:
        many = bodies(self.structure, self.body, 60)
        self.assignments([many[5]], 50)
        self.login(self.coordinator)
        url = reverse("cases:working_groups", args=[self.structure.slug])
        page = self.client.get(url)
        self.assertContains(page, "Sök grupp som tillsätter")
        self.assertContains(page, f"Listan visar högst {LIMIT} uppdrag")
        self.assertNotContains(page, "Uppdrag 0045<")
        found = self.client.get(url, {"assignment_sok": "0045"})
        self.assertContains(found, "Uppdrag 0045<")
        # Another body chosen: none of these assignments are its own.
        other = self.client.get(url, {"created_by": many[6].pk})
        self.assertNotContains(other, "Uppdrag 0001<")
        response = self.client.post(
            reverse("cases:working_group_create", args=[self.structure.slug]),
            {
                "created_by": many[59].pk,
                "name": "Beredning 59",
                "kind": "working_group",
                "duration": "lasting",
            },
        )
        self.assertEqual(response.status_code, 302)

    def test_it_pages_the_cases_and_offers_raising_through_a_choice(self) -> None:
        many = bodies(self.structure, self.body, 60)
        self.cases(many, 55)
        self.login(self.coordinator)
        url = reverse("cases:case_list", args=[self.structure.slug])
        first = self.client.get(url, {"lage": "open"})
        self.assertContains(first, "Ärenden (55)")
        self.assertContains(first, "lage=open&amp;sida=2")
        second = self.client.get(url, {"lage": "open", "sida": "2"})
        self.assertContains(second, "Sida 2 av 2")
        self.assertContains(first, reverse("cases:case_new_choose"))
        self.assertNotContains(first, "Väck ärende i Arbetsgrupp 0050")
        chosen = self.client.get(reverse("cases:case_new_choose"), {"grupp": many[50].pk})
        self.assertRedirects(
            chosen, reverse("cases:case_new", args=[many[50].pk]), fetch_redirect_response=False
        )
