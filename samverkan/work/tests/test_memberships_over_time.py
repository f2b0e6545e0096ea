"""Appointments over time on a body's working page (issue 15, item 1 and parts of 7 and 11):
planned ones visible, editable and removable before they start; replacing a member in one
step with the substitute question; the next term; the member and contact lists as files;
the person picker; and who may do each."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from samverkan.audit.models import Change
from samverkan.lib.localtime import local_today
from samverkan.lib.swedish import date_text
from samverkan.structure.models import Membership, Person, Role
from samverkan.testing.base import BaseTestCase, principal


def _next_year() -> datetime.date:
    return datetime.date(local_today().year + 1, 1, 1)


class PlannedAppointmentTests(BaseTestCase):
    def setUp(self) -> None:
        self.page = reverse("work:body", args=["vasterbotten", "lsg"])
        self.public = reverse("public:body", args=["vasterbotten", "lsg"])

    def _add_planned(self, **extra: str) -> Membership:
        self.login(self.coordinator)
        data = {
            "member-person": str(self.cecilia.pk),
            "member-role": "member",
            "member-principal": str(self.skelleftea.pk),
            "member-start": _next_year().isoformat(),
            **extra,
        }
        response = self.client.post(
            reverse("work:membership_add", args=["vasterbotten", "lsg"]), data, follow=True
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response, f"Cecilia Ek är tillagd som ledamot från {date_text(_next_year())}"
        )
        return Membership.objects.get(person=self.cecilia, body=self.body)

    def _section(self, html: str, start: str, end: str) -> str:
        return html[html.index(start) : html.index(end)]

    def test_it_shows_a_planned_appointment_under_planned_and_not_on_the_public_page(
        self,
    ) -> None:
        self._add_planned()
        html = self.client.get(self.page).content.decode()
        self.assertIn(f"Planerade (börjar {date_text(_next_year())})", html)
        planned = self._section(html, 'id="planerade"', 'id="avslutade"')
        current = self._section(html, 'id="nuvarande"', 'id="planerade"')
        self.assertIn("Cecilia Ek", planned)
        self.assertNotIn("Cecilia Ek", current)
        self.assertIn("Alice Berg", current)
        # The public page shows who sits today, and nothing internal.
        for client_user in (None, self.member_user):
            self.client.logout()
            if client_user:
                self.login(client_user)
            public = self.client.get(self.public).content.decode()
            self.assertIn("Alice Berg", public)
            self.assertNotIn("Cecilia Ek", public)
            self.assertNotIn("None", public)

    def test_it_changes_a_planned_appointment_before_it_starts(self) -> None:
        planned = self._add_planned()
        later = _next_year() + datetime.timedelta(days=31)
        response = self.client.post(
            reverse("work:membership", args=[planned.pk]),
            {
                "role": "member",
                "principal": str(self.umea.pk),
                "start": later.isoformat(),
                "lock_version": planned.lock_version,
            },
        )
        self.assertEqual(response.status_code, 302)
        planned.refresh_from_db()
        self.assertEqual((planned.start, planned.principal), (later, self.umea))
        self.assertTrue(
            Change.objects.filter(
                object_type="membership", object_id=planned.pk, action=LogEntry.Action.UPDATE
            ).exists()
        )
        html = self.client.get(self.page).content.decode()
        self.assertIn(f"Planerade (börjar {date_text(later)})", html)

    def test_it_removes_a_planned_appointment_and_keeps_the_removal_in_the_log(self) -> None:
        planned = self._add_planned()
        response = self.client.post(
            reverse("work:membership_withdraw", args=[planned.pk]),
            {"lock_version": planned.lock_version},
            follow=True,
        )
        self.assertContains(response, "Det planerade uppdraget för Cecilia Ek")
        self.assertFalse(Membership.objects.filter(pk=planned.pk).exists())
        removal = Change.objects.get(
            object_type="membership", object_id=planned.pk, action=LogEntry.Action.DELETE
        )
        self.assertEqual(removal.actor, self.coordinator)
        self.assertIn("Inga planerade uppdrag", response.content.decode())

    def test_it_refuses_to_remove_an_appointment_that_has_started(self) -> None:
        self.login(self.coordinator)
        response = self.client.post(
            reverse("work:membership_withdraw", args=[self.chair.pk]), follow=True
        )
        self.assertContains(response, "Bara ett planerat uppdrag som inte har börjat")
        self.assertTrue(Membership.objects.filter(pk=self.chair.pk).exists())

    def test_a_new_person_gets_an_employer(self) -> None:
        self.login(self.coordinator)
        url = reverse("work:membership_add", args=["vasterbotten", "lsg"])
        data = {
            "member-new_first_name": "Greta",
            "member-new_last_name": "Holm",
            "member-role": "member",
            "member-principal": str(self.lycksele.pk),
        }
        response = self.client.post(url, data)
        self.assertContains(response, "Välj den nya personens arbetsgivare.", status_code=200)
        self.assertFalse(Person.objects.filter(last_name="Holm").exists())
        response = self.client.post(url, {**data, "member-new_employer": str(self.lycksele.pk)})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Person.objects.get(last_name="Holm").employer, self.lycksele)


class ReplaceMemberTests(BaseTestCase):
    greta: Person

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.seat_body()
        cls.greta = Person.objects.create(
            key="greta-holm", first_name="Greta", last_name="Holm", employer=cls.region
        )

    def _replace(self, seat: Membership, **extra: str) -> Any:
        self.login(self.coordinator)
        return self.client.post(
            reverse("work:membership_replace", args=[seat.pk]),
            {
                "last_day": "2026-12-31",
                "successor": str(self.greta.pk),
                "lock_version": seat.lock_version,
                **extra,
            },
            follow=True,
        )

    def test_it_asks_about_the_substitute(self) -> None:
        self.login(self.coordinator)
        response = self.client.get(reverse("work:membership_replace", args=[self.vice.pk]))
        self.assertContains(response, "Dan Ström är ersättare för Bo Lind")
        self.assertContains(response, "Ersättaren blir ersättare för efterträdaren")
        self.assertContains(response, "Ersättarens uppdrag avslutas också")
        self.assertContains(response, "En annan person blir ersättare för efterträdaren")

    def test_it_replaces_a_member_in_one_step_keeping_the_substitute(self) -> None:
        response = self._replace(self.vice, substitutes="keep")
        self.assertContains(response, "Bo Lind slutar 31 december 2026")
        self.assertContains(response, "Greta Holm är vice ordförande från 1 januari 2027")
        self.vice.refresh_from_db()
        self.assertEqual(self.vice.end, datetime.date(2026, 12, 31))
        successor = Membership.objects.get(person=self.greta)
        self.assertEqual(
            (successor.role, successor.principal, successor.start),
            (Role.VICE_CHAIR, self.region, datetime.date(2027, 1, 1)),
        )
        dan = Membership.objects.filter(person=self.dan).order_by("pk")
        self.assertEqual([m.end for m in dan], [datetime.date(2026, 12, 31), None])
        self.assertEqual(dan[1].substitute_for, successor)
        self.assertEqual(dan[1].start, datetime.date(2027, 1, 1))

    def test_it_ends_the_substitute_or_appoints_another(self) -> None:
        self._replace(self.vice, substitutes="end")
        dan = Membership.objects.get(person=self.dan)
        self.assertEqual(dan.end, datetime.date(2026, 12, 31))
        # The chair's substitute Frida is replaced by Cecilia for the successor.
        self.greta.employer = self.umea
        self.greta.save()
        self._replace(self.chair, substitutes="other", substitute_person=str(self.cecilia.pk))
        frida = Membership.objects.get(person=self.frida)
        self.assertEqual(frida.end, datetime.date(2026, 12, 31))
        new_chair = Membership.objects.get(person=self.greta, role=Role.CHAIR)
        self.assertTrue(
            Membership.objects.filter(
                person=self.cecilia, role=Role.SUBSTITUTE, substitute_for=new_chair
            ).exists()
        )

    def test_a_refused_replacement_changes_nothing(self) -> None:
        # Erik already sits as a member: the successor's appointment is refused, and the
        # member's end, already written in the same step, is undone with it.
        response = self._replace(self.cecilia_seat, successor=str(self.erik.pk))
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Erik Nord har redan rollen ledamot", status_code=400)
        self.cecilia_seat.refresh_from_db()
        self.assertIsNone(self.cecilia_seat.end)

    def test_a_substitute_whose_member_ended_is_flagged_on_the_body_page(self) -> None:
        self.login(self.coordinator)
        response = self.client.post(
            reverse("work:membership_end", args=[self.vice.pk]),
            {"on": local_today().isoformat(), "lock_version": self.vice.lock_version},
            follow=True,
        )
        self.assertContains(response, "Dan Ström är fortfarande ersättare för Bo Lind")
        html = self.client.get(reverse("work:body", args=["vasterbotten", "lsg"])).content
        self.assertIn("Ersättare att se över", html.decode())
        self.assertIn("Dan Ström är ersättare för Bo Lind, vars uppdrag", html.decode())


class NextTermTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.seat_body()

    def test_it_shows_who_sits_from_the_next_year_seat_by_seat_with_gaps(self) -> None:
        today = local_today()
        Membership.objects.filter(pk=self.cecilia_seat.pk).update(
            end=datetime.date(today.year, 12, 31)
        )
        greta = Person.objects.create(key="greta", first_name="Greta", last_name="Holm")
        Membership.objects.create(
            body=self.body,
            person=greta,
            role=Role.MEMBER,
            principal=self.umea,
            start=_next_year(),
        )
        self.login(self.coordinator)
        response = self.client.get(reverse("work:body_next_term", args=["vasterbotten", "lsg"]))
        html = response.content.decode()
        self.assertIn(
            f"Nästa mandatperiod: Länssamverkansgruppen från {date_text(_next_year())}", html
        )
        # Skellefteå's seat is empty from the new year; Umeå has its two with Greta.
        skelleftea = html[html.index("Skellefteå kommun") :]
        self.assertIn("Saknar 1 ledamot", skelleftea[: skelleftea.index("</tr>")])
        umea = html[html.index('<th scope="row">Umeå kommun') :]
        self.assertIn("Greta Holm", umea[: umea.index("</tr>")])
        # Two members as the charter says, but Greta has no substitute yet.
        self.assertIn("Ersättare saknas", umea[: umea.index("</tr>")])
        self.assertIn("Cecilia Ek, ledamot för Skellefteå kommun, till och med", html)
        # Another day can be chosen.
        response = self.client.get(
            reverse("work:body_next_term", args=["vasterbotten", "lsg"]), {"fran": "2026-06-01"}
        )
        self.assertContains(response, "Länssamverkansgruppen från 1 juni 2026")


class ExportTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.seat_body()
        Membership.objects.create(
            body=cls.body,
            person=Person.objects.create(key="g", first_name="Greta", last_name="=Holm"),
            role=Role.MEMBER,
            principal=cls.umea,
            start=_next_year(),
        )

    def _url(self, kind: str, fmt: str) -> str:
        return reverse("work:body_members_export", args=["vasterbotten", "lsg", kind, fmt])

    def test_it_downloads_the_member_list_as_csv(self) -> None:
        self.login(self.coordinator)
        response = self.client.get(self._url("ledamoter", "csv"))
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            'attachment; filename="ledamotslista-vasterbotten-lsg-', response["Content-Disposition"]
        )
        self.assertTrue(response.content.startswith(b"\xef\xbb\xbf"))
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        self.assertEqual(rows[0][:4], ["Namn", "Roll", "Ersättare för", "Representerar"])
        names = [r[0] for r in rows[1:]]
        self.assertIn("Alice Berg", names)
        planned = next(r for r in rows if r[0] == "Greta '=Holm" or r[0].endswith("=Holm"))
        self.assertEqual(planned[-1], "Planerad")
        self.assertTrue(planned[0].startswith("Greta"))
        # No contact data in the member list.
        self.assertNotIn("alice.berg@umea.example", response.content.decode("utf-8-sig"))

    def test_it_downloads_the_contact_list_as_xlsx(self) -> None:
        self.login(self.coordinator)
        response = self.client.get(self._url("kontakter", "xlsx"))
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet is not None
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[0], ("Namn", "Roll", "Representerar", "E-post", "Telefon"))
        self.assertIn(
            ("Alice Berg", "Ordförande", "Umeå kommun", "alice.berg@umea.example", "070-174 06 05"),
            rows,
        )

    def test_only_the_structure_s_coordinators_download(self) -> None:
        for kind, fmt in (("ledamoter", "csv"), ("kontakter", "xlsx")):
            url = self._url(kind, fmt)
            self.client.logout()
            self.assertEqual(self.client.get(url).status_code, 302)
            for user in (self.member_user, self.other_coordinator):
                self.login(user)
                self.assertEqual(self.client.get(url).status_code, 403, (user, url))
        self.login(self.coordinator)
        self.assertEqual(self.client.get(self._url("andra", "csv")).status_code, 400)


class PersonPickerTests(BaseTestCase):
    karin: Person

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # Someone who sits in Blekinge and works there: another structure's person.
        cls.karin = Person.objects.create(
            key="karin", first_name="Karin", last_name="Andersson", employer=principal("10")
        )
        Membership.objects.create(
            body=cls.other_body,
            person=cls.karin,
            role=Role.MEMBER,
            principal=principal("10"),
        )

    def test_it_offers_the_structure_s_people_first_and_others_on_request(self) -> None:
        self.login(self.coordinator)
        url = reverse("work:person_picker", args=["vasterbotten", "lsg"])
        own = self.client.get(url, {"falt": "member-person"}).content.decode()
        self.assertIn("Berg, Alice (Umeå)", own)
        self.assertNotIn("Andersson, Karin", own)
        self.assertIn('id="id_member-person"', own)
        both = self.client.get(url, {"falt": "member-person", "andra": "1"}).content.decode()
        self.assertIn('<optgroup label="Andra strukturer">', both)
        self.assertLess(both.index("Berg, Alice"), both.index("Andersson, Karin"))
        self.assertGreater(both.index("Andersson, Karin"), both.index("Andra strukturer"))
        found = self.client.get(url, {"falt": "member-person", "q": "ali"}).content.decode()
        self.assertIn("Berg, Alice", found)
        self.assertNotIn("Lind, Bo", found)
        # The body page itself lists only the structure's own people until asked.
        page = self.client.get(reverse("work:body", args=["vasterbotten", "lsg"]))
        self.assertNotContains(page, "Andersson, Karin")
        self.assertContains(page, "Visa personer från andra strukturer")
        self.assertEqual(self.client.get(url, {"falt": "password"}).status_code, 400)

    def test_a_person_from_another_structure_may_still_be_chosen(self) -> None:
        self.login(self.coordinator)
        response = self.client.post(
            reverse("work:membership_add", args=["vasterbotten", "lsg"]),
            {
                "member-person": str(self.karin.pk),
                "member-role": "co_opted",
                "member-principal": str(self.region.pk),
            },
        )
        self.assertEqual(response.status_code, 302)


class PermissionTests(BaseTestCase):
    def test_it_refuses_others_every_membership_action(self) -> None:
        planned = Membership.objects.create(
            body=self.body,
            person=self.cecilia,
            role=Role.MEMBER,
            principal=self.skelleftea,
            start=_next_year(),
        )
        gets = [
            reverse("work:membership_replace", args=[self.chair.pk]),
            reverse("work:body_next_term", args=["vasterbotten", "lsg"]),
            reverse("work:person_picker", args=["vasterbotten", "lsg"]) + "?falt=successor",
        ]
        posts = [
            reverse("work:membership_withdraw", args=[planned.pk]),
            reverse("work:membership_replace", args=[self.chair.pk]),
        ]
        for url in gets + posts:
            response = self.client.post(url) if url in posts else self.client.get(url)
            self.assertEqual(response.status_code, 302, url)
            self.assertIn("/konto/logga-in/", response["Location"])
        for user in (self.member_user, self.other_coordinator):
            self.login(user)
            for url in gets:
                self.assertEqual(self.client.get(url).status_code, 403, (user, url))
            for url in posts:
                self.assertEqual(self.client.post(url).status_code, 403, (user, url))
        self.assertTrue(Membership.objects.filter(pk=planned.pk).exists())
        self.assertIsNone(Membership.objects.get(pk=self.chair.pk).end)


class QueryCountTests(BaseTestCase):
    def _count(self) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(reverse("work:body", args=["vasterbotten", "lsg"]))
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_the_body_page_has_a_fixed_number_of_queries(self) -> None:
        self.login(self.coordinator)
        self._count()  # warm caches (content types, the session)
        small = self._count()
        today = local_today()
        for n in range(12):
            person = Person.objects.create(
                key=f"p{n}", first_name=f"P{n}", last_name="Test", employer=self.umea
            )
            start = _next_year() if n % 3 == 0 else datetime.date(2025, 1, 1)
            end = today - datetime.timedelta(days=5) if n % 3 == 1 else None
            Membership.objects.create(
                body=self.body,
                person=person,
                role=Role.CO_OPTED,
                principal=self.umea,
                start=start,
                end=end,
            )
        self.assertEqual(self._count(), small)
