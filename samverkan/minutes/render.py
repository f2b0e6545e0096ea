"""The minutes as plain text: what is approved, hashed, scanned, searched and published.

`canonical_text` is a pure function of the minutes' rows, so the SHA-256 stored at approval
can be checked again at any time (`minutes_verify`), and anyone can check the published
text file with `sha256sum`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from samverkan.lib.localtime import meeting_day
from samverkan.lib.swedish import when_text
from samverkan.minutes.models import (
    ActionFollowUp,
    HoldResolution,
    Minutes,
    MinutesAction,
    MinutesEntry,
    MinutesItem,
)

MASK = "[personnummer borttaget]"


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def items_with_parts(minutes: Minutes) -> list[MinutesItem]:
    """The items with their entries, actions and follow-ups: always four queries, read per
    minutes rather than prefetched per item, so that minutes without items, actions or
    follow-ups cost the same as minutes with many (a page's count does not depend on them)."""
    items = list(minutes.items.select_related("agenda_item"))
    parts: list[tuple[str, Iterable[Any]]] = [
        ("entries", MinutesEntry.objects.filter(item__minutes=minutes)),
        ("actions", MinutesAction.objects.filter(item__minutes=minutes).select_related("owner")),
        (
            "follow_ups",
            ActionFollowUp.objects.filter(item__minutes=minutes).select_related(
                "action", "action__owner", "action__item__minutes__meeting"
            ),
        ),
    ]
    for name, rows in parts:
        by_item: dict[int, list[Any]] = {item.pk: [] for item in items}
        for row in rows:
            by_item.setdefault(row.item_id, []).append(row)
        for item in items:
            # As `prefetch_related` leaves them: `item.entries.all()` reads no more.
            cached = getattr(item, name).get_queryset()
            cached._result_cache = by_item[item.pk]
            cached._prefetch_done = True
            item.__dict__.setdefault("_prefetched_objects_cache", {})[name] = cached
    return items


def title_of(minutes: Minutes) -> str:
    if minutes.addendum_to_id:
        return "Tillägg till minnesanteckningar"
    return "Minnesanteckningar"


def day_label(minutes: Minutes) -> str:
    return meeting_day(minutes.meeting).isoformat()


def _block(text: str) -> list[str]:
    # One form of line ending and no trailing blanks, so the same words give the same hash.
    return [line.rstrip() for line in text.strip().replace("\r\n", "\n").split("\n")]


def live_facts(minutes: Minutes, items: list[MinutesItem]) -> dict[str, Any]:
    """The names, times and places the text mentions, as they are now."""
    meeting = minutes.meeting
    owners: dict[str, str] = {}
    from_days: dict[str, str] = {}
    for item in items:
        for action in item.actions.all():
            owners[str(action.pk)] = action.owner_label
        for follow_up in item.follow_ups.all():
            owners[str(follow_up.action_id)] = follow_up.action.owner_label
            from_days[str(follow_up.action_id)] = day_label(follow_up.action.item.minutes)
    return {
        "body": meeting.body.name,
        "structure": meeting.body.structure.name,
        "title": meeting.title if meeting.title and meeting.title != meeting.body.name else "",
        "when": when_text(meeting.starts_at, meeting.ends_at, end_as_clock=True),
        "day": day_label(minutes),
        "place": meeting.place,
        "original_day": day_label(minutes.addendum_to) if minutes.addendum_to else "",
        "chair": minutes.chaired_by.full_name if minutes.chaired_by else "",
        "secretary": minutes.taken_by.full_name if minutes.taken_by else "",
        "adjuster": minutes.adjuster.full_name if minutes.adjuster else "",
        "owners": owners,
        "from_days": from_days,
    }


def facts_of(minutes: Minutes, items: list[MinutesItem]) -> dict[str, Any]:
    """The facts as approved, once the minutes are frozen; until then as they are now."""
    return minutes.frozen_facts or live_facts(minutes, items)


def canonical_text(minutes: Minutes, items: list[MinutesItem] | None = None) -> str:
    """The minutes' content as UTF-8 plain text, with the meeting's facts and every item."""
    items = items if items is not None else items_with_parts(minutes)
    facts = facts_of(minutes, items)
    owners, from_days = facts["owners"], facts["from_days"]
    lines = [title_of(minutes).upper(), facts["body"], facts["structure"]]
    if facts["original_day"]:
        lines.append(f"Rättar minnesanteckningarna från mötet {facts['original_day']}")
    if facts.get("title"):
        lines.append(f"Rubrik: {facts['title']}")
    lines.append(f"Möte: {facts['when']}")
    if facts["place"]:
        lines.append(f"Plats: {facts['place']}")
    if facts["chair"]:
        lines.append(f"Ordförande: {facts['chair']}")
    if facts["secretary"]:
        lines.append(f"Sekreterare: {facts['secretary']}")
    if facts["adjuster"]:
        lines.append(f"Justeringsperson: {facts['adjuster']}")
    present = [row for row in minutes.attendance if row.get("present", True)]
    absent = [row for row in minutes.attendance if not row.get("present", True)]
    for heading, rows in (("Närvarande", present), ("Frånvarande", absent)):
        if rows:
            lines += ["", heading]
            lines += [f"- {attendance_line(row)}" for row in rows]
    for number, item in enumerate(items, start=1):
        lines += ["", f"§ {number} {item.title}"]
        if item.notes.strip():
            lines += _block(item.notes)
        for entry in item.entries.all():
            first, *rest = _block(entry.text)
            lines.append(f"{entry.get_kind_display()}: {first}")
            lines += rest
        for action in item.actions.all():
            owner = owners.get(str(action.pk), action.owner_label)
            lines.append(
                f"Åtgärd: {action.text.strip()} – ansvarig {owner}, "
                f"klart senast {action.due_on.isoformat()}"
            )
        for follow_up in item.follow_ups.all():
            key = str(follow_up.action_id)
            earlier = from_days.get(key) or day_label(follow_up.action.item.minutes)
            owner = owners.get(key, follow_up.action.owner_label)
            note = f" – {follow_up.note.strip()}" if follow_up.note.strip() else ""
            lines.append(
                f"Uppföljning av åtgärd från {earlier}: {follow_up.action.text.strip()} "
                f"({owner}): {follow_up.get_outcome_display()}{note}"
            )
    if minutes.notes.strip():
        lines += ["", "Övrigt", *_block(minutes.notes)]
    return "\n".join(lines) + "\n"


def attendance_line(row: dict[str, object]) -> str:
    parts = [str(row.get("name", ""))]
    for key in ("role", "principal"):
        if row.get(key):
            parts.append(str(row[key]))
    line = ", ".join(parts)
    if row.get("stands_in_for"):
        line += f" (ersättare för {row['stands_in_for']})"
    return line


def masked_strings(minutes: Minutes) -> list[str]:
    return [hold.found for hold in minutes.holds.all() if hold.resolution == HoldResolution.MASK]


def mask(text: str, found: Iterable[str]) -> str:
    for value in found:
        text = text.replace(value, MASK)
    return text


def public_text(minutes: Minutes, found: list[str]) -> str:
    """The text file: exactly the approved text, or the same with the masked numbers replaced.

    Nothing is added, so that the file's SHA-256 can be checked against the page either way;
    its hash is `published_sha256`.
    """
    return mask(minutes.frozen_text, found)


@dataclass
class PublicItem:
    number: int
    title: str
    notes: str
    entries: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, label, text)
    actions: list[tuple[str, str, str]] = field(default_factory=list)  # (text, owner, due)
    follow_ups: list[tuple[str, str, str, str]] = field(default_factory=list)


def public_items(
    items: list[MinutesItem], found: list[str], owners: dict[str, str] | None = None
) -> list[PublicItem]:
    """The items as shown on the public site and in the PDF, with masked numbers removed.

    `owners` are the action owners' names as approved (`facts_of`), by action id.
    """
    owners = owners or {}
    shown = []
    for number, item in enumerate(items, start=1):
        shown.append(
            PublicItem(
                number=number,
                title=mask(item.title, found),
                notes=mask(item.notes, found),
                entries=[
                    (e.kind, str(e.get_kind_display()), mask(e.text, found))
                    for e in item.entries.all()
                ],
                actions=[
                    (
                        mask(a.text, found),
                        mask(owners.get(str(a.pk), a.owner_label), found),
                        a.due_on.isoformat(),
                    )
                    for a in item.actions.all()
                ],
                follow_ups=[
                    (
                        mask(f.action.text, found),
                        mask(owners.get(str(f.action_id), f.action.owner_label), found),
                        str(f.get_outcome_display()),
                        mask(f.note, found),
                    )
                    for f in item.follow_ups.all()
                ],
            )
        )
    return shown
