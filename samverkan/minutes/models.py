"""Minutes: drafted from the agenda, approved (justerade) by the charter's rule, then frozen.

Business rules live in `services.py`; these classes hold data. Approved minutes never
change: a correction is a separate addendum (`addendum_to`) with its own approval.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samverkan.lib.outbox import Delivery
from samverkan.meetings.models import AgendaItem, Meeting
from samverkan.structure.models import MinutesApproval, Person


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    PENDING = "pending", _("Väntar på justering")
    RETURNED = "returned", _("Återsänd för ändring")
    # Justerad where the charter has a justering, fastställd where it has none; the pages
    # say which (`services.status_text`).
    APPROVED = "approved", _("Justerad eller fastställd")


EDITABLE_STATUSES = frozenset({MinutesStatus.DRAFT, MinutesStatus.RETURNED})


class Minutes(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="minutes")
    # An addendum corrects approved minutes without changing them.
    addendum_to = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="addenda"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    # The charter's rule as it stood when the minutes were sent for approval.
    approval_rule = models.CharField(
        max_length=30, choices=MinutesApproval.choices, blank=True, default=""
    )
    taken_by = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sekreterare"),
    )
    chaired_by = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ordförande vid mötet"),
    )
    adjuster = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("justeringsperson"),
    )
    # Who took part, as the meeting recorded it: [{"name", "role", "principal", "present"}].
    attendance = models.JSONField(default=list, blank=True)
    notes = models.TextField(_("övrigt"), blank=True)
    # Whether the charter makes these minutes a public document once approved.
    public = models.BooleanField(default=False)
    lock_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    # The approved content as plain text and its SHA-256: what was approved, verifiable.
    frozen_text = models.TextField(blank=True)
    # The names, times and places the text was approved with, so renaming a body or a
    # person later changes neither the approved text nor its hash.
    frozen_facts = models.JSONField(default=dict, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    # The hash of the text as published, with masked personnummer replaced; the same as
    # `sha256` when nothing is masked. Only this one may be shown to the public: the
    # original's hash would let anyone try candidate numbers until it matched.
    published_sha256 = models.CharField(max_length=64, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    distributed_at = models.DateTimeField(null=True, blank=True)
    distributed_to = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["meeting__starts_at", "pk"]
        verbose_name = _("minnesanteckningar")
        verbose_name_plural = _("minnesanteckningar")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(addendum_to__isnull=True),
                name="minutes_one_original_per_meeting",
            )
        ]
        indexes = [
            models.Index(fields=["status", "published_at"]),
            models.Index(fields=["published_at"]),
            # The published minutes (`access.published_minutes`): counting them for the
            # public API list and archives reads this small index, not the wide table (150,000
            # minutes: a 280 ms sequential scan → an index-only scan).
            models.Index(
                fields=["published_at"],
                condition=Q(status="approved", public=True, published_at__isnull=False),
                name="minutes_published_idx",
            ),
            # The others: drafts, minutes under approval, internal ones. Counting those a
            # logged-in user may read besides the published (`access.readable_minutes_apart`)
            # reads these few rows, not the wide table (150,000 minutes: a 300 ms sequential
            # scan for the API's list).
            models.Index(
                fields=["meeting"],
                condition=~Q(status="approved", public=True, published_at__isnull=False),
                name="minutes_unpublished_idx",
            ),
        ]

    def __str__(self) -> str:
        prefix = "Tillägg till minnesanteckningar" if self.addendum_to_id else "Minnesanteckningar"
        return f"{prefix}, {self.meeting}"

    @property
    def is_addendum(self) -> bool:
        return self.addendum_to_id is not None

    @property
    def is_frozen(self) -> bool:
        return self.status == MinutesStatus.APPROVED

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class MinutesItem(models.Model):
    """One paragraph of the minutes, usually one agenda item."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="items")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("rubrik"), max_length=300)
    notes = models.TextField(_("anteckningar"), blank=True)
    # The item where open actions from earlier minutes are followed up.
    follows_up_previous = models.BooleanField(default=False)
    lock_version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["minutes", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class EntryKind(models.TextChoices):
    DECISION = "decision", _("Beslut")
    RECOMMENDATION = "recommendation", _("Rekommendation till huvudmännen")
    PROPOSAL = "proposal", _("Förslag till uppdragsgivaren")
    FEEDBACK = "feedback", _("Återkoppling till uppdragsgivaren")
    INFORMATION = "information", _("Information")


class MinutesEntry(models.Model):
    """A decision, recommendation, proposal, feedback or piece of information under an item."""

    item = models.ForeignKey(MinutesItem, on_delete=models.CASCADE, related_name="entries")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("typ"), max_length=20, choices=EntryKind.choices)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["item", "position", "pk"]
        indexes = [models.Index(fields=["kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class MinutesAction(models.Model):
    """A follow-up action (åtgärd) with an owner and a due date."""

    item = models.ForeignKey(MinutesItem, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("åtgärd"))
    owner = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="minutes_actions",
        verbose_name=_("ansvarig"),
    )
    # For an owner outside the register (e.g. "Förvaltningen").
    owner_name = models.CharField(_("ansvarig (namn)"), max_length=200, blank=True)
    due_on = models.DateField(_("klart senast"))

    class Meta:
        ordering = ["item", "position", "pk"]
        indexes = [models.Index(fields=["due_on"])]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def owner_label(self) -> str:
        return self.owner.full_name if self.owner else self.owner_name


class FollowUpOutcome(models.TextChoices):
    DONE = "done", _("Klar")
    CONTINUES = "continues", _("Pågår")
    CANCELLED = "cancelled", _("Avskriven")


CLOSING_OUTCOMES = frozenset({FollowUpOutcome.DONE, FollowUpOutcome.CANCELLED})


class ActionFollowUp(models.Model):
    """An earlier action reviewed in later minutes; it is closed once those are approved."""

    action = models.ForeignKey(MinutesAction, on_delete=models.PROTECT, related_name="follow_ups")
    item = models.ForeignKey(MinutesItem, on_delete=models.CASCADE, related_name="follow_ups")
    outcome = models.CharField(_("läge"), max_length=20, choices=FollowUpOutcome.choices)
    note = models.TextField(_("kommentar"), blank=True)

    class Meta:
        ordering = ["item", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["action", "item"], name="follow_up_once_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.action}: {self.get_outcome_display()}"


class ApproverRole(models.TextChoices):
    CHAIR = "chair", _("Ordförande")
    VICE_CHAIR = "vice_chair", _("Vice ordförande")
    ADJUSTER = "adjuster", _("Justeringsperson")


class ApprovalDecision(models.TextChoices):
    PENDING = "pending", _("Väntar")
    APPROVED = "approved", _("Justerat")
    RETURNED = "returned", _("Återsänt")
    # Another approver returned the draft, so this round ended without this person.
    WITHDRAWN = "withdrawn", _("Avbrutet")


class MinutesApprover(models.Model):
    """One approver's part in one round of approval."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="approvers")
    round = models.PositiveSmallIntegerField(default=1)
    role = models.CharField(max_length=20, choices=ApproverRole.choices)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(
        max_length=20, choices=ApprovalDecision.choices, default=ApprovalDecision.PENDING
    )
    comment = models.TextField(blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["minutes", "round", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "round", "role"], name="approver_once_per_role_and_round"
            )
        ]
        indexes = [models.Index(fields=["decision", "person"])]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.person}: {self.get_decision_display()}"


class ApprovalReminder(Delivery):
    """A reminder to a pending approver, sent once per day it is due (see `lib/outbox.py`)."""

    approver = models.ForeignKey(
        MinutesApprover, on_delete=models.CASCADE, related_name="reminders"
    )
    for_day = models.DateField()

    class Meta(Delivery.Meta):
        constraints = [
            models.UniqueConstraint(fields=["approver", "for_day"], name="approval_reminder_once")
        ]

    def __str__(self) -> str:
        return f"Påminnelse {self.for_day}: {self.approver}"


class HoldResolution(models.TextChoices):
    UNRESOLVED = "", _("Inte åtgärdad")
    MASK = "mask", _("Maskeras i den publicerade versionen")
    PUBLISH = "publish", _("Inte ett personnummer, eller får publiceras")


class PublicationHold(models.Model):
    """Something that looks like a personnummer in approved public minutes: stops publication."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="holds")
    found = models.CharField(max_length=20)
    kind = models.CharField(max_length=20)
    start = models.PositiveIntegerField()
    context = models.CharField(max_length=300)
    resolution = models.CharField(
        max_length=10, choices=HoldResolution.choices, blank=True, default=""
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["minutes", "start"]

    def __str__(self) -> str:
        return f"{self.kind} i {self.minutes}"


def minutes_pdf_path(instance: MinutesPdf, filename: str) -> str:
    return f"minnesanteckningar/{instance.minutes_id}/{filename}"


class MinutesPdf(models.Model):
    """Published minutes as PDF/A, rendered once by the worker and served as a file.

    Rendering takes seconds and hundreds of megabytes for long minutes, so it never happens
    in a request: publication enqueues it (`tasks.render_minutes_pdf`), and the schedule
    catches up on any published minutes without a current file (`pdf.render_missing`).
    """

    minutes = models.OneToOneField(
        Minutes, on_delete=models.CASCADE, primary_key=True, related_name="pdf"
    )
    file = models.FileField(upload_to=minutes_pdf_path, max_length=500)
    # What the file shows (`views_public.pdf_key`: layout, published text, addenda), sent
    # as its ETag. Another key than the page's means a newer version is still to come.
    key = models.CharField(max_length=64)
    # The template version it was rendered with, so a new layout is rendered again.
    layout = models.CharField(max_length=10)
    rendered_at = models.DateTimeField()

    class Meta:
        verbose_name = _("minnesanteckningar som PDF")
        verbose_name_plural = _("minnesanteckningar som PDF")

    def __str__(self) -> str:
        return f"PDF {self.minutes_id}"
