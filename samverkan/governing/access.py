"""Who may see and change governing documents and their implementation. Every lookup by
the pages, the meeting panel and the API goes through here.

- A public document is readable by everyone, on the public site too.
- Every document of a structure, and how far each body has come implementing it, is
  readable by the structure's coordinators, by members of any body in it, and by admins.
- A document is changed (and its implementing bodies chosen) by the coordinators and the
  chair and secretary of the body that commissions it.
- One body's implementation is updated by the coordinators, the chair and secretary of
  the implementing body, and those of the commissioning body.
- A charter's entries are linked to records by the coordinators.
A document a reader may not see is answered with 404: nobody learns that it exists; what
one sees but may not do is 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from samverkan.governing.models import GoverningDocument, Implementation
from samverkan.lib.users import AnyUser
from samverkan.structure.access import body_roles, coordinated_structure_ids, is_admin
from samverkan.structure.models import Body, Role, Structure

LEADING_ROLES = frozenset({Role.CHAIR, Role.SECRETARY})
NOT_FOUND = "Styrdokumentet finns inte."


@dataclass(frozen=True)
class Rights:
    """What one user may do with one structure's documents, worked out once per page."""

    structure_id: int
    coordinator: bool  # or admin
    reads_internal: bool
    leads: frozenset[int]  # bodies (of any structure) the user chairs or is secretary of
    leads_in_structure: frozenset[int] = frozenset()  # those of them in this structure

    def may_edit_document(self, document: GoverningDocument) -> bool:
        return self.coordinator or (
            document.commissioned_by_id is not None and document.commissioned_by_id in self.leads
        )

    def may_edit_implementation(
        self, implementation: Implementation, document: GoverningDocument
    ) -> bool:
        return self.may_edit_document(document) or implementation.body_id in self.leads

    @property
    def may_create(self) -> bool:
        """Coordinators, and the chair or secretary of a body in the structure (who then
        commissions the document themselves)."""
        return self.coordinator or bool(self.leads_in_structure)


def member_structure_ids(user: AnyUser, roles: dict[int, set[str]] | None = None) -> set[int]:
    bodies = set(roles if roles is not None else body_roles(user))
    if not bodies:
        return set()
    return set(Body.objects.filter(pk__in=bodies).values_list("structure_id", flat=True))


def rights_in(user: AnyUser, structure: Structure) -> Rights:
    """The user's rights in `structure` (at most three queries)."""
    if not user.is_authenticated:
        return Rights(structure.pk, False, False, frozenset())
    coordinator = is_admin(user) or structure.pk in coordinated_structure_ids(user)
    roles = body_roles(user)
    leads = frozenset(pk for pk, held in roles.items() if held & LEADING_ROLES)
    leads_here = frozenset(
        Body.objects.filter(pk__in=leads, structure=structure).values_list("pk", flat=True)
        if leads
        else []
    )
    reads = coordinator or structure.pk in member_structure_ids(user, roles)
    return Rights(structure.pk, coordinator, reads, leads, leads_here)


def can_read_internal(user: AnyUser, structure: Structure) -> bool:
    return rights_in(user, structure).reads_internal


def readable_documents(user: AnyUser) -> QuerySet[GoverningDocument]:
    """The documents `user` may read: public ones, and all of their structures'."""
    documents = GoverningDocument.objects.all()
    if is_admin(user):
        return documents
    if not user.is_authenticated:
        return documents.filter(public=True)
    structures = coordinated_structure_ids(user) | member_structure_ids(user)
    return documents.filter(Q(public=True) | Q(structure_id__in=structures))


def get_document_for_read(user: AnyUser, document_id: int) -> GoverningDocument:
    found = (
        readable_documents(user)
        .select_related("structure", "structure__region", "commissioned_by", "parent")
        .filter(pk=document_id)
        .first()
    )
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def get_public_document(structure: Structure, document_id: int) -> GoverningDocument:
    found = (
        GoverningDocument.objects.filter(structure=structure, public=True, pk=document_id)
        .select_related("structure", "commissioned_by", "parent")
        .first()
    )
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def get_document_for_edit(user: AnyUser, document_id: int) -> GoverningDocument:
    found = get_document_for_read(user, document_id)
    if not user.is_authenticated:
        raise PermissionDenied("Du behöver logga in.")
    if not rights_in(user, found.structure).may_edit_document(found):
        raise PermissionDenied(
            "Bara strukturens koordinatorer och ordförande och sekreterare i gruppen som är "
            "uppdragsgivare kan ändra styrdokumentet."
        )
    return found


def require_internal(user: AnyUser, structure: Structure) -> Rights:
    """The rights of a reader of the structure's internal pages (404 for anyone else)."""
    rights = rights_in(user, structure)
    if not rights.reads_internal:
        raise Http404("Sidan finns inte.")
    return rights


def require_create(user: AnyUser, structure: Structure) -> Rights:
    rights = require_internal(user, structure)
    if not rights.may_create:
        raise PermissionDenied(
            "Bara strukturens koordinatorer och ordförande och sekreterare i en grupp kan lägga "
            "till styrdokument."
        )
    return rights


def check_commissioner(rights: Rights, commissioned_by: Body | None) -> None:
    """A chair or secretary who is not a coordinator adds documents their own body
    commissions, so that they can go on editing them."""
    if rights.coordinator:
        return
    if commissioned_by is None or commissioned_by.pk not in rights.leads:
        raise PermissionDenied(
            "Välj en grupp där du är ordförande eller sekreterare som uppdragsgivare; bara "
            "koordinatorerna kan lägga till andra styrdokument."
        )


def get_implementation_for_edit(
    user: AnyUser, document_id: int, body_id: int
) -> tuple[GoverningDocument, Implementation]:
    document = get_document_for_read(user, document_id)
    rights = rights_in(user, document.structure)
    if not rights.reads_internal:
        raise Http404(NOT_FOUND)
    found = (
        Implementation.objects.select_related("body")
        .filter(document=document, body_id=body_id)
        .first()
    )
    if found is None:
        raise Http404("Gruppen implementerar inte det här styrdokumentet.")
    if not rights.may_edit_implementation(found, document):
        raise PermissionDenied(
            "Bara koordinatorerna och ordförande och sekreterare i den implementerande gruppen "
            "eller i uppdragsgivaren kan uppdatera implementeringen."
        )
    return document, found


def require_coordinator(user: AnyUser, structure: Structure) -> None:
    if not rights_in(user, structure).coordinator:
        raise PermissionDenied(
            "Bara strukturens koordinatorer kan koppla uppdragsbeskrivningens styrdokument."
        )
