"""What the charter check keeps: acknowledged findings and the reminders sent for them.

The findings themselves are not stored: every rule is evaluated afresh from the data
(`samverkan.lib.findings`), so a finding disappears as soon as what it reports is put right.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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
