from __future__ import annotations

import datetime
from typing import Any

import icalendar
import vobject
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samverkan.lib.localtime import local
from samverkan.lib.swedish import when_text
from samverkan.meetings.calendar import calendar_feed_renew
from samverkan.meetings.models import CalendarFeed, Meeting
from samverkan.meetings.services import meeting_cancel, meeting_create, meeting_update
from samverkan.structure.models import Body, Membership, Role
from samverkan.testing.base import PASSWORD, BaseTestCase, Personas
from samverkan.testing.browser import BrowserTestCase

ICS = "text/calendar; charset=utf-8"


def next_year(month: int, day: int) -> datetime.date:
    return datetime.date(timezone.localdate().year + 1, month, day)


def soon(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def plan(body: Body, day: datetime.date, **fields: str) -> Meeting:
    return meeting_create(
        body=body, starts_at=local(day, 13), ends_at=local(day, 15), by=None, **fields
    )


def events(content: bytes) -> dict[str, Any]:
    cal = icalendar.Calendar.from_ical(content)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


class CalendarTextTests(BaseTestCase):
    def test_it_writes_dates_and_times_in_swedish(self) -> None:
        start = datetime.datetime(2026, 3, 3, 12, 0, tzinfo=datetime.UTC)
        end = datetime.datetime(2026, 3, 3, 14, 0, tzinfo=datetime.UTC)
        self.assertEqual(when_text(start, end), "tisdag 3 mars 2026 kl. 13.00–15.00")
        # Summer time: UTC+2.
        start = datetime.datetime(2026, 8, 20, 7, 30, tzinfo=datetime.UTC)
        self.assertEqual(when_text(start), "torsdag 20 augusti 2026 kl. 09.30")


class PublicFeedTests(BaseTestCase):
    def test_it_serves_a_body_feed_that_two_parsers_read_with_the_stockholm_timezone(
        self,
    ) -> None:
        winter = plan(self.body, next_year(1, 20), place="Regionens hus, Umeå")
        summer = plan(self.body, next_year(7, 14), title="Sommarmöte")
        response = self.client.get(
            reverse("meetings_public:body_ics", args=["vasterbotten", "lsg"])
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], ICS)
        content = response.content

        cal: Any = icalendar.Calendar.from_ical(content)
        self.assertEqual(str(cal["VERSION"]), "2.0")
        self.assertEqual(str(cal["CALSCALE"]), "GREGORIAN")
        self.assertEqual(str(cal["METHOD"]), "PUBLISH")
        self.assertIn("Samverkan", str(cal["PRODID"]))
        self.assertEqual(str(cal["X-WR-CALNAME"]), "Länssamverkansgruppen – Samverkan Västerbotten")
        [vtimezone] = cal.walk("VTIMEZONE")
        self.assertEqual(str(vtimezone["TZID"]), "Europe/Stockholm")
        names = {str(sub["TZNAME"]): sub for sub in vtimezone.subcomponents}
        self.assertEqual(set(names), {"CET", "CEST"})
        self.assertEqual(names["CEST"].name, "DAYLIGHT")
        self.assertEqual(names["CET"].name, "STANDARD")
        self.assertEqual(names["CEST"]["RRULE"]["BYMONTH"], [3])
        self.assertEqual(names["CET"]["RRULE"]["BYMONTH"], [10])
        self.assertEqual(names["CET"]["RRULE"]["BYDAY"], ["-1SU"])

        found = events(content)
        self.assertEqual(set(found), {f"{winter.uid}@samverkan", f"{summer.uid}@samverkan"})
        event = found[f"{winter.uid}@samverkan"]
        self.assertEqual(event["DTSTART"].params["TZID"], "Europe/Stockholm")
        self.assertEqual(event["DTSTART"].dt.replace(tzinfo=None).hour, 13)
        self.assertEqual(event.decoded("DTSTART"), winter.starts_at)
        self.assertEqual(event.decoded("DTEND"), winter.ends_at)
        self.assertEqual(str(event["SUMMARY"]), "Länssamverkansgruppen")
        self.assertEqual(str(event["LOCATION"]), "Regionens hus, Umeå")
        self.assertEqual(str(event["STATUS"]), "CONFIRMED")
        self.assertEqual(int(event["SEQUENCE"]), 0)
        self.assertIn("DTSTAMP", event)
        self.assertTrue(str(event["URL"]).endswith("/s/vasterbotten/g/lsg/"))
        self.assertEqual(str(found[f"{summer.uid}@samverkan"]["SUMMARY"]), "Sommarmöte")
        raw = content.decode()
        self.assertIn("DTSTART;TZID=Europe/Stockholm:", raw)
        self.assertIn("\r\n", raw)

        # A second, independent parser, using the VTIMEZONE in the file for the offsets.
        parsed = vobject.readOne(content.decode())
        self.assertEqual(parsed.method.value, "PUBLISH")
        self.assertEqual(len(parsed.vtimezone_list), 1)
        by_uid = {e.uid.value: e for e in parsed.vevent_list}
        winter_start = by_uid[f"{winter.uid}@samverkan"].dtstart.value
        summer_start = by_uid[f"{summer.uid}@samverkan"].dtstart.value
        self.assertEqual(winter_start.utcoffset(), datetime.timedelta(hours=1))
        self.assertEqual(summer_start.utcoffset(), datetime.timedelta(hours=2))
        self.assertEqual(winter_start, winter.starts_at)
        self.assertEqual(summer_start, summer.starts_at)
        self.assertEqual(by_uid[f"{summer.uid}@samverkan"].sequence.value, "0")

    def test_it_keeps_the_uid_and_raises_the_sequence_when_a_meeting_moves(self) -> None:
        meeting = plan(self.body, soon(40))
        url = reverse("meetings_public:body_ics", args=["vasterbotten", "lsg"])
        before = events(self.client.get(url).content)[f"{meeting.uid}@samverkan"]
        day = soon(47)
        meeting_update(
            meeting=meeting,
            expected_version=meeting.lock_version,
            by=self.coordinator,
            reason="Krock med Samrådet",
            starts_at=local(day, 9),
            ends_at=local(day, 12),
        )
        after_content = self.client.get(url).content
        after = events(after_content)
        self.assertEqual(list(after), [f"{meeting.uid}@samverkan"])
        moved = after[f"{meeting.uid}@samverkan"]
        self.assertGreater(int(moved["SEQUENCE"]), int(before["SEQUENCE"]))
        self.assertEqual(moved.decoded("DTSTART"), local(day, 9))
        parsed = vobject.readOne(after_content.decode())
        self.assertEqual(parsed.vevent.uid.value, f"{meeting.uid}@samverkan")
        self.assertEqual(int(parsed.vevent.sequence.value), int(moved["SEQUENCE"]))

    def test_it_keeps_a_cancelled_meeting_in_the_feed_as_cancelled(self) -> None:
        meeting = plan(self.body, soon(30))
        kept = plan(self.body, soon(60))
        meeting_cancel(meeting=meeting, by=self.coordinator, reason="För få anmälda")
        content = self.client.get(
            reverse("meetings_public:structure_ics", args=["vasterbotten"])
        ).content
        found = events(content)
        cancelled = found[f"{meeting.uid}@samverkan"]
        self.assertEqual(str(cancelled["STATUS"]), "CANCELLED")
        self.assertEqual(int(cancelled["SEQUENCE"]), 1)
        self.assertTrue(str(cancelled["SUMMARY"]).startswith("Inställt"))
        self.assertEqual(str(found[f"{kept.uid}@samverkan"]["STATUS"]), "CONFIRMED")
        parsed = vobject.readOne(content.decode())
        statuses = {e.uid.value: e.status.value for e in parsed.vevent_list}
        self.assertEqual(statuses[f"{meeting.uid}@samverkan"], "CANCELLED")

    def test_it_gives_the_structure_feed_every_body_and_no_other_structure(self) -> None:
        mine = [plan(self.body, soon(30)), plan(self.au, soon(31)), plan(self.council, soon(32))]
        other = plan(self.other_body, soon(30))
        old = plan(self.body, soon(33))
        # Long past meetings fall out of the feed; recent ones stay.
        Meeting.objects.filter(pk=old.pk).update(
            starts_at=timezone.now() - datetime.timedelta(days=200),
            ends_at=timezone.now() - datetime.timedelta(days=200, hours=-2),
        )
        recent = plan(self.body, soon(34))
        Meeting.objects.filter(pk=recent.pk).update(
            starts_at=timezone.now() - datetime.timedelta(days=10),
            ends_at=timezone.now() - datetime.timedelta(days=10, hours=-2),
        )
        response = self.client.get(reverse("meetings_public:structure_ics", args=["vasterbotten"]))
        self.assertEqual(response["Content-Type"], ICS)
        found = set(events(response.content))
        self.assertEqual(found, {f"{m.uid}@samverkan" for m in [*mine, recent]})
        self.assertNotIn(f"{other.uid}@samverkan", found)

    def test_it_shows_only_public_details_in_public_feeds(self) -> None:
        plan(
            self.body,
            soon(30),
            place="Regionens hus",
            video_link="https://video.example/hemligt-mote",
            form="video",
        )
        Meeting.objects.update(convener=self.alice)
        for url in (
            reverse("meetings_public:body_ics", args=["vasterbotten", "lsg"]),
            reverse("meetings_public:structure_ics", args=["vasterbotten"]),
        ):
            raw = self.client.get(url).content.decode()
            unfolded = raw.replace("\r\n ", "")
            self.assertIn("Regionens hus", unfolded)
            self.assertIn("Per video", unfolded)
            self.assertNotIn("hemligt-mote", unfolded)
            self.assertNotIn("alice.berg@umea.example", unfolded)
            self.assertNotIn("Alice Berg", unfolded)
            self.assertIn("CLASS:PUBLIC", unfolded)

    def test_it_answers_404_for_an_unknown_body_or_structure(self) -> None:
        self.assertEqual(
            self.client.get(
                reverse("meetings_public:body_ics", args=["vasterbotten", "nej"])
            ).status_code,
            404,
        )
        self.assertEqual(
            self.client.get(reverse("meetings_public:structure_ics", args=["nej"])).status_code, 404
        )


class PersonalFeedTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.lsg = plan(self.body, soon(30), video_link="https://video.example/lsg")
        self.au_meeting = plan(self.au, soon(31))
        self.council_meeting = plan(self.council, soon(32))
        self.blekinge = plan(self.other_body, soon(33))

    def feed(self, user: object) -> set[str]:
        token = calendar_feed_renew(by=user).token  # type: ignore[arg-type]
        response = self.client.get(reverse("meetings_public:personal_ics", args=[token]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], ICS)
        self.assertIn("private", response["Cache-Control"])
        return set(events(response.content))

    def uids(self, *meetings: Meeting) -> set[str]:
        return {f"{m.uid}@samverkan" for m in meetings}

    def test_it_gives_a_member_only_the_meetings_of_their_bodies(self) -> None:
        self.assertEqual(self.feed(self.member_user), self.uids(self.lsg))

    def test_it_gives_a_coordinator_all_meetings_of_their_structures(self) -> None:
        self.assertEqual(
            self.feed(self.coordinator), self.uids(self.lsg, self.au_meeting, self.council_meeting)
        )
        self.assertEqual(self.feed(self.other_coordinator), self.uids(self.blekinge))

    def test_it_leaves_out_the_bodies_of_ended_memberships(self) -> None:
        Membership.objects.filter(pk=self.vice.pk).update(
            end=timezone.localdate() - datetime.timedelta(days=1)
        )
        Membership.objects.create(
            body=self.au,
            person=self.bo,
            role=Role.MEMBER,
            principal=self.region,
            start=timezone.localdate(),
        )
        self.assertEqual(self.feed(self.member_user), self.uids(self.au_meeting))

    def test_it_adds_the_video_link_and_deadline_to_the_personal_feed(self) -> None:
        token = calendar_feed_renew(by=self.member_user).token
        raw = self.client.get(
            reverse("meetings_public:personal_ics", args=[token])
        ).content.decode()
        unfolded = raw.replace("\r\n ", "")
        self.assertIn("https://video.example/lsg", unfolded)
        self.assertIn("Handlingar senast", unfolded)
        vobject.readOne(raw)

    def test_it_answers_404_for_a_wrong_token(self) -> None:
        calendar_feed_renew(by=self.member_user)
        for token in ("fel", "x" * 43, "a" * 80):
            response = self.client.get(reverse("meetings_public:personal_ics", args=[token]))
            self.assertEqual(response.status_code, 404)

    def test_it_answers_404_for_an_inactive_user(self) -> None:
        token = calendar_feed_renew(by=self.member_user).token
        self.member_user.is_active = False
        self.member_user.save()
        response = self.client.get(reverse("meetings_public:personal_ics", args=[token]))
        self.assertEqual(response.status_code, 404)


class CalendarSettingsTests(BaseTestCase):
    url = "/konto/kalender/"
    renew_url = "/konto/kalender/ny/"
    remove_url = "/konto/kalender/ta-bort/"

    def test_it_asks_anonymous_visitors_to_log_in(self) -> None:
        response = self.client.get(reverse("meetings_public:calendar_settings"))
        self.assertEqual(response.status_code, 302)
        self.assertIn("/konto/logga-in/", response["Location"])

    def test_it_creates_a_secret_address_and_a_new_one_invalidates_the_old(self) -> None:
        self.assertEqual(reverse("meetings_public:calendar_settings"), self.url)
        self.assertEqual(reverse("meetings_public:calendar_feed_renew"), self.renew_url)
        self.assertEqual(reverse("meetings_public:calendar_feed_remove"), self.remove_url)
        self.login(self.member_user)
        response = self.client.get(self.url)
        self.assertContains(response, "Skapa min kalenderadress")
        self.assertFalse(CalendarFeed.objects.exists())

        response = self.client.post(self.renew_url, follow=True)
        self.assertContains(response, "Din kalenderadress är skapad.")
        first = CalendarFeed.objects.get(user=self.member_user).token
        self.assertGreaterEqual(len(first), 43)
        first_url = reverse("meetings_public:personal_ics", args=[first])
        self.assertContains(response, first_url)
        self.assertContains(response, "webcal://")
        self.assertEqual(self.client.get(first_url).status_code, 200)

        response = self.client.post(self.renew_url, follow=True)
        self.assertContains(response, "Den gamla fungerar inte längre.")
        second = CalendarFeed.objects.get(user=self.member_user).token
        self.assertNotEqual(first, second)
        self.assertEqual(self.client.get(first_url).status_code, 404)
        second_url = reverse("meetings_public:personal_ics", args=[second])
        self.assertEqual(self.client.get(second_url).status_code, 200)
        self.assertNotContains(response, first_url)

        self.client.post(self.remove_url)
        self.assertEqual(self.client.get(second_url).status_code, 404)
        self.assertFalse(CalendarFeed.objects.exists())

    def test_a_visit_to_an_action_address_goes_back_to_the_settings(self) -> None:
        self.login(self.member_user)
        settings_page = reverse("meetings_public:calendar_settings")
        for name in ("meetings_public:calendar_feed_renew", "meetings_public:calendar_feed_remove"):
            with self.subTest(name):
                self.assertRedirects(self.client.get(reverse(name)), settings_page)
        self.assertFalse(CalendarFeed.objects.filter(user=self.member_user).exists())


class PublicCalendarPageTests(BaseTestCase):
    def test_it_lists_upcoming_meetings_in_swedish_with_status(self) -> None:
        day = soon(30)
        held_place = plan(self.body, day, place="Regionens hus, Umeå", form="in_person")
        cancelled = plan(self.au, soon(35))
        meeting_cancel(meeting=cancelled, by=self.coordinator, reason="Inget att ta upp")
        moved = plan(self.body, soon(40))
        new_day = soon(42)
        meeting_update(
            meeting=moved,
            expected_version=moved.lock_version,
            by=self.coordinator,
            reason="Krock",
            starts_at=local(new_day, 9),
            ends_at=local(new_day, 11),
        )
        plan(self.other_body, soon(30), title="Blekingemötet")

        response = self.client.get(
            reverse("meetings_public:public_structure_calendar", args=["vasterbotten"])
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response, when_text(held_place.starts_at, held_place.ends_at).capitalize()
        )
        self.assertContains(response, "kl. 13.00–15.00")
        self.assertContains(response, "Regionens hus, Umeå")
        self.assertContains(response, "Fysiskt")
        self.assertContains(response, "Inställt")
        self.assertContains(response, "Flyttat från " + when_text(local(soon(40), 13)))
        self.assertContains(response, "Länssamverkansgruppens AU")
        self.assertNotContains(response, "Blekingemötet")
        self.assertContains(
            response, reverse("meetings_public:structure_ics", args=["vasterbotten"])
        )
        self.assertContains(response, 'aria-current="page"')

        response = self.client.get(
            reverse("meetings_public:public_body_calendar", args=["vasterbotten", "lsg"])
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Kommande möten i Länssamverkansgruppen")
        self.assertNotContains(response, "Inställt")  # the AU's cancelled meeting
        self.assertContains(
            response, reverse("meetings_public:body_ics", args=["vasterbotten", "lsg"])
        )

    def test_it_says_when_nothing_is_planned(self) -> None:
        response = self.client.get(
            reverse("meetings_public:public_body_calendar", args=["vasterbotten", "lsg"])
        )
        self.assertContains(response, "Inga kommande möten är planerade för Länssamverkansgruppen.")


class CalendarQueryCountTests(BaseTestCase):
    """The feeds and calendar pages make as many queries with 30 meetings as with 3."""

    def grow(self, total: int) -> None:
        bodies = [self.body, self.au, self.council]
        existing = Meeting.objects.count()
        for i in range(existing, total):
            body = bodies[i % 3]
            meeting = plan(body, soon(20 + i), place=f"Rum {i}", video_link="https://v.example/")
            if i % 5 == 1:
                meeting_cancel(meeting=meeting, by=None, reason="Inställt")
            elif i % 5 == 2:
                day = soon(20 + i) + datetime.timedelta(days=1)
                meeting_update(
                    meeting=meeting,
                    expected_version=None,
                    by=None,
                    reason="Ny tid",
                    starts_at=local(day, 9),
                    ends_at=local(day, 10),
                )
        Meeting.objects.update(convener=self.alice)

    def count(self, url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return len(ctx.captured_queries)

    def test_it_keeps_feed_and_page_queries_constant(self) -> None:
        member_token = calendar_feed_renew(by=self.member_user).token
        coordinator_token = calendar_feed_renew(by=self.coordinator).token
        urls = [
            reverse("meetings_public:body_ics", args=["vasterbotten", "lsg"]),
            reverse("meetings_public:structure_ics", args=["vasterbotten"]),
            reverse("meetings_public:personal_ics", args=[member_token]),
            reverse("meetings_public:personal_ics", args=[coordinator_token]),
            reverse("meetings_public:public_structure_calendar", args=["vasterbotten"]),
            reverse("meetings_public:public_body_calendar", args=["vasterbotten", "lsg"]),
        ]
        self.grow(3)
        small = {url: self.count(url) for url in urls}
        self.grow(30)
        self.assertEqual(Meeting.objects.count(), 30)
        large = {url: self.count(url) for url in urls}
        self.assertEqual(small, large)
        content = self.client.get(urls[1]).content
        self.assertEqual(len(events(content)), 30)


class CalendarBrowserTests(Personas, BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.make_personas()
        plan(self.body, soon(30), place="Regionens hus, Umeå", form="in_person")
        plan(self.au, soon(31), form="video", title="AU inför länsgruppen")
        cancelled = plan(self.body, soon(60))
        meeting_cancel(meeting=cancelled, by=None, reason="Inget att ta upp")
        moved = plan(self.council, soon(45))
        day = soon(46)
        meeting_update(
            meeting=moved,
            expected_version=None,
            by=None,
            reason="Ny tid",
            starts_at=local(day, 10),
            ends_at=local(day, 12),
        )

    def test_it_shows_the_public_calendars_without_axe_violations(self) -> None:
        page = self.page
        page.goto(
            self.url(reverse("meetings_public:public_structure_calendar", args=["vasterbotten"]))
        )
        self.assertIn("Kommande möten i Samverkan Västerbotten", page.content())
        self.assertTrue(page.get_by_text("Inställt", exact=True).is_visible())
        self.screenshot("calendar-structure")
        self.assert_accessible()
        page.get_by_role("link", name="Länssamverkansgruppen", exact=True).first.click()
        page.wait_for_url("**/s/vasterbotten/g/lsg/moten/")
        self.assertIn("Regionens hus, Umeå", page.content())
        self.screenshot("calendar-body")
        self.assert_accessible()

    def test_it_lets_a_member_create_a_secret_calendar_address(self) -> None:
        page = self.page
        self.log_in("ledamot", PASSWORD)
        page.goto(self.url(reverse("meetings_public:calendar_settings")))
        self.assert_accessible()
        page.get_by_role("button", name="Skapa min kalenderadress").click()
        page.wait_for_load_state()
        address = page.get_by_label("Kalenderadress", exact=True).input_value()
        self.assertIn("/kalender/", address)
        self.screenshot("calendar-settings")
        self.assert_accessible()
        response = page.request.get(address)
        self.assertEqual(response.status, 200)
        self.assertIn("BEGIN:VTIMEZONE", response.text())
