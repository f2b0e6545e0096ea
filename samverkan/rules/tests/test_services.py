"""Accepting a finding as a deviation and withdrawing that: the checks the services make."""

from __future__ import annotations

import datetime

from samverkan.lib.errors import DomainError
from samverkan.lib.findings import Finding, Severity
from samverkan.rules.checking import check_structures
from samverkan.rules.models import Acknowledgement
from samverkan.rules.selectors import current_findings
from samverkan.rules.services import acknowledgement_withdraw, finding_acknowledge
from samverkan.rules.stored import stored_findings
from samverkan.rules.tests.helpers import BOOKING, body_finding, only_rules, rule_of
from samverkan.testing.base import BaseTestCase

TODAY = datetime.date(2026, 12, 1)
KEY = f"{BOOKING}|body:lsg:2027"


class AcknowledgementTests(BaseTestCase):
    def setUp(self) -> None:
        self.due: datetime.date | None = datetime.date(2026, 11, 30)
        self.enterContext(only_rules({BOOKING: rule_of(self.findings)}))

    def findings(self, today: datetime.date) -> list[Finding]:
        return [
            body_finding(
                self.body,
                severity=Severity.OVERDUE if self.due else Severity.NOTED,
                due_on=self.due,
                about="body:lsg:2027",
            )
        ]

    def acknowledge(self, reason: str = "Gruppen beslutade att boka i januari.") -> Acknowledgement:
        # The finding as the worker stored it at the structure's last check.
        check_structures(today=TODAY)
        return finding_acknowledge(finding_key=KEY, reason=reason, by=self.coordinator, today=TODAY)

    def test_it_keeps_the_finding_as_it_read_with_the_reason(self) -> None:
        ack = self.acknowledge("  Gruppen beslutade att boka i januari.  ")
        self.assertEqual(ack.reason, "Gruppen beslutade att boka i januari.")
        self.assertEqual(ack.message, "Länssamverkansgruppen har inte bokat nästa års möten.")
        self.assertEqual((ack.rule, ack.due_on), (BOOKING, self.due))
        self.assertEqual((ack.structure, ack.body), (self.structure, self.body))
        [shown] = current_findings(today=TODAY)
        self.assertEqual(shown.acknowledgement, ack)
        self.assertEqual(current_findings(today=TODAY, include_acknowledged=False), [])
        [stored] = stored_findings(structure_ids=None)
        self.assertEqual(stored.ack_id, ack.pk)  # type: ignore[attr-defined]
        self.assertFalse(stored_findings(structure_ids=None, acknowledged=False).exists())

    def test_a_reason_is_required(self) -> None:
        with self.assertRaises(DomainError) as refused:
            self.acknowledge(" ")
        self.assertEqual(refused.exception.field, "reason")
        with self.assertRaises(DomainError) as refused:
            self.acknowledge("Skäl\x00")
        self.assertEqual(refused.exception.field, "reason")

    def test_it_refuses_a_finding_that_is_gone_or_already_accepted(self) -> None:
        with self.assertRaisesMessage(DomainError, "finns inte längre"):
            finding_acknowledge(
                finding_key="test.booking|body:0", reason="Skäl.", by=None, today=TODAY
            )
        self.acknowledge()
        with self.assertRaisesMessage(DomainError, "redan accepterad"):
            self.acknowledge()
        # Not among the structures asked for: gone, as far as the caller may know.
        with self.assertRaisesMessage(DomainError, "finns inte längre"):
            finding_acknowledge(
                finding_key=KEY,
                reason="Skäl.",
                by=None,
                today=TODAY,
                structure_ids={self.other_structure.pk},
            )

    def test_a_new_due_date_is_a_new_finding(self) -> None:
        self.acknowledge()
        self.due = datetime.date(2027, 11, 30)
        [shown] = current_findings(today=TODAY)
        self.assertFalse(shown.acknowledged)
        self.acknowledge("Nytt beslut.")
        self.assertEqual(Acknowledgement.objects.filter(withdrawn_at__isnull=True).count(), 2)

    def test_a_finding_without_a_due_date_is_accepted_once(self) -> None:
        self.due = None
        self.acknowledge()
        with self.assertRaisesMessage(DomainError, "redan accepterad"):
            self.acknowledge()

    def test_withdrawing_lists_it_again_and_may_be_done_once(self) -> None:
        ack = self.acknowledge()
        acknowledgement_withdraw(acknowledgement=ack, by=self.coordinator)
        [shown] = current_findings(today=TODAY)
        self.assertFalse(shown.acknowledged)
        with self.assertRaisesMessage(DomainError, "redan återkallat"):
            acknowledgement_withdraw(acknowledgement=ack, by=self.coordinator)
        # Accepted again after a withdrawal: a new acknowledgement, the old one kept.
        self.acknowledge("Nytt beslut.")
        self.assertEqual(Acknowledgement.objects.count(), 2)
