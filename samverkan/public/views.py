"""The public site: structures, organisation charts, bodies with charters and members, principals.

Everything here is public; contact details appear only for logged-in users.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from samverkan.cases.access import can_raise_case_in
from samverkan.lib.htmx import part_or_page
from samverkan.lib.links import slug_links
from samverkan.public import views_meeting
from samverkan.structure import orgchart, selectors
from samverkan.structure.access import (
    can_edit_structure,
    can_see_contacts,
    get_body_for_read,
    get_charter_for_read,
    get_principal_for_read,
    get_structure_for_read,
)
from samverkan.structure.choices import PrincipalKind


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "public/home.html", {"structures": selectors.structures_overview()})


def structure(request: HttpRequest, slug: str) -> HttpResponse:
    """The structure and its organisation chart (`orgchart.org_chart`: local groups per
    municipality when there are many), or with `?q=` the bodies whose names match."""
    obj = get_structure_for_read(slug)
    q = request.GET.get("q", "").strip()[:100]
    found, more = orgchart.find_bodies(obj, q) if q else ([], False)
    chart = orgchart.org_chart(obj)
    # Each municipality's line links to its chart twice: reversed once, not per line.
    link = slug_links("public:structure_municipality", obj.slug)
    return render(
        request,
        "public/structure.html",
        {
            "structure": obj,
            "chart": chart,
            "municipality_lines": [(line, link(line.slug)) for line in chart.municipalities],
            "q": q,
            "found": found,
            "more_found": more,
            "found_limit": orgchart.FOUND,
            "can_edit": can_edit_structure(request.user, obj),
        },
    )


def structure_municipality(request: HttpRequest, slug: str, municipality: str) -> HttpResponse:
    """One municipality's local groups in the structure: a page, or (for htmx, opening the
    municipality's line in the chart) just the tree."""
    obj = get_structure_for_read(slug)
    principal = get_principal_for_read(municipality)
    tree = orgchart.municipality_chart(obj, principal)
    if not tree:
        raise Http404("Strukturen har inga grupper i kommunen.")
    return part_or_page(
        request,
        "public/structure_municipality_tree.html",
        "public/structure_municipality.html",
        {"structure": obj, "municipality": principal, "tree": tree},
    )


def body(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    obj = get_body_for_read(slug, key)
    page = selectors.body_page(obj)
    coming, past = views_meeting.body_meetings(obj)
    return render(
        request,
        "public/body.html",
        {
            "coming_meetings": coming,
            "past_meetings": past,
            "structure": obj.structure,
            "page": page,
            "body": obj,
            "charter": page.charter,
            "show_contacts": can_see_contacts(request.user),
            "can_edit": can_edit_structure(request.user, obj.structure),
            "can_raise_case": can_raise_case_in(request.user, obj),
        },
    )


def charter_version(request: HttpRequest, slug: str, key: str, version: str) -> HttpResponse:
    obj = get_body_for_read(slug, key)
    charter = get_charter_for_read(obj, version)
    return render(
        request,
        "public/charter.html",
        {
            "structure": obj.structure,
            "body": obj,
            "charter": charter,
            "rules": selectors.charter_rules(charter=charter),
        },
    )


def principal(request: HttpRequest, slug: str) -> HttpResponse:
    obj = get_principal_for_read(slug)
    return render(
        request,
        "public/principal.html",
        {
            "principal": obj,
            "memberships": selectors.principal_memberships(obj),
            "local_bodies": selectors.principal_local_bodies(obj),
            "show_contacts": can_see_contacts(request.user),
        },
    )


def principals(request: HttpRequest) -> HttpResponse:
    # Every principal of the country (311) on one page: each kind's name and the link are
    # made once, not per row (that was most of the page's time).
    link = slug_links("public:principal")
    # Regions first, then municipalities, then other organisations (the choices' order).
    groups: dict[str, list[tuple[str, str, str]]] = {kind: [] for kind in PrincipalKind.values}
    for p in selectors.principals_with_seats():
        seats: int = p.seat_count  # type: ignore[attr-defined]
        groups.setdefault(p.kind, []).append(
            (p.name, link(p.slug), f"{seats} {'plats' if seats == 1 else 'platser'}")
        )
    labels = dict(PrincipalKind.choices)
    by_kind = [(str(labels.get(kind, kind)), rows) for kind, rows in groups.items() if rows]
    return render(request, "public/principals.html", {"by_kind": by_kind})
