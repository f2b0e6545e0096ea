"""What the charter check keeps: each structure's last check with its findings, acknowledged
findings and the reminders sent for them.

The worker runs every rule (`samverkan.lib.findings`) one structure at a time and stores the
findings (`StructureCheck`, `StoredFinding`): on a schedule, after each change to the
structure and when a coordinator asks (`samverkan.rules.checking`). A finding put right
disappears at the structure's next check, which a change asks for at once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samverkan.lib.findings import SEVERITY_ORDER, Finding, Responsible, Severity
from samverkan.lib.outbox import Delivery
from samverkan.structure.models import Body, Structure


class Acknowledgement(models.Model):
    """A finding accepted as a deviation, with the reason: it is no longer listed as open
    (shown as acknowledged) until what it is about changes (another key or another due
    date) or the acknowledgement is withdrawn. Withdrawn ones stay, for the history."""

    key = models.CharField(max_length=300)  # Finding.key: the rule and what it is about
    rule = models.CharField(_("regel"), max_length=100)
    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # The due date the finding had: a new deadline is a new finding.
    due_on = models.DateField(_("förfallodag"), null=True, blank=True)
    subject = models.CharField(_("gäller"), max_length=300, blank=True)
    message = models.TextField(_("avvikelse"))  # the finding as it read when acknowledged
    reason = models.TextField(_("skäl"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("återkallad"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["structure", "withdrawn_at"]), models.Index(fields=["key"])]
        constraints = [
            # One standing acknowledgement per finding; NULLs never clash in a unique index,
            # so a finding without a due date has a constraint of its own.
            models.UniqueConstraint(
                fields=["key", "due_on"],
                condition=Q(withdrawn_at__isnull=True, due_on__isnull=False),
                name="acknowledgement_once_per_due_date",
            ),
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(withdrawn_at__isnull=True, due_on__isnull=True),
                name="acknowledgement_once_without_due_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule}: {self.reason[:60]}"


class FindingReminder(Delivery):
    """One reminder about one finding to one address for one due date: never sent twice
    (see `samverkan.rules.reminders`)."""

    key = models.CharField(max_length=300)
    due_on = models.DateField()
    email = models.EmailField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+"
    )
    name = models.CharField(max_length=200, blank=True)
    rule = models.CharField(max_length=100)
    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # What the finding said when the reminder was recorded: shown if it does not go out.
    message = models.TextField()

    class Meta(Delivery.Meta):
        constraints = [
            models.UniqueConstraint(fields=["key", "due_on", "email"], name="finding_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.due_on}: {self.email}"


class StructureCheck(models.Model):
    """The charter check of one structure as the worker last ran it, and whether a new one
    is on its way. The pages, the API and the reminders read the findings it stored
    (`StoredFinding`) instead of running every rule inside a request."""

    structure = models.OneToOneField(
        Structure, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    # The Swedish day the rules judged by, and when the run ended (None: never run yet).
    day = models.DateField(null=True, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    found = models.PositiveIntegerField(default=0)
    # When a re-check was asked for (a change, "Kontrollera nu") that no run has served yet.
    requested_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.structure_id}: {self.checked_at}"


class StoredFinding(models.Model):
    """One finding of a structure's last check (`samverkan.lib.findings.Finding`, field for
    field): replaced all at once, in one transaction, by the structure's next check."""

    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="+")
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    rule = models.CharField(max_length=100)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    # The severity's place in `SEVERITY_ORDER`, so that the database sorts as the check does.
    rank = models.PositiveSmallIntegerField()
    due_on = models.DateField(null=True, blank=True)
    subject = models.TextField(blank=True)
    message = models.TextField()
    citation = models.TextField(blank=True)
    url = models.TextField(blank=True)
    about = models.CharField(max_length=300, blank=True)
    key = models.CharField(max_length=300)
    responsible_role = models.CharField(max_length=200, blank=True)
    responsible_names = models.JSONField(default=list, blank=True)
    responsible_user_ids = models.JSONField(default=list, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["structure", "rank", "due_on"], name="stored_finding_order"),
            # The same order over every structure (an administrator's start page and check):
            # the first page is read from the index, not sorted out of 30,000 findings.
            models.Index(fields=["rank", "due_on"], name="stored_finding_rank"),
            models.Index(fields=["key"], name="stored_finding_key"),
        ]

    def __str__(self) -> str:
        return f"{self.rule}: {self.message[:60]}"

    @property
    def responsible(self) -> Responsible | None:
        if not self.responsible_role:
            return None
        return Responsible(
            self.responsible_role,
            tuple(self.responsible_names),
            tuple(self.responsible_user_ids),
        )

    def finding(self) -> Finding:
        """The finding as the rule yielded it."""
        return Finding(
            rule=self.rule,
            severity=Severity(self.severity),
            message=self.message,
            structure_id=self.structure_id,
            body_id=self.body_id,
            subject=self.subject,
            url=self.url,
            citation=self.citation,
            due_on=self.due_on,
            responsible=self.responsible,
            about=self.about,
        )

    @classmethod
    def of(cls, finding: Finding, structure_id: int) -> StoredFinding:
        responsible = finding.responsible
        return cls(
            structure_id=structure_id,
            body_id=finding.body_id,
            rule=finding.rule,
            severity=finding.severity,
            rank=SEVERITY_ORDER[finding.severity],
            due_on=finding.due_on,
            subject=finding.subject,
            message=finding.message,
            citation=finding.citation,
            url=finding.url,
            about=finding.about,
            key=finding.key,
            responsible_role=responsible.role if responsible else "",
            responsible_names=list(responsible.names) if responsible else [],
            responsible_user_ids=list(responsible.user_ids) if responsible else [],
        )
