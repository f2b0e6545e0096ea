"""A body's secretary, chair and members reach the working page of their body's meetings,
for what their role allows; everyone else gets a Swedish page saying why."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.test import override_settings
from django.urls import reverse

from samverkan.lib.localtime import local
from samverkan.meetings.models import Meeting
from samverkan.meetings.services import meeting_create
from samverkan.minutes.tests.base import MinutesTestCase
from samverkan.structure.choices import Convener
from samverkan.structure.models import Charter

DAY = datetime.date.today() + datetime.timedelta(days=60)


class MeetingPageRoleTests(MinutesTestCase):
    """Sara is the secretary, Alice (chair_user) the chair, Bo (member_user) the vice chair."""

    def coming(self) -> Meeting:
        return meeting_create(
            body=self.body, starts_at=local(DAY, 13), ends_at=local(DAY, 15), by=self.coordinator
        )

    def page(self, user: User, meeting: Meeting) -> str:
        self.login(user)
        response = self.client.get(reverse("meetings:meeting", args=[meeting.pk]))
        self.assertEqual(response.status_code, 200, user)
        return response.content.decode()

    def test_the_secretary_chair_and_member_read_their_meeting_without_the_coordinators_forms(
        self,
    ) -> None:
        meeting = self.coming()
        for user in (self.secretary_user, self.chair_user, self.member_user):
            with self.subTest(user.username):
                html = self.page(user, meeting)
                self.assertIn("Dagordning", html)
                self.assertNotIn(reverse("meetings:meeting_save", args=[meeting.pk]), html)
                self.assertNotIn(reverse("meetings:meeting_cancel", args=[meeting.pk]), html)
                self.assertNotIn(reverse("meetings:agenda_item_add", args=[meeting.pk]), html)
                self.assertNotIn(reverse("meetings:document_upload", args=[meeting.pk]), html)
                self.assertIn(reverse("meetings_public:my_absence", args=[meeting.pk]), html)

    def test_the_secretary_starts_the_minutes_from_the_meeting_page(self) -> None:
        html = self.page(self.secretary_user, self.meeting)
        self.assertIn(reverse("minutes:start", args=[self.meeting.pk]), html)
        self.assertNotIn(
            reverse("minutes:start", args=[self.meeting.pk]),
            self.page(self.member_user, self.meeting),
        )

    def test_the_charters_conveners_prepare_the_agenda(self) -> None:
        Charter.objects.filter(pk=self.charter.pk).update(convener=Convener.CHAIR_AND_SECRETARY)
        meeting = self.coming()
        add = reverse("meetings:agenda_item_add", args=[meeting.pk])
        for user in (self.secretary_user, self.chair_user):
            with self.subTest(user.username):
                self.assertIn(add, self.page(user, meeting))
                response = self.client.post(
                    add, {"item-kind": "information", "item-title": f"Från {user.username}"}
                )
                self.assertRedirects(response, reverse("meetings:meeting", args=[meeting.pk]))
        self.assertEqual(meeting.agenda_items.filter(title__startswith="Från").count(), 2)
        # The vice chair is no convener here; nor may a convener move the meeting.
        self.assertNotIn(add, self.page(self.member_user, meeting))
        self.assertEqual(
            self.client.post(add, {"item-kind": "information", "item-title": "X"}).status_code,
            403,
        )
        self.login(self.secretary_user)
        response = self.client.post(reverse("meetings:meeting_cancel", args=[meeting.pk]))
        self.assertEqual(response.status_code, 403)

    def test_someone_outside_the_body_gets_a_swedish_page_saying_why(self) -> None:
        meeting = self.coming()
        self.login(self.other_coordinator)
        response = self.client.get(reverse("meetings:meeting", args=[meeting.pk]))
        self.assertEqual(response.status_code, 403)
        html = response.content.decode()
        self.assertIn("<h1>Ingen behörighet</h1>", html)
        self.assertIn("Mötets arbetssida visas för dem som har ett uppdrag i", html)
        self.assertIn('class="site-header"', html)  # in the site's layout
        self.assertIn('<html lang="sv">', html)

    def test_a_missing_meeting_is_the_swedish_404_in_the_layout(self) -> None:
        self.login(self.secretary_user)
        response = self.client.get(reverse("meetings:meeting", args=[999999]))
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "Sidan finns inte", status_code=404)
        self.assertContains(response, 'class="site-header"', status_code=404)

    def test_the_members_start_page_links_their_coming_meeting(self) -> None:
        meeting = self.coming()
        self.login(self.secretary_user)
        self.assertContains(
            self.client.get(reverse("work:home")), reverse("meetings:meeting", args=[meeting.pk])
        )


class NotFoundPageTests(MinutesTestCase):
    def test_an_unknown_address_gives_the_swedish_404(self) -> None:
        response = self.client.get("/finns-inte/alls/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "Sidan finns inte", status_code=404)

    @override_settings(DEBUG=True, DEBUG_404=False)
    def test_the_demo_with_debug_on_shows_the_swedish_404_too(self) -> None:
        for url in ("/finns-inte/alls/", reverse("meetings:meeting", args=[999999])):
            with self.subTest(url):
                self.login(self.secretary_user)
                response = self.client.get(url)
                self.assertEqual(response.status_code, 404)
                self.assertContains(response, "Sidan finns inte", status_code=404)
                self.assertContains(response, 'class="site-header"', status_code=404)

    @override_settings(DEBUG=True, DEBUG_404=True)
    def test_a_developer_may_keep_djangos_debug_page(self) -> None:
        response = self.client.get("/finns-inte/alls/")
        self.assertEqual(response.status_code, 404)
        self.assertNotContains(response, "Sidan finns inte", status_code=404)
