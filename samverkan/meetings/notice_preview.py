"""The notice (kallelse) as it will be sent, before it is sent: recipients, text and warnings.

`notice_preview` builds exactly what `notices.notice_send` would send now, from the same
pieces (`notice_recipients`, `meeting_agenda`, `notice_subject`, `notice_text`, the
charter's document deadline in working days from `deadline_status`), and warns about what
people notice too late: an empty agenda, no chair or vice chair on the meeting day, a notice
after the charter's deadline, items without documents, recipients without an email address.

Its `token` fingerprints what the notice would contain. The confirmation carries it back and
`notice_send` recomputes it under the meeting's row lock: if the agenda, the documents, the
recipients, the meeting's facts or the deadline changed meanwhile, sending is refused and the
refusal says which of them changed, so nobody sends what they have not seen.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.contrib.auth.models import User

from samverkan.lib.errors import ConflictError
from samverkan.lib.swedish import count_text, when_text
from samverkan.meetings.models import AgendaItemKind, Document, Meeting, Notice
from samverkan.meetings.selectors import (
    Agenda,
    DeadlineStatus,
    Recipient,
    deadline_status,
    meeting_agenda,
    notice_recipients,
)
from samverkan.structure.models import Role
from samverkan.structure.services import current_charter

# The parts of a notice the token covers, with the words a refusal uses for each.
PARTS = (
    ("m", "mötets tid, plats eller status, eller en kallelse har skickats"),
    ("a", "dagordningen eller handlingarna"),
    ("r", "mottagarna"),
    ("d", "sista dag för handlingarna"),
)


@dataclass(frozen=True)
class NoticeWarning:
    code: str  # empty_agenda, no_chair, no_vice_chair, late, missing_documents, no_email, …
    message: str


@dataclass
class NoticePreview:
    meeting: Meeting
    subject: str
    # The text as the first member gets it; each recipient's own greets them by name and
    # role, and a guest for one item gets only that item.
    body: str
    body_for: str
    recipients: list[Recipient]
    documents: list[tuple[Document, str, str]]  # (document, its address, the item's title)
    status: DeadlineStatus
    warnings: list[NoticeWarning]
    token: str
    earlier: list[Notice] = field(default_factory=list)

    @property
    def reached(self) -> list[Recipient]:
        return [r for r in self.recipients if r.email]

    @property
    def without_email(self) -> list[Recipient]:
        return [r for r in self.recipients if not r.email]


def _digest(*values: object) -> str:
    return hashlib.sha256(repr(values).encode("utf-8")).hexdigest()[:12]


def notice_token(
    meeting: Meeting,
    agenda: Agenda,
    recipients: list[Recipient],
    status: DeadlineStatus,
    *,
    sent_before: int,
) -> str:
    """A fingerprint of what the notice would contain, part by part (see `PARTS`).

    `sent_before` (notices already sent) is part of it, so a confirmation sent twice, by a
    double click or from a second tab, sends once.
    """
    facts = (
        sent_before,
        meeting.title,
        meeting.starts_at.isoformat(),
        meeting.ends_at.isoformat(),
        meeting.place,
        meeting.video_link,
        meeting.form,
        meeting.status,
        meeting.body.name,
    )
    items = [
        (
            e.item.pk,
            e.item.title,
            e.item.description,
            e.item.proposal,
            e.item.question,
            e.item.presenter,
            e.item.owner_id,
            e.item.planned_minutes,
            [(d.pk, d.version, d.title) for d, _ in e.documents],
        )
        for e in agenda.entries
    ]
    others = [(d.pk, d.version, d.title) for d, _ in agenda.other_documents]
    people = [
        (
            r.person.pk,
            r.email,
            r.role_label,
            r.agenda_item.pk if r.agenda_item else None,
            r.stands_in_for.pk if r.stands_in_for else None,
        )
        for r in recipients
    ]
    digests = {
        "m": _digest(facts),
        "a": _digest(items, others),
        "r": _digest(people),
        "d": _digest(status.deadline, status.late),
    }
    return "-".join(f"{key}{digests[key]}" for key, _ in PARTS)


def _parts(token: str) -> dict[str, str]:
    return {part[:1]: part[1:] for part in token.split("-") if part}


def refuse_changed(*, expected: str, current: str) -> None:
    """Refuse a confirmation whose preview no longer shows what would be sent."""
    if expected == current:
        return
    theirs, ours = _parts(expected), _parts(current)
    changed = [words for key, words in PARTS if theirs.get(key) != ours.get(key)]
    what = " och ".join(changed) if changed else "kallelsen"
    raise ConflictError(
        f"Kallelsen har ändrats sedan du förhandsgranskade den ({what}). Ingenting är "
        "skickat; granska den nya förhandsvisningen och skicka igen.",
        field="token",
    )


def _warnings(
    meeting: Meeting, agenda: Agenda, recipients: list[Recipient], status: DeadlineStatus
) -> list[NoticeWarning]:
    warnings: list[NoticeWarning] = []
    if not recipients:
        warnings.append(
            NoticeWarning(
                "no_recipients",
                f"{meeting.body.name} har inga ledamöter på mötesdagen; det finns ingen att "
                "kalla, och kallelsen kan inte skickas.",
            )
        )
    if not agenda.entries:
        warnings.append(
            NoticeWarning(
                "empty_agenda",
                "Dagordningen är tom: kallelsen går ut med ”Dagordningen är inte klar ännu.” "
                "Lägg till punkterna på mötets sida först, om du inte vill kalla utan dem.",
            )
        )
    roles = {r.membership.role for r in recipients if r.membership is not None}
    for role, code, words in (
        (Role.CHAIR, "no_chair", "ordförande"),
        (Role.VICE_CHAIR, "no_vice_chair", "vice ordförande"),
    ):
        if role not in roles:
            warnings.append(
                NoticeWarning(
                    code,
                    f"{meeting.body.name} har ingen {words} på mötesdagen; ingen kallas som "
                    f"{words}. Utse en på gruppens sida innan mötet.",
                )
            )
    if status.late:
        warnings.append(NoticeWarning("late", status.text))
    bare = [
        f"{e.number}. {e.item.title}"
        for e in agenda.entries
        if e.item.kind == AgendaItemKind.CASE and not e.documents
    ]
    if bare:
        warnings.append(
            NoticeWarning(
                "missing_documents",
                (
                    f"Ärendet {bare[0]} har inga handlingar"
                    if len(bare) == 1
                    else f"{len(bare)} ärenden har inga handlingar: " + "; ".join(bare)
                )
                + ".",
            )
        )
    missing = [r.name for r in recipients if not r.email]
    if missing:
        warnings.append(
            NoticeWarning(
                "no_email",
                f"{count_text(len(missing), 'person saknar', 'personer saknar').capitalize()} "
                "e-postadress "
                "och får ingen kallelse: " + ", ".join(missing) + ".",
            )
        )
    return warnings


def notice_preview(*, meeting: Meeting, by: User | None, reason: str = "") -> NoticePreview:
    """What sending the notice now would send, with warnings; nothing is sent or saved.

    The meeting should come with `body__structure` selected.
    """
    # Imported here: `notices` imports this module for the token check.
    from samverkan.meetings.notices import email_of, notice_subject, notice_text, sender_name

    charter = current_charter(meeting.body)
    status = deadline_status(meeting, charter)
    recipients = notice_recipients(meeting)
    agenda = meeting_agenda(meeting)
    late_reason = reason.strip() if status.late else ""
    first = next((r for r in recipients if r.agenda_item is None), None)
    body = notice_text(
        meeting,
        agenda,
        recipient=first,
        late_reason=late_reason or ("(anledningen du anger)" if status.late else ""),
        status=status,
        sender=sender_name(by),
        reply_to=email_of(by) if by is not None else "",
    )
    earlier = list(meeting.notices.order_by("-sent_at"))
    documents = [(d, url, e.item.title) for e in agenda.entries for d, url in e.documents]
    documents += [(d, url, "") for d, url in agenda.other_documents]
    return NoticePreview(
        meeting=meeting,
        subject=notice_subject(meeting),
        body=body,
        body_for=first.name if first else "",
        recipients=recipients,
        documents=documents,
        status=status,
        warnings=_warnings(meeting, agenda, recipients, status),
        token=notice_token(meeting, agenda, recipients, status, sent_before=len(earlier)),
        earlier=earlier,
    )


def when_of(meeting: Meeting) -> str:
    return when_text(meeting.starts_at, meeting.ends_at, end_as_clock=True)
