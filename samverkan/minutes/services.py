"""Minutes: draft from the agenda, approve by the charter's rule, freeze, publish. Checks first.

Every function here is called alike by the working pages, the API and the demo loader.
Editing goes item by item, each with its own lock version, so two secretaries can write
different items at once; writing the same item twice from the same version is refused.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from samverkan.lib.errors import (
    ConflictError,
    DomainError,
    refuse_stale,
    reject_unknown_fields,
    sync_saved,
)
from samverkan.lib.localtime import meeting_day
from samverkan.lib.personnummer import find_identity_numbers
from samverkan.meetings.models import AttendanceStatus, Meeting, MeetingStatus
from samverkan.minutes import notify
from samverkan.minutes.models import (
    CLOSING_OUTCOMES,
    EDITABLE_STATUSES,
    ActionFollowUp,
    ApprovalDecision,
    ApproverRole,
    EntryKind,
    FollowUpOutcome,
    HoldResolution,
    Minutes,
    MinutesAction,
    MinutesApprover,
    MinutesEntry,
    MinutesItem,
    MinutesStatus,
    PublicationHold,
)
from samverkan.minutes.render import (
    canonical_text,
    items_with_parts,
    live_facts,
    mask,
    masked_strings,
    sha256_of,
)
from samverkan.search.index import search_index_upsert
from samverkan.structure.models import (
    Body,
    Charter,
    Mandate,
    Membership,
    MinutesApproval,
    Person,
    Role,
)
from samverkan.structure.services import current_charter

STALE = (
    "Någon annan har sparat minnesanteckningarna sedan du öppnade dem. Det du skrev finns "
    "kvar i formuläret; jämför med den sparade versionen och spara igen."
)
STALE_ITEM = (
    "Någon annan har sparat den här punkten sedan du öppnade den. Det du skrev finns kvar i "
    "formuläret; jämför med den sparade versionen och spara igen."
)
FROZEN = (
    "Minnesanteckningarna är justerade och kan inte ändras. En rättelse görs som ett "
    "tillägg, som justeras för sig."
)
NOT_DECIDING = (
    "{body} är inte beslutsfattande enligt uppdragsbeskrivningen och kan inte fatta beslut "
    "eller rekommendera huvudmännen. Skriv i stället förslag eller återkoppling till "
    "uppdragsgivaren{parent}."
)

# Entry kinds each mandate may record.
KINDS_BY_MANDATE: dict[str, frozenset[str]] = {
    Mandate.DECIDES: frozenset(EntryKind),
    Mandate.RECOMMENDS: frozenset(EntryKind),
    Mandate.NOT_DECISION_MAKING: frozenset(
        {EntryKind.PROPOSAL, EntryKind.FEEDBACK, EntryKind.INFORMATION}
    ),
}


# --- Reading the charter ----------------------------------------------------------


def allowed_entry_kinds(body: Body) -> frozenset[str]:
    return KINDS_BY_MANDATE.get(body.mandate, frozenset(EntryKind))


def not_deciding_text(body: Body) -> str:
    parent = f" ({body.parent.name})" if body.parent_id and body.parent else ""
    return NOT_DECIDING.format(body=body.name, parent=parent)


def _role_holder(body: Body, role: str, day: datetime.date) -> Person | None:
    membership = (
        Membership.objects.active_on(day)
        .filter(body=body, role=role)
        .select_related("person", "person__user")
        .first()
    )
    return membership.person if membership else None


@dataclass(frozen=True)
class ApproverSlot:
    role: str
    person: Person | None
    missing: str  # why the slot has nobody, in Swedish

    @property
    def label(self) -> str:
        return str(ApproverRole(self.role).label)


def approver_slots(minutes: Minutes, rule: str) -> list[ApproverSlot]:
    """Who must approve by the charter's rule, for this meeting; an empty list for no approval."""
    body = minutes.meeting.body
    day = meeting_day(minutes.meeting)
    chair = minutes.chaired_by or _role_holder(body, Role.CHAIR, day)
    vice = _role_holder(body, Role.VICE_CHAIR, day)
    chair_slot = ApproverSlot(ApproverRole.CHAIR, chair, f"{body.name} har ingen ordförande.")
    vice_slot = ApproverSlot(
        ApproverRole.VICE_CHAIR, vice, f"{body.name} har ingen vice ordförande."
    )
    adjuster_slot = ApproverSlot(
        ApproverRole.ADJUSTER,
        minutes.adjuster,
        "Utse en justeringsperson för mötet innan minnesanteckningarna skickas för justering.",
    )
    slots: dict[str, list[ApproverSlot]] = {
        MinutesApproval.CHAIR_AND_ADJUSTER: [chair_slot, adjuster_slot],
        MinutesApproval.CHAIR_AND_VICE_CHAIR: [chair_slot, vice_slot],
        MinutesApproval.VICE_CHAIR: [vice_slot],
        MinutesApproval.CHAIR: [chair_slot],
    }
    return slots.get(rule, [])


def approval_rule_of(charter: Charter | None) -> str:
    return charter.minutes_approval if charter else MinutesApproval.NOT_STATED


# --- Starting the minutes -----------------------------------------------------------


def attendance_snapshot(meeting: Meeting) -> list[dict[str, Any]]:
    rows = meeting.attendances.select_related(
        "person", "membership__principal", "stands_in_for__person"
    ).order_by("role", "person__last_name", "person__first_name")
    return [
        {
            "name": a.person.full_name,
            "role": str(a.get_role_display()),
            "principal": a.membership.principal.name if a.membership else "",
            "present": a.status != AttendanceStatus.ABSENT,
            "stands_in_for": a.stands_in_for.person.full_name if a.stands_in_for else "",
        }
        for a in rows
    ]


def open_actions(body: Body, *, before: datetime.datetime | None = None) -> list[MinutesAction]:
    """Actions from the body's approved minutes that no approved minutes have closed yet."""
    actions = (
        MinutesAction.objects.filter(
            item__minutes__meeting__body=body, item__minutes__status=MinutesStatus.APPROVED
        )
        # One subquery, so that "closing" and "approved" must hold for the same follow-up.
        .exclude(
            pk__in=ActionFollowUp.objects.filter(
                outcome__in=CLOSING_OUTCOMES, item__minutes__status=MinutesStatus.APPROVED
            ).values("action_id")
        )
        .select_related("owner", "item__minutes__meeting")
        .order_by("due_on", "pk")
    )
    if before is not None:
        actions = actions.filter(item__minutes__meeting__starts_at__lt=before)
    return list(actions)


def _ensure(minutes: Minutes) -> None:
    if minutes.status not in EDITABLE_STATUSES:
        if minutes.status == MinutesStatus.APPROVED:
            raise DomainError(FROZEN)
        raise DomainError(
            "Minnesanteckningarna väntar på justering och kan inte ändras nu. Be en av "
            "justerarna att återsända dem om något behöver ändras."
        )


def _locked(minutes: Minutes) -> Minutes:
    """Re-read the minutes with a row lock, so a save and a status change never interleave."""
    return Minutes.objects.select_for_update().get(pk=minutes.pk)


@transaction.atomic
def minutes_start(*, meeting: Meeting, by: User | None) -> Minutes:
    """Draft the meeting's minutes from its agenda; open earlier actions come along."""
    if meeting.status == MeetingStatus.CANCELLED:
        raise DomainError("Mötet är inställt och får inga minnesanteckningar.")
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    if Minutes.objects.filter(meeting=meeting, addendum_to__isnull=True).exists():
        raise ConflictError("Mötet har redan minnesanteckningar; öppna dem i stället.")
    body = meeting.body
    charter = current_charter(body)
    day = meeting_day(meeting)
    minutes = Minutes.objects.create(
        meeting=meeting,
        approval_rule=approval_rule_of(charter),
        taken_by=_role_holder(body, Role.SECRETARY, day),
        chaired_by=_role_holder(body, Role.CHAIR, day),
        attendance=attendance_snapshot(meeting),
        public=bool(charter and charter.minutes_public),
        created_by=by,
    )
    agenda = list(meeting.agenda_items.select_related("standing_item").order_by("position", "pk"))
    follow_up_done = False
    items = []
    for index, agenda_item in enumerate(agenda):
        reviews = bool(
            agenda_item.standing_item and agenda_item.standing_item.reviews_previous_minutes
        )
        items.append(
            MinutesItem(
                minutes=minutes,
                agenda_item=agenda_item,
                position=index + 1,
                title=agenda_item.title,
                follows_up_previous=reviews and not follow_up_done,
            )
        )
        follow_up_done = follow_up_done or reviews
    earlier = open_actions(body, before=meeting.starts_at)
    wanted = bool(charter and charter.decisions_followed_up_in_next_minutes) or bool(earlier)
    if wanted and not follow_up_done:
        items.insert(
            0,
            MinutesItem(
                minutes=minutes,
                position=0,
                title="Uppföljning av beslut och åtgärder från tidigare möten",
                follows_up_previous=True,
            ),
        )
    MinutesItem.objects.bulk_create(items)
    carrier = next((i for i in minutes.items.all() if i.follows_up_previous), None)
    if carrier is not None and earlier:
        ActionFollowUp.objects.bulk_create(
            ActionFollowUp(action=action, item=carrier, outcome=FollowUpOutcome.CONTINUES)
            for action in earlier
        )
    return minutes


# --- Writing ---------------------------------------------------------------------------

MINUTES_FIELDS = ("taken_by", "chaired_by", "adjuster", "notes")


def _in_body_or_meeting(minutes: Minutes, person: Person) -> bool:
    day = meeting_day(minutes.meeting)
    return (
        Membership.objects.active_on(day).filter(body=minutes.meeting.body, person=person).exists()
        or minutes.meeting.attendances.filter(person=person).exists()
    )


def _check_header(minutes: Minutes) -> None:
    if minutes.adjuster is not None:
        if minutes.chaired_by is not None and minutes.adjuster.pk == minutes.chaired_by.pk:
            raise DomainError(
                "Justeringspersonen ska vara en annan än ordföranden: uppdragsbeskrivningen "
                "säger att anteckningarna justeras av ordförande och en för mötet utsedd "
                "justeringsperson.",
                field="adjuster",
            )
        if not _in_body_or_meeting(minutes, minutes.adjuster):
            raise DomainError(
                f"{minutes.adjuster.full_name} sitter inte i {minutes.meeting.body.name} och "
                "deltog inte i mötet, och kan därför inte justera.",
                field="adjuster",
            )


@transaction.atomic
def minutes_update(
    *, minutes: Minutes, expected_version: int | None, by: User | None, **changes: Any
) -> Minutes:
    """Change who chaired, wrote and adjusts the minutes, and the closing notes."""
    reject_unknown_fields(changes, MINUTES_FIELDS)
    current = _locked(minutes)
    _ensure(current)
    refuse_stale(current=current.lock_version, expected=expected_version, message=STALE)
    for name, value in changes.items():
        setattr(current, name, value)
    _check_header(current)
    current.lock_version += 1
    current.save()
    sync_saved(minutes, current)
    return current


@transaction.atomic
def minutes_refresh_attendance(
    *, minutes: Minutes, expected_version: int | None, by: User | None
) -> Minutes:
    """Take the attendance again from the meeting (after absences or guests changed)."""
    current = _locked(minutes)
    _ensure(current)
    refuse_stale(current=current.lock_version, expected=expected_version, message=STALE)
    current.attendance = attendance_snapshot(current.meeting)
    current.lock_version += 1
    current.save(update_fields=["attendance", "lock_version", "updated_at"])
    sync_saved(minutes, current)
    return current


@dataclass(frozen=True)
class EntryIn:
    kind: str
    text: str


@dataclass(frozen=True)
class ActionIn:
    text: str
    due_on: datetime.date | None
    owner: Person | None = None
    owner_name: str = ""


@dataclass(frozen=True)
class FollowUpIn:
    action_id: int
    outcome: str
    note: str = ""


def _check_entries(minutes: Minutes, entries: list[EntryIn]) -> None:
    body = minutes.meeting.body
    allowed: frozenset[str] = allowed_entry_kinds(body)
    for index, entry in enumerate(entries, start=1):
        if entry.kind not in EntryKind.values:
            raise DomainError(f"Rad {index}: okänd typ {entry.kind!r}.", field="entries")
        if not entry.text.strip():
            raise DomainError(f"Rad {index}: texten saknas.", field="entries")
        if entry.kind not in allowed:
            raise DomainError(not_deciding_text(body), field="entries")


def _check_actions(actions: list[ActionIn]) -> None:
    for index, action in enumerate(actions, start=1):
        if not action.text.strip():
            raise DomainError(f"Åtgärd {index}: beskriv vad som ska göras.", field="actions")
        if action.owner is None and not action.owner_name.strip():
            raise DomainError(f"Åtgärd {index}: ange vem som är ansvarig.", field="actions")
        if action.due_on is None:
            raise DomainError(f"Åtgärd {index}: ange när den ska vara klar.", field="actions")


def _check_follow_ups(item: MinutesItem, follow_ups: list[FollowUpIn]) -> None:
    if follow_ups and not item.follows_up_previous:
        raise DomainError(
            "Åtgärder från tidigare möten följs upp under punkten för föregående "
            "minnesanteckningar.",
            field="follow_ups",
        )
    known = set(item.follow_ups.values_list("action_id", flat=True))
    for follow_up in follow_ups:
        if follow_up.action_id not in known:
            raise DomainError(
                "Åtgärden hör inte till uppföljningen i de här minnesanteckningarna.",
                field="follow_ups",
            )
        if follow_up.outcome not in FollowUpOutcome.values:
            raise DomainError(f"Okänt läge {follow_up.outcome!r}.", field="follow_ups")


@transaction.atomic
def minutes_item_save(
    *,
    item: MinutesItem,
    expected_version: int | None,
    by: User | None,
    title: str | None = None,
    notes: str | None = None,
    entries: list[EntryIn] | None = None,
    actions: list[ActionIn] | None = None,
    follow_ups: list[FollowUpIn] | None = None,
) -> MinutesItem:
    """Save one item: its notes and, where given, all its entries, actions and follow-ups."""
    minutes = _locked(item.minutes)
    _ensure(minutes)
    current = MinutesItem.objects.select_for_update().get(pk=item.pk)
    refuse_stale(current=current.lock_version, expected=expected_version, message=STALE_ITEM)
    minutes.meeting = item.minutes.meeting
    if entries is not None:
        _check_entries(minutes, entries)
    if actions is not None:
        _check_actions(actions)
    if follow_ups is not None:
        _check_follow_ups(current, follow_ups)
    if title is not None:
        if not title.strip():
            raise DomainError("Punkten behöver en rubrik.", field="title")
        current.title = title.strip()
    if notes is not None:
        current.notes = notes
    if entries is not None:
        current.entries.all().delete()
        MinutesEntry.objects.bulk_create(
            MinutesEntry(item=current, position=i, kind=e.kind, text=e.text.strip())
            for i, e in enumerate(entries)
        )
    if actions is not None:
        current.actions.all().delete()
        MinutesAction.objects.bulk_create(
            MinutesAction(
                item=current,
                position=i,
                text=a.text.strip(),
                owner=a.owner,
                owner_name="" if a.owner else a.owner_name.strip(),
                due_on=a.due_on,
            )
            for i, a in enumerate(actions)
            if a.due_on is not None  # checked above
        )
    for follow_up in follow_ups or []:
        current.follow_ups.filter(action_id=follow_up.action_id).update(
            outcome=follow_up.outcome, note=follow_up.note.strip()
        )
    current.lock_version += 1
    current.updated_by = by
    current.save()
    sync_saved(item, current)
    return current


@transaction.atomic
def minutes_item_add(*, minutes: Minutes, by: User | None, title: str) -> MinutesItem:
    """Add an item that was not on the agenda, such as "Övriga frågor", at the end."""
    current = _locked(minutes)
    _ensure(current)
    if not title.strip():
        raise DomainError("Punkten behöver en rubrik.", field="title")
    last = current.items.order_by("-position").values_list("position", flat=True).first()
    return MinutesItem.objects.create(
        minutes=current, position=(last or 0) + 1, title=title.strip(), updated_by=by
    )


@transaction.atomic
def minutes_item_remove(
    *, by: User | None, item: MinutesItem, expected_version: int | None
) -> None:
    minutes = _locked(item.minutes)
    _ensure(minutes)
    current = MinutesItem.objects.select_for_update().get(pk=item.pk)
    refuse_stale(current=current.lock_version, expected=expected_version, message=STALE_ITEM)
    if current.follows_up_previous and current.follow_ups.exists():
        raise DomainError(
            "Punkten bär uppföljningen av tidigare åtgärder och kan inte tas bort.",
            field="title",
        )
    current.delete()


# --- Approval ----------------------------------------------------------------------------


def personnummer_hits(minutes: Minutes) -> list[tuple[str, str]]:
    """Things that look like identity numbers in the text: (kind, context) pairs."""
    text = canonical_text(minutes)
    return [(hit.kind, _context(text, hit.start, hit.end)) for hit in find_identity_numbers(text)]


def _context(text: str, start: int, end: int) -> str:
    before = text[max(0, start - 60) : start].split("\n")[-1]
    after = text[end : end + 60].split("\n")[0]
    return f"{before}{text[start:end]}{after}"[:300]


@transaction.atomic
def minutes_submit(*, minutes: Minutes, expected_version: int | None, by: User | None) -> Minutes:
    """Send the draft for approval by the charter's rule, or adopt it where there is none."""
    current = _locked(minutes)
    _ensure(current)
    refuse_stale(current=current.lock_version, expected=expected_version, message=STALE)
    if not current.items.exists():
        raise DomainError("Minnesanteckningarna har inga punkter.")
    if current.meeting.starts_at > timezone.now():
        raise DomainError(
            "Mötet har inte ägt rum än. Minnesanteckningarna kan förberedas, men skickas för "
            "justering eller fastställs först efter mötet."
        )
    charter = current_charter(current.meeting.body)
    current.approval_rule = approval_rule_of(charter)
    slots = approver_slots(current, current.approval_rule)
    missing = [slot.missing for slot in slots if slot.person is None]
    if missing:
        raise DomainError(" ".join(missing), field="adjuster")
    if len({slot.person.pk for slot in slots if slot.person}) < len(slots):
        raise DomainError(
            "Samma person kan inte justera två gånger; utse en annan justeringsperson.",
            field="adjuster",
        )
    now = timezone.now()
    current.submitted_at = now
    current.lock_version += 1
    if not slots:
        # Seeds 001 and 002: minutes go out without approval, as soon as they are done.
        current.save()
        _freeze(current, charter, by)
    else:
        round_no = (
            current.approvers.order_by("-round").values_list("round", flat=True).first() or 0
        ) + 1
        current.status = MinutesStatus.PENDING
        current.save()
        approvers = MinutesApprover.objects.bulk_create(
            MinutesApprover(minutes=current, round=round_no, role=slot.role, person=slot.person)
            for slot in slots
            if slot.person is not None
        )
        transaction.on_commit(lambda: notify.approval_requested(current, approvers))
    sync_saved(minutes, current)
    return current


def _my_part(minutes: Minutes, by: User) -> MinutesApprover:
    part = (
        minutes.approvers.select_for_update()
        .filter(person__user=by, decision=ApprovalDecision.PENDING)
        .select_related("person")
        .first()
    )
    if minutes.status != MinutesStatus.PENDING or part is None:
        raise DomainError(
            "Du har inga minnesanteckningar att justera här: antingen är du inte justerare "
            "för dem, eller så har du redan svarat."
        )
    return part


@transaction.atomic
def minutes_approve(*, minutes: Minutes, by: User) -> Minutes:
    """The approver's justering; the last one freezes and publishes the minutes."""
    current = _locked(minutes)
    part = _my_part(current, by)
    part.decision = ApprovalDecision.APPROVED
    part.decided_at = timezone.now()
    part.save(update_fields=["decision", "decided_at"])
    if not current.approvers.filter(round=part.round, decision=ApprovalDecision.PENDING).exists():
        _freeze(current, current_charter(current.meeting.body), by)
    sync_saved(minutes, current)
    return current


@transaction.atomic
def minutes_return(*, minutes: Minutes, by: User, comment: str) -> Minutes:
    """Send the draft back to the secretary with what must change; the round ends."""
    if not comment.strip():
        raise DomainError("Skriv vad som behöver ändras.", field="comment")
    current = _locked(minutes)
    part = _my_part(current, by)
    now = timezone.now()
    part.decision = ApprovalDecision.RETURNED
    part.comment = comment.strip()
    part.decided_at = now
    part.save(update_fields=["decision", "comment", "decided_at"])
    current.approvers.filter(round=part.round, decision=ApprovalDecision.PENDING).update(
        decision=ApprovalDecision.WITHDRAWN, decided_at=now
    )
    current.status = MinutesStatus.RETURNED
    current.lock_version += 1
    current.save()
    transaction.on_commit(lambda: notify.returned(current, part))
    sync_saved(minutes, current)
    return current


# --- Freezing and publication ------------------------------------------------------------


def _freeze(minutes: Minutes, charter: Charter | None, by: User | None) -> None:
    items = items_with_parts(minutes)
    minutes.frozen_facts = live_facts(minutes, items)
    text = canonical_text(minutes, items)
    minutes.status = MinutesStatus.APPROVED
    minutes.approved_at = timezone.now()
    minutes.frozen_text = text
    minutes.sha256 = sha256_of(text)
    minutes.public = bool(charter and charter.minutes_public)
    minutes.save()
    if charter and charter.minutes_distributed_to_all:
        transaction.on_commit(lambda: notify.distribute(minutes))
    if not minutes.public:
        _index(minutes, public=False)
        return
    hits = find_identity_numbers(text)
    PublicationHold.objects.bulk_create(
        PublicationHold(
            minutes=minutes,
            found=hit.text,
            kind=hit.kind,
            start=hit.start,
            context=_context(text, hit.start, hit.end),
        )
        for hit in hits
    )
    if hits:
        _index(minutes, public=False)
        transaction.on_commit(lambda: notify.publication_held(minutes, len(hits)))
    else:
        _publish(minutes)


def _publish(minutes: Minutes) -> None:
    minutes.published_at = timezone.now()
    minutes.save(update_fields=["published_at"])
    _index(minutes, public=True)


def _index(minutes: Minutes, *, public: bool) -> None:
    from django.urls import reverse

    text = mask(minutes.frozen_text, masked_strings(minutes)) if public else minutes.frozen_text
    meeting = minutes.meeting
    body = meeting.body
    url = (
        reverse("minutes_public:minutes", args=[body.structure.slug, body.key, minutes.pk])
        if public
        else reverse("minutes:minutes", args=[minutes.pk])
    )
    search_index_upsert(
        source="minutes",
        source_id=minutes.pk,
        structure=body.structure,
        body=body,
        title=f"{'Tillägg till minnesanteckningar' if minutes.is_addendum else 'Minnesanteckningar'}"
        f" {body.name} {meeting_day(meeting).isoformat()}",
        text=text,
        url=url,
        public=public,
        published_on=meeting_day(meeting),
    )


@transaction.atomic
def publication_hold_resolve(
    *, hold: PublicationHold, by: User, resolution: str, note: str = ""
) -> PublicationHold:
    """A person decides on one number; publication follows when every number is decided."""
    if resolution not in (HoldResolution.MASK, HoldResolution.PUBLISH):
        raise DomainError("Välj om numret ska maskeras eller får publiceras.", field="resolution")
    minutes = _locked(hold.minutes)
    current = PublicationHold.objects.select_for_update().get(pk=hold.pk)
    if current.resolution:
        raise ConflictError("Någon annan har redan tagit ställning till den här träffen.")
    current.resolution = resolution
    current.resolved_by = by
    current.resolved_at = timezone.now()
    current.note = note.strip()[:300]
    current.save()
    if not minutes.holds.filter(resolution="").exists() and minutes.published_at is None:
        minutes.meeting = hold.minutes.meeting
        _publish(minutes)
    sync_saved(hold, current)
    return current


def minutes_verify(minutes: Minutes, items: list[MinutesItem] | None = None) -> bool:
    """Whether the approved minutes' rows still give the text and hash that were approved.

    `items` may be passed already loaded (`items_with_parts`), to not load them twice.
    """
    if minutes.status != MinutesStatus.APPROVED:
        return False
    text = canonical_text(minutes, items)
    return text == minutes.frozen_text and sha256_of(text) == minutes.sha256


@transaction.atomic
def minutes_addendum_create(
    *, original: Minutes, by: User | None, title: str, text: str
) -> Minutes:
    """Start a correction of approved minutes; it is approved like any minutes."""
    if original.status != MinutesStatus.APPROVED:
        raise DomainError(
            "Bara justerade minnesanteckningar rättas med ett tillägg; ändra utkastet direkt."
        )
    if original.addendum_to_id:
        raise DomainError("Ett tillägg rättas med ett nytt tillägg till originalet.")
    if not text.strip():
        raise DomainError("Beskriv rättelsen.", field="text")
    charter = current_charter(original.meeting.body)
    addendum = Minutes.objects.create(
        meeting=original.meeting,
        addendum_to=original,
        approval_rule=approval_rule_of(charter),
        taken_by=original.taken_by,
        chaired_by=original.chaired_by,
        adjuster=original.adjuster,
        attendance=original.attendance,
        public=original.public,
        created_by=by,
    )
    MinutesItem.objects.create(
        minutes=addendum,
        position=1,
        title=title.strip() or "Rättelse",
        notes=text.strip(),
        updated_by=by,
    )
    return addendum
