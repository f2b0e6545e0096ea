"""Meetings: the year's plan, agendas from the charter, documents, notices, attendance.

Business rules live in the services modules beside this one; these classes hold data.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samverkan.lib.outbox import Delivery
from samverkan.structure.models import (
    Body,
    MeetingForm,
    Membership,
    Person,
    Role,
    StandingAgendaItem,
)


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planerat")
    CALLED = "called", _("Kallat")
    MOVED = "moved", _("Flyttat")
    HELD = "held", _("Genomfört")
    CANCELLED = "cancelled", _("Inställt")


# A meeting still ahead: notices, absences and guests are possible until it starts.
OPEN_STATUSES = (MeetingStatus.PLANNED, MeetingStatus.CALLED, MeetingStatus.MOVED)
# The notice has gone out (a move after it keeps the meeting called).
CALLED_STATUSES = (MeetingStatus.CALLED, MeetingStatus.MOVED)


class Meeting(models.Model):
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    # Stable across moves, so calendar clients update the same event.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("rubrik"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("börjar"))
    ends_at = models.DateTimeField(_("slutar"))
    place = models.CharField(_("plats"), max_length=300, blank=True)
    video_link = models.URLField(_("videolänk"), blank=True)
    form = models.CharField(_("mötesform"), max_length=20, choices=MeetingForm.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    convener = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="convened_meetings",
        verbose_name=_("sammankallande"),
    )
    # iCalendar SEQUENCE: raised on every change a calendar client should see.
    sequence = models.PositiveIntegerField(default=0)
    lock_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["body", "starts_at"]),
            models.Index(fields=["starts_at", "status"]),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.body.name}"


class MeetingEventKind(models.TextChoices):
    PLANNED = "planned", _("Planerat")
    CHANGED = "changed", _("Ändrat")
    MOVED = "moved", _("Flyttat")
    CALLED = "called", _("Kallelse skickad")
    CANCELLED = "cancelled", _("Inställt")
    HELD = "held", _("Genomfört")


class MeetingEvent(models.Model):
    """The meeting's history: every change of time or status, who made it and why."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=MeetingEventKind.choices)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    old_starts_at = models.DateTimeField(null=True, blank=True)
    new_starts_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["meeting", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.get_kind_display()}"


class AgendaItemKind(models.TextChoices):
    STANDING = "standing", _("Stående punkt")
    CASE = "case", _("Ärende")
    ASSIGNMENT = "assignment", _("Uppdrag")
    INFORMATION = "information", _("Information")


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("typ"), max_length=20, choices=AgendaItemKind.choices)
    title = models.CharField(_("rubrik"), max_length=300)
    owner = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("ansvarig"),
    )
    presenter = models.CharField(_("föredragande"), max_length=200, blank=True)
    planned_minutes = models.PositiveSmallIntegerField(
        _("planerad tid (minuter)"), null=True, blank=True
    )
    description = models.TextField(_("kort ärendebeskrivning"), blank=True)
    proposal = models.TextField(_("förslag till åtgärd"), blank=True)
    question = models.TextField(_("frågeställning"), blank=True)
    standing_item = models.ForeignKey(
        StandingAgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return self.title


def document_path(instance: Document, filename: str) -> str:
    return f"moten/{instance.meeting.uid}/{uuid.uuid4().hex}/{filename}"


class Document(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="documents"
    )
    title = models.CharField(_("titel"), max_length=300)
    file = models.FileField(upload_to=document_path, max_length=500)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    version = models.PositiveSmallIntegerField(default=1)
    replaces = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaced_by"
    )
    public = models.BooleanField(_("offentlig"), default=False)
    registry_number = models.CharField(_("diarienummer"), max_length=60, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Added after the charter's document deadline for the meeting.
    late = models.BooleanField(default=False)

    class Meta:
        ordering = ["meeting", "agenda_item", "title", "-version"]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class Notice(models.Model):
    """A kallelse as sent: when, by whom, and why if after the charter's deadline."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notices")
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    late = models.BooleanField(default=False)
    late_reason = models.TextField(blank=True)
    subject = models.CharField(max_length=300)
    body = models.TextField()

    class Meta:
        ordering = ["meeting", "-sent_at"]

    def __str__(self) -> str:
        return f"Kallelse till {self.meeting}"


class NoticeRecipient(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="recipients")
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+")
    name = models.CharField(max_length=200)
    email = models.EmailField()
    role = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class AttendanceRole(models.TextChoices):
    MEMBER = "member", _("Ledamot")
    SUBSTITUTE = "substitute", _("Ersättare")
    CO_OPTED = "co_opted", _("Adjungerad")
    GUEST = "guest", _("Inbjuden gäst")
    STAFF = "staff", _("Funktion")


# Who is called to a meeting by the notice: everyone in the body except the substitutes,
# who are called when their member reports absence.
NOTICE_ROLES = (
    Role.CHAIR,
    Role.VICE_CHAIR,
    Role.MEMBER,
    Role.SECRETARY,
    Role.CO_OPTED,
    Role.PERMANENTLY_CO_OPTED,
    Role.COORDINATOR,
    Role.PROCESS_LEADER,
)

# The part a membership's role gives at the meeting.
ATTENDANCE_ROLE = {
    Role.CHAIR: AttendanceRole.MEMBER,
    Role.VICE_CHAIR: AttendanceRole.MEMBER,
    Role.MEMBER: AttendanceRole.MEMBER,
    Role.SECRETARY: AttendanceRole.STAFF,
    Role.COORDINATOR: AttendanceRole.STAFF,
    Role.PROCESS_LEADER: AttendanceRole.STAFF,
    Role.CO_OPTED: AttendanceRole.CO_OPTED,
    Role.PERMANENTLY_CO_OPTED: AttendanceRole.CO_OPTED,
    Role.SUBSTITUTE: AttendanceRole.SUBSTITUTE,
}


class AttendanceStatus(models.TextChoices):
    INVITED = "invited", _("Kallad")
    ABSENT = "absent", _("Anmält frånvaro")
    ATTENDED = "attended", _("Närvarande")


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendances")
    membership = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    role = models.CharField(max_length=20, choices=AttendanceRole.choices)
    status = models.CharField(
        max_length=20, choices=AttendanceStatus.choices, default=AttendanceStatus.INVITED
    )
    # A substitute called in for an absent member.
    stands_in_for = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="stand_ins"
    )
    # A guest invited for one item only.
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="guests"
    )
    reported_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["meeting", "role", "person__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], name="attendance_once_per_meeting"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.meeting}"


class CalendarFeed(models.Model):
    """A person's secret calendar address: all meetings of their bodies."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Kalender för {self.user}"


class ReminderKind(models.TextChoices):
    DOCUMENT_DEADLINE = "document_deadline", _("Handlingar snart sista dag")
    MEETING = "meeting", _("Möte snart")


class ReminderSent(Delivery):
    """One reminder, sent once: whether it went out, or why not (see `lib/outbox.py`)."""

    kind = models.CharField(max_length=30, choices=ReminderKind.choices)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reminders")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    # The day the reminder was about (the meeting day or the document deadline): a moved
    # meeting gets its reminders again for its new day.
    for_day = models.DateField()

    class Meta(Delivery.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "meeting", "person", "for_day"], name="reminder_sent_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person}"
