"""Published minutes on the public site: archives, each minutes as HTML, PDF/A and text.

Only what `access.published_minutes()` returns is shown here, whoever asks: drafts,
internal and held minutes are 404 even for the body's own members, who read them in the
working pages. Numbers a coordinator chose to mask are removed from every string shown,
and once more from the finished output, so a field we forgot cannot leak them.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
from dataclasses import dataclass, field
from typing import Any, cast

from django import forms
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.views.decorators.http import require_GET

from samverkan.lib.localtime import local_day, meeting_day
from samverkan.lib.mail import absolute
from samverkan.lib.pdf import html_to_pdfa
from samverkan.lib.swedish import date_text, day_text
from samverkan.minutes import selectors
from samverkan.minutes.access import get_published_minutes_for_read, is_published
from samverkan.minutes.models import Minutes, MinutesPdf
from samverkan.minutes.render import (
    PublicItem,
    facts_of,
    items_with_parts,
    mask,
    masked_strings,
    public_items,
    public_text,
    sha256_of,
    title_of,
)
from samverkan.structure.access import get_body_for_read, get_structure_for_read
from samverkan.structure.models import Body, Structure

PER_PAGE = 25
# Raise when the PDF's template changes: stored files are rendered again by the schedule
# (`pdf_files.missing_pdfs`), and client-held copies are renewed.
PDF_LAYOUT = "1"
# Minutes never change once approved; an hour keeps a later addendum's link fresh enough.
MAX_AGE = 3600
# Seconds a reader is asked to wait for a PDF the worker has not made yet (a few seconds).
PDF_RETRY_AFTER = 30


# --- Addresses and names -------------------------------------------------------------------


def minutes_url(minutes: Minutes, name: str = "minutes") -> str:
    body = minutes.meeting.body
    return reverse(f"minutes_public:{name}", args=[body.structure.slug, body.key, minutes.pk])


def file_stem(minutes: Minutes) -> str:
    stem = f"minnesanteckningar-{minutes.meeting.body.key}-{meeting_day(minutes.meeting):%Y-%m-%d}"
    # An addendum shares the meeting's day with its original; keep the files apart.
    return f"{stem}-tillagg-{minutes.pk}" if minutes.addendum_to_id else stem


# --- The document ------------------------------------------------------------------------


@dataclass
class ShownFollowUp:
    text: str
    owner: str
    outcome: str
    note: str
    from_day: str


@dataclass
class ShownItem:
    item: PublicItem
    follow_ups: list[ShownFollowUp] = field(default_factory=list)


@dataclass
class Approval:
    role: str
    name: str
    day: str


@dataclass
class Document:
    """Everything the page and the PDF show, with masked numbers already removed."""

    minutes: Minutes
    title: str
    day: datetime.date
    when: str
    place: str
    meeting_title: str
    chair: str
    secretary: str
    adjuster: str
    present: list[dict[str, str]]
    absent: list[dict[str, str]]
    items: list[ShownItem]
    notes: str
    approvals: list[Approval]
    approved_on: str
    published_on: str
    masked: bool
    # The hash of the published (masked) text file, so that version can be checked too.
    published_sha256: str
    original: Minutes | None
    original_public: bool
    addenda: list[Minutes]

    @property
    def day_text(self) -> str:
        return day_text(self.day)

    @property
    def original_day_text(self) -> str:
        return day_text(meeting_day(self.original.meeting)) if self.original else ""


def _attendance(rows: list[dict[str, Any]], found: list[str]) -> list[dict[str, str]]:
    return [
        {key: mask(str(row.get(key) or ""), found) for key in ("name", "role", "principal")}
        | {"stands_in_for": mask(str(row.get("stands_in_for") or ""), found)}
        for row in rows
    ]


def _approvals(minutes: Minutes) -> list[Approval]:
    return [
        Approval(
            role=str(row.get_role_display()),
            name=row.person.full_name,
            day=date_text(local_day(row.decided_at)) if row.decided_at else "",
        )
        for row in selectors.last_round_approvals(minutes=minutes)
    ]


def build_document(minutes: Minutes, *, found: list[str], addenda: list[Minutes]) -> Document:
    """The minutes as shown: a fixed number of queries whatever the number of items."""
    meeting = minutes.meeting
    items = items_with_parts(minutes)
    # Names, time and place as approved: a later rename does not change published minutes.
    facts = facts_of(minutes, items)
    owners: dict[str, str] = facts["owners"]
    from_days: dict[str, str] = facts["from_days"]
    shown = []
    for item, public in zip(items, public_items(items, found, owners), strict=True):
        shown.append(
            ShownItem(
                item=public,
                follow_ups=[
                    ShownFollowUp(
                        text=mask(f.action.text, found),
                        owner=mask(owners.get(str(f.action_id), f.action.owner_label), found),
                        outcome=str(f.get_outcome_display()),
                        note=mask(f.note, found),
                        from_day=date_text(
                            datetime.date.fromisoformat(from_days[str(f.action_id)])
                            if str(f.action_id) in from_days
                            else meeting_day(f.action.item.minutes.meeting)
                        ),
                    )
                    for f in item.follow_ups.all()
                ],
            )
        )
    attendance = minutes.attendance or []
    original = minutes.addendum_to
    meeting_title = facts.get("title", "")
    return Document(
        minutes=minutes,
        title=title_of(minutes),
        day=meeting_day(meeting),
        when=facts["when"],
        place=mask(facts["place"], found),
        meeting_title=mask(meeting_title, found),
        chair=mask(facts["chair"], found),
        secretary=mask(facts["secretary"], found),
        adjuster=mask(facts["adjuster"], found),
        present=_attendance([r for r in attendance if r.get("present", True)], found),
        absent=_attendance([r for r in attendance if not r.get("present", True)], found),
        items=shown,
        notes=mask(minutes.notes, found),
        approvals=_approvals(minutes),
        approved_on=date_text(local_day(minutes.approved_at)) if minutes.approved_at else "",
        published_on=date_text(local_day(minutes.published_at)) if minutes.published_at else "",
        masked=bool(found),
        published_sha256=minutes.published_sha256,
        original=original,
        original_public=bool(original and is_published(original)),
        addenda=addenda,
    )


def _links(minutes: Minutes) -> dict[str, str]:
    return {
        "page_url": minutes_url(minutes),
        "pdf_url": minutes_url(minutes, "minutes_pdf"),
        "text_url": minutes_url(minutes, "minutes_text"),
        "archive_url": reverse(
            "minutes_public:body_archive",
            args=[minutes.meeting.body.structure.slug, minutes.meeting.body.key],
        ),
        "file_stem": file_stem(minutes),
    }


def _masked_output(content: str, found: list[str]) -> str:
    # The last guard: whatever the templates print, a masked number does not leave.
    return mask(content, found) if found else content


@require_GET
def minutes_page(request: HttpRequest, slug: str, key: str, minutes_id: int) -> HttpResponse:
    minutes = get_published_minutes_for_read(slug, key, minutes_id)
    found = masked_strings(minutes)
    document = build_document(
        minutes, found=found, addenda=selectors.published_addenda(minutes=minutes)
    )
    body = minutes.meeting.body
    html = render_to_string(
        "minutes/public/minutes.html",
        {"doc": document, "body": body, "structure": body.structure, **_links(minutes)},
        request=request,
    )
    return HttpResponse(_masked_output(html, found))


# --- Downloads ---------------------------------------------------------------------------


def _not_modified(request: HttpRequest, etag: str, minutes: Minutes) -> HttpResponse | None:
    assert minutes.published_at is not None  # published minutes only
    return get_conditional_response(
        request, etag=quote_etag(etag), last_modified=int(minutes.published_at.timestamp())
    )


def _download_headers[R: HttpResponseBase](response: R, etag: str, minutes: Minutes) -> R:
    assert minutes.published_at is not None
    response.headers["ETag"] = quote_etag(etag)
    response.headers["Last-Modified"] = http_date(minutes.published_at.timestamp())
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


@require_GET
def minutes_text(request: HttpRequest, slug: str, key: str, minutes_id: int) -> HttpResponse:
    minutes = get_published_minutes_for_read(slug, key, minutes_id)
    found = masked_strings(minutes)
    text = public_text(minutes, found)
    etag = sha256_of(text)
    response = _not_modified(request, etag, minutes)
    if response is not None:
        return response
    response = HttpResponse(text.encode("utf-8"), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{file_stem(minutes)}.txt"'
    return _download_headers(response, etag, minutes)


def pdf_key(minutes: Minutes, addenda: list[Minutes]) -> str:
    # Only what is public goes into the key, which is sent as the ETag: the original's hash
    # or the masked numbers themselves would let anyone test candidate numbers against it.
    parts = [
        PDF_LAYOUT,
        str(minutes.pk),
        minutes.published_sha256,
        minutes.published_at.isoformat() if minutes.published_at else "",
        *(f"{a.pk}:{a.published_at}" for a in addenda),
    ]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def render_pdf(minutes: Minutes, *, found: list[str], addenda: list[Minutes]) -> bytes:
    document = build_document(minutes, found=found, addenda=addenda)
    body = minutes.meeting.body
    links = {name: absolute(url) for name, url in _links(minutes).items() if name != "file_stem"}
    html = render_to_string(
        "minutes/public/pdf.html",
        {
            "doc": document,
            "body": body,
            "structure": body.structure,
            "for_pdf": True,
            "file_stem": file_stem(minutes),
            **links,
        },
    )
    return html_to_pdfa(_masked_output(html, found))


@require_GET
def minutes_pdf(request: HttpRequest, slug: str, key: str, minutes_id: int) -> HttpResponseBase:
    """The stored PDF/A (`pdf_files`); never rendered here, as that takes seconds and
    hundreds of megabytes. Until the worker has made it, a page says so (503, Retry-After)."""
    minutes = get_published_minutes_for_read(slug, key, minutes_id)
    addenda = selectors.published_addenda(minutes=minutes)
    etag = pdf_key(minutes, addenda)
    response = _not_modified(request, etag, minutes)
    if response is not None:
        return response
    stored = MinutesPdf.objects.filter(minutes=minutes, key=etag).first()
    try:
        pdf = stored.file.open("rb") if stored is not None else None
    except FileNotFoundError:
        pdf = None
    if pdf is None:
        return _pdf_pending(request, minutes)
    return _download_headers(
        FileResponse(
            pdf,
            as_attachment=True,
            filename=f"{file_stem(minutes)}.pdf",
            content_type="application/pdf",
        ),
        etag,
        minutes,
    )


def _pdf_pending(request: HttpRequest, minutes: Minutes) -> HttpResponse:
    body = minutes.meeting.body
    response = render(
        request,
        "minutes/public/pdf_pending.html",
        {"doc_title": title_of(minutes), "body": body, "structure": body.structure}
        | _links(minutes)
        | {"day": meeting_day(minutes.meeting)},
        status=503,
    )
    response["Retry-After"] = str(PDF_RETRY_AFTER)
    # Not kept by any cache: the file is there in a moment.
    patch_cache_control(response, no_store=True)
    return response


# --- Archives ------------------------------------------------------------------------------


class ArchiveFilter(forms.Form):
    body = forms.ChoiceField(label="Grupp", required=False)
    year = forms.TypedChoiceField(label="År", required=False, coerce=int, empty_value=None)

    def __init__(self, data: Any, *, bodies: list[Body] | None, years: list[int]) -> None:
        super().__init__(data)
        if bodies is None:
            del self.fields["body"]
        else:
            body_field = cast(forms.ChoiceField, self.fields["body"])
            body_field.choices = [("", "Alla grupper")] + [(b.key, b.name) for b in bodies]
        year_field = cast(forms.TypedChoiceField, self.fields["year"])
        year_field.choices = [("", "Alla år")] + [(y, str(y)) for y in years]


@dataclass
class ArchiveRow:
    minutes: Minutes
    url: str
    day: datetime.date

    @property
    def title(self) -> str:
        return title_of(self.minutes)

    @property
    def day_text(self) -> str:
        return day_text(self.day)


@dataclass
class YearGroup:
    year: int
    rows: list[ArchiveRow]


def _grouped(minutes: list[Minutes]) -> list[YearGroup]:
    rows = [ArchiveRow(minutes=m, url=minutes_url(m), day=meeting_day(m.meeting)) for m in minutes]
    return [
        YearGroup(year=year, rows=list(group))
        for year, group in itertools.groupby(rows, key=lambda row: row.day.year)
    ]


def _archive(
    request: HttpRequest, *, structure: Structure, body: Body | None, feed_url: str
) -> HttpResponse:
    choices = selectors.archive_choices(structure=structure, body=body, data=request.GET)
    bodies = choices.body_choice.bodies if choices.body_choice else None
    form = ArchiveFilter(request.GET or None, bodies=bodies, years=choices.years)
    chosen_body = chosen_year = None
    if form.is_valid():
        chosen_year = form.cleaned_data["year"]
        chosen_body = next(
            (b for b in bodies or [] if b.key == form.cleaned_data.get("body")), None
        )
    page = selectors.archive_page(
        structure=structure,
        body=body,
        chosen_body=chosen_body,
        year=chosen_year,
        page=request.GET.get("sida"),
        size=PER_PAGE,
    )
    # Pagination links keep the filters.
    query = request.GET.copy()
    query.pop("sida", None)
    absolute_feed = request.build_absolute_uri(feed_url)
    response = render(
        request,
        "minutes/public/archive.html",
        {
            "structure": structure,
            "body": body,
            "form": form,
            "choices": choices,
            "page": page,
            "groups": _grouped(page.rows),
            "filtered": chosen_body is not None or chosen_year is not None,
            "query": query.urlencode(),
            "feed_url": absolute_feed,
        },
    )
    # Feed readers find the feed from the headers too (the base page has no head block).
    response["Link"] = f'<{absolute_feed}>; rel="alternate"; type="application/atom+xml"'
    return response


@require_GET
def structure_archive(request: HttpRequest, slug: str) -> HttpResponse:
    structure = get_structure_for_read(slug)
    return _archive(
        request,
        structure=structure,
        body=None,
        feed_url=reverse("minutes_public:structure_feed", args=[structure.slug]),
    )


@require_GET
def body_archive(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    body = get_body_for_read(slug, key)
    return _archive(
        request,
        structure=body.structure,
        body=body,
        feed_url=reverse("minutes_public:body_feed", args=[slug, body.key]),
    )
