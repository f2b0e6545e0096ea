"""Published minutes as stored PDF/A files: rendered by the worker, never in a request.

WeasyPrint takes seconds and hundreds of megabytes for long minutes (311 items: 25 s,
296 MB), so a web worker must not do it. Publication enqueues `render_minutes_pdf` once the
transaction commits (for an addendum, the original's PDF too: it lists its corrections);
the worker renders the PDF and stores it as a `MinutesPdf` file; the download serves that
file, or a page saying it is being made. The schedule catches up on published minutes
without a current file (`render_missing`), e.g. after a lost task or a new layout.
"""

from __future__ import annotations

import gc
from functools import partial

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.tasks import task
from django.utils import timezone

from samverkan.minutes import selectors
from samverkan.minutes.access import MINUTES_RELATED, published_minutes
from samverkan.minutes.models import Minutes, MinutesPdf
from samverkan.minutes.render import masked_strings
from samverkan.minutes.views_public import PDF_LAYOUT, file_stem, pdf_key, render_pdf

# The schedule's catch-up renders at most this many per run (newest first), so one run
# stays short and bounded in memory; an installation with a backlog (a new layout, a bulk
# import) works through it run by run, or at once with `manage.py render_minutes_pdfs`.
CATCH_UP_BATCH = 10


def render_stored(minutes_id: int) -> bool:
    """Render the published minutes' PDF and store it, unless the stored one is current.

    Returns whether a PDF was rendered. Minutes not (or no longer) published get none.
    """
    minutes = (
        published_minutes()
        .select_related(*MINUTES_RELATED, "addendum_to__meeting")
        .filter(pk=minutes_id)
        .first()
    )
    if minutes is None:
        return False
    addenda = selectors.published_addenda(minutes=minutes)
    key = pdf_key(minutes, addenda)
    stored = MinutesPdf.objects.filter(minutes=minutes).first()
    old_name = (stored.file.name or "") if stored else ""
    if stored and stored.key == key and old_name and stored.file.storage.exists(old_name):
        return False
    content = render_pdf(minutes, found=masked_strings(minutes), addenda=addenda)
    fresh = stored or MinutesPdf(minutes=minutes)
    fresh.file.save(f"{file_stem(minutes)}-{key[:12]}.pdf", ContentFile(content), save=False)
    MinutesPdf.objects.update_or_create(
        minutes=minutes,
        defaults={
            "file": fresh.file.name,
            "key": key,
            "layout": PDF_LAYOUT,
            "rendered_at": timezone.now(),
        },
    )
    if old_name and old_name != fresh.file.name:
        storage = fresh.file.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    return True


def missing_pdfs() -> QuerySet[Minutes]:
    """Published minutes without a current PDF: none yet, an older layout, or an addendum
    published after it was rendered. Newest first."""
    newer_addendum = published_minutes().filter(
        addendum_to=OuterRef("minutes_id"), published_at__gt=OuterRef("rendered_at")
    )
    stale = MinutesPdf.objects.filter(minutes=OuterRef("pk")).filter(
        ~Q(layout=PDF_LAYOUT) | Exists(newer_addendum)
    )
    return (
        published_minutes()
        .filter(Q(pdf__isnull=True) | Exists(stale))
        .order_by("-published_at", "-pk")
    )


def render_missing(limit: int | None = CATCH_UP_BATCH) -> int:
    """Render the PDFs of published minutes that lack a current one; returns how many."""
    ids = missing_pdfs().values_list("pk", flat=True)
    chosen = list(ids[:limit] if limit is not None else ids)
    rendered = 0
    for minutes_id in chosen:
        rendered += render_stored(minutes_id)
        # A rendered document is a web of cycles (boxes, fonts, pages): collected now, each
        # PDF starts from the memory the last one left, not from the sum of them.
        gc.collect()
    return rendered


@task()
def render_minutes_pdf(minutes_id: int) -> bool:
    """Render and store the PDF of published minutes (enqueued when they are published)."""
    return render_stored(minutes_id)


def enqueue_render(minutes: Minutes) -> None:
    """After the transaction commits, have the worker render the minutes' PDF, and the
    original's when these are an addendum (its PDF lists the corrections)."""
    ids = [minutes.pk] + ([minutes.addendum_to_id] if minutes.addendum_to_id else [])
    for minutes_id in ids:
        transaction.on_commit(partial(render_minutes_pdf.enqueue, minutes_id))
