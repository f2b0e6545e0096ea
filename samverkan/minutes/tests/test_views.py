"""The working pages: who sees drafts, writing an item, conflicts, approving and returning."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.meetings.tests.lazy_parts import get_with_parts
from samverkan.minutes.models import EntryKind, MinutesItem, MinutesStatus
from samverkan.minutes.services import (
    minutes_addendum_create,
    minutes_item_add,
    minutes_submit,
)
from samverkan.minutes.tests.base import MinutesTestCase


def item_post(item: MinutesItem, **fields: str) -> dict[str, str]:
    prefix = f"p{item.pk}"
    data = {
        f"{prefix}-title": item.title,
        f"{prefix}-notes": "",
        f"{prefix}-lock_version": str(item.lock_version),
        f"{prefix}-e-TOTAL_FORMS": "2",
        f"{prefix}-e-INITIAL_FORMS": "0",
        f"{prefix}-a-TOTAL_FORMS": "1",
        f"{prefix}-a-INITIAL_FORMS": "0",
        f"{prefix}-f-TOTAL_FORMS": "0",
        f"{prefix}-f-INITIAL_FORMS": "0",
    }
    data.update({f"{prefix}-{k}": v for k, v in fields.items()})
    return data


class VisibilityTests(MinutesTestCase):
    def test_a_draft_is_hidden_from_anonymous_visitors_and_other_coordinators(self) -> None:
        minutes = self.start()
        url = reverse("minutes:minutes", args=[minutes.pk])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 302)  # to the login page
        # Not 403: to an outsider a draft is as missing as an unused id (issue 9).
        self.login(self.other_coordinator)
        self.assertEqual(self.client.get(url).status_code, 404)
        missing = reverse("minutes:minutes", args=[999999])
        self.assertEqual(self.client.get(missing).status_code, 404)

    def test_a_member_of_the_body_reads_the_draft_but_cannot_write(self) -> None:
        minutes = self.start()
        self.login(self.member_user)
        response = self.client.get(reverse("minutes:minutes", args=[minutes.pk]))
        self.assertContains(response, "Samverkansavtal om hemsjukvård")
        self.assertNotContains(response, "Spara punkten")
        item = self.case_item(minutes)
        response = self.client.post(
            reverse("minutes:item", args=[item.pk]), item_post(item, notes="Intrång")
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(MinutesItem.objects.get(pk=item.pk).notes, "")

    def test_the_page_makes_the_same_number_of_queries_however_many_items(self) -> None:
        minutes = self.write(self.start())
        self.login(self.secretary_user)
        url = reverse("minutes:minutes", args=[minutes.pk])
        self.client.get(url)
        with CaptureQueriesContext(connection) as small:
            self.client.get(url)
        for n in range(10):
            item = minutes_item_add(minutes=minutes, by=self.secretary_user, title=f"Punkt {n}")
            self.write_item(item)
        with self.assertNumQueries(len(small.captured_queries)):
            self.client.get(url)

    def write_item(self, item: MinutesItem) -> None:
        from samverkan.minutes.services import ActionIn, EntryIn, minutes_item_save

        minutes_item_save(
            item=item,
            expected_version=item.lock_version,
            by=self.secretary_user,
            notes="Anteckning",
            entries=[EntryIn(EntryKind.INFORMATION, "Information")],
            actions=[ActionIn("Gör", datetime.date(2026, 6, 1), owner=self.sara)],
        )


class WritingTests(MinutesTestCase):
    def test_the_secretary_starts_minutes_from_the_meeting_page(self) -> None:
        self.login(self.secretary_user)
        response = self.client.post(reverse("minutes:start", args=[self.meeting.pk]))
        minutes = self.meeting.minutes.get()
        self.assertRedirects(response, reverse("minutes:minutes", args=[minutes.pk]))

    def test_the_secretary_writes_a_decision_and_an_action(self) -> None:
        minutes = self.start()
        item = self.case_item(minutes)
        self.login(self.secretary_user)
        response = self.client.post(
            reverse("minutes:item", args=[item.pk]),
            item_post(
                item,
                notes="Avtalet diskuterades.",
                **{
                    "e-0-kind": EntryKind.DECISION,
                    "e-0-text": "LSG ställer sig bakom avtalet.",
                    "e-1-kind": EntryKind.RECOMMENDATION,
                    "e-1-text": "Huvudmännen rekommenderas att anta avtalet.",
                    "a-0-text": "Skicka avtalet",
                    "a-0-owner": str(self.sara.pk),
                    "a-0-due_on": "2026-04-30",
                },
            ),
            headers={"HX-Request": "true"},
        )
        self.assertContains(response, "Sparat.")
        item.refresh_from_db()
        self.assertEqual(item.notes, "Avtalet diskuterades.")
        self.assertEqual(
            list(item.entries.values_list("kind", flat=True)),
            [EntryKind.DECISION, EntryKind.RECOMMENDATION],
        )
        self.assertEqual(item.actions.get().owner, self.sara)

    def test_a_second_save_from_the_same_version_is_refused_and_keeps_the_text(self) -> None:
        minutes = self.start()
        item = self.case_item(minutes)
        stale = item_post(item, notes="Koordinatorns text.")
        self.login(self.secretary_user)
        self.client.post(
            reverse("minutes:item", args=[item.pk]), item_post(item, notes="Saras text.")
        )
        self.login(self.coordinator)
        response = self.client.post(reverse("minutes:item", args=[item.pk]), stale)
        self.assertContains(response, "Någon annan sparade punkten medan du skrev")
        self.assertContains(response, "Koordinatorns text.")
        self.assertContains(response, "Saras text.")  # the saved version, to compare
        self.assertEqual(MinutesItem.objects.get(pk=item.pk).notes, "Saras text.")

    def test_a_decision_in_a_body_that_does_not_decide_is_explained(self) -> None:
        from samverkan.minutes.services import minutes_start
        from samverkan.minutes.tests.base import held_meeting

        minutes = minutes_start(
            meeting=held_meeting(self.au, datetime.date(2026, 3, 3)), by=self.coordinator
        )
        item = minutes_item_add(minutes=minutes, by=self.coordinator, title="Beredning")
        self.login(self.coordinator)
        page = self.client.get(reverse("minutes:minutes", args=[minutes.pk]))
        self.assertContains(page, "är inte beslutsfattande")
        self.assertNotContains(page, f'<option value="{EntryKind.DECISION}"')
        response = self.client.post(
            reverse("minutes:item", args=[item.pk]),
            item_post(item, **{"e-0-kind": EntryKind.DECISION, "e-0-text": "Beslut"}),
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(item.entries.exists())


class ApprovingTests(MinutesTestCase):
    def test_the_chair_and_adjuster_approve_on_the_page(self) -> None:
        minutes = self.write(self.start())
        minutes_submit(
            minutes=minutes, expected_version=minutes.lock_version, by=self.secretary_user
        )
        url = reverse("minutes:minutes", args=[minutes.pk])
        approve = reverse("minutes:approve", args=[minutes.pk])
        self.login(self.chair_user)
        self.assertContains(self.client.get(reverse("minutes:mine")), str(minutes))
        self.assertContains(self.client.get(url), "Förhandsgranska och justera")
        preview = self.client.get(reverse("minutes:preview", args=[minutes.pk]))
        self.assertContains(preview, "Justera minnesanteckningarna")
        confirm = {
            "lock_version": preview.context["preview"].lock_version,
            "text_sha256": preview.context["preview"].text_sha256,
        }
        self.client.post(approve, confirm)
        self.login(self.adjuster_user)
        response = self.client.post(approve, confirm, follow=True)
        self.assertContains(response, "Alla har justerat")
        minutes.refresh_from_db()
        self.assertEqual(minutes.status, MinutesStatus.APPROVED)
        self.assertContains(response, minutes.sha256)
        self.assertContains(response, "stämmer med innehållet")

    def test_an_approver_returns_the_draft_with_a_comment(self) -> None:
        minutes = self.write(self.start())
        minutes_submit(
            minutes=minutes, expected_version=minutes.lock_version, by=self.secretary_user
        )
        url = reverse("minutes:minutes", args=[minutes.pk])
        send_back = reverse("minutes:return", args=[minutes.pk])
        self.login(self.adjuster_user)
        response = self.client.post(send_back, {"comment": ""})
        self.assertEqual(response.status_code, 200)
        minutes.refresh_from_db()
        self.assertEqual(minutes.status, MinutesStatus.PENDING)
        self.client.post(send_back, {"comment": "Namnet är felstavat."})
        minutes.refresh_from_db()
        self.assertEqual(minutes.status, MinutesStatus.RETURNED)
        self.login(self.secretary_user)
        self.assertContains(self.client.get(url), "Namnet är felstavat.")

    def test_someone_else_cannot_approve(self) -> None:
        minutes = self.write(self.start())
        minutes_submit(
            minutes=minutes, expected_version=minutes.lock_version, by=self.secretary_user
        )
        self.login(self.member_user)
        self.client.post(reverse("minutes:approve", args=[minutes.pk]))
        self.assertFalse(minutes.approvers.filter(decision="approved").exists())

    def test_the_admin_cannot_change_minutes(self) -> None:
        minutes = self.published()
        self.login(self.admin)
        url = reverse("admin:minutes_minutes_change", args=[minutes.pk])
        response = self.client.post(url, {"notes": "Ändrat i admin"})
        self.assertEqual(response.status_code, 403)
        minutes.refresh_from_db()
        self.assertEqual(minutes.notes, "")
        item = self.case_item(minutes)
        response = self.client.post(
            reverse("admin:minutes_minutesitem_change", args=[item.pk]), {"notes": "x"}
        )
        self.assertEqual(response.status_code, 403)


class ActionUrlTests(MinutesTestCase):
    """Each action on the page posts to its own URL; the page itself takes no posts."""

    def test_the_page_itself_takes_no_posts(self) -> None:
        minutes = self.start()
        self.login(self.secretary_user)
        response = self.client.post(reverse("minutes:minutes", args=[minutes.pk]))
        self.assertEqual(response.status_code, 405)

    def test_a_refused_header_shows_the_page_again_with_the_input_kept(self) -> None:
        minutes = self.start()
        self.login(self.secretary_user)
        url = reverse("minutes:header", args=[minutes.pk])
        data = {
            "chaired_by": str(self.alice.pk),
            "taken_by": str(self.sara.pk),
            "adjuster": str(self.alice.pk),
            "notes": "Mötet avslutades 14.50.",
            "lock_version": str(minutes.lock_version),
        }
        response = self.client.post(url, data)
        self.assertContains(response, "Justeringspersonen ska vara en annan än ordföranden")
        self.assertContains(response, "Mötet avslutades 14.50.")
        minutes.refresh_from_db()
        self.assertEqual((minutes.adjuster, minutes.notes), (None, ""))
        data["adjuster"] = str(self.cecilia.pk)
        response = self.client.post(url, data)
        self.assertRedirects(response, reverse("minutes:minutes", args=[minutes.pk]))
        minutes.refresh_from_db()
        self.assertEqual((minutes.adjuster, minutes.notes), (self.cecilia, data["notes"]))

    def test_an_outsider_cannot_edit(self) -> None:
        minutes = self.start()
        self.login(self.other_coordinator)
        response = self.client.post(
            reverse("minutes:add_item", args=[minutes.pk]), {"title": "Intrång"}
        )
        # The draft does not exist for an outsider (issue 9).
        self.assertEqual(response.status_code, 404)
        self.assertFalse(minutes.items.filter(title="Intrång").exists())

    def test_an_item_is_added_then_removed(self) -> None:
        minutes = self.start()
        self.login(self.secretary_user)
        response = self.client.post(
            reverse("minutes:add_item", args=[minutes.pk]), {"title": "Övriga frågor"}
        )
        added = minutes.items.get(title="Övriga frågor")
        self.assertRedirects(
            response,
            reverse("minutes:minutes", args=[minutes.pk]) + f"?punkt={added.pk}#punkt-{added.pk}",
        )
        response = self.client.post(
            reverse("minutes:item_remove", args=[added.pk]),
            {"lock_version": str(added.lock_version)},
            follow=True,
        )
        self.assertContains(response, "Punkten ”Övriga frågor” är borttagen.")
        self.assertFalse(minutes.items.filter(pk=added.pk).exists())

    def test_attendance_is_taken_again_and_the_draft_submitted(self) -> None:
        minutes = self.write(self.start())
        self.login(self.secretary_user)
        response = self.client.post(
            reverse("minutes:refresh_attendance", args=[minutes.pk]),
            {"lock_version": str(minutes.lock_version)},
            follow=True,
        )
        self.assertContains(response, "Närvaron är hämtad på nytt från mötet.")
        minutes.refresh_from_db()
        preview = self.client.get(reverse("minutes:preview", args=[minutes.pk]))
        response = self.client.post(
            reverse("minutes:submit", args=[minutes.pk]),
            {
                "lock_version": str(minutes.lock_version),
                "text_sha256": preview.context["preview"].text_sha256,
            },
            follow=True,
        )
        self.assertContains(response, "Minnesanteckningarna är skickade för justering till")
        minutes.refresh_from_db()
        self.assertEqual(minutes.status, MinutesStatus.PENDING)

    def test_a_writer_decides_on_a_held_number_and_starts_an_addendum(self) -> None:
        minutes = self.approve(
            self.write(self.start(), notes="Patienten med personnummer 19121212-1212 berördes.")
        )
        self.assertIsNone(minutes.published_at)
        hold = minutes.holds.get()
        self.login(self.secretary_user)
        url = reverse("minutes:hold", args=[hold.pk])
        response = self.client.post(url, {})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Ta ställning till träffen")
        response = self.client.post(url, {f"h{hold.pk}-resolution": "mask"}, follow=True)
        self.assertContains(response, "Ställningstagandet är sparat.")
        minutes.refresh_from_db()
        self.assertIsNotNone(minutes.published_at)
        response = self.client.post(
            reverse("minutes:addendum", args=[minutes.pk]),
            {"title": "Rättelse", "text": "Fel datum för nästa möte."},
        )
        addendum = minutes.addenda.get()
        self.assertRedirects(response, reverse("minutes:minutes", args=[addendum.pk]))

    def test_a_visit_to_an_action_address_goes_back_to_the_minutes(self) -> None:
        minutes = self.start()
        self.login(self.secretary_user)
        page = reverse("minutes:minutes", args=[minutes.pk])
        item = self.case_item(minutes)
        for name, args in (
            ("minutes:header", [minutes.pk]),
            ("minutes:refresh_attendance", [minutes.pk]),
            ("minutes:add_item", [minutes.pk]),
            ("minutes:submit", [minutes.pk]),
            ("minutes:approve", [minutes.pk]),
            ("minutes:return", [minutes.pk]),
            ("minutes:addendum", [minutes.pk]),
            ("minutes:item_remove", [item.pk]),
            ("minutes:item", [item.pk]),
        ):
            with self.subTest(name):
                self.assertRedirects(self.client.get(reverse(name, args=args)), page)
        minutes.refresh_from_db()
        self.assertEqual(minutes.status, MinutesStatus.DRAFT)
        self.assertTrue(minutes.items.filter(pk=item.pk).exists())
        start = reverse("minutes:start", args=[minutes.meeting_id])
        self.assertRedirects(
            self.client.get(start),
            reverse("meetings:meeting", args=[minutes.meeting_id]),
            fetch_redirect_response=False,
        )

    def test_a_visit_to_another_body_s_action_address_is_refused_as_the_post_would_be(
        self,
    ) -> None:
        minutes = self.start()
        item = self.case_item(minutes)
        self.login(self.other_coordinator)
        response = self.client.get(reverse("minutes:item_remove", args=[item.pk]))
        # Another body's draft does not exist for an outsider (issue 9).
        self.assertEqual(response.status_code, 404)
        self.assertEqual(
            self.client.put(reverse("minutes:submit", args=[minutes.pk])).status_code, 405
        )

    def test_the_meeting_page_makes_as_many_queries_with_an_addendum(self) -> None:
        """The minutes panel lists the meeting's minutes without a query per minutes."""
        minutes = self.published()
        self.login(self.coordinator)
        url = reverse("meetings:meeting", args=[minutes.meeting_id])
        title = str(minutes)
        with CaptureQueriesContext(connection) as one:
            self.assertContains(get_with_parts(self.client, url), title)
        minutes_addendum_create(
            original=minutes, by=self.secretary_user, title="Rättelse", text="Fel datum."
        )
        with CaptureQueriesContext(connection) as two:
            self.assertContains(get_with_parts(self.client, url), "Tillägg till minnesanteckningar")
        self.assertEqual(len(two), len(one))
