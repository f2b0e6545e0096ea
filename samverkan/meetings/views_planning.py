"""Planning a whole structure's year: the proposal for every body, a page at a time, and
booking all of it (but the bodies left out) with one short form.

The form carries the year, the kind of body, the proposal's checksum and the bodies left
out, never a field per meeting: a structure of 300 bodies proposes some 1,600 meetings,
more fields than a request may have (`DATA_UPLOAD_MAX_NUMBER_FIELDS`). Turning a page
posts the same form without booking, so that the bodies left out on other pages are kept.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from samverkan.lib.errors import DomainError
from samverkan.lib.users import acting_user
from samverkan.meetings import planning
from samverkan.meetings.planning_structure import structure_plan_book, structure_proposal
from samverkan.structure.access import get_structure_for_edit
from samverkan.structure.models import BodyKind

# Bodies a page: the page stays well under 150 KB whatever the size of the structure.
PAGE_SIZE = 100


def _year(value: str | None, default: int) -> int:
    if value and value.isdigit() and 2000 <= int(value) <= 2100:
        return int(value)
    return default


@login_required
def structure_meetings(request: HttpRequest, slug: str) -> HttpResponse:
    """Plan a year for many bodies at once, e.g. all local groups of the structure."""
    structure = get_structure_for_edit(request.user, slug)
    today = timezone.localdate()
    data = request.POST if request.method == "POST" else request.GET
    year = _year(data.get("year"), today.year + 1)
    kind = data.get("kind", "")
    if kind not in BodyKind.values:
        kind = ""
    skip = {int(v) for v in request.POST.getlist("skip") if v.isdigit()}
    place = request.POST.get("place", "")
    error = ""
    if request.method == "POST" and "boka" in request.POST:
        try:
            booked, groups = structure_plan_book(
                structure=structure,
                year=year,
                kind=kind,
                checksum=request.POST.get("checksum", ""),
                skip=skip,
                by=acting_user(request),
                place=place,
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(
                request,
                f"{planning.booked_text(len(booked), year)[:-1]} i {groups} "
                f"{'grupp' if groups == 1 else 'grupper'}.",
            )
            return redirect(f"{request.path}?year={year}&kind={kind}")
    proposal = structure_proposal(structure=structure, year=year, kind=kind, today=today)
    page = Paginator(proposal.rows, PAGE_SIZE).get_page(data.get("sida"))
    rows = list(page.object_list)
    on_page = {row.body.pk for row in rows}
    listed = {row.body.pk for row in proposal.rows}
    return render(
        request,
        "meetings/structure_meetings.html",
        {
            "structure": structure,
            "year": year,
            "kind": kind,
            "kinds": BodyKind.choices,
            "proposal": proposal,
            "page": page,
            "rows": rows,
            "skip": skip & on_page,
            # Bodies left out on other pages, kept in the form as it turns pages.
            "skipped_elsewhere": sorted((skip & listed) - on_page),
            "skipped": len(skip & listed),
            "place": place,
            "error": error,
        },
    )
