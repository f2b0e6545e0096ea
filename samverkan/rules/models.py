"""What the charter check keeps: acknowledged findings and the reminders sent for them.

The findings themselves are not stored: every rule is evaluated afresh from the data
(`samverkan.lib.findings`), so a finding disappears as soon as what it reports is put right.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samverkan.lib.outbox import Delivery
from samverkan.structure.models import Body, Structure


class Acknowledgement(models.Model):
    """A finding accepted as a deviation, with the reason: it is no longer listed as open
    (shown as acknowledged) until what it is about changes (another key) or it is withdrawn."""

    key = models.CharField(max_length=300)  # Finding.key: the rule and what it is about
    rule = models.CharField(max_length=100)
    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # The due date the finding had: a new deadline is a new finding.
    due_on = models.DateField(null=True, blank=True)
    message = models.TextField()  # the finding as it read when acknowledged
    reason = models.TextField(_("skäl"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["structure", "withdrawn_at"]), models.Index(fields=["key"])]

    def __str__(self) -> str:
        return f"{self.rule}: {self.reason[:60]}"


class FindingReminder(Delivery):
    """One reminder about one finding to one address for one due date: never sent twice."""

    key = models.CharField(max_length=300)
    due_on = models.DateField(null=True, blank=True)
    email = models.EmailField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+"
    )
    subject = models.CharField(max_length=300)
    text = models.TextField()
    rule = models.CharField(max_length=100)
    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta(Delivery.Meta):
        constraints = [
            models.UniqueConstraint(fields=["key", "due_on", "email"], name="finding_reminder_once")
        ]
