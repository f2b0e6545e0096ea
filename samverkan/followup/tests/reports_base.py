"""The periodic reports' tests' world: a Blekinge-like local group (Umeå's "Att växa upp")
reporting once per term to the county group (the personas' `body`, "Länssamverkansgruppen"),
with its chair, secretary and a member; a held meeting in the spring term and a coming
meeting of the county group."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from samverkan.accounts.services import api_token_create
from samverkan.api.tests.base import ApiTestCase
from samverkan.followup.models import PeriodicReport
from samverkan.followup.services import reports as services
from samverkan.lib.localtime import local
from samverkan.meetings.models import (
    AgendaItem,
    AgendaItemKind,
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
)
from samverkan.structure.models import (
    Body,
    Charter,
    CharterStatus,
    Membership,
    Person,
    ReportingDuty,
    Role,
)
from samverkan.testing.base import PASSWORD, Personas


def user_with_seat(body: Body, username: str, role: str, principal: Any, key: str) -> User:
    user = User.objects.create_user(username, f"{username}@example.se", PASSWORD)
    person = Person.objects.create(
        key=key, first_name=username.capitalize(), last_name="Test", user=user
    )
    Membership.objects.create(
        body=body,
        person=person,
        role=role,
        principal=principal,
        start=datetime.date(2020, 1, 1),
    )
    return user


class ReportWorld(Personas):
    """The world; mixed into a test case after `make_personas()` has run."""

    local: Body
    duty: ReportingDuty
    chair_user: User
    secretary_user: User
    local_member: User
    year: int
    held: Meeting
    coming: Meeting

    @classmethod
    def make_report_world(cls) -> None:
        cls.year = timezone.localdate().year
        cls.local = Body.objects.create(
            structure=cls.structure,
            key="lokal-att-vaxa-upp-umea",
            name="Lokal samverkansgrupp Att växa upp Umeå",
            kind="local_group",
            level="local",
            mandate="none",
            parent=cls.body,
            municipality=cls.umea,
        )
        charter = Charter.objects.create(
            body=cls.local,
            version="1.0",
            status=CharterStatus.IN_FORCE,
            decided_on=datetime.date(2024, 1, 1),
            decided_by="Länssamverkansgruppen",
        )
        cls.duty = ReportingDuty.objects.create(
            charter=charter,
            to_body=cls.body,
            frequency="per_term",
            what="Kort sammanställning/rapport",
            reported_by="Ordförande och sekreterare",
        )
        cls.chair_user = user_with_seat(cls.local, "ordforande", Role.CHAIR, cls.umea, "ord-f")
        cls.secretary_user = user_with_seat(
            cls.local, "sekreterare", Role.SECRETARY, cls.region, "sek-r"
        )
        cls.local_member = user_with_seat(
            cls.local, "lokalledamot", Role.MEMBER, cls.region, "lok-l"
        )
        cls.held = Meeting.objects.create(
            body=cls.local,
            starts_at=local(datetime.date(cls.year, 3, 10), 13),
            ends_at=local(datetime.date(cls.year, 3, 10), 15),
            status=MeetingStatus.HELD,
        )
        chair_person = Person.objects.get(user=cls.chair_user)
        member_person = Person.objects.get(user=cls.local_member)
        for person, status in (
            (chair_person, AttendanceStatus.ATTENDED),
            (member_person, AttendanceStatus.ABSENT),
        ):
            Attendance.objects.create(
                meeting=cls.held,
                person=person,
                membership=Membership.objects.get(body=cls.local, person=person),
                role=AttendanceRole.MEMBER,
                status=status,
            )
        soon = timezone.localdate() + datetime.timedelta(days=20)
        cls.coming = Meeting.objects.create(
            body=cls.body,
            starts_at=local(soon, 9),
            ends_at=local(soon, 12),
            status=MeetingStatus.PLANNED,
        )
        AgendaItem.objects.create(
            meeting=cls.coming, position=0, kind=AgendaItemKind.STANDING, title="Mötets öppnande"
        )


class ReportTestCase(ReportWorld, ApiTestCase):
    chair_token: str
    secretary_token: str
    local_member_token: str

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.make_report_world()
        cls.chair_token = api_token_create(by=cls.chair_user, name="t")[1]
        cls.secretary_token = api_token_create(by=cls.secretary_user, name="t")[1]
        cls.local_member_token = api_token_create(by=cls.local_member, name="t")[1]

    def token_for(self, user: User) -> str:
        own = {
            self.chair_user.pk: self.chair_token,
            self.secretary_user.pk: self.secretary_token,
            self.local_member.pk: self.local_member_token,
        }
        return own.get(user.pk) or super().token_for(user)

    def generate(self, **overrides: Any) -> PeriodicReport:
        values: dict[str, Any] = {
            "by": self.chair_user,
            "body": self.local,
            "period": "vt",
            "year": self.year,
        }
        values.update(overrides)
        return services.generate_report(**values)

    def delivered(self) -> PeriodicReport:
        report = self.generate()
        services.report_texts_update(
            by=self.chair_user,
            report=report,
            expected_version=report.lock_version,
            summary="Gruppen har mötts och följt upp SIP.",
            texts={"meetings": "Alla huvudmän var med."},
        )
        services.report_approve(
            by=self.secretary_user, report=report, expected_version=report.lock_version
        )
        # `early`: the world's spring term may not have ended when the tests run.
        services.report_deliver(
            by=self.secretary_user,
            report=report,
            expected_version=report.lock_version,
            early=True,
        )
        return report
