"""Deviations in collaboration (samverkansavvikelser): something one principal did not do as
agreed, reported without patient identity, answered by the concerned principal's handler
within the structure's deadline and followed up in aggregate by a body.

Business rules live in `services.py`; these classes only hold data.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.lib.outbox import Delivery
from samverkan.structure.models import Body, Principal, Structure

# The structure's first categories, when a coordinator has not set any (the usual ones in
# the county routines for samverkansavvikelser).
DEFAULT_CATEGORIES = (
    "Utskrivning",
    "Informationsöverföring",
    "Läkemedel",
    "SIP",
    "Hjälpmedel",
    "Hemsjukvård",
)
DEFAULT_ANSWER_DAYS = 60


class DeviationStatus(models.TextChoices):
    RECEIVED = "received", _("Mottagen")
    ESCALATED = "escalated", _("Lyft till uppföljande grupp")
    ANSWERED = "answered", _("Besvarad")
    CLOSED = "closed", _("Avslutad")


# Waiting for the concerned principal's answer: what "open" and "overdue" count.
OPEN_STATUSES = (DeviationStatus.RECEIVED, DeviationStatus.ESCALATED)


class DeviationSettings(models.Model):
    """A structure's deviation handling: the answer deadline, the body that follows
    deviations up, and the secret of the reporting page's link."""

    structure = models.OneToOneField(
        Structure, on_delete=models.CASCADE, related_name="deviation_settings"
    )
    answer_days = models.PositiveSmallIntegerField(
        _("svar inom (dagar)"), default=DEFAULT_ANSWER_DAYS
    )
    follow_up_body = models.ForeignKey(
        Body,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("grupp som följer upp avvikelserna"),
    )
    # The reporting page's address holds this; a new one makes the old link stop working.
    report_token = models.CharField(max_length=64, unique=True)
    lock_version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Avvikelsehantering i {self.structure}"


class DeviationCategory(models.Model):
    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, related_name="deviation_categories"
    )
    name = models.CharField(_("namn"), max_length=100)
    position = models.PositiveSmallIntegerField(default=0)
    # A category in use is never deleted (its deviations keep it), only taken out of the form.
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["structure", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "name"], name="deviation_category_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class DeviationHandler(models.Model):
    """Who handles deviations for one principal in one structure (the principal's contact)."""

    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, related_name="deviation_handlers"
    )
    principal = models.ForeignKey(Principal, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deviation_handlings"
    )

    class Meta:
        ordering = ["structure", "principal__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "principal"], name="deviation_handler_one_per_principal"
            )
        ]
        indexes = [models.Index(fields=["user", "structure"])]

    def __str__(self) -> str:
        return f"{self.user} för {self.principal} i {self.structure}"


class Deviation(models.Model):
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="deviations")
    occurred_on = models.DateField(_("datum för händelsen"))
    reported_at = models.DateTimeField(default=timezone.now)
    # The Swedish day it was reported: what periods (since the last meeting) count by.
    reported_on = models.DateField(_("rapporterad"))
    reporting_principal = models.ForeignKey(
        Principal, on_delete=models.PROTECT, related_name="+", verbose_name=_("rapporterande")
    )
    reporting_unit = models.CharField(_("rapporterande enhet"), max_length=200)
    concerned_principal = models.ForeignKey(
        Principal, on_delete=models.PROTECT, related_name="+", verbose_name=_("berörd huvudman")
    )
    concerned_unit = models.CharField(_("berörd enhet"), max_length=200, blank=True)
    routine = models.CharField(_("överenskommelse eller rutin"), max_length=300, blank=True)
    category = models.ForeignKey(
        DeviationCategory, on_delete=models.PROTECT, related_name="deviations"
    )
    description = models.TextField(_("beskrivning"))
    contact_name = models.CharField(_("kontaktperson"), max_length=200)
    contact_phone = models.CharField(_("telefon"), max_length=40, blank=True)
    contact_email = models.EmailField(_("e-post"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reported_deviations",
    )
    # Reported through the link-based page: the address the receipt and questions go to.
    reporter_email = models.EmailField(_("rapportörens e-post"), blank=True)
    status = models.CharField(
        max_length=20, choices=DeviationStatus.choices, default=DeviationStatus.RECEIVED
    )
    answer_due = models.DateField(_("svar senast"))
    investigation = models.TextField(_("utredning"), blank=True)
    measures = models.TextField(_("åtgärder"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    escalated_to = models.ForeignKey(
        Body,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lyft till"),
    )
    escalated_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-reported_at", "-pk"]
        indexes = [
            models.Index(fields=["structure", "reported_on"]),
            models.Index(fields=["structure", "status", "answer_due"]),
            models.Index(fields=["concerned_principal", "status"]),
            models.Index(fields=["reporting_principal", "reported_on"]),
            models.Index(fields=["status", "answer_due"]),
        ]

    def __str__(self) -> str:
        return f"Avvikelse {self.pk}: {self.category} ({self.occurred_on})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: datetime.date) -> bool:
        return self.is_open and self.answer_due < today


class DeviationNotice(Delivery):
    """The email telling the concerned principal's handler that a deviation has arrived,
    through the outbox: sent once, retried while the mail server does not take it, and its
    state shown on the deviation's page (a lost notice would leave the deviation unanswered
    until the charter check's reminder)."""

    deviation = models.ForeignKey(Deviation, on_delete=models.CASCADE, related_name="notices")
    address = models.EmailField()

    class Meta(Delivery.Meta):
        constraints = [
            models.UniqueConstraint(fields=["deviation", "address"], name="deviation_notice_once")
        ]

    def __str__(self) -> str:
        return f"Avisering om avvikelse {self.deviation_id} till {self.address}"
