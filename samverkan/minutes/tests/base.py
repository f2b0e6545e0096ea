"""A base test case for minutes: the personas' LSG with a secretary, an adjuster and a meeting.

- `secretary_user` (Sara Holm) is the body's secretary and writes the minutes.
- `chair_user` is Alice Berg, the chair; `adjuster_user` is Cecilia Ek, a member.
- `member_user` (Bo Lind, vice chair) reads drafts of his own body.
- `other_coordinator` sits nowhere here: drafts must stay hidden from them.
- `meeting` was held on Tuesday 10 March 2026 with a standing item for the previous
  minutes and one case.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User

from samverkan.lib.localtime import local
from samverkan.meetings.models import AgendaItem, AgendaItemKind, Meeting, MeetingStatus
from samverkan.minutes.models import EntryKind, Minutes
from samverkan.minutes.services import (
    ActionIn,
    EntryIn,
    minutes_approve,
    minutes_item_save,
    minutes_start,
    minutes_submit,
    minutes_update,
)
from samverkan.structure.models import Membership, Person, Role, StandingAgendaItem
from samverkan.testing.base import PASSWORD, BaseTestCase, Personas


def held_meeting(body, day: datetime.date, *, title: str = "") -> Meeting:  # type: ignore[no-untyped-def]
    """A meeting already held (services refuse to plan in the past, so it is made directly)."""
    meeting = Meeting.objects.create(
        body=body,
        title=title,
        starts_at=local(day, 13),
        ends_at=local(day, 15),
        place="Regionens hus, Umeå",
        status=MeetingStatus.HELD,
    )
    standing = StandingAgendaItem.objects.filter(charter__body=body).order_by("position")
    for index, item in enumerate(standing):
        AgendaItem.objects.create(
            meeting=meeting,
            position=index,
            kind=AgendaItemKind.STANDING,
            title=item.title,
            standing_item=item,
        )
    return meeting


class MinutesPersonas(Personas):
    """The personas plus the secretary, chair and adjuster users and a held meeting."""

    secretary_user: User
    chair_user: User
    adjuster_user: User
    sara: Person
    meeting: Meeting
    case: AgendaItem

    @classmethod
    def make_minutes_personas(cls) -> None:
        cls.seat_body()
        StandingAgendaItem.objects.filter(charter=cls.charter).update(reviews_previous_minutes=True)
        cls.secretary_user = User.objects.create_user("sekreterare", "s@example.se", PASSWORD)
        cls.chair_user = User.objects.create_user("ordforande", "o@example.se", PASSWORD)
        cls.adjuster_user = User.objects.create_user("justerare", "j@example.se", PASSWORD)
        cls.sara = Person.objects.create(
            key="sara-holm",
            first_name="Sara",
            last_name="Holm",
            email="sara.holm@region.example",
            user=cls.secretary_user,
        )
        Membership.objects.create(
            body=cls.body,
            person=cls.sara,
            role=Role.SECRETARY,
            principal=cls.region,
            start=datetime.date(2026, 1, 1),
        )
        Person.objects.filter(pk=cls.alice.pk).update(user=cls.chair_user)
        Person.objects.filter(pk=cls.cecilia.pk).update(user=cls.adjuster_user)
        cls.alice.refresh_from_db()
        cls.cecilia.refresh_from_db()
        cls.meeting = held_meeting(cls.body, datetime.date(2026, 3, 10))
        cls.case = AgendaItem.objects.create(
            meeting=cls.meeting,
            position=5,
            kind=AgendaItemKind.CASE,
            title="Samverkansavtal om hemsjukvård",
            owner=cls.alice,
            description="Förslag till nytt samverkansavtal.",
            proposal="Rekommendera huvudmännen att anta avtalet.",
        )

    def start(self, meeting: Meeting | None = None) -> Minutes:
        return minutes_start(meeting=meeting or self.meeting, by=self.secretary_user)

    def case_item(self, minutes: Minutes):  # type: ignore[no-untyped-def]
        return minutes.items.get(agenda_item__kind=AgendaItemKind.CASE)

    def write(
        self,
        minutes: Minutes,
        *,
        decision: str = "LSG ställer sig bakom förslaget till samverkansavtal.",
        recommendation: str = "Huvudmännen rekommenderas att anta samverkansavtalet.",
        action: str = "Skicka avtalet till huvudmännen",
        notes: str = "Avtalet presenterades och diskuterades.",
    ) -> Minutes:
        item = self.case_item(minutes)
        entries = []
        if decision:
            entries.append(EntryIn(EntryKind.DECISION, decision))
        if recommendation:
            entries.append(EntryIn(EntryKind.RECOMMENDATION, recommendation))
        actions = (
            [ActionIn(text=action, due_on=datetime.date(2026, 4, 30), owner=self.sara)]
            if action
            else []
        )
        minutes_item_save(
            item=item,
            expected_version=item.lock_version,
            by=self.secretary_user,
            notes=notes,
            entries=entries,
            actions=actions,
        )
        minutes_update(
            minutes=minutes,
            expected_version=minutes.lock_version,
            by=self.secretary_user,
            adjuster=self.cecilia,
        )
        return minutes

    def approve(self, minutes: Minutes) -> Minutes:
        """Submit, then the chair and the adjuster approve: frozen and, if public, published."""
        minutes_submit(
            minutes=minutes, expected_version=minutes.lock_version, by=self.secretary_user
        )
        minutes_approve(minutes=minutes, by=self.chair_user)
        minutes_approve(minutes=minutes, by=self.adjuster_user)
        minutes.refresh_from_db()
        return minutes

    def published(self) -> Minutes:
        return self.approve(self.write(self.start()))


class MinutesTestCase(MinutesPersonas, BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.make_minutes_personas()
