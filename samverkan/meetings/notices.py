"""Sending notices (kallelser): the notice to everyone called, and to one person called later.

`notice_send` emails the kallelse with the agenda and links to the documents to the body's
members and invited guests and records who got what and when; `send_single_notice` does the
same for one substitute or guest called after the notice went out. Emails go out after the
database work is committed to the current transaction; a person without an email address,
or a message the mail server refused, is listed as not reached rather than stopping the rest.
Absence, substitutes and guests are in `attendance.py`; who gets the notice, the agenda and
the document deadline are read in `selectors.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from samverkan.audit.services import record_create, record_update, snapshot
from samverkan.lib.errors import DomainError
from samverkan.lib.mail import absolute_url, deliver, email_message, email_text
from samverkan.lib.swedish import when_text
from samverkan.lib.users import AnyUser
from samverkan.meetings.access import require_convener
from samverkan.meetings.models import (
    OPEN_STATUSES,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingEvent,
    MeetingEventKind,
    MeetingStatus,
    Notice,
    NoticeRecipient,
)
from samverkan.meetings.notice_preview import notice_token, refuse_changed
from samverkan.meetings.selectors import (
    Agenda,
    DeadlineStatus,
    Recipient,
    deadline_status,
    meeting_agenda,
    notice_recipients,
)
from samverkan.structure.models import Person
from samverkan.structure.services import current_charter

# --- Small helpers ---------------------------------------------------------------


def meeting_name(meeting: Meeting) -> str:
    name = meeting.body.name
    return f"{name} – {meeting.title}" if meeting.title and meeting.title != name else name


def email_of(user: User) -> str:
    if user.email:
        return user.email
    person = Person.objects.filter(user=user).only("email").first()
    return person.email if person else ""


def absence_url(meeting: Meeting) -> str:
    return absolute_url("meetings_public:my_absence", meeting_id=meeting.pk)


def acting(by: AnyUser | None) -> User | None:
    """The user to record as the actor: nobody for the system or an anonymous visitor."""
    return by if isinstance(by, User) else None


def lock_open_meeting(meeting: Meeting, what: str) -> Meeting:
    """The meeting re-read with a row lock, so that notices, absences and guests for it never
    interleave; refused (to `what`) once it is cancelled, held or under way. In a transaction."""
    fresh = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("body__structure")
        .get(pk=meeting.pk)
    )
    if fresh.status not in OPEN_STATUSES:
        raise DomainError(
            f"Mötet är {fresh.get_status_display().lower()}; du kan inte {what}.",
            field="meeting",
        )
    if fresh.starts_at <= timezone.now():
        raise DomainError(f"Mötet har redan börjat; du kan inte {what}.", field="meeting")
    return fresh


# --- Email -----------------------------------------------------------------------


@dataclass
class NotReached:
    name: str
    email: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name} ({self.reason})"


def notice_subject(meeting: Meeting) -> str:
    return f"Kallelse: {meeting_name(meeting)}, {when_text(meeting.starts_at, meeting.ends_at, end_as_clock=True)}"


def notice_text(
    meeting: Meeting,
    agenda: Agenda,
    *,
    recipient: Recipient | None = None,
    late_reason: str = "",
    status: DeadlineStatus | None = None,
    sender: str = "",
    reply_to: str = "",
    intro: str = "",
) -> str:
    guest = recipient is not None and recipient.agenda_item is not None
    return email_text(
        "notice",
        {
            "meeting": meeting,
            "meeting_name": meeting_name(meeting),
            "when": when_text(meeting.starts_at, meeting.ends_at, end_as_clock=True),
            "recipient": recipient,
            "agenda": agenda.only(recipient.agenda_item if recipient else None),
            "guest": guest,
            "late_reason": late_reason,
            "deadline": status,
            "absence_url": absence_url(meeting),
            "intro": intro,
            "sender": sender,
            "reply_to": reply_to,
        },
    )


def sender_name(by: User | None) -> str:
    if by is None:
        return ""
    if by.get_full_name():
        return by.get_full_name()
    person = Person.objects.filter(user=by).first()
    return person.full_name if person else by.username


# --- Sending the notice ------------------------------------------------------------


@dataclass
class NoticeResult:
    notice: Notice
    sent: list[NoticeRecipient]
    not_reached: list[NotReached]
    late: bool

    @property
    def message(self) -> str:
        """What happened, exactly: how many of how many got it, and who did not and why."""
        n = len(self.sent)
        total = n + len(self.not_reached)
        no_email = [x.name for x in self.not_reached if not x.email]
        failed = [str(x) for x in self.not_reached if x.email]
        missed = []
        if no_email:
            missed.append(f"{len(no_email)} saknar e-postadress: " + ", ".join(no_email))
        if failed:
            missed.append(f"{len(failed)} nåddes inte: " + "; ".join(failed))
        if not n:
            text = (
                f"Kallelsen nådde ingen av {total} mottagare, så mötet är inte kallat"
                + ("; " + "; ".join(missed) if missed else "")
                + ". Rätta adresserna och försök igen."
            )
            return text
        text = f"Kallelsen skickades till {n} av {total}"
        text += ("; " + "; ".join(missed) + "." if missed else ".") + " Mötet är kallat."
        if self.late:
            text += (
                " Den skickades efter sista dag för handlingarna; anledningen står i "
                "kallelsen och är sparad med den."
            )
        return text


def _ensure_attendance(meeting: Meeting, recipients: Iterable[Recipient]) -> None:
    existing = set(Attendance.objects.filter(meeting=meeting).values_list("person_id", flat=True))
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            person=r.person,
            membership=r.membership,
            role=r.attendance_role,
            status=AttendanceStatus.INVITED,
        )
        for r in recipients
        if r.person.pk not in existing
    )


def _send_recorded(
    notice: Notice, pairs: Sequence[tuple[Recipient, EmailMessage | None]]
) -> tuple[list[NoticeRecipient], list[NotReached]]:
    """Send the messages and record a NoticeRecipient for each one that went out."""
    not_reached = [
        NotReached(r.name, "", "saknar e-postadress") for r, message in pairs if message is None
    ]
    outgoing = [(r, message) for r, message in pairs if message is not None]
    errors = deliver([message for _, message in outgoing])
    rows = []
    for (recipient, _outgoing), error in zip(outgoing, errors, strict=True):
        if error:
            not_reached.append(NotReached(recipient.name, recipient.email, error))
            continue
        rows.append(
            NoticeRecipient(
                notice=notice,
                person=recipient.person,
                name=recipient.name[:200],
                email=recipient.email,
                role=recipient.role_label[:100],
            )
        )
    return NoticeRecipient.objects.bulk_create(rows), not_reached


def notice_send(
    *, meeting: Meeting, by: AnyUser | None, reason: str = "", expected_token: str | None = None
) -> NoticeResult:
    """Email the kallelse to the body's members and the invited guests, and record it.

    After the charter's document deadline the notice needs a stated reason, recorded with it.
    The meeting becomes called; everyone called gets an attendance row (status invited).
    `expected_token` is the preview's (`notice_preview`): if what would be sent has changed
    since, nothing is sent and the refusal (a conflict) says what changed.
    """
    if by is not None:  # None is the system itself, such as a command or the demo
        require_convener(by, meeting, "skicka kallelsen")
    user = acting(by)
    reason = reason.strip()
    with transaction.atomic():
        fresh = lock_open_meeting(meeting, "skicka kallelsen")
        charter = current_charter(fresh.body)
        status = deadline_status(fresh, charter)
        recipients = notice_recipients(fresh)
        agenda = meeting_agenda(fresh)
        if expected_token is not None:
            sent_before = Notice.objects.filter(meeting=fresh).count()
            current = notice_token(fresh, agenda, recipients, status, sent_before=sent_before)
            refuse_changed(expected=expected_token, current=current)
        if status.late and not reason:
            raise DomainError(
                f"Sista dag för handlingarna var {status.deadline_text}"
                + (f" ({status.lead} före mötet)" if status.lead else "")
                + ". Ange varför kallelsen skickas sent; anledningen sparas med kallelsen.",
                field="reason",
            )
        late_reason = reason if status.late else ""
        if not recipients:
            raise DomainError(
                f"{fresh.body.name} har inga ledamöter på mötesdagen; det finns ingen att kalla.",
                field="meeting",
            )
        sender = sender_name(user)
        reply_to = email_of(user) if user is not None else ""
        notice = Notice.objects.create(
            meeting=fresh,
            sent_by=user,
            late=status.late,
            late_reason=late_reason,
            subject=notice_subject(fresh)[:300],
            body=notice_text(
                fresh,
                agenda,
                late_reason=late_reason,
                status=status,
                sender=sender,
                reply_to=reply_to,
            ),
        )
        _ensure_attendance(fresh, recipients)
        record_create(
            by=user, obj=notice, parts={"recipients": "\n".join(r.name for r in recipients)}
        )
        status_before = fresh.status
        meeting_before = snapshot(fresh)
        if fresh.status != MeetingStatus.CALLED:
            # Calendar clients see the change of status, so SEQUENCE goes up too.
            fresh.status = MeetingStatus.CALLED
            fresh.sequence += 1
            fresh.lock_version += 1
            fresh.save(update_fields=["status", "sequence", "lock_version", "updated_at"])
            record_update(by=user, obj=fresh, before=meeting_before)
        MeetingEvent.objects.create(
            meeting=fresh,
            kind=MeetingEventKind.CALLED,
            by=user,
            note=f"Skickad efter sista dag för handlingarna: {late_reason}" if late_reason else "",
        )
        pairs = [
            (
                r,
                email_message(
                    notice.subject,
                    notice_text(
                        fresh,
                        agenda,
                        recipient=r,
                        late_reason=late_reason,
                        status=status,
                        sender=sender,
                        reply_to=reply_to,
                    ),
                    r.email,
                    reply_to,
                )
                if r.email
                else None,
            )
            for r in recipients
        ]
    sent, not_reached = _send_recorded(notice, pairs)
    if not sent and fresh.status != status_before:
        # Nobody was reached: the meeting is not called after all (the notice stays on
        # record, with no recipients, and can be sent again).
        called = snapshot(fresh)
        fresh.status = status_before
        fresh.sequence += 1
        fresh.lock_version += 1
        fresh.save(update_fields=["status", "sequence", "lock_version", "updated_at"])
        MeetingEvent.objects.create(
            meeting=fresh,
            kind=MeetingEventKind.CHANGED,
            by=user,
            note="Kallelsen nådde ingen mottagare; mötet är inte kallat.",
        )
        record_update(
            by=user,
            obj=fresh,
            before=called,
            note="Kallelsen nådde ingen mottagare; mötet är inte kallat.",
        )
    meeting.status = fresh.status
    meeting.sequence = fresh.sequence
    meeting.lock_version = fresh.lock_version
    return NoticeResult(notice=notice, sent=sent, not_reached=not_reached, late=status.late)


def send_single_notice(
    meeting: Meeting,
    recipient: Recipient,
    *,
    by: User | None,
    subject: str,
    intro: str,
) -> tuple[Notice | None, list[NotReached]]:
    """The notice for one person called later (a substitute, a guest), recorded as its own."""
    agenda = meeting_agenda(meeting)
    reply_to = email_of(by) if by is not None else ""
    text = notice_text(
        meeting,
        agenda,
        recipient=recipient,
        sender=sender_name(by),
        reply_to=reply_to,
        intro=intro,
    )
    notice = Notice.objects.create(meeting=meeting, sent_by=by, subject=subject[:300], body=text)
    record_create(by=by, obj=notice, parts={"recipients": recipient.name})
    message = email_message(subject, text, recipient.email, reply_to) if recipient.email else None
    _sent, not_reached = _send_recorded(notice, [(recipient, message)])
    return notice, not_reached
