"""Personas for the assignment tests (no tests here).

- `body` (Länssamverkansgruppen) gives assignments; its charter has 001's eight headings and
  requires someone responsible. Alice Berg (`chair_user`) is its chair; Bo Lind
  (`member_user`) its vice chair, a member who reads but does not lead.
- `local` is a local group under `body` whose charter has 003's standing item "Aktuella
  uppdrag från länsamverkansgrupp"; `other_local` is one without it.
- `stranger_user` (Gustav) sits only in the Blekinge structure's LSVO: assignments here do
  not exist for him. `coordinator` coordinates this structure.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User

from samverkan.cases.models import Assignment, WorkingGroup
from samverkan.cases.services.assignments import assignment_give
from samverkan.cases.services.working_groups import working_group_create
from samverkan.lib.localtime import local
from samverkan.meetings.models import AgendaItem, AgendaItemKind, Meeting, MeetingStatus
from samverkan.structure.models import (
    Body,
    Charter,
    CharterStatus,
    Membership,
    Person,
    Role,
    StandingAgendaItem,
)
from samverkan.testing.base import PASSWORD, BaseTestCase, Personas

EIGHT_HEADINGS = [
    "Bakgrund",
    "Uppdrag",
    "Brukare/patient",
    "Återrapportering",
    "Mottagare av återrapportering",
    "Kontaktperson(er) i samverkansgruppen",
    "Särskilt material som bifogas",
    "Uppföljning – hur?",
]
GIVEN = datetime.date(2027, 1, 11)
DUE = datetime.date(2027, 3, 1)


def sections(texts: dict[str, str] | None = None) -> list[dict[str, str]]:
    texts = texts or {"Uppdrag": "Ta fram en gemensam rutin för utskrivning."}
    return [{"heading": h, "text": texts.get(h, "")} for h in EIGHT_HEADINGS]


def coming_meeting(body: Body, day: datetime.date) -> Meeting:
    """A planned meeting with the body's standing items (made directly, as in the minutes
    tests, so that the day may be any)."""
    meeting = Meeting.objects.create(
        body=body,
        starts_at=local(day, 13),
        ends_at=local(day, 15),
        place="Regionens hus",
        status=MeetingStatus.PLANNED,
    )
    standing = StandingAgendaItem.objects.filter(
        charter__body=body, charter__status=CharterStatus.IN_FORCE
    ).order_by("position")
    for index, item in enumerate(standing):
        AgendaItem.objects.create(
            meeting=meeting,
            position=index,
            kind=AgendaItemKind.STANDING,
            title=item.title,
            standing_item=item,
        )
    return meeting


class AssignmentPersonas(Personas):
    chair_user: User
    stranger_user: User
    local: Body
    other_local: Body

    @classmethod
    def make_assignment_personas(cls) -> None:
        Charter.objects.filter(pk=cls.charter.pk).update(
            assignment_headings=EIGHT_HEADINGS, assignment_needs_responsible=True
        )
        cls.charter.refresh_from_db()
        cls.chair_user = User.objects.create_user("alice", "alice@example.se", PASSWORD)
        Person.objects.filter(pk=cls.alice.pk).update(user=cls.chair_user)
        cls.alice.refresh_from_db()
        cls.local = Body.objects.create(
            structure=cls.structure,
            key="lokal-umea",
            name="Lokal samverkansgrupp Umeå",
            kind="local_group",
            level="local",
            mandate="decides",
            parent=cls.body,
        )
        local_charter = Charter.objects.create(
            body=cls.local, version="1.0", status=CharterStatus.IN_FORCE
        )
        for position, title in enumerate(
            ["Föregående mötesanteckningar", "Aktuella uppdrag från länsamverkansgrupp"]
        ):
            StandingAgendaItem.objects.create(charter=local_charter, position=position, title=title)
        cls.other_local = Body.objects.create(
            structure=cls.structure,
            key="lokal-skelleftea",
            name="Lokal samverkansgrupp Skellefteå",
            kind="local_group",
            level="local",
            mandate="decides",
            parent=cls.body,
        )
        cls.stranger_user = User.objects.create_user("gustav", "gustav@example.se", PASSWORD)
        gustav = Person.objects.create(
            key="gustav-holm",
            first_name="Gustav",
            last_name="Holm",
            email="gustav@blekinge.example",
            user=cls.stranger_user,
        )
        Membership.objects.create(
            body=cls.other_body,
            person=gustav,
            role=Role.CHAIR,
            principal=cls.other_structure.region,
            start=datetime.date(2020, 1, 1),
        )

    def give(self, **overrides: object) -> Assignment:
        values: dict[str, object] = {
            "by": self.chair_user,
            "given_by": self.body,
            "title": "Rutin för utskrivning",
            "to_body": self.local,
            "sections": sections(),
            "responsible": [self.cecilia],
            "given_on": GIVEN,
            "due_on": DUE,
        }
        values.update(overrides)
        return assignment_give(**values)  # type: ignore[arg-type]

    def working_group(self, **overrides: object) -> WorkingGroup:
        values: dict[str, object] = {
            "by": self.chair_user,
            "created_by": self.body,
            "name": "Arbetsgrupp utskrivning",
            "today": GIVEN,
        }
        values.update(overrides)
        return working_group_create(**values)  # type: ignore[arg-type]


class AssignmentTestCase(AssignmentPersonas, BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.make_assignment_personas()
