"""Working pages for governing documents (under `arbeta/styrdokument/`) and the public
pages (under `styrdokument/`): a structure's documents, one document with its
implementation rows, the forms that create and change them and choose who implements,
the implementation matrix of a commissioning body, and linking a charter's entries.

A refused action shows its page again with the reason beside the field and at the top.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from samverkan.governing import access, services
from samverkan.governing.files import file_response
from samverkan.governing.forms import (
    CharterLinksForm,
    DocumentForm,
    ImplementationForm,
    ImplementersForm,
)
from samverkan.governing.models import DocumentKind, GoverningDocument
from samverkan.governing.selectors import (
    MATRIX_COLUMNS,
    STATUS_SYMBOLS,
    charter_links,
    documents_listed,
    implementation_matrix,
    implementation_rows,
    implementations_of,
)
from samverkan.lib.errors import DomainError
from samverkan.lib.localtime import local_today
from samverkan.lib.paging import page_number
from samverkan.lib.users import acting_user
from samverkan.lib.webforms import post_action, show_refusal
from samverkan.structure.access import get_body_for_read, get_structure_for_read
from samverkan.structure.models import Body, Charter, Structure
from samverkan.structure.selectors import current_charter

PER_PAGE = 50
DOCUMENT_FIELDS = (
    "title",
    "kind",
    "version",
    "owner",
    "decided_by",
    "decided_on",
    "valid_until",
    "next_revision",
    "summary",
    "url",
    "public",
)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def _bodies(structure: Structure) -> list[Body]:
    return list(Body.objects.filter(structure=structure).order_by("position", "name"))


def _documents(structure: Structure) -> list[GoverningDocument]:
    return list(GoverningDocument.objects.filter(structure=structure).order_by("title", "pk"))


# --- Lists ----------------------------------------------------------------------------------


def _list_context(request: HttpRequest, structure: Structure, public_only: bool) -> dict[str, Any]:
    kind = request.GET.get("typ", "")
    kind = kind if kind in DocumentKind.values else ""
    commissioned_by = _int(request.GET.get("uppdragsgivare"))
    rows = documents_listed(
        structure=structure,
        public_only=public_only,
        kind=kind or None,
        commissioned_by=commissioned_by,
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    # On the public list only the commissioners of public documents: a body that only
    # commissions internal ones would tell of documents the visitor may not see.
    commissioned = Q(commissioned_documents__public=True) if public_only else Q()
    commissioners = list(
        Body.objects.filter(commissioned, structure=structure, commissioned_documents__isnull=False)
        .distinct()
        .order_by("position", "name")
    )
    return {
        "structure": structure,
        "page": page,
        "kinds": DocumentKind.choices,
        "kind": kind,
        "commissioners": commissioners,
        "commissioned_by": commissioned_by,
        "query": query.urlencode(),
        "today": local_today(),
    }


@login_required
@require_safe
def document_list(request: HttpRequest, structure_slug: str) -> HttpResponse:
    structure = get_structure_for_read(structure_slug)
    rights = access.require_internal(request.user, structure)
    context = _list_context(request, structure, public_only=False)
    charters = (
        [
            c.body
            # Only the columns the list needs: a charter's long texts are most of its row,
            # and a large structure has hundreds in force.
            for c in Charter.objects.in_force()
            .filter(body__structure=structure)
            .exclude(governing_documents=[])
            .select_related("body")
            .only("pk", "governing_documents", "body__name", "body__key", "body__position")
            .order_by("body__position", "body__name")
            if c.governing_documents
        ]
        if rights.coordinator
        else []
    )
    return render(
        request,
        "governing/document_list.html",
        {**context, "rights": rights, "charter_bodies": charters},
    )


@require_safe
def public_list(request: HttpRequest, structure_slug: str) -> HttpResponse:
    structure = get_structure_for_read(structure_slug)
    context = _list_context(request, structure, public_only=True)
    return render(request, "governing/public_list.html", context)


# --- One document ---------------------------------------------------------------------------


def _document_page(
    request: HttpRequest,
    document: GoverningDocument,
    *,
    bound: tuple[int, ImplementationForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    rights = access.require_internal(request.user, document.structure)
    rows = implementation_rows(document)
    entries = []
    for row in rows:
        form = None
        if rights.may_edit_implementation(row, document):
            if bound is not None and bound[0] == row.body_id:
                form = bound[1]
            else:
                form = ImplementationForm(
                    prefix=f"impl-{row.body_id}",
                    initial={
                        "status": row.status,
                        "planned_on": row.planned_on,
                        "implemented_on": row.implemented_on,
                        "followed_up_on": row.followed_up_on,
                        "note": row.note,
                        "lock_version": row.lock_version,
                    },
                )
        entries.append((row, form))
    children = list(document.children.order_by("title", "pk"))
    return render(
        request,
        "governing/document_page.html",
        {
            "document": document,
            "structure": document.structure,
            "entries": entries,
            "children": children,
            "file_name": (document.file.name or "").rsplit("/", 1)[-1],
            "may_edit": rights.may_edit_document(document),
            # The services refuse removing a document in use; the page does not offer it.
            "may_delete": rights.may_edit_document(document)
            and not children
            and not any(services.has_progress(row) for row in rows),
            "symbols": STATUS_SYMBOLS,
            "today": local_today(),
        },
        status=status,
    )


@login_required
@require_safe
def document_page(request: HttpRequest, document_id: int) -> HttpResponse:
    return _document_page(request, access.get_document_for_read(request.user, document_id))


@login_required
@require_safe
def document_file(request: HttpRequest, document_id: int) -> FileResponse:
    return file_response(access.get_document_for_read(request.user, document_id))


@require_safe
def public_document(request: HttpRequest, structure_slug: str, document_id: int) -> HttpResponse:
    structure = get_structure_for_read(structure_slug)
    document = access.get_public_document(structure, document_id)
    children = [c for c in document.children.order_by("title", "pk") if c.public]
    parent = document.parent if document.parent and document.parent.public else None
    return render(
        request,
        "governing/public_document.html",
        {"document": document, "structure": structure, "children": children, "parent": parent},
    )


@require_safe
def public_file(request: HttpRequest, structure_slug: str, document_id: int) -> FileResponse:
    structure = get_structure_for_read(structure_slug)
    return file_response(access.get_public_document(structure, document_id))


# --- Create and change ----------------------------------------------------------------------


def _document_values(form: DocumentForm, structure: Structure) -> dict[str, Any]:
    data = form.cleaned_data
    documents = {d.pk: d for d in _documents(structure)}
    bodies = {b.pk: b for b in _bodies(structure)}
    values = {name: data[name] for name in DOCUMENT_FIELDS}
    values["title"] = values["title"] or ""
    for name in ("version", "owner", "decided_by", "summary", "url"):
        values[name] = values[name] or ""
    values["parent"] = documents.get(data["parent"]) if data["parent"] else None
    values["commissioned_by"] = (
        bodies.get(data["commissioned_by"]) if data["commissioned_by"] else None
    )
    return values


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def document_new(request: HttpRequest, structure_slug: str) -> HttpResponse:
    user = acting_user(request)
    structure = get_structure_for_read(structure_slug)
    rights = access.require_create(user, structure)
    bodies = _bodies(structure)
    form = DocumentForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        documents=_documents(structure),
        bodies=bodies,
        initial={"public": True, "owner": structure.name},
    )
    if request.method == "POST" and form.is_valid():
        values = _document_values(form, structure)
        try:
            try:
                access.check_commissioner(rights, values["commissioned_by"])
            except PermissionDenied as refused:
                # Said beside the field, where it can be put right, not as a page of its own.
                raise DomainError(str(refused), field="commissioned_by") from refused
            document = services.document_create(
                by=user, structure=structure, file=form.cleaned_data["file"] or None, **values
            )
        except DomainError as exc:
            show_refusal(form, exc.errors)
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Styrdokumentet {document.title} är sparat.")
            return redirect("governing:document", document.pk)
    return render(
        request,
        "governing/document_form.html",
        {"structure": structure, "form": form, "document": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def document_edit(request: HttpRequest, document_id: int) -> HttpResponse:
    user = acting_user(request)
    document = access.get_document_for_edit(user, document_id)
    structure = document.structure
    rights = access.rights_in(user, structure)
    others = [d for d in _documents(structure) if d.pk != document.pk]
    initial = {name: getattr(document, name) for name in DOCUMENT_FIELDS}
    initial |= {
        "parent": document.parent_id,
        "commissioned_by": document.commissioned_by_id,
        "lock_version": document.lock_version,
    }
    form = DocumentForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        documents=others,
        bodies=_bodies(structure),
        has_file=bool(document.file),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        values = _document_values(form, structure)
        try:
            if values["commissioned_by"] != document.commissioned_by:
                try:
                    access.check_commissioner(rights, values["commissioned_by"])
                except PermissionDenied as refused:
                    raise DomainError(str(refused), field="commissioned_by") from refused
            services.document_update(
                by=user,
                document=document,
                expected_version=form.cleaned_data["lock_version"],
                file=form.cleaned_data["file"] or None,
                remove_file=bool(form.cleaned_data.get("remove_file")),
                **values,
            )
        except DomainError as exc:
            show_refusal(form, exc.errors)
            messages.error(request, exc.message)
        else:
            messages.success(request, "Ändringarna är sparade.")
            return redirect("governing:document", document.pk)
    return render(
        request,
        "governing/document_form.html",
        {"structure": structure, "form": form, "document": document},
        status=400 if request.method == "POST" else 200,
    )


def _back(request: HttpRequest, document_id: int, **_: Any) -> str:
    return reverse("governing:document", args=[document_id])


@login_required
@post_action(_back)
def document_delete(request: HttpRequest, document_id: int) -> HttpResponse:
    user = acting_user(request)
    document = access.get_document_for_edit(user, document_id)
    slug = document.structure.slug
    try:
        services.document_delete(
            by=user, document=document, expected_version=_int(request.POST.get("lock_version"))
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("governing:document", document.pk)
    messages.success(request, f"Styrdokumentet {document.title} är borttaget.")
    return redirect("governing:list", slug)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def implementers(request: HttpRequest, document_id: int) -> HttpResponse:
    """Which bodies must implement the document."""
    user = acting_user(request)
    document = access.get_document_for_edit(user, document_id)
    bodies = [b for b in _bodies(document.structure) if b.pk != document.commissioned_by_id]
    current = list(document.implementations.values_list("body_id", flat=True))
    form = ImplementersForm(
        request.POST if request.method == "POST" else None,
        bodies=bodies,
        initial={"bodies": current},
    )
    if request.method == "POST" and form.is_valid():
        by_pk = {b.pk: b for b in bodies}
        try:
            services.implementing_bodies_set(
                by=user,
                document=document,
                bodies=[by_pk[pk] for pk in form.cleaned_data["bodies"]],
                confirm_removal=form.cleaned_data["confirm_removal"],
            )
        except DomainError as exc:
            show_refusal(form, exc.errors)
            messages.error(request, exc.message)
        else:
            messages.success(request, "Grupperna som ska implementera dokumentet är sparade.")
            return redirect("governing:document", document.pk)
    children = [b for b in bodies if b.parent_id == document.commissioned_by_id]
    return render(
        request,
        "governing/implementers.html",
        {"document": document, "structure": document.structure, "form": form, "hint": children},
        status=400 if request.method == "POST" else 200,
    )


def _back_implementation(request: HttpRequest, document_id: int, body_id: int) -> str:
    return reverse("governing:document", args=[document_id]) + f"#impl-{body_id}"


@login_required
@post_action(_back_implementation)
def implementation_update(request: HttpRequest, document_id: int, body_id: int) -> HttpResponse:
    user = acting_user(request)
    document, row = access.get_implementation_for_edit(user, document_id, body_id)
    form = ImplementationForm(request.POST, prefix=f"impl-{body_id}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.implementation_update(
                by=user,
                implementation=row,
                status=data["status"],
                planned_on=data["planned_on"],
                implemented_on=data["implemented_on"],
                followed_up_on=data["followed_up_on"],
                note=data["note"],
                expected_version=data["lock_version"],
            )
        except DomainError as exc:
            show_refusal(form, exc.errors)
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                f"Implementeringen i {row.body.name} är {row.get_status_display().lower()}.",
            )
            back = request.POST.get("tillbaka", "")
            if back == "matris" and document.commissioned_by is not None:
                body = document.commissioned_by
                return redirect(
                    reverse("governing:matrix", args=[document.structure.slug, body.key])
                )
            return redirect(_back_implementation(request, document_id, body_id))
    return _document_page(request, document, bound=(body_id, form), status=400)


# --- The matrix -----------------------------------------------------------------------------


MATRIX_MAX_PAGE = 1000


@login_required
@require_safe
def matrix(request: HttpRequest, structure_slug: str, key: str) -> HttpResponse:
    body = get_body_for_read(structure_slug, key)
    access.require_internal(request.user, body.structure)
    return render(
        request,
        "governing/matrix.html",
        {
            "body": body,
            "structure": body.structure,
            "matrix": implementation_matrix(
                body=body, page=page_number(request.GET.get("sida"), most=MATRIX_MAX_PAGE)
            ),
            # A local group commissions nothing: its own rows are what it follows.
            "own": implementations_of(body=body),
            "prefix": "matris",
            "matrix_columns": MATRIX_COLUMNS,
            "symbols": STATUS_SYMBOLS,
        },
    )


# --- A charter's entries --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def charter_links_page(request: HttpRequest, structure_slug: str, key: str) -> HttpResponse:
    """Link each entry of the body's charter in force to a document record."""
    user = acting_user(request)
    body = get_body_for_read(structure_slug, key)
    access.require_coordinator(user, body.structure)
    charter = current_charter(body)
    if charter is None or not charter.governing_documents:
        raise Http404("Gruppens uppdragsbeskrivning listar inga styrdokument.")
    documents = _documents(body.structure)
    linked = charter_links([charter]).get(charter.pk, {})
    form = CharterLinksForm(
        request.POST if request.method == "POST" else None,
        entries=[str(e) for e in charter.governing_documents],
        documents=documents,
        initial={f"entry_{p}": d.pk for p, d in linked.items()},
    )
    if request.method == "POST" and form.is_valid():
        by_pk = {d.pk: d for d in documents}
        try:
            for position, chosen in form.chosen().items():
                services.charter_entry_link(
                    by=user,
                    charter=charter,
                    position=position,
                    document=by_pk.get(chosen) if chosen else None,
                )
        except DomainError as exc:
            show_refusal(form, exc.errors)
            messages.error(request, exc.message)
        else:
            messages.success(request, "Kopplingarna är sparade.")
            return redirect("governing:charter_links", body.structure.slug, body.key)
    return render(
        request,
        "governing/charter_links.html",
        {"body": body, "structure": body.structure, "charter": charter, "form": form},
        status=400 if request.method == "POST" else 200,
    )
