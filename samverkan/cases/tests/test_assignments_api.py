"""The assignments and working groups in the API: internal (401 without a key), read per
`readable_assignments` (404 otherwise), changed by the same services and rules."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samverkan.accounts.services import api_token_create
from samverkan.api.tests.base import API, ApiTestCase
from samverkan.cases.models import Assignment, AssignmentStatus, WorkingGroup
from samverkan.cases.tests.test_assignments_base import (
    EIGHT_HEADINGS,
    AssignmentTestCase,
    sections,
)
from samverkan.structure.models import Charter, Principal, PrincipalKind


class AssignmentApiTests(AssignmentTestCase, ApiTestCase):
    chair_token: str
    stranger_token: str

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.chair_token = api_token_create(by=cls.chair_user, name="test")[1]
        cls.stranger_token = api_token_create(by=cls.stranger_user, name="test")[1]

    def payload(self, **overrides: object) -> dict[str, object]:
        values: dict[str, object] = {
            "given_by": self.body.pk,
            "title": "Rutin för utskrivning",
            "to_body": self.local.pk,
            "responsible": [self.cecilia.pk],
            "sections": sections(),
            "given_on": "2027-01-11",
            "due_on": "2027-03-01",
        }
        values.update(overrides)
        return values

    def test_it_answers_anonymous_callers_401_on_every_assignment_path(self) -> None:
        assignment = self.give()
        group = self.working_group()
        for path in (
            "/assignments",
            f"/assignments/{assignment.pk}",
            f"/assignments/{assignment.pk}/report-file",
            "/working-groups",
            f"/working-groups/{group.pk}",
        ):
            with self.subTest(path=path):
                self.assertError(self.call("get", path), 401)
        self.assertError(self.call("post", "/assignments", self.payload()), 401)
        self.assertError(
            self.call("post", f"/working-groups/{group.pk}/reviewed", {"lock_version": 1}), 401
        )

    def test_it_gives_an_assignment_with_the_eight_headings(self) -> None:
        response = self.call("post", "/assignments", self.payload(), token=self.chair_token)
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual([s["heading"] for s in body["sections"]], EIGHT_HEADINGS)
        self.assertEqual(body["to_body_name"], "Lokal samverkansgrupp Umeå")
        self.assertEqual(body["report_to"], self.body.pk)
        self.assertEqual(body["responsible"], [{"id": self.cecilia.pk, "name": "Cecilia Ek"}])
        self.assertEqual(body["status"], "given")
        self.assertFalse(body["overdue"])

    def test_it_refuses_wrong_headings_missing_responsible_and_a_receiver_not_below(
        self,
    ) -> None:
        wrong = sections()[1:]
        self.assertError(
            self.call("post", "/assignments", self.payload(sections=wrong), token=self.chair_token),
            400,
            field="sections",
        )
        self.assertError(
            self.call("post", "/assignments", self.payload(responsible=[]), token=self.chair_token),
            400,
            field="responsible",
        )
        self.assertError(
            self.call(
                "post",
                "/assignments",
                self.payload(to_body=self.council.pk),
                token=self.chair_token,
            ),
            400,
            field="to_body",
        )
        self.assertError(
            self.call("post", "/assignments", self.payload(to_body=999999), token=self.chair_token),
            400,
            field="to_body",
        )
        self.assertFalse(Assignment.objects.exists())

    def test_it_refuses_a_member_who_does_not_lead_with_403(self) -> None:
        self.assertError(
            self.call("post", "/assignments", self.payload(), user=self.member_user), 403
        )

    def test_it_reads_what_readable_assignments_allows(self) -> None:
        assignment = self.give()
        self.give(given_by=self.body, to_body=self.local, title="Andra uppdraget")
        listed = self.call(
            "get", "/assignments", {"structure": "vasterbotten"}, user=self.member_user
        )
        self.assertEqual(listed.json()["count"], 2)
        self.assertEqual(
            self.call("get", "/assignments", token=self.stranger_token).json()["count"], 0
        )
        self.assertError(
            self.call("get", f"/assignments/{assignment.pk}", token=self.stranger_token), 404
        )
        got = self.call("get", f"/assignments/{assignment.pk}", user=self.member_user)
        self.assertEqual(got.status_code, 200)
        self.assertEqual(got.json()["title"], "Rutin för utskrivning")

    def test_it_filters_the_overdue(self) -> None:
        self.give(
            title="Gammalt", given_on=datetime.date(2024, 1, 1), due_on=datetime.date(2024, 2, 1)
        )
        self.give(
            title="Nytt", given_on=datetime.date(2030, 1, 1), due_on=datetime.date(2030, 2, 1)
        )
        overdue = self.call(
            "get", "/assignments", {"overdue": "true"}, user=self.coordinator
        ).json()
        self.assertEqual([a["title"] for a in overdue["items"]], ["Gammalt"])
        self.assertTrue(overdue["items"][0]["overdue"])
        given = self.call(
            "get",
            "/assignments",
            {"status": "given", "to_body": self.local.pk},
            user=self.coordinator,
        )
        self.assertEqual(given.json()["count"], 2)

    def test_it_patches_with_the_lock_version_for_the_giver_only(self) -> None:
        assignment = self.give()
        path = f"/assignments/{assignment.pk}"
        self.assertError(
            self.call("patch", path, {"lock_version": 1, "title": "X"}, user=self.member_user), 403
        )
        changed = self.call(
            "patch", path, {"lock_version": 1, "due_on": "2027-04-01"}, token=self.chair_token
        )
        self.assertEqual(changed.status_code, 200, changed.content)
        self.assertEqual(changed.json()["due_on"], "2027-04-01")
        self.assertError(
            self.call("patch", path, {"lock_version": 1, "title": "X"}, token=self.chair_token), 409
        )

    def test_it_reports_closes_and_withdraws(self) -> None:
        assignment = self.give()
        path = f"/assignments/{assignment.pk}"
        reported = self.client.post(
            f"{API}{path}/report",
            {
                "lock_version": "1",
                "text": "Rutinen är klar.",
                "file": SimpleUploadedFile("rutin.txt", b"Rutin\n"),
            },
            headers={"Authorization": f"Bearer {self.chair_token}"},
        )
        self.assertEqual(reported.status_code, 200, reported.content)
        body = reported.json()
        self.assertEqual(body["status"], "reported")
        self.assertEqual(body["report_file_name"], "rutin.txt")
        self.assertEqual(body["report_file"], f"{API}{path}/report-file")
        download = self.call("get", f"{path}/report-file", token=self.chair_token)
        self.assertEqual(b"".join(download.streaming_content), b"Rutin\n")
        closed = self.call("post", f"{path}/close", {"lock_version": 2}, token=self.chair_token)
        self.assertEqual(closed.json()["status"], "closed")
        self.assertError(
            self.call("post", f"{path}/withdraw", {"lock_version": 3}, token=self.chair_token), 400
        )
        other = self.give(title="Återkallas")
        withdrawn = self.call(
            "post",
            f"/assignments/{other.pk}/withdraw",
            {"lock_version": 1, "reason": "Inte aktuellt längre."},
            user=self.coordinator,
        )
        self.assertEqual(withdrawn.json()["status"], AssignmentStatus.WITHDRAWN)

    def test_it_refuses_a_report_without_text_or_file_on_the_field(self) -> None:
        assignment = self.give()
        response = self.client.post(
            f"{API}/assignments/{assignment.pk}/report",
            {"lock_version": "1"},
            headers={"Authorization": f"Bearer {self.chair_token}"},
        )
        self.assertError(response, 400, field="report_text")

    def test_it_lists_in_the_same_queries_for_few_and_many(self) -> None:
        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(
                    self.call("get", "/assignments", user=self.coordinator).status_code, 200
                )
            return len(queries)

        self.give()
        few = count()
        for n in range(15):
            self.give(title=f"Uppdrag {n}", responsible=[self.cecilia, self.bo])
        self.assertEqual(count(), few)


class WorkingGroupApiTests(AssignmentTestCase, ApiTestCase):
    chair_token: str

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.chair_token = api_token_create(by=cls.chair_user, name="test")[1]

    def test_it_creates_lists_and_reviews_a_working_group(self) -> None:
        created = self.call(
            "post",
            "/working-groups",
            {"created_by": self.body.pk, "name": "Beredning barn", "kind": "preparation_committee"},
            token=self.chair_token,
        )
        self.assertEqual(created.status_code, 201, created.content)
        group = created.json()
        self.assertEqual(group["created_by_body"], self.body.pk)
        self.assertEqual(group["kind"], "preparation_committee")
        listed = self.call(
            "get", "/working-groups", {"structure": "vasterbotten"}, user=self.member_user
        )
        self.assertEqual(listed.json()["count"], 1)
        reviewed = self.call(
            "post",
            f"/working-groups/{group['id']}/reviewed",
            {"lock_version": 1, "next_review_on": "2027-12-31"},
            token=self.chair_token,
        )
        self.assertEqual(reviewed.status_code, 200, reviewed.content)
        self.assertEqual(reviewed.json()["review_on"], "2027-12-31")
        self.assertIsNotNone(reviewed.json()["reviewed_on"])
        self.assertError(
            self.call(
                "post",
                f"/working-groups/{group['id']}/reviewed",
                {"lock_version": 1},
                token=self.chair_token,
            ),
            409,
        )

    def test_it_adds_members_and_outsiders_where_allowed(self) -> None:
        group = self.working_group()
        users = Principal.objects.create(
            kind=PrincipalKind.ORGANISATION, name="Brukarrådet", slug="brukarradet"
        )
        path = f"/working-groups/{group.pk}/members"
        self.assertError(
            self.call(
                "post", path, {"person": self.bo.pk, "principal": users.pk}, token=self.chair_token
            ),
            400,
            field="principal",
        )
        Charter.objects.filter(pk=self.charter.pk).update(working_groups_may_include_outsiders=True)
        added = self.call(
            "post", path, {"person": self.bo.pk, "principal": users.pk}, token=self.chair_token
        )
        self.assertEqual(added.status_code, 201, added.content)
        self.assertEqual(added.json()["principal_name"], "Brukarrådet")
        self.assertError(
            self.call(
                "post",
                path,
                {"person": self.bo.pk, "principal": self.region.pk},
                user=self.member_user,
            ),
            403,
        )

    def test_it_answers_a_stranger_404(self) -> None:
        group = self.working_group()
        token = api_token_create(by=self.stranger_user, name="t")[1]
        self.assertError(self.call("get", f"/working-groups/{group.pk}", token=token), 404)
        self.assertEqual(WorkingGroup.objects.count(), 1)
