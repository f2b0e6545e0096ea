"""The public site: structures, organisation charts, bodies with charters and members, principals.

Everything here is public; contact details appear only for logged-in users.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from samverkan.structure import selectors
from samverkan.structure.access import (
    can_edit_structure,
    can_see_contacts,
    get_body_for_read,
    get_structure_for_read,
)
from samverkan.structure.models import Charter, Principal


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "public/home.html", {"structures": selectors.structures_overview()})


def structure(request: HttpRequest, slug: str) -> HttpResponse:
    obj = get_structure_for_read(slug)
    return render(
        request,
        "public/structure.html",
        {
            "structure": obj,
            "tree": selectors.structure_tree(obj),
            "can_edit": can_edit_structure(request.user, obj),
        },
    )


def body(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    obj = get_body_for_read(slug, key)
    page = selectors.body_page(obj)
    return render(
        request,
        "public/body.html",
        {
            "structure": obj.structure,
            "page": page,
            "body": obj,
            "charter": page.charter,
            "show_contacts": can_see_contacts(request.user),
            "can_edit": can_edit_structure(request.user, obj.structure),
        },
    )


def charter_version(request: HttpRequest, slug: str, key: str, version: str) -> HttpResponse:
    obj = get_body_for_read(slug, key)
    charter = (
        Charter.objects.filter(body=obj, version=version)
        .prefetch_related(
            "composition__principal", "standing_items", "reporting__to_body", "role_links__to_body"
        )
        .select_related("escalates_to")
        .first()
    )
    if charter is None:
        raise Http404("Versionen finns inte.")
    from samverkan.structure.rules_text import charter_rule_lines, grouped

    rules = grouped(
        charter_rule_lines(
            charter,
            composition=list(charter.composition.all()),
            standing_items=list(charter.standing_items.all()),
            reporting=list(charter.reporting.all()),
            role_links=list(charter.role_links.all()),
        )
    )
    return render(
        request,
        "public/charter.html",
        {"structure": obj.structure, "body": obj, "charter": charter, "rules": rules},
    )


def principal(request: HttpRequest, slug: str) -> HttpResponse:
    obj = Principal.objects.filter(slug=slug).first()
    if obj is None:
        raise Http404("Huvudmannen finns inte.")
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
    return render(
        request, "public/principals.html", {"principals": selectors.principals_with_seats()}
    )
