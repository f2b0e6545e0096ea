"""Follow-up II: activity plans (aktivitetsplaner) per body and year with their activities,
and the periodic reports (återrapportering) a body gives the body above it once per term or
year, generated from what the system knows, edited, approved and delivered.

Business rules live in the services; these classes only hold data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samverkan.cases.models import Assignment, Case
from samverkan.meetings.models import AgendaItem
from samverkan.structure.models import Body, Person, ReportingDuty

# --- Activity plans ------------------------------------------------------------------------


class ActivityPlan(models.Model):
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="activity_plans")
    year = models.PositiveSmallIntegerField(_("år"))
    title = models.CharField(_("rubrik"), max_length=300)
    # What the plan builds on (002: "bygger på Vårdsamverkans aktivitets- och tidplan").
    description = models.TextField(_("beskrivning"), blank=True)
    # The yearly revision (002: "årligen delta i revideringen av den lokala
    # aktivitetsplanen"): when it falls due and when it was last done.
    revise_by = models.DateField(_("revideras senast"), null=True, blank=True)
    revised_on = models.DateField(_("senast reviderad"), null=True, blank=True)
    revision_note = models.TextField(_("vad revideringen ändrade"), blank=True)
    lock_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["body", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="activity_plan_one_per_year")
        ]
        indexes = [models.Index(fields=["revise_by"])]

    def __str__(self) -> str:
        return f"{self.title} {self.year}"


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planerad")
    ONGOING = "ongoing", _("Pågår")
    DONE = "done", _("Klar")
    POSTPONED = "postponed", _("Uppskjuten")
    CANCELLED = "cancelled", _("Struken")


class Activity(models.Model):
    plan = models.ForeignKey(ActivityPlan, on_delete=models.CASCADE, related_name="activities")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("aktivitet"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    owner = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("ansvarig"),
    )
    # When the charter names a role or a group rather than a person ("Processledarna").
    owner_text = models.CharField(_("ansvarig (text)"), max_length=200, blank=True)
    due_on = models.DateField(_("klar senast"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assignment = models.ForeignKey(
        Assignment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lock_version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan", "position", "pk"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.title


# --- Periodic reports ----------------------------------------------------------------------


class ReportPeriod(models.TextChoices):
    TERM = "term", _("Termin")
    YEAR = "year", _("År")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    APPROVED = "approved", _("Godkänd")
    DELIVERED = "delivered", _("Lämnad")


def report_pdf_path(instance: PeriodicReport, filename: str) -> str:
    return f"rapporter/{instance.body_id}/{filename}"


class PeriodicReport(models.Model):
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="periodic_reports")
    # The charter's reporting duty the report answers, when there is one.
    duty = models.ForeignKey(
        ReportingDuty, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to_body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="reports_received", verbose_name=_("till")
    )
    period = models.CharField(_("period"), max_length=10, choices=ReportPeriod.choices)
    period_start = models.DateField(_("från"))
    period_end = models.DateField(_("till och med"))
    title = models.CharField(_("rubrik"), max_length=300)
    summary = models.TextField(_("sammanfattning"), blank=True)
    # The generated facts, frozen when generated, and the text the chair and secretary add:
    # [{"key": ..., "heading": ..., "facts_html": ..., "text": ...}].
    sections = models.JSONField(default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    # Public once delivered, where the charter says so (004: "är offentlig handling").
    public = models.BooleanField(_("offentlig när den lämnats"), default=False)
    generated_at = models.DateTimeField(null=True, blank=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    delivered_at = models.DateTimeField(null=True, blank=True)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Where the receiving body takes it up: an item on its next meeting's agenda.
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pdf = models.FileField(upload_to=report_pdf_path, max_length=500, blank=True)
    lock_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period_end", "body__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "to_body", "period_start", "period_end"],
                name="periodic_report_one_per_period",
            )
        ]
        indexes = [
            models.Index(fields=["to_body", "status"]),
            models.Index(fields=["body", "status"]),
            models.Index(fields=["duty", "status", "period_end"]),
            models.Index(fields=["public", "status", "delivered_at"]),
            # The lists, latest period first (`reports_listed`): a page reads the latest
            # period's reports in order and sorts only those by the body's name.
            models.Index(fields=["period_end"], name="report_period_end_idx"),
        ]

    def __str__(self) -> str:
        return self.title
