"""Activity plan tests' personas and helpers (no tests of its own).

On top of `ApiTestCase`'s personas: the county group `body` gets a chair with a login
(Alice), a secretary (Sara) and keeps its vice chair Bo (the member persona, who reads but
does not edit); the council above it has a member (Rolf); the AU below it a member (Ulla),
who does not read the county group's plan. A case and an assignment in the structure, and
one of each in the other structure.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User

from samverkan.accounts.services import api_token_create
from samverkan.api.tests.base import ApiTestCase
from samverkan.cases.models import Assignment, Case
from samverkan.followup.models import Activity, ActivityPlan, ActivityStatus
from samverkan.lib.localtime import local_today
from samverkan.structure.models import Body, Membership, Person, Role
from samverkan.testing.base import PASSWORD

YEAR_START = datetime.date(2026, 1, 1)


class PlanTestCase(ApiTestCase):
    chair_user: User
    secretary_user: User
    council_user: User
    au_user: User
    sara: Person
    case: Case
    other_case: Case
    assignment: Assignment
    other_assignment: Assignment
    plan: ActivityPlan
    tokens: dict[int, str]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.chair_user = User.objects.create_user("ordforande", "o@example.se", PASSWORD)
        cls.alice.user = cls.chair_user
        cls.alice.save()
        cls.secretary_user = User.objects.create_user("sekreterare", "s@example.se", PASSWORD)
        cls.sara = Person.objects.create(
            key="sara-sekr",
            first_name="Sara",
            last_name="Sekr",
            email="sara@region.example",
            user=cls.secretary_user,
        )
        Membership.objects.create(
            body=cls.body,
            person=cls.sara,
            role=Role.SECRETARY,
            principal=cls.region,
            start=YEAR_START,
        )
        cls.council_user = User.objects.create_user("radsledamot", "r@example.se", PASSWORD)
        rolf = Person.objects.create(
            key="rolf-rad", first_name="Rolf", last_name="Råd", user=cls.council_user
        )
        Membership.objects.create(
            body=cls.council, person=rolf, role=Role.MEMBER, principal=cls.umea, start=YEAR_START
        )
        cls.au_user = User.objects.create_user("auledamot", "u@example.se", PASSWORD)
        ulla = Person.objects.create(
            key="ulla-au", first_name="Ulla", last_name="Au", user=cls.au_user
        )
        Membership.objects.create(
            body=cls.au, person=ulla, role=Role.MEMBER, principal=cls.umea, start=YEAR_START
        )
        cls.tokens = {
            user.pk: api_token_create(by=user, name="test")[1]
            for user in (cls.chair_user, cls.secretary_user, cls.council_user, cls.au_user)
        }
        cls.case = cls.make_case(cls.body, "VB 2026/1")
        cls.other_case = cls.make_case(cls.other_body, "BL 2026/1")
        cls.assignment = cls.make_assignment(cls.body, cls.au)
        cls.other_assignment = cls.make_assignment(cls.other_body, cls.other_body)
        cls.plan = ActivityPlan.objects.create(
            body=cls.body,
            year=local_today().year,
            title="Länssamverkansgruppens aktivitetsplan",
            revise_by=local_today() + datetime.timedelta(days=20),
        )

    @classmethod
    def make_case(cls, body: Body, number: str) -> Case:
        return Case.objects.create(
            structure=body.structure,
            number=number,
            title="Trygg hemgång",
            raised_in=body,
            raised_on=YEAR_START,
            current_body=body,
        )

    @classmethod
    def make_assignment(cls, given_by: Body, to_body: Body) -> Assignment:
        return Assignment.objects.create(
            structure=given_by.structure,
            given_by=given_by,
            to_body=to_body,
            report_to=given_by,
            title="Kartlägg utskrivningarna",
            given_on=YEAR_START,
            due_on=YEAR_START + datetime.timedelta(days=200),
        )

    def token_for(self, user: User) -> str:
        if user.pk in self.tokens:
            return self.tokens[user.pk]
        return super().token_for(user)

    def add_activities(self, plan: ActivityPlan, count: int, **values: object) -> list[Activity]:
        return Activity.objects.bulk_create(
            Activity(
                plan=plan,
                position=i,
                title=f"Aktivitet {i}",
                owner=self.alice if i % 3 == 0 else None,
                owner_text="" if i % 3 == 0 else "Processledarna",
                due_on=local_today() + datetime.timedelta(days=i - 2),
                status=ActivityStatus.PLANNED if i % 2 else ActivityStatus.ONGOING,
                case=self.case if i % 4 == 0 else None,
                assignment=self.assignment if i % 5 == 0 else None,
                **values,  # type: ignore[arg-type]
            )
            for i in range(count)
        )
