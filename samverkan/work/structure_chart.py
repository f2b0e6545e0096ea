"""The working chart of a large structure's local groups, one municipality at a time.

The structure's working page lists its groups as the public organisation chart does
(`samverkan.structure.orgchart`): every group in a small structure, the county-level groups
and a line per municipality in a large one. A line opens this view: the municipality's groups
with links to their working pages, as a page or (htmx) as the tree alone.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from samverkan.lib.htmx import part_or_page
from samverkan.structure import orgchart
from samverkan.structure.access import get_principal_for_read, get_structure_for_edit


@login_required
@require_safe
def structure_municipality(request: HttpRequest, slug: str, municipality: str) -> HttpResponse:
    obj = get_structure_for_edit(request.user, slug)
    principal = get_principal_for_read(municipality)
    tree = orgchart.municipality_chart(obj, principal)
    if not tree:
        raise Http404("Strukturen har inga grupper i kommunen.")
    return part_or_page(
        request,
        "work/structure_municipality_tree.html",
        "work/structure_municipality.html",
        {"structure": obj, "municipality": principal, "tree": tree},
    )
