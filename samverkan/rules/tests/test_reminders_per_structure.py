"""The daily finding reminders go structure by structure: one structure is checked, its
reminders recorded and sent, before the next is read, so the worker never holds the whole
country's findings; a structure whose check fails does not stop the others' reminders."""

from __future__ import annotations

import datetime
from collections.abc import Collection
from unittest import mock

from django.contrib.auth.models import User
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samverkan.lib.findings import Finding, Responsible, Severity
from samverkan.rules import checking, reminders
from samverkan.rules.models import FindingReminder
from samverkan.rules.reminders import send_finding_reminders
from samverkan.rules.tests.helpers import BOOKING, body_finding, only_rules
from samverkan.structure.models import Body, Structure
from samverkan.testing.base import PASSWORD, BaseTestCase

TODAY = datetime.date(2026, 12, 1)
DAY = datetime.timedelta(days=1)


class PerStructureTests(BaseTestCase):
    users: list[User]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.users = [
            User.objects.create_user(f"ansvarig{n}", f"ansvarig{n}@example.se", PASSWORD)
            for n in range(3)
        ]

    def setUp(self) -> None:
        self.bodies: list[Body] = [self.body, self.other_body]
        self.failing: set[int] = set()
        self.enterContext(only_rules({BOOKING: self.rule}))

    def rule(
        self, *, today: datetime.date, structure_ids: Collection[int] | None = None
    ) -> list[Finding]:
        """One finding per body, due yesterday, for the three users; it fails for a
        structure in `failing`."""
        if structure_ids is not None and self.failing & set(structure_ids):
            raise RuntimeError("a rule failed")
        return [
            body_finding(
                body,
                severity=Severity.OVERDUE,
                due_on=today - DAY,
                responsible=Responsible(
                    "ansvarig", tuple(u.username for u in self.users), tuple(self.users_pks())
                ),
                about=f"body:{body.pk}:2027",
            )
            for body in self.bodies
            if structure_ids is None or body.structure_id in structure_ids
        ]

    def users_pks(self) -> list[int]:
        return [u.pk for u in self.users]

    def add_structures(self, count: int) -> None:
        """`count` more structures, each with one body and so one finding."""
        for n in range(len(self.bodies), len(self.bodies) + count):
            structure = Structure.objects.create(
                name=f"Struktur {n}", slug=f"struktur-{n}", region=self.structure.region
            )
            self.bodies.append(
                Body.objects.create(
                    structure=structure,
                    key=f"g{n}",
                    name=f"Grupp {n}",
                    kind="county_group",
                    level="regional",
                    mandate="recommends",
                )
            )

    def test_each_structure_is_reminded_before_the_next_is_checked(self) -> None:
        checked = checking.check_structure
        sent_before: dict[int, set[int | None]] = {}

        def check_structure(structure_id: int, **kwargs: object) -> int:
            sent_before[structure_id] = set(
                FindingReminder.objects.filter(state="sent").values_list("structure_id", flat=True)
            )
            return checked(structure_id, **kwargs)  # type: ignore[arg-type]

        with mock.patch.object(checking, "check_structure", check_structure):
            self.assertEqual(send_finding_reminders(today=TODAY), 6)
        first, second = sorted([self.structure.pk, self.other_structure.pk])
        self.assertEqual(sent_before, {first: set(), second: {first}})
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox), sorted(2 * [u.email for u in self.users])
        )

    def test_the_writer_knows_one_structures_findings_at_a_time(self) -> None:
        self.add_structures(3)
        known: list[set[int | None]] = []
        send_pending = reminders.send_pending

        def spy(model: type[FindingReminder], composer: reminders._Composer, **kw: object) -> int:
            known.append({f.structure_id for f in composer.found.values()})
            return send_pending(model, composer, **kw)  # type: ignore[arg-type]

        with mock.patch.object(reminders, "send_pending", spy):
            self.assertEqual(send_finding_reminders(today=TODAY), 15)
        self.assertEqual(known, [{b.structure_id} for b in sorted(self.bodies, key=by_structure)])

    def test_the_queries_per_structure_do_not_grow_with_the_structures(self) -> None:
        def queries() -> int:
            """The queries of a run after a first one (which stores each structure's first
            check), the reminders forgotten in between."""
            counts = []
            for _ in range(2):
                with CaptureQueriesContext(connection) as run:
                    send_finding_reminders(today=TODAY)
                FindingReminder.objects.all().delete()
                counts.append(len(run))
            return counts[-1]

        two = queries()
        self.add_structures(1)
        three = queries()
        self.add_structures(2)
        five = queries()
        # Each structure costs the same, however many there are: three reminders each here.
        per_structure = three - two
        self.assertEqual(five - three, 2 * per_structure)

    def test_a_structure_whose_check_fails_does_not_keep_the_others_from_their_reminders(
        self,
    ) -> None:
        self.failing = {self.structure.pk}
        with (
            self.assertLogs("samverkan.rules.reminders", "ERROR") as logs,
            self.assertRaisesMessage(RuntimeError, "a rule failed"),
        ):
            send_finding_reminders(today=TODAY)
        self.assertIn(f"structure {self.structure.pk}'s findings", logs.output[0])
        self.assertEqual(
            set(FindingReminder.objects.values_list("structure_id", "state")),
            {(self.other_structure.pk, "sent")},
        )
        self.assertEqual(len(mail.outbox), 3)
        # The next run, the rule mended, reminds of what the failure held back.
        self.failing = set()
        self.assertEqual(send_finding_reminders(today=TODAY), 3)


def by_structure(body: Body) -> int:
    return body.structure_id
