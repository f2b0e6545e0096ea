"""The meeting API: meetings, agendas and the year's plan."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samverkan.api.tests.base import ApiTestCase
from samverkan.lib.localtime import local
from samverkan.lib.workdays import is_working_day
from samverkan.meetings.models import AgendaItem, Meeting, MeetingEvent, MeetingStatus
from samverkan.meetings.services import agenda_item_add, meeting_create
from samverkan.structure.models import Charter

YEAR = datetime.date.today().year + 1


def working_day(day: datetime.date, step: int = 1) -> datetime.date:
    while not is_working_day(day):
        day += datetime.timedelta(days=step)
    return day


# A working day two months ahead: a meeting on a weekend would count its document deadline
# from the Friday before, and the tests below compare dates with the meeting's.
DAY = working_day(datetime.date.today() + datetime.timedelta(days=60))


def iso(day: datetime.date, hour: int) -> str:
    return local(day, hour).isoformat()


class MeetingApiTestCase(ApiTestCase):
    def make(self, day: datetime.date = DAY, **kwargs: Any) -> Meeting:
        return meeting_create(
            body=kwargs.pop("body", self.body),
            starts_at=local(day, 13),
            ends_at=local(day, 15),
            by=self.coordinator,
            **kwargs,
        )


class MeetingWriteTests(MeetingApiTestCase):
    def test_it_creates_a_meeting_with_the_charters_standing_items(self) -> None:
        response = self.call(
            "post",
            "/meetings",
            {
                "body": self.body.pk,
                "starts_at": iso(DAY, 13),
                "ends_at": iso(DAY, 15),
                "place": "Regionens hus, Umeå",
                "form": "in_person",
                "title": "LSG vår",
            },
            user=self.coordinator,
        )

        self.assertEqual(response.status_code, 201, response.content)
        data = response.json()
        meeting = Meeting.objects.get(pk=data["id"])
        self.assertEqual(data["uid"], str(meeting.uid))
        self.assertEqual(data["body"], self.body.pk)
        self.assertEqual(data["structure"], "vasterbotten")
        self.assertEqual(data["status"], "planned")
        self.assertEqual(data["place"], "Regionens hus, Umeå")
        self.assertEqual(data["form"], "in_person")
        self.assertEqual(datetime.datetime.fromisoformat(data["starts_at"]), local(DAY, 13))
        self.assertEqual([i["title"] for i in data["agenda"]], ["Föregående minnesanteckningar"])
        self.assertEqual(data["agenda"][0]["kind"], "standing")
        self.assertEqual([e["kind"] for e in data["events"]], ["planned"])
        # Ten working days before the meeting: at least two weeks earlier.
        deadline = datetime.date.fromisoformat(data["document_deadline"])
        self.assertLessEqual(deadline, DAY - datetime.timedelta(days=14))

    def test_it_refuses_a_meeting_in_the_past_and_saves_nothing(self) -> None:
        past = datetime.date.today() - datetime.timedelta(days=1)
        response = self.call(
            "post",
            "/meetings",
            {"body": self.body.pk, "starts_at": iso(past, 13), "ends_at": iso(past, 15)},
            user=self.coordinator,
        )

        payload = self.assertError(response, 400, field="starts_at")
        self.assertIn("det förflutna", payload["errors"]["starts_at"][0])
        self.assertFalse(Meeting.objects.exists())
        self.assertFalse(AgendaItem.objects.exists())

    def test_it_refuses_times_without_an_offset_in_swedish(self) -> None:
        response = self.call(
            "post",
            "/meetings",
            {
                "body": self.body.pk,
                "starts_at": f"{DAY}T13:00:00",
                "ends_at": "i eftermiddag",
                "colour": "blå",
            },
            user=self.coordinator,
        )

        payload = self.assertError(response, 400)
        self.assertIn("tidszon", payload["errors"]["starts_at"][0])
        self.assertIn("ÅÅÅÅ-MM-DD", payload["errors"]["ends_at"][0])
        self.assertEqual(payload["errors"]["colour"], ["Okänt fält."])
        self.assertFalse(Meeting.objects.exists())

    def test_it_refuses_an_unknown_body(self) -> None:
        response = self.call(
            "post",
            "/meetings",
            {"body": 999999, "starts_at": iso(DAY, 13), "ends_at": iso(DAY, 15)},
            user=self.coordinator,
        )
        self.assertError(response, 404, detail="Gruppen finns inte.")

    def test_a_move_keeps_the_uid_raises_the_sequence_and_is_in_the_history(self) -> None:
        meeting = self.make()
        later = DAY + datetime.timedelta(days=7)

        response = self.call(
            "patch",
            f"/meetings/{meeting.pk}",
            {
                "lock_version": meeting.lock_version,
                "starts_at": iso(later, 9),
                "reason": "Krock med budgetmötet",
            },
            user=self.coordinator,
        )

        self.assertEqual(response.status_code, 200, response.content)
        data = response.json()
        self.assertEqual(data["uid"], str(meeting.uid))
        self.assertGreater(data["sequence"], meeting.sequence)
        self.assertEqual(data["lock_version"], meeting.lock_version + 1)
        # Without a new end the meeting keeps its two hours.
        self.assertEqual(datetime.datetime.fromisoformat(data["starts_at"]), local(later, 9))
        self.assertEqual(datetime.datetime.fromisoformat(data["ends_at"]), local(later, 11))
        moved = data["events"][-1]
        self.assertEqual(moved["kind"], "moved")
        self.assertEqual(moved["note"], "Krock med budgetmötet")
        self.assertEqual(datetime.datetime.fromisoformat(moved["old_starts_at"]), local(DAY, 13))
        self.assertEqual(datetime.datetime.fromisoformat(moved["new_starts_at"]), local(later, 9))
        fresh = Meeting.objects.get(pk=meeting.pk)
        self.assertEqual((fresh.uid, fresh.starts_at), (meeting.uid, local(later, 9)))
        self.assertTrue(MeetingEvent.objects.filter(meeting=meeting, kind="moved").exists())

    def test_it_changes_the_place_without_moving(self) -> None:
        meeting = self.make()
        response = self.call(
            "patch",
            f"/meetings/{meeting.pk}",
            {"lock_version": meeting.lock_version, "place": "Skellefteå", "video_link": ""},
            user=self.coordinator,
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["place"], "Skellefteå")
        self.assertEqual(response.json()["events"][-1]["kind"], "changed")
        self.assertEqual(Meeting.objects.get(pk=meeting.pk).starts_at, local(DAY, 13))

    def test_a_move_into_the_past_is_refused(self) -> None:
        meeting = self.make()
        past = datetime.date.today() - datetime.timedelta(days=3)
        response = self.call(
            "patch",
            f"/meetings/{meeting.pk}",
            {"lock_version": meeting.lock_version, "starts_at": iso(past, 13)},
            user=self.coordinator,
        )
        self.assertError(response, 400, field="starts_at")
        fresh = Meeting.objects.get(pk=meeting.pk)
        self.assertEqual((fresh.starts_at, fresh.lock_version), (local(DAY, 13), 1))

    def test_a_stale_lock_version_is_refused_with_409_and_nothing_saved(self) -> None:
        meeting = self.make()
        first = self.call(
            "patch",
            f"/meetings/{meeting.pk}",
            {"lock_version": meeting.lock_version, "place": "Umeå"},
            user=self.coordinator,
        )
        self.assertEqual(first.status_code, 200, first.content)

        stale = self.call(
            "patch",
            f"/meetings/{meeting.pk}",
            {"lock_version": meeting.lock_version, "place": "Skellefteå"},
            user=self.admin,
        )

        self.assertError(stale, 409)
        self.assertEqual(Meeting.objects.get(pk=meeting.pk).place, "Umeå")

    def test_a_patch_needs_the_lock_version(self) -> None:
        meeting = self.make()
        response = self.call(
            "patch", f"/meetings/{meeting.pk}", {"place": "Umeå"}, user=self.coordinator
        )
        payload = self.assertError(response, 400, field="lock_version")
        self.assertEqual(payload["errors"]["lock_version"], ["Fältet måste anges."])

    def test_it_cancels_with_a_reason_in_the_history(self) -> None:
        meeting = self.make()
        path = f"/meetings/{meeting.pk}/cancel"
        self.assertError(self.call("post", path, {}, user=self.coordinator), 400, field="reason")
        self.assertError(
            self.call("post", path, {"reason": "   "}, user=self.coordinator), 400, field="reason"
        )
        self.assertEqual(Meeting.objects.get(pk=meeting.pk).status, MeetingStatus.PLANNED)

        response = self.call("post", path, {"reason": "För få anmälda"}, user=self.coordinator)

        self.assertEqual(response.status_code, 200, response.content)
        data = response.json()
        self.assertEqual(data["status"], "cancelled")
        self.assertGreater(data["sequence"], meeting.sequence)
        self.assertEqual(data["events"][-1]["kind"], "cancelled")
        self.assertEqual(data["events"][-1]["note"], "För få anmälda")
        # A cancelled meeting is not changed any more.
        self.assertError(
            self.call(
                "patch",
                f"/meetings/{meeting.pk}",
                {"lock_version": data["lock_version"], "place": "Umeå"},
                user=self.coordinator,
            ),
            400,
            field="status",
        )
        self.assertError(self.call("post", path, {"reason": "igen"}, user=self.coordinator), 400)

    def test_it_marks_a_meeting_held_once_it_has_begun(self) -> None:
        meeting = self.make()
        path = f"/meetings/{meeting.pk}/held"
        self.assertError(self.call("post", path, user=self.coordinator), 400, field="status")

        begun = timezone.now() - datetime.timedelta(hours=1)
        Meeting.objects.filter(pk=meeting.pk).update(
            starts_at=begun, ends_at=begun + datetime.timedelta(hours=2)
        )
        response = self.call("post", path, user=self.coordinator)

        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], "held")
        self.assertEqual(response.json()["events"][-1]["kind"], "held")


class AgendaApiTests(MeetingApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.meeting = self.make()

    def add(self, data: dict[str, Any], user: Any = None) -> Any:
        return self.call(
            "post", f"/meetings/{self.meeting.pk}/agenda", data, user=user or self.coordinator
        )

    def test_it_adds_items_last_with_an_owner_from_the_body(self) -> None:
        response = self.add(
            {
                "kind": "information",
                "title": "Kort information från kommun och primärvård",
                "owner": self.alice.pk,
                "presenter": "Alice Berg",
                "planned_minutes": 20,
            }
        )

        self.assertEqual(response.status_code, 201, response.content)
        data = response.json()
        self.assertEqual(data["position"], 1)
        self.assertEqual((data["owner"], data["owner_name"]), (self.alice.pk, "Alice Berg"))
        self.assertNotIn("email", data)
        self.assertEqual(data["meeting"], self.meeting.pk)

    def test_it_refuses_an_owner_outside_the_body_and_a_standing_kind(self) -> None:
        response = self.add({"kind": "case", "title": "X", "owner": self.cecilia.pk})
        self.assertError(response, 400, field="owner")
        response = self.add({"kind": "standing", "title": "Egen stående punkt"})
        self.assertError(response, 400, field="kind")
        self.assertEqual(AgendaItem.objects.filter(meeting=self.meeting).count(), 1)

    def test_a_case_without_a_proposal_is_refused_where_the_charter_requires_one(self) -> None:
        Charter.objects.filter(pk=self.charter.pk).update(
            items_need_description_and_proposal=True,
            citations={"documents": "Varje ärende ska ha en kort ärendebeskrivning."},
        )

        response = self.add(
            {"kind": "case", "title": "Gemensam rutin", "description": "Rutinen behöver ses över."}
        )

        payload = self.assertError(response, 400, field="proposal")
        self.assertIn("förslag till åtgärd", payload["detail"])
        self.assertEqual(AgendaItem.objects.filter(meeting=self.meeting).count(), 1)

        response = self.add(
            {
                "kind": "case",
                "title": "Gemensam rutin",
                "description": "Rutinen behöver ses över.",
                "proposal": "LSG ger AU i uppdrag att revidera rutinen.",
            }
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["proposal"], "LSG ger AU i uppdrag att revidera rutinen.")

    def test_it_updates_an_item_with_its_lock_version(self) -> None:
        item = agenda_item_add(by=None, meeting=self.meeting, kind="information", title="Läget")
        path = f"/agenda-items/{item.pk}"

        response = self.call(
            "patch",
            path,
            {"lock_version": item.lock_version, "title": "Lägesrapport", "planned_minutes": 15},
            user=self.coordinator,
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["title"], "Lägesrapport")
        self.assertEqual(response.json()["lock_version"], item.lock_version + 1)

        stale = self.call(
            "patch", path, {"lock_version": item.lock_version, "title": "Annat"}, user=self.admin
        )
        self.assertError(stale, 409)
        self.assertEqual(AgendaItem.objects.get(pk=item.pk).title, "Lägesrapport")

        self.assertEqual(self.call("get", path).json()["title"], "Lägesrapport")

    def test_it_moves_and_removes_items(self) -> None:
        standing = AgendaItem.objects.get(meeting=self.meeting)
        case = agenda_item_add(
            by=None,
            meeting=self.meeting,
            kind="case",
            title="Ärende",
            description="d",
            proposal="p",
        )

        response = self.call(
            "post", f"/agenda-items/{case.pk}/move", {"direction": "up"}, user=self.coordinator
        )

        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual([i["id"] for i in response.json()["agenda"]], [case.pk, standing.pk])
        self.assertEqual([i["position"] for i in response.json()["agenda"]], [0, 1])
        self.assertError(
            self.call(
                "post",
                f"/agenda-items/{case.pk}/move",
                {"direction": "sideways"},
                user=self.coordinator,
            ),
            400,
            field="direction",
        )

        response = self.call("delete", f"/agenda-items/{case.pk}", user=self.coordinator)
        self.assertEqual(response.status_code, 204, response.content)
        self.assertFalse(AgendaItem.objects.filter(pk=case.pk).exists())
        self.assertError(
            self.call("delete", f"/agenda-items/{case.pk}", user=self.coordinator),
            404,
            detail="Punkten finns inte.",
        )

    def test_the_agenda_of_a_cancelled_meeting_is_closed(self) -> None:
        self.call(
            "post", f"/meetings/{self.meeting.pk}/cancel", {"reason": "x"}, user=self.coordinator
        )
        self.assertError(self.add({"kind": "information", "title": "Sent"}), 400, field="meeting")


class MeetingPermissionTests(MeetingApiTestCase):
    def writes(self, meeting: Meeting, item: AgendaItem) -> list[tuple[str, str, dict[str, Any]]]:
        return [
            (
                "post",
                "/meetings",
                {"body": self.body.pk, "starts_at": iso(DAY, 9), "ends_at": iso(DAY, 10)},
            ),
            ("patch", f"/meetings/{meeting.pk}", {"lock_version": 1, "place": "Lycksele"}),
            ("post", f"/meetings/{meeting.pk}/cancel", {"reason": "Obehörig"}),
            ("post", f"/meetings/{meeting.pk}/held", {}),
            ("post", f"/meetings/{meeting.pk}/agenda", {"kind": "information", "title": "X"}),
            ("patch", f"/agenda-items/{item.pk}", {"lock_version": 1, "title": "X"}),
            ("post", f"/agenda-items/{item.pk}/move", {"direction": "down"}),
            ("delete", f"/agenda-items/{item.pk}", {}),
            (
                "post",
                f"/bodies/{self.body.pk}/plan",
                {"days": [str(working_day(datetime.date(YEAR, 3, 16)))]},
            ),
        ]

    def test_only_admins_and_the_structures_coordinators_may_write(self) -> None:
        meeting = self.make()
        item = AgendaItem.objects.get(meeting=meeting)
        for method, path, data in self.writes(meeting, item):
            with self.subTest(method=method, path=path):
                self.assertError(self.call(method, path, data), 401)
                self.assertError(self.call(method, path, data, user=self.member_user), 403)
                payload = self.assertError(
                    self.call(method, path, data, user=self.other_coordinator), 403
                )
                self.assertIn("Samverkan Västerbotten", payload["detail"])
        self.assertEqual(Meeting.objects.count(), 1)
        fresh = Meeting.objects.get(pk=meeting.pk)
        self.assertEqual((fresh.status, fresh.place, fresh.lock_version), ("planned", "", 1))
        self.assertEqual(
            list(AgendaItem.objects.values_list("pk", "title")), [(item.pk, item.title)]
        )

    def test_an_admin_may_write_in_any_structure(self) -> None:
        meeting = self.make(body=self.other_body)
        response = self.call(
            "patch",
            f"/meetings/{meeting.pk}",
            {"lock_version": 1, "place": "Karlskrona"},
            user=self.admin,
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertError(
            self.call(
                "patch",
                f"/meetings/{meeting.pk}",
                {"lock_version": 2, "place": "Ronneby"},
                user=self.coordinator,
            ),
            403,
        )
        self.assertEqual(
            self.call(
                "patch",
                f"/meetings/{meeting.pk}",
                {"lock_version": 2, "place": "Ronneby"},
                user=self.other_coordinator,
            ).status_code,
            200,
        )

    def test_an_unknown_meeting_is_404_before_any_permission_question(self) -> None:
        self.assertError(self.call("get", "/meetings/999999"), 404, detail="Mötet finns inte.")
        self.assertError(
            self.call("patch", "/meetings/999999", {"lock_version": 1}, user=self.member_user),
            404,
            detail="Mötet finns inte.",
        )


class MeetingReadTests(MeetingApiTestCase):
    def test_anyone_reads_meetings_but_never_the_owners_contact_details(self) -> None:
        meeting = self.make(place="Umeå")
        agenda_item_add(
            by=None,
            meeting=meeting,
            kind="case",
            title="Gemensam rutin",
            owner=self.alice,
            description="Rutinen behöver ses över.",
            proposal="LSG beslutar att …",
        )
        for who in (None, self.member_user, self.coordinator):
            with self.subTest(who=who):
                response = self.call("get", f"/meetings/{meeting.pk}", user=who)
                self.assertEqual(response.status_code, 200, response.content)
                data = response.json()
                self.assertEqual(
                    [(i["kind"], i["title"]) for i in data["agenda"]],
                    [("standing", "Föregående minnesanteckningar"), ("case", "Gemensam rutin")],
                )
                self.assertEqual(data["agenda"][1]["owner_name"], "Alice Berg")
                self.assertEqual(data["agenda"][1]["proposal"], "LSG beslutar att …")
                self.assertNotIn(self.alice.email.encode(), response.content)
                self.assertNotIn(self.alice.phone.encode(), response.content)

    def test_it_lists_meetings_in_order_with_filters(self) -> None:
        late = self.make(DAY + datetime.timedelta(days=30))
        early = self.make(DAY)
        other = self.make(DAY + datetime.timedelta(days=10), body=self.other_body)
        cancelled = self.make(DAY + datetime.timedelta(days=20))
        self.call(
            "post", f"/meetings/{cancelled.pk}/cancel", {"reason": "x"}, user=self.coordinator
        )

        def ids(params: dict[str, Any]) -> list[int]:
            response = self.call("get", "/meetings", params)
            self.assertEqual(response.status_code, 200, response.content)
            return [m["id"] for m in response.json()["items"]]

        self.assertEqual(ids({}), [early.pk, other.pk, cancelled.pk, late.pk])
        self.assertEqual(ids({"body": self.body.pk}), [early.pk, cancelled.pk, late.pk])
        self.assertEqual(ids({"structure": "blekinge"}), [other.pk])
        self.assertEqual(ids({"status": "cancelled"}), [cancelled.pk])
        self.assertEqual(
            ids({"from": str(DAY + datetime.timedelta(days=10)), "to": str(late.starts_at.date())}),
            [other.pk, cancelled.pk, late.pk],
        )
        self.assertEqual(ids({"to": str(DAY)}), [early.pk])
        self.assertEqual(self.call("get", "/meetings", {"limit": 1}).json()["count"], 4)
        self.assertError(
            self.call("get", "/meetings", {"status": "postponed"}), 400, field="status"
        )
        self.assertError(self.call("get", "/meetings", {"from": "i morgon"}), 400, field="from")

    def count_queries(self, call: Callable[[], Any]) -> int:
        with CaptureQueriesContext(connection) as context:
            response = call()
        self.assertEqual(response.status_code, 200, response.content)
        return len(context.captured_queries)

    def test_it_lists_in_the_same_number_of_queries_for_3_and_30_meetings(self) -> None:
        def make_many(start: int, end: int) -> None:
            for i in range(start, end):
                body = self.body if i % 2 else self.other_body
                meeting = self.make(DAY + datetime.timedelta(days=i), body=body, convener=self.bo)
                agenda_item_add(by=None, meeting=meeting, kind="information", title=f"Punkt {i}")

        make_many(0, 3)
        small = {
            who: self.count_queries(
                partial(self.call, "get", "/meetings", {"limit": 500}, user=who)
            )
            for who in (None, self.coordinator)
        }
        make_many(3, 30)
        for who in (None, self.coordinator):
            page = self.call("get", "/meetings", {"limit": 500}, user=who).json()
            self.assertEqual((page["count"], len(page["items"])), (30, 30))
            self.assertEqual(page["items"][0]["convener_name"], "Bo Lind")
            large = self.count_queries(
                partial(self.call, "get", "/meetings", {"limit": 500}, user=who)
            )
            self.assertEqual(large, small[who], f"as {who}")

    def test_it_reads_a_meeting_in_a_fixed_number_of_queries(self) -> None:
        meeting = self.make()
        agenda_item_add(
            by=None, meeting=meeting, kind="information", title="Första", owner=self.alice
        )

        def read() -> Any:
            return self.call("get", f"/meetings/{meeting.pk}")

        before = self.count_queries(read)
        for i in range(15):
            agenda_item_add(
                by=None, meeting=meeting, kind="information", title=f"Punkt {i}", owner=self.bo
            )
            self.call(
                "patch",
                f"/meetings/{meeting.pk}",
                {"lock_version": Meeting.objects.get(pk=meeting.pk).lock_version, "title": str(i)},
                user=self.coordinator,
            )
        self.assertEqual(len(read().json()["agenda"]), 17)
        self.assertEqual(len(read().json()["events"]), 16)
        self.assertEqual(self.count_queries(read), before)


class PlanApiTests(MeetingApiTestCase):
    def test_it_proposes_the_charters_number_of_meetings(self) -> None:
        response = self.call("get", f"/bodies/{self.body.pk}/plan", {"year": YEAR})

        self.assertEqual(response.status_code, 200, response.content)
        data = response.json()
        self.assertEqual((data["body"], data["year"]), (self.body.pk, YEAR))
        self.assertEqual(len(data["proposals"]), 3)  # lsg: at least three meetings a year
        for proposal in data["proposals"]:
            day = datetime.date.fromisoformat(proposal["day"])
            self.assertEqual(day.year, YEAR)
            self.assertEqual(datetime.datetime.fromisoformat(proposal["starts_at"]).date(), day)
            self.assertTrue(proposal["reason"])
        status = data["status"]
        self.assertEqual((status["booked"], status["needed"], status["ok"]), (0, 3, False))
        self.assertEqual(status["deadline"], f"{YEAR - 1}-11-30")
        self.assertTrue(status["message"])
        # Without a year it is next year's plan.
        self.assertEqual(self.call("get", f"/bodies/{self.body.pk}/plan").json()["year"], YEAR)

    def test_it_books_the_proposed_days(self) -> None:
        proposals = self.call("get", f"/bodies/{self.body.pk}/plan", {"year": YEAR}).json()
        days = [p["day"] for p in proposals["proposals"]]

        response = self.call(
            "post",
            f"/bodies/{self.body.pk}/plan",
            {"days": days, "place": "Regionens hus"},
            user=self.coordinator,
        )

        self.assertEqual(response.status_code, 201, response.content)
        booked = response.json()
        self.assertEqual([m["starts_at"][:10] for m in booked], sorted(days))
        self.assertEqual({m["place"] for m in booked}, {"Regionens hus"})
        self.assertEqual(Meeting.objects.filter(body=self.body).count(), 3)
        status = self.call("get", f"/bodies/{self.body.pk}/plan", {"year": YEAR}).json()["status"]
        self.assertEqual((status["booked"], status["ok"]), (3, True))

    def test_it_refuses_holidays_past_days_and_repeats_and_books_nothing(self) -> None:
        past = working_day(datetime.date.today() - datetime.timedelta(days=7), step=-1)
        fine = str(working_day(datetime.date(YEAR, 3, 16)))
        for days, message in (
            ([fine, f"{YEAR}-12-25"], "ingen arbetsdag"),
            ([fine, str(past)], "det förflutna"),
            ([fine, fine], "flera gånger"),
            ([], "minst en dag"),
        ):
            with self.subTest(days=days):
                response = self.call(
                    "post", f"/bodies/{self.body.pk}/plan", {"days": days}, user=self.coordinator
                )
                payload = self.assertError(response, 400, field="days")
                self.assertIn(message, payload["errors"]["days"][0])
        self.assertFalse(Meeting.objects.exists())

    def test_an_unknown_body_has_no_plan(self) -> None:
        self.assertError(self.call("get", "/bodies/999999/plan"), 404)
        self.assertError(
            self.call("get", f"/bodies/{self.body.pk}/plan", {"year": 1999}), 400, field="year"
        )


class MeetingOpenApiTests(ApiTestCase):
    def test_the_document_is_still_openapi_3_1_and_has_the_meeting_paths(self) -> None:
        response = self.client.get("/api/v1/openapi.json")

        self.assertEqual(response.status_code, 200)
        document = response.json()
        self.assertRegex(document["openapi"], r"^3\.1\.\d+$")
        paths = document["paths"]
        expected = {
            "/api/v1/meetings": {"get", "post"},
            "/api/v1/meetings/{meeting_id}": {"get", "patch"},
            "/api/v1/meetings/{meeting_id}/cancel": {"post"},
            "/api/v1/meetings/{meeting_id}/held": {"post"},
            "/api/v1/meetings/{meeting_id}/agenda": {"post"},
            "/api/v1/agenda-items/{item_id}": {"get", "patch", "delete"},
            "/api/v1/agenda-items/{item_id}/move": {"post"},
            "/api/v1/bodies/{body_id}/plan": {"get", "post"},
        }
        for path, methods in expected.items():
            self.assertEqual(set(paths[path]), methods, path)
        # The bodies router's own paths are still there beside the plan.
        self.assertIn("/api/v1/bodies/{body_id}", paths)
        self.assertIn({}, paths["/api/v1/meetings"]["get"]["security"])
        self.assertEqual(paths["/api/v1/meetings"]["post"]["security"], [{"ApiKey": []}])
        self.assertIn("409", paths["/api/v1/meetings/{meeting_id}"]["patch"]["responses"])
        parameters = {p["name"] for p in paths["/api/v1/meetings"]["get"]["parameters"]}
        self.assertLessEqual({"body", "structure", "status", "from", "to"}, parameters)
        schemas = document["components"]["schemas"]
        self.assertIn("lock_version", schemas["MeetingPatch"]["required"])
        self.assertIn("lock_version", schemas["AgendaItemPatch"]["required"])
        operation_ids = [
            operation["operationId"] for item in paths.values() for operation in item.values()
        ]
        self.assertEqual(len(operation_ids), len(set(operation_ids)))


class VideoLinkTests(ApiTestCase):
    def test_it_shows_the_video_link_only_to_logged_in_callers(self) -> None:
        import datetime as dt

        from samverkan.lib.localtime import local
        from samverkan.meetings.services import meeting_create

        day = dt.date.today() + dt.timedelta(days=40)
        meeting = meeting_create(
            body=self.body,
            starts_at=local(day, 13),
            ends_at=local(day, 15),
            by=None,
            video_link="https://video.example/rum?pwd=123",
        )
        anonymous = self.client.get(f"/api/v1/meetings/{meeting.pk}").json()
        self.assertEqual(anonymous["video_link"], "")
        member = self.call("get", f"/meetings/{meeting.pk}", user=self.member_user).json()
        self.assertEqual(member["video_link"], "https://video.example/rum?pwd=123")
