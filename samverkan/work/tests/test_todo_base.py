"""What the start page tests share: the minutes personas (LSG in Västerbotten with a chair,
vice chair, secretary and adjuster) and helpers that put things on their start pages.

- `coordinator` coordinates Västerbotten; `other_coordinator` Blekinge.
- `member_user` is Bo Lind, LSG's vice chair; `chair_user` Alice Berg, the chair;
  `secretary_user` Sara Holm; `adjuster_user` Cecilia Ek.
"""

from __future__ import annotations

import datetime
import itertools
import re

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverkan.cases.models import Assignment, AssignmentStatus
from samverkan.lib.localtime import local, local_today
from samverkan.meetings.models import (
    AgendaItem,
    AgendaItemKind,
    Attendance,
    AttendanceRole,
    Document,
    Meeting,
    MeetingStatus,
)
from samverkan.minutes.tests.base import MinutesPersonas
from samverkan.rules.checking import check_structures
from samverkan.structure.models import Body, Person
from samverkan.testing.base import BaseTestCase

_numbers = itertools.count(1)

# A part of the start page that loads after it (`work/home.py`, `_home_later.html`).
LATER = re.compile(
    r'<(section|div)[^>]*data-hx-get="([^"]+)" data-hx-trigger="load"[^>]*>.*?</\1>', re.S
)


def later_parts(html: str) -> list[str]:
    """The addresses of the parts of a page that load after it."""
    return [m.group(2) for m in LATER.finditer(html)]


def with_parts(client: Client, url: str) -> str:
    """The page as a browser shows it: each part that loads after it put in its place, as
    htmx puts it."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code

    def part(match: re.Match[str]) -> str:
        loaded = client.get(match.group(2), headers={"HX-Request": "true"})
        assert loaded.status_code == 200, (match.group(2), loaded.status_code)
        return loaded.content.decode()

    return LATER.sub(part, response.content.decode())


def today() -> datetime.date:
    return local_today()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


class TodoPersonas(MinutesPersonas):
    def coming(
        self,
        day: datetime.date,
        *,
        body: Body | None = None,
        status: str = MeetingStatus.PLANNED,
        agenda: tuple[str, ...] = (),
    ) -> Meeting:
        """A meeting ahead (made directly, so that its day may be any), with an agenda."""
        meeting = Meeting.objects.create(
            body=body or self.body,
            starts_at=local(day, 13),
            ends_at=local(day, 15),
            place="Regionens hus, Umeå",
            status=status,
        )
        for position, title in enumerate(agenda):
            AgendaItem.objects.create(
                meeting=meeting, position=position, kind=AgendaItemKind.CASE, title=title
            )
        return meeting

    def document(
        self,
        meeting: Meeting,
        title: str,
        *,
        public: bool = False,
        item: AgendaItem | None = None,
        replaces: Document | None = None,
    ) -> Document:
        return Document.objects.create(
            meeting=meeting,
            agenda_item=item,
            title=title,
            file=f"moten/{meeting.uid}/{next(_numbers)}.pdf",
            original_name=f"{title}.pdf",
            content_type="application/pdf",
            size=1000,
            sha256="0" * 64,
            public=public,
            version=(replaces.version + 1) if replaces else 1,
            replaces=replaces,
        )

    def call(self, meeting: Meeting, person: Person, *, item: AgendaItem | None = None) -> None:
        Attendance.objects.create(
            meeting=meeting, person=person, role=AttendanceRole.GUEST, agenda_item=item
        )

    def assignment(
        self,
        title: str,
        *,
        due_on: datetime.date,
        responsible: tuple[Person, ...] = (),
        to_person: Person | None = None,
        status: str = AssignmentStatus.GIVEN,
    ) -> Assignment:
        """An assignment from the council to LSG (made directly: the service refuses a due
        date in the past)."""
        made = Assignment.objects.create(
            structure=self.structure,
            given_by=self.council,
            to_body=None if to_person else self.body,
            to_person=to_person,
            title=title,
            report_to=self.council,
            given_on=due_on - datetime.timedelta(days=60),
            due_on=due_on,
            status=status,
        )
        made.responsible.set(responsible)
        return made

    def now(self) -> datetime.datetime:
        return timezone.now()


class TodoTestCase(TodoPersonas, BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.make_minutes_personas()

    def start_page(self, user: User) -> str:
        # The findings as the worker stores them after each change: checked here first.
        check_structures()
        self.login(user)
        return with_parts(self.client, reverse("work:home"))
