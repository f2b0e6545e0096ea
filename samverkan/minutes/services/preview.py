"""The minutes as they will be frozen, before "Fastställ", "Skicka för justering" or "Justera".

`minutes_preview` renders the text exactly as `publication.freeze` would freeze it now
(`render.canonical_text` with the facts as they are now) and warns about what cannot be
changed afterwards: empty headings (and, where the charter requires the template, agenda
items missing from the minutes), an approver or the chair recorded as absent from the meeting,
an approver missing, numbers that look like personnummer.

The confirmation carries back the text's SHA-256 (`text_sha256`); `minutes_submit` and
`minutes_approve` compare it with the text under the row lock, so what is frozen is what was
read (`refuse_changed_text`). `outcome_message` says exactly what the action led to, and
`status_text` names the state: "Fastställd" where the charter has no justering, "Justerad"
where it has.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from samverkan.lib.errors import ConflictError
from samverkan.meetings.models import Attendance, AttendanceStatus
from samverkan.minutes.models import (
    ApprovalDecision,
    Minutes,
    MinutesApprover,
    MinutesItem,
    MinutesStatus,
)
from samverkan.minutes.render import canonical_text, items_with_parts, sha256_of
from samverkan.minutes.services.publication import personnummer_hits
from samverkan.minutes.services.rules import ApproverSlot, approval_rule_of, approver_slots
from samverkan.structure.models import MinutesApproval
from samverkan.structure.selectors import current_charter

# The charter's rules that have a justering; under any other the minutes are adopted.
JUSTERING_RULES = frozenset(
    {
        MinutesApproval.CHAIR_AND_ADJUSTER,
        MinutesApproval.CHAIR_AND_VICE_CHAIR,
        MinutesApproval.VICE_CHAIR,
        MinutesApproval.CHAIR,
    }
)

SUBMIT, ADOPT, APPROVE = "submit", "adopt", "approve"


@dataclass(frozen=True)
class MinutesWarning:
    # empty_headings, agenda_items_missing, approver_absent, chair_absent, approver_missing,
    # personnummer, no_items
    code: str
    message: str


@dataclass
class MinutesPreview:
    minutes: Minutes
    action: str  # submit (for justering), adopt (no justering) or approve (one approver's)
    text: str
    text_sha256: str
    lock_version: int
    warnings: list[MinutesWarning]
    slots: list[ApproverSlot] = field(default_factory=list)
    approvers: list[MinutesApprover] = field(default_factory=list)
    consequence: str = ""


def has_justering(rule: str) -> bool:
    return rule in JUSTERING_RULES


def status_text(minutes: Minutes, *, published: bool) -> str:
    """The minutes' state in words, for the pages: no "Justerad" where nobody justerade."""
    if minutes.status != MinutesStatus.APPROVED:
        return str(minutes.get_status_display())
    done = "Justerad" if has_justering(minutes.approval_rule) else "Fastställd"
    if published:
        return f"{done} och publicerad"
    if minutes.public:
        return f"{done}, publiceringen väntar på ställningstagande om möjliga personnummer"
    return f"{done}, publiceras inte enligt uppdragsbeskrivningen"


def text_fingerprint(minutes: Minutes, items: list[MinutesItem] | None = None) -> str:
    return sha256_of(canonical_text(minutes, items))


def refuse_changed_text(minutes: Minutes, expected: str | None) -> None:
    """Refuse a confirmation made from a preview whose text is no longer the minutes' text."""
    if expected is not None and expected != text_fingerprint(minutes):
        raise ConflictError(
            "Minnesanteckningarna har ändrats sedan du förhandsgranskade dem. Ingenting är "
            "gjort; läs den nya versionen och bekräfta igen.",
            field="text_sha256",
        )


def _is_empty(item: MinutesItem) -> bool:
    return not (
        item.notes.strip() or item.entries.all() or item.actions.all() or item.follow_ups.all()
    )


def _absent_ids(minutes: Minutes, people: list[int]) -> set[int]:
    return set(
        Attendance.objects.filter(
            meeting_id=minutes.meeting_id, person_id__in=people, status=AttendanceStatus.ABSENT
        ).values_list("person_id", flat=True)
    )


def _warnings(
    minutes: Minutes,
    items: list[MinutesItem],
    template_required: bool,
    approvers: list[tuple[str, int, str]],  # (role, person id, name)
    slots: list[ApproverSlot],
) -> list[MinutesWarning]:
    warnings: list[MinutesWarning] = []
    if not items:
        warnings.append(MinutesWarning("no_items", "Minnesanteckningarna har inga punkter."))
    empty = [f"§ {n} {item.title}" for n, item in enumerate(items, start=1) if _is_empty(item)]
    if empty:
        lead = (
            "Uppdragsbeskrivningen kräver att minnesanteckningarna skrivs enligt mall, men "
            if template_required
            else ""
        )
        what = "rubriken är tom" if len(empty) == 1 else f"{len(empty)} rubriker är tomma"
        warnings.append(
            MinutesWarning(
                "empty_headings",
                (lead + what if lead else what.capitalize())
                + ": "
                + "; ".join(empty)
                + ". Skriv vad som sades eller beslutades, eller ta bort punkten.",
            )
        )
    if template_required:
        covered = {item.agenda_item_id for item in items if item.agenda_item_id}
        missing = [
            title
            for pk, title in minutes.meeting.agenda_items.values_list("pk", "title")
            if pk not in covered
        ]
        if missing:
            warnings.append(
                MinutesWarning(
                    "agenda_items_missing",
                    "Mallen följer dagordningen, men de här punkterna saknas i "
                    "minnesanteckningarna: " + "; ".join(missing) + ".",
                )
            )
    chair = minutes.chaired_by
    people = [pk for _, pk, _ in approvers] + ([chair.pk] if chair else [])
    absent = _absent_ids(minutes, people)
    for role, pk, name in approvers:
        if pk in absent:
            warnings.append(
                MinutesWarning(
                    "approver_absent",
                    f"{name} ({role.lower()}) är antecknad som frånvarande från mötet men "
                    "ska justera. Den som justerar ska ha varit med: utse en annan "
                    "justeringsperson eller rätta närvaron.",
                )
            )
    if chair is not None and chair.pk in absent:
        warnings.append(
            MinutesWarning(
                "chair_absent",
                f"{chair.full_name} står som ordförande vid mötet men är antecknad som "
                "frånvarande. Ange vem som ledde mötet.",
            )
        )
    for slot in slots:
        if slot.person is None:
            warnings.append(MinutesWarning("approver_missing", slot.missing))
    hits = personnummer_hits(minutes)
    if hits:
        warnings.append(
            MinutesWarning(
                "personnummer",
                f"Texten innehåller {len(hits)} nummer som ser ut som personnummer eller "
                "samordningsnummer: " + "; ".join(context for _, context in hits) + ".",
            )
        )
    return warnings


def _consequence(action: str, *, public: bool, distributed: bool, slots: list[ApproverSlot]) -> str:
    if action == APPROVE:
        return (
            "När du justerar kan du inte ändra dig. När alla har justerat låses "
            "minnesanteckningarna med texten ovan"
            + (" och publiceras" if public else "")
            + (" och skickas till samtliga representanter och adjungerade" if distributed else "")
            + "."
        )
    if action == ADOPT:
        return (
            "Uppdragsbeskrivningen kräver ingen justering. När du fastställer låses "
            "minnesanteckningarna med texten ovan"
            + (" och publiceras" if public else "")
            + (" och skickas till samtliga representanter och adjungerade" if distributed else "")
            + ". De kan inte ändras efteråt; en rättelse görs som ett tillägg."
        )
    who = ", ".join(
        f"{slot.label.lower()} {slot.person.full_name}" for slot in slots if slot.person
    )
    return (
        f"Minnesanteckningarna skickas för justering till {who}, som får ett e-postmeddelande. "
        "Medan de väntar på justering kan du inte ändra dem; en justerare kan återsända dem."
    )


def minutes_preview(*, minutes: Minutes, action: str) -> MinutesPreview:
    """The text to be frozen, with warnings, for `action`: SUBMIT (or ADOPT) or APPROVE.

    Nothing is changed. For SUBMIT the charter in force decides whether it is a justering
    or an adoption; for APPROVE the current round's approvers are shown.
    """
    items = items_with_parts(minutes)
    charter = current_charter(minutes.meeting.body)
    slots: list[ApproverSlot] = []
    approvers: list[MinutesApprover] = []
    if action == APPROVE:
        approvers = list(
            minutes.approvers.filter(round=minutes.approvers.order_by("-round").values("round")[:1])
            .exclude(decision=ApprovalDecision.WITHDRAWN)
            .select_related("person")
        )
        people = [(str(a.get_role_display()), a.person_id, a.person.full_name) for a in approvers]
        public = minutes.public or bool(charter and charter.minutes_public)
    else:
        slots = approver_slots(minutes, approval_rule_of(charter))
        action = SUBMIT if slots else ADOPT
        people = [
            (slot.label, slot.person.pk, slot.person.full_name) for slot in slots if slot.person
        ]
        public = bool(charter and charter.minutes_public)
    text = canonical_text(minutes, items)
    return MinutesPreview(
        minutes=minutes,
        action=action,
        text=text,
        text_sha256=sha256_of(text),
        lock_version=minutes.lock_version,
        warnings=_warnings(
            minutes, items, bool(charter and charter.minutes_template_required), people, slots
        ),
        slots=slots,
        approvers=approvers,
        consequence=_consequence(
            action,
            public=public,
            distributed=bool(charter and charter.minutes_distributed_to_all),
            slots=slots,
        ),
    )


def outcome_message(minutes: Minutes, *, action: str) -> str:
    """What the action did, exactly: locked or not, published or held, emailed to whom."""
    fresh = Minutes.objects.get(pk=minutes.pk)
    if action == APPROVE and fresh.status != MinutesStatus.APPROVED:
        waiting = fresh.approvers.filter(decision=ApprovalDecision.PENDING).select_related("person")
        names = ", ".join(a.person.full_name for a in waiting)
        return "Du har justerat minnesanteckningarna." + (
            f" De väntar nu på {names}." if names else ""
        )
    if fresh.status == MinutesStatus.PENDING:
        names = ", ".join(
            f"{a.get_role_display().lower()} {a.person.full_name}"
            for a in fresh.approvers.filter(decision=ApprovalDecision.PENDING).select_related(
                "person"
            )
        )
        return f"Minnesanteckningarna är skickade för justering till {names}."
    if action == APPROVE:
        text, done = "Du har justerat minnesanteckningarna. Alla har justerat: de är nu", ""
    else:
        done = "justerade" if has_justering(fresh.approval_rule) else "fastställda"
        text = f"Minnesanteckningarna är {done}"
    if fresh.published_at is not None:
        text += ", låsta och publicerade." if done else " låsta och publicerade."
    else:
        text += " och låsta." if done else " låsta."
        if fresh.public:
            text += (
                " De publiceras inte än: texten innehåller något som liknar ett personnummer, "
                "och någon behöver ta ställning först."
            )
        else:
            text += " De publiceras inte enligt uppdragsbeskrivningen."
    if fresh.distributed_to:
        text += f" De skickades med e-post till {len(fresh.distributed_to)} mottagare."
    else:
        text += " Ingenting skickades med e-post."
    return text
