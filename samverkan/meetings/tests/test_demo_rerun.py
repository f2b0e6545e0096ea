"""`make run` loads the demo on every start: the loaders act only on the demo's own
structures and bodies, once, and a body the planning refuses is a line of output, never a
traceback that stops the start.

One seed structure (Skåne mellersta, three bodies) stands in for the four, so that all four
loaders run twice in a few seconds rather than the minute the whole demo takes.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db.models import Model
from django.test import TestCase, override_settings

from samverkan.accounts.services import api_token_create
from samverkan.cases.models import Assignment, Case, PrincipalDecision, Recommendation
from samverkan.meetings.models import AgendaItem, Attendance, Document, Meeting
from samverkan.minutes.models import Minutes, MinutesApprover
from samverkan.structure.demo import demo_bodies, demo_mark, demo_structures
from samverkan.structure.models import Body, Charter, DemoMark, DemoPart, Membership, Structure
from samverkan.structure.services import charter_update
from samverkan.testing.base import BaseTestCase

SEED = "skane-mellersta"
LOADERS = ("load_demo", "load_demo_meetings", "load_demo_minutes", "load_demo_cases")
COUNTED: tuple[type[Model], ...] = (
    Structure,
    Body,
    Charter,
    Membership,
    Meeting,
    AgendaItem,
    Attendance,
    Document,
    Minutes,
    MinutesApprover,
    Case,
    Recommendation,
    PrincipalDecision,
    Assignment,
    DemoMark,
)


def _counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in COUNTED}


def _run(*commands: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    for command in commands:
        call_command(command, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


class DemoRerunTests(TestCase):
    folder: Path

    @classmethod
    def setUpClass(cls) -> None:
        cls.folder = Path(tempfile.mkdtemp(prefix="demo-seed-"))
        shutil.copy(Path(settings.STRUCTURES_DIR) / f"{SEED}.yaml", cls.folder)
        cls.enterClassContext(override_settings(STRUCTURES_DIR=cls.folder))
        super().setUpClass()

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        shutil.rmtree(cls.folder, ignore_errors=True)

    def api(self, token: str, path: str, data: dict) -> dict:
        response = self.client.post(
            f"/api/v1{path}",
            json.dumps(data),
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )
        self.assertEqual(response.status_code, 201, response.content)
        return response.json()

    def test_it_runs_again_after_a_body_asking_for_300_meetings_was_created_in_the_api(
        self,
    ) -> None:
        _run(*LOADERS)
        structure = Structure.objects.get(slug=SEED)
        self.assertTrue(Meeting.objects.filter(body__structure=structure).exists())
        self.assertTrue(Minutes.objects.filter(meeting__body__structure=structure).exists())
        self.assertTrue(Case.objects.filter(structure=structure).exists())
        self.assertEqual(
            set(DemoMark.objects.filter(body=None).values_list("structure", "part")),
            {(structure.pk, DemoPart.STRUCTURE), (structure.pk, DemoPart.CASES)},
        )

        admin = User.objects.get(username="admin")
        token = api_token_create(by=admin, name="demo")[1]
        body = self.api(
            token,
            "/bodies",
            {
                "structure": SEED,
                "name": "Arbetsgrupp som möts varje dag",
                "kind": "working_group",
                "level": "regional",
                "mandate": "none",
            },
        )
        self.api(
            token, f"/bodies/{body['id']}/charters", {"version": "1", "meetings_min_per_year": 300}
        )
        before = _counts()
        held = list(Meeting.objects.order_by("pk").values_list("pk", "starts_at", "status"))

        out, err = _run(*LOADERS)

        self.assertEqual(err, "")
        self.assertIn("Demons möten finns redan.", out)
        self.assertIn("Demons minnesanteckningar finns redan.", out)
        self.assertIn("Demons ärenden finns redan.", out)
        self.assertFalse(Meeting.objects.filter(body_id=body["id"]).exists())
        self.assertFalse(DemoMark.objects.filter(body_id=body["id"]).exists())
        self.assertEqual(_counts(), before)
        self.assertEqual(
            list(Meeting.objects.order_by("pk").values_list("pk", "starts_at", "status")), held
        )

    def test_a_demo_body_the_planning_refuses_is_one_line_and_the_rest_is_planned(self) -> None:
        _run("load_demo")
        charter = Charter.objects.in_force().get(
            body__structure__slug=SEED, body__key="arbetsgrupp-trygg-hemgang"
        )
        charter_update(
            by=None,
            charter=charter,
            expected_version=charter.lock_version,
            meetings_min_per_year=300,
            meetings_max_per_year=None,
        )

        out, err = _run("load_demo_meetings")

        self.assertEqual(
            err.strip(),
            f"Demons möten planerades inte för {charter.body.name} i "
            f"{charter.body.structure.name}: Det gick inte att hitta en ledig mötesdag.",
        )
        self.assertFalse(Meeting.objects.filter(body=charter.body).exists())
        self.assertTrue(Meeting.objects.filter(body__structure__slug=SEED).exists())
        self.assertIn("Möten i demon:", out)
        # Once: the body is not tried again, and so not reported again either.
        self.assertEqual(_run("load_demo_meetings"), ("Demons möten finns redan.\n", ""))
        self.assertTrue(DemoMark.objects.filter(body=charter.body, part=DemoPart.MEETINGS).exists())


class DemoMarkTests(BaseTestCase):
    def test_the_marks_name_the_demos_own_structures_and_bodies_and_what_is_done(self) -> None:
        # Marks made first for other parts, so that no mark's id happens to be a structure's.
        demo_mark(DemoPart.CASES, structures=[self.structure])
        demo_mark(DemoPart.STRUCTURE, structures=[self.other_structure], bodies=[self.other_body])
        demo_mark(DemoPart.STRUCTURE, structures=[self.other_structure])  # once is enough
        self.assertEqual(list(demo_structures()), [self.other_structure])
        self.assertEqual(list(demo_structures(not_yet=DemoPart.CASES)), [self.other_structure])
        self.assertEqual(list(demo_bodies(not_yet=DemoPart.MEETINGS)), [self.other_body])
        demo_mark(DemoPart.MEETINGS, bodies=[self.other_body])
        self.assertEqual(list(demo_bodies(not_yet=DemoPart.MEETINGS)), [])
        self.assertEqual(
            list(demo_bodies(not_yet=DemoPart.MINUTES, made_by=DemoPart.MEETINGS)),
            [self.other_body],
        )
        self.assertEqual(DemoMark.objects.filter(part=DemoPart.STRUCTURE).count(), 2)
