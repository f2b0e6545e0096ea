"""Personas and helpers for the cases tests (no tests here).

On top of the minutes personas (LSG with its chair Alice, secretary Sara, adjuster Cecilia,
vice chair Bo = `member_user`; its AU; Samråd above it):

- `local`: Lokala samverkansgruppen Umeå, a deciding local group under LSG, whose chair is
  Greta (`local_user`); nobody else of the personas sits there.
- `local_meeting`, `lsg_meeting`, `au_meeting`: planned meetings in February 2027.
- `hold(meeting)` moves a meeting into the past as held; `approve_minutes(meeting, entries)` writes
  and approves its minutes with the given entries under the case items.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User

from samverkan.cases.models import Case
from samverkan.cases.services.cases import case_raise
from samverkan.lib.localtime import local
from samverkan.meetings.models import Meeting, MeetingStatus
from samverkan.minutes.models import Minutes
from samverkan.minutes.services import (
    EntryIn,
    minutes_approve,
    minutes_item_save,
    minutes_start,
    minutes_submit,
    minutes_update,
)
from samverkan.minutes.tests.base import MinutesPersonas, MinutesTestCase
from samverkan.structure.models import Body, Membership, Person, Role
from samverkan.testing.base import PASSWORD

TODAY = datetime.date(2026, 11, 30)


class CasePersonas(MinutesPersonas):
    local: Body
    local_user: User
    greta: Person
    local_meeting: Meeting
    lsg_meeting: Meeting
    au_meeting: Meeting

    @classmethod
    def make_case_personas(cls) -> None:
        cls.local = Body.objects.create(
            structure=cls.structure,
            key="lokal-umea",
            name="Lokala samverkansgruppen Umeå",
            kind="local_group",
            level="local",
            mandate="decides",
            parent=cls.body,
            municipality=cls.umea,
        )
        cls.local_user = User.objects.create_user("lokal", "g@example.se", PASSWORD)
        cls.greta = Person.objects.create(
            key="greta-sol", first_name="Greta", last_name="Sol", user=cls.local_user
        )
        Membership.objects.create(
            body=cls.local,
            person=cls.greta,
            role=Role.CHAIR,
            principal=cls.umea,
            start=datetime.date(2026, 1, 1),
        )
        cls.local_meeting = cls.planned(cls.local, datetime.date(2027, 2, 9))
        cls.lsg_meeting = cls.planned(cls.body, datetime.date(2027, 2, 16))
        cls.au_meeting = cls.planned(cls.au, datetime.date(2027, 2, 2))

    @classmethod
    def planned(cls, body: Body, day: datetime.date) -> Meeting:
        return Meeting.objects.create(
            body=body,
            starts_at=local(day, 13),
            ends_at=local(day, 15),
            place="Regionens hus",
            status=MeetingStatus.PLANNED,
        )

    def raise_case(self, body: Body | None = None, **values: object) -> Case:
        fields: dict[str, object] = {
            "title": "Samordnad hemsjukvård över kommungränsen",
            "description": "Patienter som bor i en kommun och vårdas i en annan faller mellan stolarna.",
            "proposal": "Ta fram en gemensam rutin för hela länet.",
            "today": TODAY,
        }
        fields.update(values)
        by = fields.pop("by", self.local_user)
        return case_raise(body=body or self.local, by=by, **fields)  # type: ignore[arg-type]

    def hold(self, meeting: Meeting, day: datetime.date = datetime.date(2026, 11, 24)) -> Meeting:
        """Time passes: the meeting was held (services refuse minutes for a coming meeting)."""
        Meeting.objects.filter(pk=meeting.pk).update(
            starts_at=local(day, 13), ends_at=local(day, 15), status=MeetingStatus.HELD
        )
        meeting.refresh_from_db()
        return meeting

    def approve_minutes(
        self, meeting: Meeting, entries: dict[int, list[EntryIn]], *, hold: bool = True
    ) -> Minutes:
        """Write the minutes with `entries` under the items of those agenda item ids and
        approve them as the body's charter says (LSG: chair and adjuster; others adopt)."""
        if hold:
            self.hold(meeting)
        minutes = minutes_start(meeting=meeting, by=self.coordinator)
        for item in minutes.items.all():
            if item.agenda_item_id in entries:
                minutes_item_save(
                    item=item,
                    expected_version=item.lock_version,
                    by=self.coordinator,
                    notes="Ärendet föredrogs.",
                    entries=entries[item.agenda_item_id],
                )
        if meeting.body_id == self.body.pk:
            minutes_update(
                minutes=minutes,
                expected_version=minutes.lock_version,
                by=self.coordinator,
                adjuster=self.cecilia,
            )
            minutes_submit(
                minutes=minutes, expected_version=minutes.lock_version, by=self.coordinator
            )
            minutes_approve(minutes=minutes, by=self.chair_user)
            minutes_approve(minutes=minutes, by=self.adjuster_user)
        else:
            minutes_submit(
                minutes=minutes, expected_version=minutes.lock_version, by=self.coordinator
            )
        minutes.refresh_from_db()
        return minutes

    def fresh(self, case: Case) -> Case:
        return Case.objects.select_related("current_body", "structure").get(pk=case.pk)


class CasesTestCase(CasePersonas, MinutesTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.make_case_personas()
