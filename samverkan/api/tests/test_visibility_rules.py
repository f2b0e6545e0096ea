"""The API shows what the pages show, to whom they show it: a meeting's video link (it can
carry a passcode) only to those the meeting concerns, as the working page, the notice and
the personal calendar feed do; and nothing that tells an outsider an internal object
exists."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from samverkan.api.tests.base import ApiTestCase
from samverkan.lib.localtime import local
from samverkan.meetings.models import Attendance
from samverkan.meetings.services import meeting_create
from samverkan.structure.models import Person

LINK = "https://video.example/rum?pwd=123"


class VideoLinkRuleTests(ApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        day = timezone.localdate() + datetime.timedelta(days=40)
        self.meeting = meeting_create(
            body=self.body,
            starts_at=local(day, 13),
            ends_at=local(day, 15),
            by=None,
            video_link=LINK,
        )

    def seen(self, user: User | None = None, token: str | None = None) -> tuple[str, str]:
        """The link in the meeting's own answer and in the list of meetings."""
        detail = self.call("get", f"/meetings/{self.meeting.pk}", user=user, token=token).json()
        listed = self.call("get", "/meetings", {"body": self.body.pk}, user=user, token=token)
        row = next(m for m in listed.json()["items"] if m["id"] == self.meeting.pk)
        return detail["video_link"], row["video_link"]

    def test_those_the_meeting_concerns_see_the_link(self) -> None:
        for user in (self.member_user, self.coordinator, self.admin):
            with self.subTest(user=user.username):
                self.assertEqual(self.seen(user), (LINK, LINK))

    def test_anyone_else_does_not_even_when_logged_in(self) -> None:
        self.assertEqual(self.seen(), ("", ""))
        # The other structure's coordinator is logged in, but not concerned.
        self.assertEqual(self.seen(self.other_coordinator), ("", ""))

    def test_a_guest_called_to_the_meeting_sees_it(self) -> None:
        from samverkan.accounts.services import api_token_create

        guest_user = User.objects.create_user("gast", "gast@example.se", "x-password-123")
        guest = Person.objects.create(key="gast", first_name="Gäst", last_name="G", user=guest_user)
        token = api_token_create(by=guest_user, name="test")[1]
        self.assertEqual(self.seen(token=token), ("", ""))
        Attendance.objects.create(meeting=self.meeting, person=guest, role="guest")
        self.assertEqual(self.seen(token=token), (LINK, LINK))
