"""The start page reads in bulk: the same number of queries for a coordinator and for a
member whether there are two of everything or twelve (more than a list shows), and the page
and each part that loads after it (`work/home.py`) at most a dozen, for every persona."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.lib.localtime import local
from samverkan.meetings.models import Meeting, MeetingStatus
from samverkan.minutes.models import (
    ApprovalDecision,
    ApproverRole,
    Minutes,
    MinutesAction,
    MinutesApprover,
    MinutesItem,
    MinutesStatus,
)
from samverkan.rules.checking import check_structures
from samverkan.structure.models import (
    Body,
    Charter,
    CharterStatus,
    CompositionRule,
    Membership,
    ReportFrequency,
    ReportingDuty,
    Role,
)
from samverkan.work.tests.test_todo_base import TodoTestCase, days, later_parts

# The most queries a page (or a part of it) may run (issue 14).
MOST = 12
# A coordinator, a chair and a secretary of a group, a plain member and an administrator.
PERSONAS = ("coordinator", "chair_user", "secretary_user", "member_user", "admin")


class QueryCountTests(TodoTestCase):
    grown = 0

    def grow(self, to: int) -> None:
        """Up to `to` bodies more, each with what lands on both start pages: a charter with a
        vacant seat and a yearly report to the council, a meeting to call Bo to with agenda and
        documents, minutes to send and to approve, an action Bo owns and assignments overdue
        and in his name; Alice chairs each body and Sara is its secretary."""
        for n in range(self.grown, to):
            body = Body.objects.create(
                structure=self.structure,
                key=f"grupp-{n}",
                name=f"Lokal grupp {n}",
                kind="local_group",
                level="local",
                mandate="decides",
                parent=self.body,
            )
            charter = Charter.objects.create(
                body=body,
                version="1",
                status=CharterStatus.IN_FORCE,
                decided_on=datetime.date(2024, 1, 1),
                document_lead_value=5,
                document_lead_unit="working_days",
            )
            CompositionRule.objects.create(
                charter=charter, position=0, principal_kind="region", min_count=2, max_count=2
            )
            ReportingDuty.objects.create(
                charter=charter, to_body=self.council, frequency=ReportFrequency.YEARLY
            )
            for person, role in ((self.alice, Role.CHAIR), (self.sara, Role.SECRETARY)):
                Membership.objects.create(
                    body=body,
                    person=person,
                    role=role,
                    principal=self.umea,
                    start=datetime.date(2026, 1, 1),
                )
            Membership.objects.create(
                body=body,
                person=self.bo,
                role=Role.MEMBER,
                principal=self.region,
                start=datetime.date(2026, 1, 1),
            )
            meeting = self.coming(days(5 + n), body=body, agenda=("Avtal", "Statistik"))
            self.document(meeting, "Underlag", item=meeting.agenda_items.first())
            self.document(meeting, "Offentligt", public=True)
            held = Meeting.objects.create(
                body=body,
                starts_at=local(datetime.date(2026, 3, 1), 13),
                ends_at=local(datetime.date(2026, 3, 1), 15),
                status=MeetingStatus.HELD,
            )
            Minutes.objects.create(meeting=held, status=MinutesStatus.DRAFT, taken_by=self.sara)
            earlier = Meeting.objects.create(
                body=body,
                starts_at=local(datetime.date(2026, 2, 1), 13),
                ends_at=local(datetime.date(2026, 2, 1), 15),
                status=MeetingStatus.HELD,
            )
            pending = Minutes.objects.create(meeting=earlier, status=MinutesStatus.PENDING)
            MinutesApprover.objects.create(
                minutes=pending,
                role=ApproverRole.ADJUSTER,
                person=self.bo,
                decision=ApprovalDecision.PENDING,
            )
            approved = Minutes.objects.create(
                meeting=Meeting.objects.create(
                    body=body,
                    starts_at=local(datetime.date(2026, 1, 15), 13),
                    ends_at=local(datetime.date(2026, 1, 15), 15),
                    status=MeetingStatus.HELD,
                ),
                status=MinutesStatus.APPROVED,
            )
            item = MinutesItem.objects.create(minutes=approved, title="Avtal")
            MinutesAction.objects.create(
                item=item, text=f"Åtgärd {n}", owner=self.bo, due_on=days(20 + n)
            )
            self.assignment(f"Försenat {n}", due_on=days(-5 - n))
            self.assignment(f"Bos uppdrag {n}", due_on=days(30 + n), responsible=(self.bo,))
        self.grown = to

    def count(self, user: User) -> int:
        check_structures()  # the worker's check, stored: the page reads it
        self.login(user)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(reverse("work:home"))
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_the_coordinators_page_runs_the_same_queries_at_two_sizes(self) -> None:
        self.grow(2)
        small = self.count(self.coordinator)
        page = self.start_page(self.coordinator)
        self.assertIn("Lokal grupp 1 1 februari 2026</a> – väntar på Bo Lind", page)
        self.assertIn("Försenat 1", page)

        self.grow(12)

        check_structures()
        self.login(self.coordinator)
        with self.assertNumQueries(small):
            self.client.get(reverse("work:home"))
        page = self.start_page(self.coordinator)
        self.assertIn("Fler uppdrag är försenade", page)
        # The charter check's findings are read, not worked out: more than the page shows.
        self.assertIn("här visas de 15 första", page)

    def test_the_members_page_runs_the_same_queries_at_two_sizes(self) -> None:
        self.grow(2)
        small = self.count(self.member_user)
        page = self.start_page(self.member_user)
        self.assertIn("<h3>Lokal grupp 0</h3>", page)
        self.assertIn("Åtgärd 1", page)
        self.assertIn("Bos uppdrag 1", page)

        self.grow(12)

        self.login(self.member_user)
        with self.assertNumQueries(small):
            self.client.get(reverse("work:home"))
        self.assertIn("Du har fler öppna uppdrag", self.start_page(self.member_user))

    def counts(self, user: User) -> dict[str, int]:
        """The queries of the start page and of each part of it that loads after it."""
        check_structures()
        self.login(user)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(reverse("work:home"))
        self.assertEqual(response.status_code, 200)
        found = {reverse("work:home"): len(queries)}
        for url in later_parts(response.content.decode()):
            with CaptureQueriesContext(connection) as queries:
                part = self.client.get(url, headers={"HX-Request": "true"})
            self.assertEqual(part.status_code, 200)
            found[url] = len(queries)
        return found

    def test_every_persona_s_page_and_parts_run_at_most_a_dozen_queries_at_two_sizes(
        self,
    ) -> None:
        self.grow(2)
        small = {name: self.counts(getattr(self, name)) for name in PERSONAS}
        # The coordinator's three parts load after the page, as does the member's own work.
        self.assertEqual(len(small["coordinator"]), 4)
        self.assertEqual(len(small["chair_user"]), 2)
        self.assertIn("rapport till", self.start_page(self.chair_user))

        self.grow(12)

        for name in PERSONAS:
            with self.subTest(name):
                self.assertLessEqual(max(small[name].values()), MOST, small[name])
                check_structures()
                self.login(getattr(self, name))
                for url, count in small[name].items():
                    headers = {"HX-Request": "true"} if url != reverse("work:home") else {}
                    with self.assertNumQueries(count):
                        self.client.get(url, headers=headers)
