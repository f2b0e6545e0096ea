"""A base test case with personas, built without the YAML seeds so that tests stay fast."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.test import TestCase

from samverkan.structure.models import (
    Body,
    Charter,
    CharterStatus,
    CompositionRule,
    Membership,
    Person,
    Principal,
    PrincipalKind,
    Role,
    StandingAgendaItem,
    Structure,
    Substitutes,
)

PASSWORD = "test-password-123"


def principal(code: str) -> Principal:
    kind = PrincipalKind.REGION if len(code) == 2 else PrincipalKind.MUNICIPALITY
    return Principal.objects.get(kind=kind, scb_code=code)


class Personas:
    """Personas:

    - `admin`: superuser.
    - `coordinator`: coordinator of `structure` (Västerbotten-like, region 24).
    - `other_coordinator`: coordinator of `other_structure` (Blekinge-like, region 10).
    - `member`: a user whose person is a member of `body`.
    - anonymous: `self.client` before logging in.
    """

    admin: User
    coordinator: User
    other_coordinator: User
    member_user: User
    region: Principal
    umea: Principal
    skelleftea: Principal
    lycksele: Principal
    structure: Structure
    other_structure: Structure
    council: Body
    body: Body
    au: Body
    other_body: Body
    charter: Charter
    alice: Person
    bo: Person
    cecilia: Person
    chair: Membership
    vice: Membership

    @classmethod
    def make_personas(cls) -> None:
        cls.admin = User.objects.create_superuser("admin", "admin@example.se", PASSWORD)
        cls.coordinator = User.objects.create_user("koordinator", "k@example.se", PASSWORD)
        cls.other_coordinator = User.objects.create_user("annan", "a@example.se", PASSWORD)
        cls.member_user = User.objects.create_user("ledamot", "l@example.se", PASSWORD)

        cls.region = principal("24")
        cls.umea = principal("2480")
        cls.skelleftea = principal("2482")
        cls.lycksele = principal("2481")

        cls.structure = Structure.objects.create(
            name="Samverkan Västerbotten", slug="vasterbotten", region=cls.region
        )
        cls.structure.coordinators.add(cls.coordinator)
        cls.other_structure = Structure.objects.create(
            name="Samverkan Blekinge", slug="blekinge", region=principal("10")
        )
        cls.other_structure.coordinators.add(cls.other_coordinator)

        cls.council = Body.objects.create(
            structure=cls.structure,
            key="samrad",
            name="Samråd vård och omsorg",
            kind="political_council",
            level="regional",
            mandate="recommends",
        )
        cls.body = Body.objects.create(
            structure=cls.structure,
            key="lsg",
            name="Länssamverkansgruppen",
            short_name="LSG",
            kind="county_group",
            level="regional",
            mandate="recommends",
            parent=cls.council,
        )
        cls.au = Body.objects.create(
            structure=cls.structure,
            key="lsg-au",
            name="Länssamverkansgruppens AU",
            kind="working_committee",
            level="regional",
            mandate="none",
            parent=cls.body,
        )
        cls.other_body = Body.objects.create(
            structure=cls.other_structure,
            key="lsvo",
            name="LSVO",
            kind="county_group",
            level="regional",
            mandate="decides",
        )
        cls.charter = Charter.objects.create(
            body=cls.body,
            version="2020",
            status=CharterStatus.IN_FORCE,
            decided_on=datetime.date(2020, 1, 1),
            decided_by="Samråd vård och omsorg",
            meetings_min_per_year=3,
            booking_deadline_month=11,
            booking_deadline_day=30,
            document_lead_value=10,
            document_lead_unit="working_days",
            chair_rotation="yearly",
            chair_rotation_extendable=True,
            chair_and_vice_chair_from_different_principals=True,
            substitutes=Substitutes.ALLOWED,
            substitute_called_by_member=True,
            minutes_approval="chair_and_adjuster",
            minutes_public=True,
            citations={
                "leadership": "Ordförande representerar den ena huvudmannen, och vice "
                "ordförande representerar den andra huvudmannen."
            },
        )
        CompositionRule.objects.create(
            charter=cls.charter,
            position=0,
            principal_kind="municipality",
            per_principal=True,
            min_count=1,
            max_count=1,
            with_substitutes=True,
        )
        CompositionRule.objects.create(
            charter=cls.charter,
            position=1,
            principal=cls.umea,
            min_count=2,
            max_count=2,
            with_substitutes=True,
        )
        CompositionRule.objects.create(
            charter=cls.charter,
            position=2,
            principal_kind="region",
            min_count=4,
            max_count=4,
            with_substitutes=True,
        )
        StandingAgendaItem.objects.create(
            charter=cls.charter, position=0, title="Föregående minnesanteckningar"
        )

        cls.alice = Person.objects.create(
            key="alice-berg",
            first_name="Alice",
            last_name="Berg",
            title="Socialchef",
            employer=cls.umea,
            email="alice.berg@umea.example",
            phone="070-174 06 05",
        )
        cls.bo = Person.objects.create(
            key="bo-lind",
            first_name="Bo",
            last_name="Lind",
            title="Hälso- och sjukvårdsdirektör",
            employer=cls.region,
            email="bo.lind@region.example",
            phone="070-174 06 06",
            user=cls.member_user,
        )
        cls.cecilia = Person.objects.create(
            key="cecilia-ek",
            first_name="Cecilia",
            last_name="Ek",
            title="Områdeschef",
            employer=cls.skelleftea,
            email="cecilia.ek@skelleftea.example",
        )
        start = datetime.date(2026, 1, 1)
        cls.chair = Membership.objects.create(
            body=cls.body, person=cls.alice, role=Role.CHAIR, principal=cls.umea, start=start
        )
        cls.vice = Membership.objects.create(
            body=cls.body, person=cls.bo, role=Role.VICE_CHAIR, principal=cls.region, start=start
        )

    cecilia_seat: Membership
    erik: Person
    dan: Person
    frida: Person

    @classmethod
    def seat_body(cls) -> None:
        """Fill `body` for meeting tests: two more members (Erik has no email) and substitutes.

        Dan stands in for the vice chair Bo (the member persona); Frida for the chair Alice.
        """
        start = datetime.date(2026, 1, 1)
        cls.cecilia_seat = Membership.objects.create(
            body=cls.body,
            person=cls.cecilia,
            role=Role.MEMBER,
            principal=cls.skelleftea,
            start=start,
        )
        cls.erik = Person.objects.create(key="erik-nord", first_name="Erik", last_name="Nord")
        Membership.objects.create(
            body=cls.body, person=cls.erik, role=Role.MEMBER, principal=cls.lycksele, start=start
        )
        cls.dan = Person.objects.create(
            key="dan-strom", first_name="Dan", last_name="Ström", email="dan.strom@region.example"
        )
        Membership.objects.create(
            body=cls.body,
            person=cls.dan,
            role=Role.SUBSTITUTE,
            principal=cls.region,
            substitute_for=cls.vice,
            start=start,
        )
        cls.frida = Person.objects.create(
            key="frida-ask", first_name="Frida", last_name="Ask", email="frida.ask@umea.example"
        )
        Membership.objects.create(
            body=cls.body,
            person=cls.frida,
            role=Role.SUBSTITUTE,
            principal=cls.umea,
            substitute_for=cls.chair,
            start=start,
        )


class BaseTestCase(Personas, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_personas()

    def login(self, user: User) -> None:
        self.client.force_login(user)
