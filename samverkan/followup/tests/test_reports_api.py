"""`/api/v1/reports`: generate, read, edit with lock_version, approve, reopen, deliver, PDF;
precise JSON errors 400/401/403/404/409."""

from __future__ import annotations

from samverkan.followup.models import PeriodicReport, ReportStatus
from samverkan.followup.tests.reports_base import ReportTestCase
from samverkan.meetings.models import AgendaItem


class ReportApiTests(ReportTestCase):
    def create(self) -> dict:  # type: ignore[type-arg]
        response = self.call(
            "post",
            "/reports",
            {"body": self.local.pk, "period": "vt", "year": self.year},
            user=self.chair_user,
        )
        self.assertEqual(response.status_code, 201, response.content)
        return response.json()  # type: ignore[no-any-return]

    def test_the_chair_generates_edits_approves_and_delivers(self) -> None:
        data = self.create()
        self.assertEqual((data["to_body"], data["period_key"]), (self.body.pk, "vt"))
        self.assertEqual(data["status"], "draft")
        self.assertEqual(len(data["sections"]), 8)
        path = f"/reports/{data['id']}"
        patched = self.call(
            "patch",
            path,
            {
                "lock_version": data["lock_version"],
                "summary": "Terminens arbete.",
                "texts": {"meetings": "God närvaro."},
            },
            user=self.secretary_user,
        )
        self.assertEqual(patched.status_code, 200, patched.content)
        self.assertEqual(patched.json()["sections"][0]["text"], "God närvaro.")
        version = patched.json()["lock_version"]
        approved = self.call(
            "post", f"{path}/approve", {"lock_version": version}, user=self.chair_user
        )
        self.assertEqual(approved.json()["status"], "approved")
        reopened = self.call("post", f"{path}/reopen", {}, user=self.chair_user)
        self.assertEqual(reopened.json()["status"], "draft")
        self.call("post", f"{path}/approve", {}, user=self.chair_user)
        delivered = self.call(
            "post", f"{path}/deliver", {"meeting": self.coming.pk}, user=self.chair_user
        )
        self.assertEqual(delivered.status_code, 200, delivered.content)
        self.assertEqual(delivered.json()["status"], "delivered")
        self.assertEqual(delivered.json()["meeting"], self.coming.pk)
        self.assertTrue(
            AgendaItem.objects.filter(
                meeting=self.coming, title__startswith="Rapport från"
            ).exists()
        )
        pdf = self.call("get", f"{path}/pdf", user=self.member_user)
        self.assertEqual(pdf["Content-Type"], "application/pdf")
        # Members of the receiving body now find it in the list.
        listed = self.call("get", "/reports", {"to_body": self.body.pk}, user=self.member_user)
        self.assertEqual([r["id"] for r in listed.json()["items"]], [data["id"]])
        # The list leaves the sections (charts and tables) to the report itself.
        self.assertNotIn("sections", listed.json()["items"][0])
        self.assertEqual(len(self.call("get", path, user=self.member_user).json()["sections"]), 8)

    def test_a_second_report_for_the_period_is_409(self) -> None:
        data = self.create()
        again = self.call(
            "post",
            "/reports",
            {"body": self.local.pk, "period": "vt", "year": self.year},
            user=self.coordinator,
        )
        payload = self.assertError(again, 409, field="period")
        self.assertIn(f"/arbeta/rapporter/{data['id']}/", payload["detail"])

    def test_a_stale_lock_version_is_409(self) -> None:
        data = self.create()
        path = f"/reports/{data['id']}"
        self.call(
            "patch",
            path,
            {"lock_version": data["lock_version"], "summary": "A"},
            user=self.chair_user,
        )
        stale = self.call(
            "patch",
            path,
            {"lock_version": data["lock_version"], "summary": "B"},
            user=self.chair_user,
        )
        self.assertError(stale, 409)
        self.assertEqual(PeriodicReport.objects.get().summary, "A")

    def test_bad_input_is_400(self) -> None:
        self.assertError(
            self.call(
                "post",
                "/reports",
                {"body": self.local.pk, "period": "q3", "year": self.year},
                user=self.chair_user,
            ),
            400,
        )
        self.assertError(
            self.call(
                "post",
                "/reports",
                {"body": 999999, "period": "vt", "year": self.year},
                user=self.admin,
            ),
            400,
            field="body",
        )
        data = self.create()
        self.assertError(
            self.call(
                "patch",
                f"/reports/{data['id']}",
                {"lock_version": data["lock_version"], "texts": {"nope": "x"}},
                user=self.chair_user,
            ),
            400,
            field="texts",
        )
        # Approving without a summary, delivering a draft: refused with the reason.
        self.assertError(
            self.call("post", f"/reports/{data['id']}/approve", {}, user=self.chair_user),
            400,
            field="summary",
        )
        self.assertError(
            self.call("post", f"/reports/{data['id']}/deliver", {}, user=self.chair_user),
            400,
            field="status",
        )

    def test_without_a_key_writes_are_401_and_reads_find_nothing(self) -> None:
        data = self.create()
        self.assertError(
            self.call(
                "post", "/reports", {"body": self.local.pk, "period": "vt", "year": self.year}
            ),
            401,
        )
        self.assertError(self.call("post", f"/reports/{data['id']}/approve", {}), 401)
        self.assertError(self.call("get", f"/reports/{data['id']}"), 404)
        self.assertEqual(self.call("get", "/reports").json()["count"], 0)

    def test_drafts_are_404_for_members_and_writes_403_once_readable(self) -> None:
        data = self.create()
        path = f"/reports/{data['id']}"
        for user in (self.local_member, self.member_user, self.other_coordinator):
            self.assertError(self.call("get", path, user=user), 404)
            self.assertError(self.call("get", f"{path}/pdf", user=user), 404)
            self.assertError(
                self.call("patch", path, {"lock_version": 1, "summary": "x"}, user=user), 404
            )
        self.assertError(
            self.call(
                "post",
                "/reports",
                {"body": self.local.pk, "period": "vt", "year": self.year - 1},
                user=self.local_member,
            ),
            403,
        )
        report = PeriodicReport.objects.get()
        report.status = ReportStatus.DELIVERED
        report.save()
        # A delivered report: the member reads it but may not change it.
        self.assertEqual(self.call("get", path, user=self.local_member).status_code, 200)
        self.assertError(self.call("post", f"{path}/reopen", {}, user=self.local_member), 403)

    def test_deliver_to_a_meeting_of_another_body_is_400(self) -> None:
        data = self.create()
        path = f"/reports/{data['id']}"
        self.call(
            "patch",
            path,
            {"lock_version": data["lock_version"], "summary": "S"},
            user=self.chair_user,
        )
        self.call("post", f"{path}/approve", {}, user=self.chair_user)
        self.assertError(
            self.call("post", f"{path}/deliver", {"meeting": self.held.pk}, user=self.chair_user),
            400,
            field="meeting",
        )
        self.assertError(self.call("get", "/reports/0"), 404)
