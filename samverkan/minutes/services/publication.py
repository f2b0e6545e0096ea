"""Freezing and publication: the approved text is hashed, scanned for identity numbers,
indexed for search and published once every number found has been decided on.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from samverkan.audit.services import record_update, snapshot
from samverkan.lib.errors import ConflictError, DomainError, sync_saved
from samverkan.lib.localtime import meeting_day
from samverkan.lib.personnummer import find_identity_numbers
from samverkan.minutes import notify
from samverkan.minutes.approved import when_approved
from samverkan.minutes.models import (
    HoldResolution,
    Minutes,
    MinutesItem,
    MinutesStatus,
    PublicationHold,
)
from samverkan.minutes.pdf_files import enqueue_render
from samverkan.minutes.render import (
    canonical_text,
    items_with_parts,
    live_facts,
    masked_strings,
    public_text,
    sha256_of,
)
from samverkan.minutes.services.rules import locked
from samverkan.search.index import search_index_upsert
from samverkan.structure.models import Charter


def personnummer_hits(
    minutes: Minutes, items: list[MinutesItem] | None = None
) -> list[tuple[str, str]]:
    """Things that look like identity numbers in the text: (kind, context) pairs. `items`
    may be passed already loaded (`items_with_parts`), to not load them twice."""
    text = canonical_text(minutes, items)
    return [
        (hit.kind, identity_context(text, hit.start, hit.end))
        for hit in find_identity_numbers(text)
    ]


def identity_context(text: str, start: int, end: int) -> str:
    before = text[max(0, start - 60) : start].split("\n")[-1]
    after = text[end : end + 60].split("\n")[0]
    return f"{before}{text[start:end]}{after}"[:300]


def freeze(minutes: Minutes, charter: Charter | None, by: User | None) -> None:
    items = items_with_parts(minutes)
    minutes.frozen_facts = live_facts(minutes, items)
    text = canonical_text(minutes, items)
    minutes.status = MinutesStatus.APPROVED
    minutes.approved_at = timezone.now()
    minutes.frozen_text = text
    minutes.sha256 = sha256_of(text)
    minutes.public = bool(charter and charter.minutes_public)
    minutes.save()
    when_approved.run(minutes, by)
    if charter and charter.minutes_distributed_to_all:
        transaction.on_commit(lambda: notify.distribute(minutes))
    if not minutes.public:
        index_minutes(minutes, public=False)
        return
    hits = find_identity_numbers(text)
    PublicationHold.objects.bulk_create(
        PublicationHold(
            minutes=minutes,
            found=hit.text,
            kind=hit.kind,
            start=hit.start,
            context=identity_context(text, hit.start, hit.end),
        )
        for hit in hits
    )
    if hits:
        index_minutes(minutes, public=False)
        transaction.on_commit(lambda: notify.publication_held(minutes, len(hits)))
    else:
        publish(minutes)


def publish(minutes: Minutes) -> None:
    minutes.published_at = timezone.now()
    minutes.published_sha256 = sha256_of(public_text(minutes, masked_strings(minutes)))
    minutes.save(update_fields=["published_at", "published_sha256"])
    index_minutes(minutes, public=True)
    # The PDF takes seconds to render: the worker makes it once this commits.
    enqueue_render(minutes)


def index_minutes(minutes: Minutes, *, public: bool) -> None:
    text = public_text(minutes, masked_strings(minutes)) if public else minutes.frozen_text
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
    minutes = locked(hold.minutes)
    current = PublicationHold.objects.select_for_update().get(pk=hold.pk)
    if current.resolution:
        raise ConflictError("Någon annan har redan tagit ställning till den här träffen.")
    before = snapshot(current)
    current.resolution = resolution
    current.resolved_by = by
    current.resolved_at = timezone.now()
    current.note = note.strip()[:300]
    current.save()
    record_update(by=by, obj=current, before=before)
    if not minutes.holds.filter(resolution="").exists() and minutes.published_at is None:
        minutes.meeting = hold.minutes.meeting
        unpublished = snapshot(minutes)
        publish(minutes)
        record_update(
            by=by,
            obj=minutes,
            before=unpublished,
            note="Publicerade efter beslut om alla möjliga personnummer.",
        )
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
