"""The history on the working pages ("Historik"), the administrator's search under
`/arbeta/historik/`, and the read-only admin: nothing there can change the history."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samverkan.audit.models import Change
from samverkan.lib.localtime import local
from samverkan.meetings.services import agenda_item_add, meeting_create, meeting_update
from samverkan.minutes.services import minutes_update
from samverkan.minutes.tests.base import MinutesTestCase
from samverkan.structure.models import Body, Membership, Person
from samverkan.structure.services import body_update, membership_update, person_update


def rename(body: Body, name: str, by: object) -> None:
    body = Body.objects.get(pk=body.pk)
    body_update(by=by, body=body, expected_version=body.lock_version, name=name)  # type: ignore[arg-type]


class HistorySectionTests(MinutesTestCase):
    def test_it_shows_the_body_pages_history_newest_first_with_labels(self) -> None:
        rename(self.body, "Länsgruppen", self.coordinator)
        rename(self.body, "Länsgruppen LSG", self.admin)
        self.login(self.coordinator)
        response = self.client.get(reverse("work:body", args=["vasterbotten", "lsg"]))
        self.assertContains(response, '<h2 id="historik">Historik</h2>', html=False)
        page = response.content.decode()
        history = page[page.index('id="historik"') :]
        newer = history.index("Länsgruppen LSG")
        older = history.index("Länssamverkansgruppen")
        self.assertLess(newer, older, "the newest change comes first")
        self.assertIn('<th scope="row">Namn</th>', history)
        self.assertIn("<strong>admin</strong>", history)
        self.assertIn("<strong>koordinator</strong>", history)

    def test_it_shows_history_on_the_membership_and_person_pages(self) -> None:
        membership_update(
            by=self.coordinator,
            membership=Membership.objects.get(pk=self.chair.pk),
            expected_version=Membership.objects.get(pk=self.chair.pk).lock_version,
            nominated_by="Umeå kommun",
        )
        person_update(by=self.coordinator, person=self.cecilia, phone="070-174 06 99")
        self.login(self.coordinator)
        response = self.client.get(reverse("work:membership", args=[self.chair.pk]))
        self.assertContains(response, "Historik")
        self.assertContains(response, "Nominerad av")
        self.assertContains(response, "Umeå kommun</td>")
        response = self.client.get(reverse("work:person", args=[self.cecilia.pk]))
        self.assertContains(response, "Historik")
        self.assertContains(response, "070-174 06 99")

    def test_it_shows_the_meeting_and_its_agenda_on_the_meeting_page(self) -> None:
        day = timezone.localdate() + datetime.timedelta(days=30)
        meeting = meeting_create(
            body=self.body, starts_at=local(day, 13), ends_at=local(day, 15), by=self.coordinator
        )
        agenda_item_add(by=self.coordinator, meeting=meeting, kind="information", title="Lägesbild")
        self.login(self.coordinator)
        response = self.client.get(reverse("meetings:meeting", args=[meeting.pk]))
        page = response.content.decode()
        history = page[page.index('<h2 id="historik">') :]
        self.assertIn("skapade punkt på dagordningen Lägesbild", history)
        self.assertIn("skapade möte", history)

    def test_it_shows_the_minutes_history_to_writers_only(self) -> None:
        minutes = self.start()
        minutes_update(
            minutes=minutes,
            expected_version=minutes.lock_version,
            by=self.secretary_user,
            notes="Nästa möte i maj.",
        )
        url = reverse("minutes:minutes", args=[minutes.pk])
        self.login(self.secretary_user)
        self.assertContains(self.client.get(url), '<h2 id="historik">Historik</h2>')
        self.login(self.member_user)  # reads the draft, but does not write it
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, '<h2 id="historik">Historik</h2>')

    def test_it_reads_the_pages_history_in_a_fixed_number_of_queries(self) -> None:
        day = timezone.localdate() + datetime.timedelta(days=30)
        meeting = meeting_create(
            body=self.body, starts_at=local(day, 13), ends_at=local(day, 15), by=self.coordinator
        )
        minutes = self.start()
        urls = {
            "body": reverse("work:body", args=["vasterbotten", "lsg"]),
            "membership": reverse("work:membership", args=[self.chair.pk]),
            "person": reverse("work:person", args=[self.cecilia.pk]),
            "meeting": reverse("meetings:meeting", args=[meeting.pk]),
        }

        def grow(times: int) -> None:
            for n in range(times):
                rename(self.body, f"LSG {n}", self.coordinator)
                seat = Membership.objects.get(pk=self.chair.pk)
                membership_update(
                    by=self.coordinator,
                    membership=seat,
                    expected_version=seat.lock_version,
                    nominated_by=f"Umeå {n}",
                )
                person_update(
                    by=self.coordinator,
                    person=Person.objects.get(pk=self.cecilia.pk),
                    phone=f"070-{n}",
                )
                fresh = type(meeting).objects.get(pk=meeting.pk)
                meeting_update(
                    meeting=fresh, expected_version=fresh.lock_version, by=None, place=f"Sal {n}"
                )
                current = type(minutes).objects.get(pk=minutes.pk)
                minutes_update(
                    minutes=current,
                    expected_version=current.lock_version,
                    by=self.secretary_user,
                    notes=f"Anteckning {n}",
                )

        def counts(user: object) -> dict[str, int]:
            found = {}
            self.login(user)  # type: ignore[arg-type]
            pages = (
                {"minutes": reverse("minutes:minutes", args=[minutes.pk])}
                if user == self.secretary_user
                else urls
            )
            for name, url in pages.items():
                with CaptureQueriesContext(connection) as ctx:
                    self.assertEqual(self.client.get(url).status_code, 200, url)
                found[name] = len(ctx.captured_queries)
            return found

        grow(2)
        small = {**counts(self.coordinator), **counts(self.secretary_user)}
        grow(60)  # more than the 50 a page shows
        large = {**counts(self.coordinator), **counts(self.secretary_user)}
        self.assertEqual(small, large)
        response = self.client.get(reverse("minutes:minutes", args=[minutes.pk]))
        self.assertContains(response, "de 50 senaste visas")


class SearchPageTests(MinutesTestCase):
    url = reverse("audit:search")

    def setUp(self) -> None:
        super().setUp()
        rename(self.body, "Länsgruppen", self.coordinator)
        person_update(by=self.admin, person=self.cecilia, title="Avdelningschef")
        person_update(by=None, person=self.alice, title="Förvaltningschef")

    def test_it_finds_changes_by_actor_and_type_for_an_administrator(self) -> None:
        self.login(self.admin)
        response = self.client.get(self.url, {"aktor": "koordinator", "typ": "body"})
        self.assertContains(response, "Länsgruppen")
        self.assertNotContains(response, "Avdelningschef")
        response = self.client.get(self.url, {"typ": "person"})
        self.assertContains(response, "Avdelningschef")
        self.assertContains(response, "Förvaltningschef")
        self.assertNotContains(response, "Länsgruppen</td>")
        response = self.client.get(self.url, {"aktor": "systemet", "typ": "person"})
        self.assertContains(response, "Förvaltningschef")
        self.assertNotContains(response, "Avdelningschef")

    def test_it_finds_changes_by_text_and_days_for_an_administrator(self) -> None:
        self.login(self.admin)
        today = timezone.localdate()
        response = self.client.get(self.url, {"text": "avdelningschef"})
        self.assertContains(response, "1 ändring")
        response = self.client.get(
            self.url, {"fran": (today + datetime.timedelta(days=1)).isoformat()}
        )
        self.assertContains(response, "0 ändringar")
        response = self.client.get(self.url, {"fran": today.isoformat(), "till": today.isoformat()})
        self.assertContains(response, "Avdelningschef")
        response = self.client.get(self.url, {"fran": "2026-05-02", "till": "2026-05-01"})
        self.assertContains(response, "Slutdatumet ligger före startdatumet.")

    def test_it_says_a_page_past_the_end_does_not_exist_instead_of_a_count(self) -> None:
        self.login(self.admin)
        response = self.client.get(self.url, {"text": "avdelningschef", "sida": "9"})
        self.assertContains(response, "Sida 9 finns inte för den här sökningen.")
        self.assertContains(response, 'href="?text=avdelningschef"')
        self.assertNotContains(response, "ändringar</h2>")

    def test_it_links_the_search_from_an_administrators_home_only(self) -> None:
        self.login(self.admin)
        self.assertContains(self.client.get(reverse("work:home")), f'href="{self.url}"')
        self.login(self.coordinator)
        self.assertNotContains(self.client.get(reverse("work:home")), f'href="{self.url}"')

    def test_it_lets_only_administrators_search(self) -> None:
        self.login(self.coordinator)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.client.logout()
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response["Location"])


class ReadOnlyTests(MinutesTestCase):
    def setUp(self) -> None:
        super().setUp()
        rename(self.body, "Länsgruppen", self.coordinator)
        self.change = Change.objects.get(object_type="body", object_id=self.body.pk)

    def test_it_lists_and_searches_in_the_admin_but_never_adds_changes_or_deletes(self) -> None:
        self.login(self.admin)
        changelist = reverse("admin:audit_change_changelist")
        response = self.client.get(changelist, {"q": "koordinator"})
        self.assertContains(response, '<td class="field-what">Länsgruppen</td>')
        response = self.client.get(changelist, {"q": "admin"})
        self.assertNotContains(response, '<td class="field-what">Länsgruppen</td>')
        response = self.client.get(changelist, {"typ": "person"})
        self.assertNotContains(response, '<td class="field-what">Länsgruppen</td>')
        detail = reverse("admin:audit_change_change", args=[self.change.pk])
        response = self.client.get(detail)
        self.assertContains(response, "Länssamverkansgruppen")  # the old name, in the values
        self.assertNotContains(response, 'type="submit" value="Spara"')
        self.assertEqual(self.client.get(reverse("admin:audit_change_add")).status_code, 403)
        self.assertEqual(self.client.post(detail, {"note": "ändrad"}).status_code, 403)
        delete = reverse("admin:audit_change_delete", args=[self.change.pk])
        self.assertEqual(self.client.post(delete, {"post": "yes"}).status_code, 403)
        response = self.client.post(
            changelist, {"action": "delete_selected", "_selected_action": [self.change.pk]}
        )
        self.assertIn(response.status_code, (200, 302, 403))
        stored = Change.objects.get(pk=self.change.pk)
        self.assertEqual((stored.note, stored.changes), (self.change.note, self.change.changes))

    def test_it_takes_no_writes_on_the_search_page(self) -> None:
        self.login(self.admin)
        response = self.client.post(reverse("audit:search"), {"note": "x"})
        self.assertEqual(response.status_code, 405)
        self.assertEqual(Change.objects.get(pk=self.change.pk).note, self.change.note)
