"""The working pages for assignments and working groups: who sees and does what, the forms,
refusals beside their fields, and a fixed number of queries for the lists."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.cases.models import Assignment, AssignmentStatus, WorkingGroup
from samverkan.cases.tests.test_assignments_base import (
    DUE,
    EIGHT_HEADINGS,
    AssignmentTestCase,
)
from samverkan.structure.models import Membership, Role


class AssignmentPageTests(AssignmentTestCase):
    def test_it_lets_a_member_of_an_involved_body_read_and_answers_others_404(self) -> None:
        assignment = self.give()
        url = reverse("cases:assignment", args=[assignment.pk])
        self.login(self.member_user)  # vice chair of the giving body
        page = self.client.get(url)
        self.assertContains(page, "<h1>Uppdrag: Rutin för utskrivning</h1>", html=True)
        for heading in EIGHT_HEADINGS:
            self.assertContains(page, f"<h3>{heading}</h3>", html=True)
        self.assertContains(page, "Ta fram en gemensam rutin för utskrivning.")
        self.assertContains(page, "Cecilia Ek")
        self.assertNotContains(page, "Ändra uppdraget")  # a member reads; the chair edits

        self.login(self.stranger_user)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(url).status_code, 302)  # to the login page

    def test_it_lets_only_the_givers_chair_secretary_or_coordinators_edit(self) -> None:
        assignment = self.give()
        url = reverse("cases:assignment_update", args=[assignment.pk])
        data = {
            "edit-title": "Ny rubrik",
            "edit-to_body": self.local.pk,
            "edit-responsible": [self.cecilia.pk],
            "edit-given_on": "2027-01-11",
            "edit-due_on": "2027-04-01",
            "edit-lock_version": assignment.lock_version,
        }
        self.login(self.member_user)
        self.assertEqual(self.client.post(url, data).status_code, 403)
        self.login(self.stranger_user)
        self.assertEqual(self.client.post(url, data).status_code, 404)
        self.login(self.chair_user)
        response = self.client.post(url, data)
        self.assertRedirects(response, reverse("cases:assignment", args=[assignment.pk]))
        assignment.refresh_from_db()
        self.assertEqual(
            (assignment.title, assignment.due_on), ("Ny rubrik", datetime.date(2027, 4, 1))
        )
        self.login(self.coordinator)
        page = self.client.get(reverse("cases:assignment", args=[assignment.pk]))
        self.assertContains(page, "Ändra uppdraget")
        self.assertContains(page, "Historik")

    def test_it_says_försenat_when_the_due_date_has_passed(self) -> None:
        assignment = self.give(given_on=datetime.date(2024, 1, 1), due_on=datetime.date(2024, 2, 1))
        self.login(self.chair_user)
        page = self.client.get(reverse("cases:assignment", args=[assignment.pk]))
        self.assertContains(page, "– försenat (")

    def test_it_takes_a_report_with_a_file_and_the_giver_closes(self) -> None:
        assignment = self.give()
        # Cecilia is responsible: she may report, not edit or close.
        cecilia_user = User.objects.create_user("cecilia", "c@example.se", "x-password-123")
        self.cecilia.user = cecilia_user
        self.cecilia.save()
        self.login(cecilia_user)
        response = self.client.post(
            reverse("cases:assignment_report", args=[assignment.pk]),
            {
                "report-report_text": "Rutinen finns i filen.",
                "report-report_file": SimpleUploadedFile("rutin.txt", b"Rutin\n"),
                "report-lock_version": assignment.lock_version,
            },
        )
        self.assertRedirects(response, reverse("cases:assignment", args=[assignment.pk]))
        download = self.client.get(reverse("cases:assignment_report_file", args=[assignment.pk]))
        self.assertEqual(download.status_code, 200)
        self.assertEqual(b"".join(download.streaming_content), b"Rutin\n")  # type: ignore[attr-defined]
        self.assertIn("attachment", download["Content-Disposition"])
        self.assertEqual(
            self.client.post(reverse("cases:assignment_close", args=[assignment.pk])).status_code,
            403,
        )
        self.login(self.chair_user)
        response = self.client.post(reverse("cases:assignment_close", args=[assignment.pk]))
        self.assertRedirects(response, reverse("cases:assignment", args=[assignment.pk]))
        assignment.refresh_from_db()
        self.assertEqual(assignment.status, AssignmentStatus.CLOSED)

    def test_it_refuses_a_report_without_text_or_file_beside_the_field(self) -> None:
        assignment = self.give()
        self.login(self.chair_user)
        response = self.client.post(
            reverse("cases:assignment_report", args=[assignment.pk]),
            {"report-report_text": "", "report-lock_version": assignment.lock_version},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Skriv återrapporteringen eller bifoga den som en fil.")
        self.assertContains(response, 'id="id_report-report_text_error"')

    def test_it_sends_a_visit_to_an_action_address_back_to_the_page(self) -> None:
        assignment = self.give()
        self.login(self.chair_user)
        response = self.client.get(reverse("cases:assignment_start", args=[assignment.pk]))
        self.assertRedirects(response, reverse("cases:assignment", args=[assignment.pk]))


class GiveFormTests(AssignmentTestCase):
    def test_it_has_one_text_area_per_charter_heading(self) -> None:
        self.login(self.chair_user)
        page = self.client.get(reverse("cases:assignment_give", args=[self.body.pk]))
        self.assertEqual(page.status_code, 200)
        for index, heading in enumerate(EIGHT_HEADINGS):
            self.assertContains(
                page, f'<label for="id_section_{index}">{heading}</label>', html=True
            )
        self.assertContains(page, "ansvarig eller ansvariga utses")
        self.assertContains(page, "Lokal samverkansgrupp Umeå")

    def test_it_gives_an_assignment_and_shows_refusals_beside_the_fields(self) -> None:
        self.login(self.chair_user)
        url = reverse("cases:assignment_give", args=[self.body.pk])
        data: dict[str, object] = {
            "title": "Kartlägg SIP",
            "to_body": self.local.pk,
            "given_on": "2027-01-11",
            "due_on": "2027-05-01",
            "section_1": "Kartlägg hur många SIP som hölls.",
        }
        refused = self.client.post(url, data)
        self.assertContains(refused, "välj minst en ansvarig")
        self.assertContains(refused, 'id="id_responsible_error"')
        self.assertFalse(Assignment.objects.exists())
        data["responsible"] = [self.cecilia.pk]
        Membership.objects.create(
            body=self.local,
            person=self.cecilia,
            role=Role.MEMBER,
            principal=self.skelleftea,
            start=datetime.date(2026, 1, 1),
        )
        response = self.client.post(url, data)
        assignment = Assignment.objects.get()
        self.assertRedirects(response, reverse("cases:assignment", args=[assignment.pk]))
        self.assertEqual(assignment.sections[1]["text"], "Kartlägg hur många SIP som hölls.")
        self.assertEqual(len(assignment.sections), 8)

    def test_it_refuses_a_member_who_does_not_lead(self) -> None:
        self.login(self.member_user)
        self.assertEqual(
            self.client.get(reverse("cases:assignment_give", args=[self.body.pk])).status_code, 403
        )


class ListTests(AssignmentTestCase):
    def test_it_filters_the_structure_list_and_marks_overdue(self) -> None:
        self.give(title="Pågående")
        self.give(
            title="Gammalt", given_on=datetime.date(2024, 1, 1), due_on=datetime.date(2024, 3, 1)
        )
        self.login(self.coordinator)
        url = reverse("cases:assignments", args=[self.structure.slug])
        page = self.client.get(url)
        self.assertContains(page, "Pågående")
        self.assertContains(page, "försenat")
        overdue = self.client.get(url, {"status": "overdue"})
        self.assertContains(overdue, "Gammalt")
        self.assertNotContains(overdue, "Pågående")
        self.assertContains(page, reverse("cases:assignment_give", args=[self.body.pk]))

    def test_it_shows_a_stranger_none_of_them(self) -> None:
        self.give()
        self.login(self.stranger_user)
        page = self.client.get(reverse("cases:assignments", args=[self.structure.slug]))
        self.assertContains(page, "Inga uppdrag")

    def test_it_renders_the_lists_in_the_same_queries_for_few_and_many(self) -> None:
        urls = [
            reverse("cases:assignments", args=[self.structure.slug]),
            reverse("cases:working_groups", args=[self.structure.slug]),
        ]

        def count() -> list[int]:
            found = []
            for user in (self.coordinator, self.chair_user, self.member_user):
                self.login(user)
                for url in urls:
                    with CaptureQueriesContext(connection) as queries:
                        self.assertEqual(self.client.get(url).status_code, 200)
                    found.append(len(queries))
            return found

        self.give()
        self.working_group()
        few = count()
        for n in range(12):
            group = self.working_group(name=f"Grupp {n}")
            self.give(title=f"Uppdrag {n}", to_body=group.body, responsible=[self.cecilia, self.bo])
        self.assertEqual(count(), few)
        self.login(self.chair_user)
        self.assertContains(self.client.get(urls[1]), "Grupp 11")


class WorkingGroupPageTests(AssignmentTestCase):
    def test_it_lets_the_chair_create_a_group_from_the_structure_page(self) -> None:
        self.login(self.chair_user)
        url = reverse("cases:working_groups", args=[self.structure.slug])
        page = self.client.get(url)
        self.assertContains(page, "Tillsätt en arbetsgrupp")
        response = self.client.post(
            reverse("cases:working_group_create", args=[self.structure.slug]),
            {
                "created_by": self.body.pk,
                "name": "Arbetsgrupp ledningsseminarium",
                "kind": "working_group",
                "duration": "temporary",
                "end_date": "",
            },
        )
        self.assertContains(response, "En tillfällig grupp behöver ett slutdatum.")
        response = self.client.post(
            reverse("cases:working_group_create", args=[self.structure.slug]),
            {
                "created_by": self.body.pk,
                "name": "Arbetsgrupp ledningsseminarium",
                "kind": "working_group",
                "duration": "lasting",
            },
        )
        group = WorkingGroup.objects.get()
        self.assertRedirects(response, reverse("cases:working_group", args=[group.pk]))
        self.assertContains(self.client.get(url), "Arbetsgrupp ledningsseminarium")

    def test_it_marks_reviewed_for_the_chair_while_members_only_read(self) -> None:
        group = self.working_group(today=datetime.date(2025, 1, 1))
        self.login(self.member_user)
        url = reverse("cases:working_groups", args=[self.structure.slug])
        page = self.client.get(url)
        self.assertContains(page, "dags för översyn")
        self.assertNotContains(page, "Markera översedd")
        reviewed = reverse("cases:working_group_reviewed", args=[group.pk])
        self.assertEqual(self.client.post(reviewed, {"lock_version": 1}).status_code, 403)
        self.login(self.chair_user)
        response = self.client.post(reviewed, {"lock_version": 1, "next": "list"})
        self.assertRedirects(response, url)
        group.refresh_from_db()
        self.assertIsNotNone(group.reviewed_on)
        self.assertGreater(group.review_on, DUE - datetime.timedelta(days=10000))
        self.login(self.stranger_user)
        self.assertEqual(
            self.client.get(reverse("cases:working_group", args=[group.pk])).status_code, 404
        )
