"""A Blekinge-like structure for the recommendation tests (no tests of its own here).

- `other_structure` (Samverkan Blekinge, region 10) gets a local group in each of its five
  municipalities, so a recommendation concerns six principals.
- `other_body` (LSVO, decides) gets a charter whose minutes need no approval, so submitting
  them approves them at once; `public=` decides whether they are published.
- `lsvo_member` is a member of LSVO; `other_coordinator` coordinates Blekinge; `coordinator`
  coordinates Västerbotten only.
- `registrar(...)` gives every principal a default decision body with a registrar address.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User

from samverkan.cases.models import Case, CaseStep, DecisionBody, Recommendation, StepRole
from samverkan.cases.services.principal_decisions import decision_body_create
from samverkan.meetings.models import AgendaItem, AgendaItemKind
from samverkan.minutes.models import EntryKind, Minutes
from samverkan.minutes.services import EntryIn, minutes_item_save, minutes_start, minutes_submit
from samverkan.minutes.tests.base import held_meeting
from samverkan.structure.models import (
    Body,
    Charter,
    CharterStatus,
    Membership,
    Person,
    Principal,
    Role,
)
from samverkan.testing.base import PASSWORD, BaseTestCase, Personas, principal

BLEKINGE_CODES = ("1060", "1080", "1081", "1082", "1083")


def add_municipalities(structure, codes) -> list[Principal]:  # type: ignore[no-untyped-def]
    """A local group in each municipality makes it a principal of the structure."""
    found = []
    for code in codes:
        municipality = principal(code)
        Body.objects.create(
            structure=structure,
            key=f"lokal-{code}",
            name=f"Lokal samverkansgrupp {municipality.short_name or municipality.name}",
            kind="local_group",
            level="local",
            municipality=municipality,
            mandate="none",
        )
        found.append(municipality)
    return found


class RecommendationPersonas(Personas):
    lsvo_member: User
    lsvo_charter: Charter
    blekinge_region: Principal
    municipalities: list[Principal]

    @classmethod
    def make_recommendation_personas(cls) -> None:
        cls.blekinge_region = cls.other_structure.region
        cls.municipalities = add_municipalities(cls.other_structure, BLEKINGE_CODES)
        cls.lsvo_member = User.objects.create_user("lsvo", "lsvo@example.se", PASSWORD)
        person = Person.objects.create(
            key="greta-holm", first_name="Greta", last_name="Holm", user=cls.lsvo_member
        )
        Membership.objects.create(
            body=cls.other_body,
            person=person,
            role=Role.MEMBER,
            principal=cls.municipalities[1],
            start=datetime.date(2026, 1, 1),
        )
        cls.lsvo_charter = Charter.objects.create(
            body=cls.other_body,
            version="1.0",
            status=CharterStatus.IN_FORCE,
            decided_on=datetime.date(2023, 12, 15),
            minutes_approval="none",
            minutes_public=False,
        )

    def approved_minutes(
        self,
        *,
        day: datetime.date = datetime.date(2026, 3, 10),
        public: bool = False,
        texts: tuple[str, ...] = ("Huvudmännen rekommenderas att anta rutinen för SIP.",),
        title: str = "Gemensam rutin för SIP",
        case: Case | None = None,
    ) -> Minutes:
        """LSVO's minutes of a meeting held on `day`, with one item whose entries are the
        recommendation `texts` (and a decision), approved at once."""
        Charter.objects.filter(pk=self.lsvo_charter.pk).update(minutes_public=public)
        meeting = held_meeting(self.other_body, day)
        agenda_item = AgendaItem.objects.create(
            meeting=meeting,
            position=1,
            kind=AgendaItemKind.CASE,
            title=title,
            description="Förslag till gemensam rutin.",
            proposal="Rekommendera huvudmännen att anta rutinen.",
        )
        if case is not None:
            CaseStep.objects.create(
                case=case,
                position=1,
                body=self.other_body,
                role=StepRole.DECIDE,
                received_on=day,
                meeting=meeting,
                agenda_item=agenda_item,
            )
        minutes = minutes_start(meeting=meeting, by=self.other_coordinator)
        item = minutes.items.get(agenda_item__kind=AgendaItemKind.CASE)
        minutes_item_save(
            item=item,
            expected_version=item.lock_version,
            by=self.other_coordinator,
            notes="Rutinen presenterades.",
            entries=[EntryIn(EntryKind.DECISION, "LSVO ställer sig bakom rutinen.")]
            + [EntryIn(EntryKind.RECOMMENDATION, text) for text in texts],
            actions=[],
        )
        minutes.refresh_from_db()
        minutes_submit(
            minutes=minutes, expected_version=minutes.lock_version, by=self.other_coordinator
        )
        minutes.refresh_from_db()
        return minutes

    def case(self, number: str = "LSVO 2026/3") -> Case:
        return Case.objects.create(
            structure=self.other_structure,
            number=number,
            title="Länsövergripande rutin för SIP",
            raised_in=self.other_body,
            raised_on=datetime.date(2026, 2, 1),
            current_body=self.other_body,
        )

    def recommendation(self, **kwargs) -> Recommendation:  # type: ignore[no-untyped-def]
        minutes = self.approved_minutes(**kwargs)
        return Recommendation.objects.get(minutes=minutes)

    def registrars(self, *, skip: tuple[str, ...] = ()) -> dict[int, DecisionBody]:
        """A default decision body with a registrar address for every Blekinge principal
        whose SCB code is not in `skip`."""
        bodies = {}
        for p in [self.blekinge_region, *self.municipalities]:
            if p.scb_code in skip:
                continue
            name = "Regionstyrelsen" if p.kind == "region" else "Socialnämnden"
            bodies[p.pk] = decision_body_create(
                principal=p,
                name=f"{name}, {p.name}",
                registrar_email=f"registrator@{p.slug.removesuffix('-kommun')}.example",
                by=self.other_coordinator,
            )
        return bodies


class RecommendationTestCase(RecommendationPersonas, BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.make_recommendation_personas()
