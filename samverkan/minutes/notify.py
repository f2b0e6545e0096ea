"""Emails about minutes: approval requests and reminders, returns, distribution, held numbers.

Each text is a template under `templates/email/minutes_*.txt`. They are sent after the
transaction that caused them commits, through the same delivery as notices.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.utils import timezone

from samverkan.lib.localtime import meeting_day
from samverkan.lib.mail import absolute_url, deliver, email_message, email_text
from samverkan.lib.swedish import day_text
from samverkan.minutes.models import Minutes, MinutesApprover
from samverkan.structure.models import Membership

logger = logging.getLogger(__name__)


def what_text(minutes: Minutes) -> str:
    kind = "tillägget till minnesanteckningarna" if minutes.is_addendum else "minnesanteckningarna"
    return f"{kind} från {minutes.meeting.body.name} {day_text(meeting_day(minutes.meeting))}"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def working_url(minutes: Minutes) -> str:
    return absolute_url("minutes:minutes", minutes.pk)


def public_url(minutes: Minutes) -> str:
    body = minutes.meeting.body
    return absolute_url("minutes_public:minutes", body.structure.slug, body.key, minutes.pk)


def _send(pairs: Iterable[tuple[str, str, str]]) -> int:
    """(address, subject, text) triples; returns how many were sent."""
    messages = [email_message(subject, text, to) for to, subject, text in pairs if to]
    errors = deliver(messages)
    for message, error in zip(messages, errors, strict=True):
        if error:
            logger.warning("Minutes email to %s not sent: %s", message.to, error)
    return sum(1 for error in errors if not error)


def approval_request_text(minutes: Minutes, approver: MinutesApprover, *, reminder: bool) -> str:
    return email_text(
        "minutes_approval_request",
        {
            "approver": approver,
            "reminder": reminder,
            "what": what_text(minutes),
            "role": approver.get_role_display().lower(),
            "url": working_url(minutes),
        },
    )


def approval_requested(minutes: Minutes, approvers: list[MinutesApprover]) -> int:
    return _send(
        (
            a.person.email,
            f"Att justera: {what_text(minutes)}",
            approval_request_text(minutes, a, reminder=False),
        )
        for a in approvers
    )


def returned(minutes: Minutes, approver: MinutesApprover) -> int:
    to = minutes.taken_by.email if minutes.taken_by else ""
    if not to and minutes.created_by is not None:
        to = minutes.created_by.email
    text = email_text(
        "minutes_returned",
        {
            "approver": approver,
            "role": approver.get_role_display().lower(),
            "what": what_text(minutes),
            "url": working_url(minutes),
        },
    )
    return _send([(to, f"Återsänt: {what_text(minutes)}", text)])


def distribute(minutes: Minutes) -> int:
    """Send the approved minutes to every member and co-opted person (seed 001)."""
    body = minutes.meeting.body
    people = {
        m.person.email: m.person
        for m in Membership.objects.active_on(meeting_day(minutes.meeting))
        .filter(body=body)
        .select_related("person")
        if m.person.email
    }
    link = public_url(minutes) if minutes.published_at else working_url(minutes)
    subject = _capitalised(what_text(minutes))
    sent = _send(
        (
            email,
            subject,
            email_text(
                "minutes_distributed",
                {"person": person, "what": what_text(minutes), "minutes": minutes, "url": link},
            ),
        )
        for email, person in sorted(people.items())
    )
    Minutes.objects.filter(pk=minutes.pk).update(
        distributed_at=timezone.now(), distributed_to=sorted(people)
    )
    return sent


def publication_held(minutes: Minutes, count: int) -> int:
    """Tell the secretary and the structure's coordinators that a person must decide."""
    body = minutes.meeting.body
    addresses = {u.email for u in body.structure.coordinators.all() if u.email}
    if minutes.taken_by and minutes.taken_by.email:
        addresses.add(minutes.taken_by.email)
    text = email_text(
        "minutes_publication_held",
        {
            "what_capitalised": _capitalised(what_text(minutes)),
            "count": count,
            "url": working_url(minutes),
        },
    )
    return _send(
        (to, f"Publicering stoppad: {what_text(minutes)}", text) for to in sorted(addresses)
    )
