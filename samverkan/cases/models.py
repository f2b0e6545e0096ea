"""Cases between levels, recommendations decided by each principal, and assignments.

A case (ärende) is raised in a body and handled in one body after another; each handling is
a `CaseStep`, so the case carries its whole history across levels. A recommendation entry in
approved minutes becomes a `Recommendation` with one `PrincipalDecision` per principal it
concerns: the balanslista is read from these. An `Assignment` goes from a body to a lower
body, a working group or a person, with the charter's headings and a report-back.
Business rules live in `services/`; these classes only hold data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samverkan.lib.outbox import Delivery
from samverkan.meetings.models import AgendaItem, Meeting
from samverkan.minutes.models import Minutes, MinutesEntry
from samverkan.structure.models import Body, Person, Principal, Structure


class CaseStatus(models.TextChoices):
    RAISED = "raised", _("Väckt")
    PREPARING = "preparing", _("Under beredning")
    ON_AGENDA = "on_agenda", _("På dagordningen")
    RESOLVED = "resolved", _("Avgjort")
    LIFTED = "lifted", _("Lyft till annat organ")
    ANSWERED = "answered", _("Besvarat")
    RECOMMENDED = "recommended", _("Rekommendation till huvudmännen")
    CLOSED = "closed", _("Avslutat")


# A case in one of these states is finally handled: it leaves the balanslista (a
# recommended case stays on it through its recommendation until every principal decided).
FINAL_CASE_STATUSES = frozenset({CaseStatus.RESOLVED, CaseStatus.ANSWERED, CaseStatus.CLOSED})


class RaisedVia(models.TextChoices):
    MEMBER = "member", _("Av en ledamot")
    COORDINATOR = "coordinator", _("Av samordnare")
    NETWORK = "network", _("För ett nätverk utanför strukturen, via linjechef")


class CaseNumbering(models.Model):
    """A structure's registry number format and its running numbers per year."""

    structure = models.OneToOneField(
        Structure, on_delete=models.CASCADE, related_name="case_numbering"
    )
    # `{year}` and `{number}` (optionally `{number:03}`) are filled in, e.g. "SAM {year}/{number}"
    # or "LS/{number}/{year}".
    pattern = models.CharField(_("format för diarienummer"), max_length=60)
    year = models.PositiveSmallIntegerField(default=0)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.structure}: {self.pattern}"


class Case(models.Model):
    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="cases")
    number = models.CharField(_("diarienummer"), max_length=60)
    title = models.CharField(_("rubrik"), max_length=300)
    description = models.TextField(_("kort ärendebeskrivning"), blank=True)
    proposal = models.TextField(_("förslag till åtgärd"), blank=True)
    question = models.TextField(_("frågeställning"), blank=True)
    raised_in = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="raised_cases", verbose_name=_("väckt i")
    )
    raised_via = models.CharField(
        _("väckt"), max_length=20, choices=RaisedVia.choices, default=RaisedVia.MEMBER
    )
    raised_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="raised_cases"
    )
    # For a network outside the structure: its name and the line manager who registers it.
    network_name = models.CharField(_("nätverk"), max_length=200, blank=True)
    line_manager = models.CharField(_("linjechef"), max_length=200, blank=True)
    raised_on = models.DateField(_("väckt den"))
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.RAISED
    )
    # The body that holds the case now: where its open step is, or where it ended.
    current_body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="held_cases", verbose_name=_("hos")
    )
    closed_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["raised_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["structure", "number"], name="case_number_unique")
        ]
        indexes = [
            models.Index(fields=["structure", "status", "raised_on"]),
            models.Index(fields=["current_body", "status"]),
            # The lists, newest first (`cases_listed`): read backwards to a page, without
            # sorting every readable case joined to its people and bodies first.
            models.Index(fields=["raised_on", "id"], name="case_raised_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class StepRole(models.TextChoices):
    PREPARE = "prepare", _("Bereda")
    OPINION = "opinion", _("Yttra sig")
    DECIDE = "decide", _("Besluta")
    INFORMATION = "information", _("För kännedom")


class StepOutcome(models.TextChoices):
    PENDING = "", _("Pågår")
    PREPARED = "prepared", _("Berett")
    RESOLVED = "resolved", _("Avgjort i organet")
    LIFTED = "lifted", _("Lyft vidare")
    ANSWERED = "answered", _("Besvarat nedåt")
    RECOMMENDED = "recommended", _("Rekommendation till huvudmännen")
    CLOSED = "closed", _("Avslutat")
    NOTED = "noted", _("Noterat")


class CaseStep(models.Model):
    """One body's handling of a case: its role, where it was handled and what came of it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(default=0)
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="case_steps")
    role = models.CharField(_("roll"), max_length=20, choices=StepRole.choices)
    received_on = models.DateField(_("inkom"))
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="case_steps"
    )
    agenda_item = models.OneToOneField(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="case_step"
    )
    minutes = models.ForeignKey(
        Minutes, on_delete=models.SET_NULL, null=True, blank=True, related_name="case_steps"
    )
    outcome = models.CharField(
        _("utfall"), max_length=20, choices=StepOutcome.choices, default="", blank=True
    )
    outcome_text = models.TextField(_("vad som bestämdes"), blank=True)
    handled_on = models.DateField(_("behandlat"), null=True, blank=True)
    note = models.TextField(_("kommentar"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["case", "position", "pk"]
        indexes = [models.Index(fields=["body", "outcome"])]

    def __str__(self) -> str:
        return f"{self.case.number}: {self.body} ({self.get_role_display()})"


class DecisionBody(models.Model):
    """Where a principal decides a recommendation, e.g. "Socialnämnden, Umeå kommun"."""

    principal = models.ForeignKey(
        Principal, on_delete=models.CASCADE, related_name="decision_bodies"
    )
    name = models.CharField(_("beslutsinstans"), max_length=200)
    registrar_email = models.EmailField(_("registratorns e-post"), blank=True)
    # The one used when a recommendation is routed, unless the coordinator chooses another.
    is_default = models.BooleanField(_("används som standard"), default=True)
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["principal__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["principal", "name"], name="decision_body_unique_name"),
            models.UniqueConstraint(
                fields=["principal"],
                condition=Q(is_default=True),
                name="decision_body_one_default",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Recommendation(models.Model):
    """A recommendation to the principals from approved minutes."""

    structure = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="recommendations"
    )
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="recommendations")
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="recommendations"
    )
    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="recommendations")
    entry = models.OneToOneField(
        MinutesEntry, on_delete=models.PROTECT, related_name="recommendation"
    )
    number = models.CharField(_("diarienummer"), max_length=60, blank=True)
    title = models.CharField(_("rubrik"), max_length=300)
    text = models.TextField(_("rekommendation"))
    decided_on = models.DateField(_("beslutad"))
    answer_by = models.DateField(_("svar senast"), null=True, blank=True)
    routed_at = models.DateTimeField(null=True, blank=True)
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["decided_on", "pk"]
        indexes = [
            models.Index(fields=["structure", "decided_on"]),
            # The lists in this order (`recommendations_listed`) read a page from it.
            models.Index(fields=["decided_on", "id"], name="recommendation_decided_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class DecisionState(models.TextChoices):
    NOT_SENT = "not_sent", _("Inte expedierad")
    SENT = "sent", _("Expedierad")
    PREPARING = "preparing", _("Under beredning hos huvudmannen")
    ADOPTED = "adopted", _("Antagen")
    ADOPTED_WITH_CHANGES = "adopted_changed", _("Antagen med ändringar")
    REJECTED = "rejected", _("Inte antagen")
    WILL_NOT_DECIDE = "not_deciding", _("Beslutas inte")


# A principal in one of these states has finally handled the recommendation.
DECIDED_STATES = frozenset(
    {
        DecisionState.ADOPTED,
        DecisionState.ADOPTED_WITH_CHANGES,
        DecisionState.REJECTED,
        DecisionState.WILL_NOT_DECIDE,
    }
)


def decision_file_path(instance: PrincipalDecision, filename: str) -> str:
    return f"rekommendationer/{instance.recommendation_id}/{instance.principal_id}/{filename}"


class PrincipalDecision(models.Model):
    """One principal's decision on a recommendation, in its own decision body."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="decisions"
    )
    principal = models.ForeignKey(Principal, on_delete=models.PROTECT, related_name="+")
    decision_body = models.ForeignKey(
        DecisionBody, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    state = models.CharField(
        _("läge"), max_length=20, choices=DecisionState.choices, default=DecisionState.NOT_SENT
    )
    sent_on = models.DateField(_("expedierad"), null=True, blank=True)
    sent_to = models.EmailField(_("skickad till"), blank=True)
    decided_on = models.DateField(_("beslutsdatum"), null=True, blank=True)
    registry_number = models.CharField(_("huvudmannens diarienummer"), max_length=60, blank=True)
    paragraph = models.CharField(_("paragraf"), max_length=30, blank=True)
    link = models.URLField(_("länk till beslutet"), blank=True)
    file = models.FileField(upload_to=decision_file_path, max_length=500, blank=True)
    note = models.TextField(_("kommentar"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["recommendation", "principal__kind", "principal__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "principal"], name="one_decision_per_principal"
            )
        ]
        indexes = [models.Index(fields=["state"])]

    def __str__(self) -> str:
        return f"{self.principal}: {self.get_state_display()}"


class DecisionReminderKind(models.TextChoices):
    BEFORE = "before", _("Före svarsdatum")
    AFTER = "after", _("Efter svarsdatum")


class DecisionReminder(Delivery):
    """A reminder to a principal's registrar about an answer date, sent once per
    (decision, kind, answer date): a new answer date gets its reminders again."""

    decision = models.ForeignKey(
        PrincipalDecision, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=10, choices=DecisionReminderKind.choices)
    for_day = models.DateField()

    class Meta(Delivery.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "kind", "for_day"], name="decision_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.for_day}: {self.decision}"


class AssignmentStatus(models.TextChoices):
    GIVEN = "given", _("Givet")
    IN_PROGRESS = "in_progress", _("Pågår")
    REPORTED = "reported", _("Återrapporterat")
    CLOSED = "closed", _("Avslutat")
    WITHDRAWN = "withdrawn", _("Återkallat")


OPEN_ASSIGNMENT_STATUSES = frozenset({AssignmentStatus.GIVEN, AssignmentStatus.IN_PROGRESS})


def report_file_path(instance: Assignment, filename: str) -> str:
    return f"uppdrag/{instance.pk}/{filename}"


class Assignment(models.Model):
    """An uppdrag from a body to a lower body, a working group or a person."""

    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="assignments")
    given_by = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="assignments_given", verbose_name=_("från")
    )
    to_body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments_received",
        verbose_name=_("till grupp"),
    )
    to_person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments_received",
        verbose_name=_("till person"),
    )
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="assignments"
    )
    minutes = models.ForeignKey(
        Minutes, on_delete=models.SET_NULL, null=True, blank=True, related_name="assignments"
    )
    title = models.CharField(_("rubrik"), max_length=300)
    # The structured description: [{"heading": ..., "text": ...}] in the order the charter's
    # `assignment_headings` give (or one "Uppdrag" heading where the charter sets none).
    sections = models.JSONField(_("uppdragsbeskrivning"), default=list, blank=True)
    # Who writes the description (001: "ska ansvarig/ansvariga utses").
    responsible = models.ManyToManyField(
        Person, blank=True, related_name="assignments_responsible", verbose_name=_("ansvariga")
    )
    report_to = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        related_name="assignment_reports_due",
        verbose_name=_("mottagare av återrapportering"),
    )
    given_on = models.DateField(_("givet"))
    due_on = models.DateField(_("återrapporteras senast"))
    status = models.CharField(
        _("status"), max_length=20, choices=AssignmentStatus.choices, default=AssignmentStatus.GIVEN
    )
    report_text = models.TextField(_("återrapportering"), blank=True)
    report_file = models.FileField(upload_to=report_file_path, max_length=500, blank=True)
    reported_on = models.DateField(_("återrapporterat"), null=True, blank=True)
    # The uploaded file's own name and the type its bytes showed (`meetings.documents`).
    report_file_name = models.CharField(_("filnamn"), max_length=255, blank=True)
    report_content_type = models.CharField(max_length=100, blank=True)
    # The day the report was accepted (closed) or the assignment withdrawn.
    closed_on = models.DateField(_("avslutat"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["structure", "status", "due_on"]),
            models.Index(fields=["to_body", "status"]),
            models.Index(fields=["report_to", "status"]),
            # The lists, earliest due first (`assignments_listed`): a page read in order
            # instead of every readable assignment joined to its people (a hash of everyone
            # in the installation) and sorted.
            models.Index(fields=["due_on", "id"], name="assignment_due_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class WorkingGroup(models.Model):
    """What a working group or a preparation committee has beyond its body: who created it,
    for which assignment, and when it must next be reviewed (004: at least yearly for
    working groups, every second year for preparation committees)."""

    body = models.OneToOneField(Body, on_delete=models.CASCADE, related_name="working_group")
    created_by_body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="working_groups_created"
    )
    assignment = models.ForeignKey(
        Assignment, on_delete=models.SET_NULL, null=True, blank=True, related_name="working_groups"
    )
    review_on = models.DateField(_("ses över senast"))
    reviewed_on = models.DateField(_("senast översedd"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["review_on"])]

    def __str__(self) -> str:
        return str(self.body)


class AssignmentReminderKind(models.TextChoices):
    OVERDUE = "overdue", _("Uppdraget är försenat")
    REVIEW = "review", _("Arbetsgruppen ska ses över")


class AssignmentReminder(Delivery):
    """One reminder about an assignment or a working group to one address, sent once (see
    `lib/outbox.py`). Unique per what it is about, the address and the day it concerns (the
    due date or the review date), so running the reminders again adds nothing, while a new
    due date or the next review date reminds again."""

    kind = models.CharField(max_length=20, choices=AssignmentReminderKind.choices)
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    # Coordinators are users, the responsible are people: the address is the recipient.
    email = models.EmailField()
    name = models.CharField(max_length=200, blank=True)
    for_day = models.DateField()

    class Meta(Delivery.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "assignment", "email", "for_day"],
                condition=Q(assignment__isnull=False),
                name="assignment_reminder_once",
            ),
            models.UniqueConstraint(
                fields=["kind", "working_group", "email", "for_day"],
                condition=Q(working_group__isnull=False),
                name="working_group_reminder_once",
            ),
            models.CheckConstraint(
                condition=Q(assignment__isnull=False, working_group__isnull=True)
                | Q(assignment__isnull=True, working_group__isnull=False),
                name="assignment_reminder_about_one_thing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.email}"
