"""What `national.py` adds to the charter-check world of `rules_world.py`: agenda items and
documents for every meeting, items and text for every minutes, the search entries, cases
with steps, deviations, indicators with values, governing documents with implementations,
activity plans and periodic reports. Everything through `bulk_create` in batches, reading
the meetings back in chunks so memory stays flat. Imports are inside the functions because
Django is set up by the caller."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from typing import Any

from search_bench import sentence

CHUNK = 20_000  # meetings or minutes read back per round
BATCH = 5_000  # rows per INSERT

AGENDA_TITLES = [
    "Mötets öppnande och val av justerare",
    "Föregående minnesanteckningar",
    "Information från huvudmännen",
    "Uppföljning av handlingsplanen",
    "Samordnad individuell plan (SIP)",
    "Trygg och effektiv utskrivning",
    "Läkemedelsgenomgångar i kommunal hälso- och sjukvård",
    "Aktuella avvikelser",
    "Kompetensförsörjning",
    "Psykisk hälsa barn och unga",
    "Verksamhetsplan och budget",
    "Övriga frågor",
    "Nästa möte",
]
STANDING = {0, 1, 11, 12}
# The file every document row points at: the pages list documents, none opens the file.
SHARED_FILE = "bench/handling.pdf"


def chunks(query: Any, fields: tuple[str, ...]) -> Iterator[list[tuple[Any, ...]]]:
    """Rows of `query` in primary-key order, CHUNK at a time, without a server cursor."""
    last = 0
    while True:
        rows = list(query.filter(pk__gt=last).order_by("pk").values_list("pk", *fields)[:CHUNK])
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def timed(label: str, started: float) -> None:
    print(f"  {label}: {time.perf_counter() - started:.1f} s", flush=True)


def add_agendas_and_documents(rng: random.Random, agenda_items: int) -> None:
    """`agenda_items` items on every meeting (±2); a document on nine meetings of ten."""
    from samverkan.meetings.models import AgendaItem, AgendaItemKind, Document, Meeting

    started = time.perf_counter()
    for rows in chunks(Meeting.objects.all(), ("starts_at",)):
        items = []
        documents = []
        for pk, starts_at in rows:
            n = max(3, agenda_items + rng.randint(-2, 2))
            titles = [*AGENDA_TITLES[:2], *rng.sample(AGENDA_TITLES[2:11], min(9, n - 3))]
            titles.append(AGENDA_TITLES[12])
            for position, title in enumerate(titles[:n], start=1):
                standing = AGENDA_TITLES.index(title) in STANDING
                items.append(
                    AgendaItem(
                        meeting_id=pk,
                        position=position,
                        kind=AgendaItemKind.STANDING
                        if standing
                        else rng.choice([AgendaItemKind.INFORMATION, AgendaItemKind.CASE]),
                        title=title,
                        planned_minutes=rng.choice([5, 10, 15, 20, 30]),
                    )
                )
            if rng.random() < 0.9:
                documents.append(
                    Document(
                        meeting_id=pk,
                        title=f"Underlag {starts_at:%Y-%m-%d}",
                        file=SHARED_FILE,
                        original_name="underlag.pdf",
                        content_type="application/pdf",
                        size=18_432,
                        sha256="0" * 64,
                        public=rng.random() < 0.7,
                    )
                )
        AgendaItem.objects.bulk_create(items, batch_size=BATCH)
        Document.objects.bulk_create(documents, batch_size=BATCH)
    timed("dagordningar och handlingar", started)


def add_minutes_items(rng: random.Random, per_minutes: int) -> None:
    """Items with a decision or a note in every minutes, and the frozen text of approved ones."""
    from samverkan.minutes.models import EntryKind, Minutes, MinutesEntry, MinutesItem

    started = time.perf_counter()
    for rows in chunks(Minutes.objects.filter(items__isnull=True), ()):
        items = []
        for (pk,) in rows:
            n = max(3, per_minutes + rng.randint(-2, 2))
            for position in range(1, n + 1):
                items.append(
                    MinutesItem(
                        minutes_id=pk,
                        position=position,
                        title=AGENDA_TITLES[(position - 1) % len(AGENDA_TITLES)],
                        notes=sentence(rng),
                    )
                )
        made = MinutesItem.objects.bulk_create(items, batch_size=BATCH)
        if made and made[0].pk is None:  # backends that do not return ids
            made = list(MinutesItem.objects.filter(minutes_id__in=[r[0] for r in rows]))
        entries = [
            MinutesEntry(
                item_id=item.pk,
                kind=EntryKind.DECISION if n % 2 else EntryKind.INFORMATION,
                text=sentence(rng),
            )
            for n, item in enumerate(made)
            if n % 3 == 0
        ]
        MinutesEntry.objects.bulk_create(entries, batch_size=BATCH)
    text = "\n".join(sentence(rng) for _ in range(30))
    Minutes.objects.filter(status="approved").update(
        frozen_text=text, sha256="0" * 64, published_sha256="0" * 64
    )
    timed("minnesanteckningarnas punkter", started)


def add_search_entries(rng: random.Random) -> int:
    """One entry per approved minutes and per document, as the index would write them."""
    from django.urls import reverse

    from samverkan.meetings.models import Document
    from samverkan.minutes.models import Minutes
    from samverkan.search.index import search_index_bulk_insert
    from samverkan.search.models import SearchEntry, SearchSource
    from samverkan.structure.models import Body

    started = time.perf_counter()
    bodies = {b.pk: b for b in Body.objects.select_related("structure")}
    total = 0
    minutes = Minutes.objects.filter(status="approved")
    for rows in chunks(minutes, ("meeting__body_id", "meeting__starts_at", "public")):
        entries = []
        for pk, body_id, starts_at, public in rows:
            body = bodies[body_id]
            entries.append(
                SearchEntry(
                    source=SearchSource.MINUTES,
                    source_id=pk,
                    structure_id=body.structure_id,
                    body_id=body_id,
                    title=f"Minnesanteckningar {body.name} {starts_at:%Y-%m-%d}",
                    text=" ".join(sentence(rng) for _ in range(12)),
                    url=reverse("minutes_public:minutes", args=[body.structure.slug, body.key, pk]),
                    public=public,
                    published_on=starts_at.date(),
                )
            )
        search_index_bulk_insert(entries=entries, batch_size=BATCH)
        total += len(entries)
    fields = ("meeting__body_id", "meeting__starts_at", "public", "title")
    for rows in chunks(Document.objects.all(), fields):
        entries = []
        for pk, body_id, starts_at, public, title in rows:
            body = bodies[body_id]
            entries.append(
                SearchEntry(
                    source=SearchSource.DOCUMENT,
                    source_id=pk,
                    structure_id=body.structure_id,
                    body_id=body_id,
                    title=f"{title} {body.name}",
                    text=" ".join(sentence(rng) for _ in range(8)),
                    url=reverse("meetings_public:document_download", args=[pk]),
                    public=public,
                    published_on=starts_at.date(),
                )
            )
        search_index_bulk_insert(entries=entries, batch_size=BATCH)
        total += len(entries)
    timed(f"sökposter ({total})", started)
    return total
