"""The activity plans API: list, create, read, patch (409 on a stale version), the
revision, and activities added, changed and removed; every refusal as JSON."""

from __future__ import annotations

import datetime

from samverkan.followup.models import Activity, ActivityPlan
from samverkan.followup.tests.test_plans_base import PlanTestCase
from samverkan.lib.localtime import local_today

PLANS = "/activity-plans"


class PlanApiTests(PlanTestCase):
    def test_the_list_holds_what_the_caller_may_read(self) -> None:
        ActivityPlan.objects.create(body=self.other_body, year=2026, title="Blekinges plan")
        mine = self.call("get", PLANS, user=self.coordinator).json()
        self.assertEqual([p["title"] for p in mine["items"]], [self.plan.title])
        everyone = self.call("get", PLANS, user=self.admin).json()
        self.assertEqual(everyone["count"], 2)
        filtered = self.call(
            "get", PLANS, {"structure": self.other_structure.pk, "year": 2026}, user=self.admin
        ).json()
        self.assertEqual([p["title"] for p in filtered["items"]], ["Blekinges plan"])
        self.assertEqual(self.call("get", PLANS).json()["count"], 0)
        self.assertError(self.call("get", PLANS, {"year": 99}), 400, field="year")
        self.assertError(self.call("get", PLANS, token="sv_fel"), 401)

    def test_it_creates_reads_patches_and_revises(self) -> None:
        created = self.call(
            "post",
            PLANS,
            {
                "body": self.body.pk,
                "year": self.plan.year + 1,
                "title": "Nästa år",
                "from_previous": True,
            },
            user=self.chair_user,
        )
        self.assertEqual(created.status_code, 201, created.content)
        plan = created.json()
        self.assertEqual((plan["year"], plan["activities"]), (self.plan.year + 1, []))
        path = f"{PLANS}/{plan['id']}"
        self.assertEqual(self.call("get", path, user=self.council_user).status_code, 200)
        self.assertError(self.call("get", path, user=self.au_user), 404)
        self.assertError(self.call("get", path), 404)
        patched = self.call(
            "patch", path, {"lock_version": 1, "title": "Ny rubrik"}, user=self.secretary_user
        )
        self.assertEqual(patched.status_code, 200, patched.content)
        self.assertEqual(patched.json()["lock_version"], 2)
        self.assertError(
            self.call("patch", path, {"lock_version": 1, "title": "Krock"}, user=self.coordinator),
            409,
        )
        self.assertError(
            self.call("patch", path, {"lock_version": 2, "title": "X"}, user=self.member_user),
            403,
        )
        self.assertError(
            self.call("patch", path, {"lock_version": 2, "title": None}, user=self.coordinator),
            400,
            field="title",
        )
        future = (local_today() + datetime.timedelta(days=2)).isoformat()
        self.assertError(
            self.call(
                "post",
                f"{path}/revision",
                {"lock_version": 2, "revised_on": future, "note": "x"},
                user=self.coordinator,
            ),
            400,
            field="revised_on",
        )
        revised = self.call(
            "post",
            f"{path}/revision",
            {"lock_version": 2, "revised_on": local_today().isoformat(), "note": "Nya mål"},
            user=self.coordinator,
        )
        self.assertEqual(revised.status_code, 200, revised.content)
        self.assertEqual(revised.json()["revised_on"], local_today().isoformat())

    def test_creating_is_refused_precisely(self) -> None:
        payload = {"body": self.body.pk, "year": self.plan.year, "title": "Dubblett"}
        self.assertError(self.call("post", PLANS, payload), 401)
        self.assertError(self.call("post", PLANS, payload, user=self.member_user), 403)
        self.assertError(
            self.call("post", PLANS, payload, user=self.coordinator), 400, field="year"
        )
        self.assertError(
            self.call("post", PLANS, {**payload, "body": 2**40}, user=self.coordinator),
            400,
            field="body",
        )
        self.assertError(
            self.call("post", PLANS, {**payload, "extra": 1}, user=self.coordinator),
            400,
            field="extra",
        )

    def test_activities_are_added_changed_and_removed(self) -> None:
        base = f"{PLANS}/{self.plan.pk}/activities"
        added = self.call(
            "post",
            base,
            {
                "title": "Trygg hemgång",
                "owner": self.alice.pk,
                "case": self.case.pk,
                "assignment": self.assignment.pk,
                "due_on": "2026-12-01",
            },
            user=self.chair_user,
        )
        self.assertEqual(added.status_code, 201, added.content)
        activity = added.json()
        self.assertEqual(
            (activity["owner_name"], activity["case_number"], activity["status"]),
            ("Alice Berg", "VB 2026/1", "planned"),
        )
        self.assertError(
            self.call(
                "post", base, {"title": "X", "case": self.other_case.pk}, user=self.chair_user
            ),
            400,
            field="case",
        )
        self.assertError(
            self.call("post", base, {"title": "X", "owner": 2**40}, user=self.chair_user),
            400,
            field="owner",
        )
        path = f"{base}/{activity['id']}"
        changed = self.call(
            "patch",
            path,
            {"lock_version": 1, "status": "done", "case": None},
            user=self.coordinator,
        )
        self.assertEqual(changed.status_code, 200, changed.content)
        self.assertEqual((changed.json()["status"], changed.json()["case"]), ("done", None))
        self.assertError(
            self.call(
                "patch", path, {"lock_version": 1, "status": "ongoing"}, user=self.coordinator
            ),
            409,
        )
        self.assertError(
            self.call("patch", path, {"lock_version": 2, "status": "klar"}, user=self.coordinator),
            400,
            field="status",
        )
        self.assertError(self.call("delete", path, user=self.member_user), 403)
        self.assertError(self.call("delete", f"{base}/999999", user=self.coordinator), 404)
        self.assertError(self.call("delete", path + "?lock_version=1", user=self.coordinator), 409)
        removed = self.call("delete", path + "?lock_version=2", user=self.coordinator)
        self.assertEqual(removed.status_code, 204)
        self.assertFalse(Activity.objects.exists())

    def test_the_order_is_set_with_every_activity_once(self) -> None:
        a, b = self.add_activities(self.plan, 2)
        path = f"{PLANS}/{self.plan.pk}/activities/order"
        self.assertError(
            self.call("post", path, {"order": [a.pk]}, user=self.coordinator), 400, field="order"
        )
        ordered = self.call("post", path, {"order": [b.pk, a.pk]}, user=self.coordinator)
        self.assertEqual(ordered.status_code, 200, ordered.content)
        self.assertEqual([x["id"] for x in ordered.json()["activities"]], [b.pk, a.pk])

    def test_an_activity_links_only_what_the_editor_may_read(self) -> None:
        """A case raised in the AU below (internal to the AU), another structure's case and
        assignment, and a person outside the structure are all answered as unknown ids:
        the chair learns no case number, title or name by trying ids."""
        au_case = self.make_case(self.au, "VB 2026/99")
        au_case.title = "Internt ärende i AU"
        au_case.save()
        outsider = type(self.alice).objects.create(
            key="hemlig-person", first_name="Hemlig", last_name="Utanför"
        )
        base = f"{PLANS}/{self.plan.pk}/activities"
        for field, pk, hidden in (
            ("case", au_case.pk, "VB 2026/99"),
            ("case", self.other_case.pk, "BL 2026/1"),
            ("assignment", self.other_assignment.pk, "Kartlägg"),
            ("owner", outsider.pk, "Hemlig"),
        ):
            with self.subTest(field=field, pk=pk):
                refused = self.call("post", base, {"title": "X", field: pk}, user=self.chair_user)
                self.assertError(refused, 400, field=field)
                self.assertNotIn(hidden, refused.content.decode())
        self.assertFalse(Activity.objects.exists())
        # The coordinator reads the AU's case and may link it.
        linked = self.call("post", base, {"title": "X", "case": au_case.pk}, user=self.coordinator)
        self.assertEqual(linked.status_code, 201, linked.content)
        self.assertEqual(linked.json()["case_number"], "VB 2026/99")

    def test_a_reader_gets_a_linked_case_only_if_they_may_read_it(self) -> None:
        Activity.objects.create(
            plan=self.plan, title="Trygg hemgång", case=self.case, assignment=self.assignment
        )
        path = f"{PLANS}/{self.plan.pk}"
        council = self.call("get", path, user=self.council_user).json()["activities"][0]
        self.assertEqual(
            (council["title"], council["case"], council["case_number"], council["assignment"]),
            ("Trygg hemgång", None, None, None),
        )
        member = self.call("get", path, user=self.member_user).json()["activities"][0]
        self.assertEqual((member["case"], member["case_number"]), (self.case.pk, "VB 2026/1"))
