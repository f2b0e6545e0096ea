"""Who may see and change the structure. Every lookup by the pages and the API goes through here.

Roles: an admin (superuser) may change everything; a coordinator of a structure
may change that structure's bodies, charters and memberships; chairs,
secretaries and members of a body see contact details and their own bodies'
working pages but change nothing in the structure itself. Anonymous visitors
see only the public pages, without contact details.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import CharField, F, FilteredRelation, Q, QuerySet, Value
from django.http import Http404

from samverkan.lib.users import AnyUser
from samverkan.structure.models import (
    Body,
    Charter,
    CharterStatus,
    Membership,
    Person,
    Principal,
    Structure,
)


def is_admin(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def coordinated_structure_ids(user: AnyUser) -> set[int]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_coordinated_ids", None)
    if cached is None:
        cached = set(user.coordinated_structures.values_list("pk", flat=True))  # type: ignore[union-attr]
        user._coordinated_ids = cached  # type: ignore[union-attr,attr-defined]
    return cached


def coordinated_bodies(user: AnyUser) -> QuerySet[Body, Any]:
    """The ids of the bodies in the structures the user coordinates, as a subquery: a list
    can then ask `body_id IN (…)` of its own column instead of joining the body to read its
    structure, and count its rows without that join."""
    return Body.objects.filter(structure_id__in=coordinated_structure_ids(user)).values("pk")


def can_edit_structure(user: AnyUser, structure: Structure) -> bool:
    return is_admin(user) or structure.pk in coordinated_structure_ids(user)


def can_see_contacts(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


def editable_structures(user: AnyUser) -> QuerySet[Structure]:
    """The structures the user coordinates (every one for an administrator), by name with
    their regions: one query (by the coordinators, not `coordinated_structure_ids`, which
    would read the ids first)."""
    if is_admin(user):
        mine = Structure.objects.all()
    elif user.is_authenticated:
        mine = Structure.objects.filter(coordinators=user)
    else:
        return Structure.objects.none()
    return mine.select_related("region").order_by("name", "pk")


def _require_editor(user: AnyUser, structure: Structure) -> None:
    if not user.is_authenticated:
        raise PermissionDenied("Du behöver logga in.")
    if not can_edit_structure(user, structure):
        raise PermissionDenied(
            f"Du är inte koordinator för {structure.name} och kan inte ändra något där."
        )


def get_structure_for_read(slug: str) -> Structure:
    structure = Structure.objects.select_related("region").filter(slug=slug).first()
    if structure is None:
        raise Http404("Strukturen finns inte.")
    return structure


def get_structure_for_edit(user: AnyUser, slug: str) -> Structure:
    structure = get_structure_for_read(slug)
    _require_editor(user, structure)
    return structure


# With `charter=True`, the body's charter in force (and where it escalates to) is read with the
# body, as this attribute (None without one): a page that shows both makes one query.
CHARTER_IN_FORCE = "charter_in_force"


def get_body_for_read(structure_slug: str, key: str, *, charter: bool = False) -> Body:
    found = Body.objects.select_related("structure", "structure__region", "parent", "municipality")
    if charter:
        in_force = Q(charters__status=CharterStatus.IN_FORCE)
        found = found.annotate(
            **{CHARTER_IN_FORCE: FilteredRelation("charters", condition=in_force)}
        ).select_related(f"{CHARTER_IN_FORCE}__escalates_to")
    body = found.filter(structure__slug=structure_slug, key=key).first()
    if body is None:
        raise Http404("Gruppen finns inte.")
    if charter and not hasattr(body, CHARTER_IN_FORCE):
        setattr(body, CHARTER_IN_FORCE, None)  # read, and there is none
    return body


def get_body_for_edit(
    user: AnyUser, structure_slug: str, key: str, *, charter: bool = False
) -> Body:
    body = get_body_for_read(structure_slug, key, charter=charter)
    _require_editor(user, body.structure)
    return body


def get_body_by_id_for_edit(user: AnyUser, body_id: int) -> Body:
    body = (
        Body.objects.select_related("structure", "parent", "municipality")
        .filter(pk=body_id)
        .first()
    )
    if body is None:
        raise Http404("Gruppen finns inte.")
    _require_editor(user, body.structure)
    return body


def get_membership_for_edit(user: AnyUser, membership_id: int) -> Membership:
    membership = (
        Membership.objects.select_related("body", "body__structure", "person", "principal")
        .filter(pk=membership_id)
        .first()
    )
    if membership is None:
        raise Http404("Uppdraget finns inte.")
    _require_editor(user, membership.body.structure)
    return membership


def get_charter_for_edit(user: AnyUser, charter_id: int) -> Charter:
    charter = (
        Charter.objects.select_related("body", "body__structure").filter(pk=charter_id).first()
    )
    if charter is None:
        raise Http404("Uppdragsbeskrivningen finns inte.")
    _require_editor(user, charter.body.structure)
    return charter


def can_edit_person(user: AnyUser, person: Person) -> bool:
    """An admin may edit anyone; a coordinator only people who sit in their structures alone.

    A person who also sits in another structure belongs to that structure's coordinators
    too, so only an admin may change their details. A person who sits nowhere yet (just
    created) may be edited by any coordinator.
    """
    if is_admin(user):
        return True
    mine = coordinated_structure_ids(user)
    if not mine:
        return False
    theirs = set(person.memberships.values_list("body__structure_id", flat=True))
    return theirs <= mine


def get_person_for_edit(user: AnyUser, person_id: int) -> Person:
    person = Person.objects.select_related("employer").filter(pk=person_id).first()
    if person is None:
        raise Http404("Personen finns inte.")
    if not user.is_authenticated:
        raise PermissionDenied("Du behöver logga in.")
    if not can_edit_person(user, person):
        raise PermissionDenied(
            "Du kan bara ändra personer som bara har uppdrag i strukturer där du är koordinator; "
            "be en administratör om hjälp."
        )
    return person


def body_roles(user: AnyUser) -> dict[int, set[str]]:
    """The user's current roles per body id, through their person record; read once per
    request after `remember_roles`."""
    if not user.is_authenticated:
        return {}
    kept: dict[int, set[str]] | None = getattr(user, "_body_roles", None)
    if kept is not None:
        return kept
    from django.utils import timezone

    today = timezone.localdate()
    roles: dict[int, set[str]] = {}
    rows = (
        Membership.objects.active_on(today).filter(person__user=user).values_list("body_id", "role")
    )
    for body_id, role in rows:
        roles.setdefault(body_id, set()).add(role)
    if getattr(user, "_remember_roles", False):
        user._body_roles = roles  # type: ignore[union-attr,attr-defined]
    return roles


def remember_roles(user: AnyUser) -> None:
    """For the rest of this request `body_roles` reads the user's roles once: for a request
    whose parts each ask, such as a lazy panel of a meeting's page (its access checks and
    its selectors). Only on `request.user`, which lives as long as the request."""
    if user.is_authenticated:
        user._remember_roles = True  # type: ignore[union-attr,attr-defined]


def get_charter_for_read(body: Body, version: str) -> Charter:
    """One version of the body's charter, in force or not, with the parts its rules name."""
    charter = (
        Charter.objects.filter(body=body, version=version)
        .prefetch_related(
            "composition__principal", "standing_items", "reporting__to_body", "role_links__to_body"
        )
        .select_related("escalates_to")
        .first()
    )
    if charter is None:
        raise Http404("Versionen finns inte.")
    return charter


def get_principal_for_read(slug: str) -> Principal:
    principal = Principal.objects.filter(slug=slug).first()
    if principal is None:
        raise Http404("Huvudmannen finns inte.")
    return principal


# --- Lookups by id, for the API ----------------------------------------------------------

PRINCIPALS_ADMIN_ONLY = "Bara administratörer kan lägga till eller ändra huvudmän."


def can_add_principal(user: AnyUser) -> bool:
    return is_admin(user)


def can_add_structure(user: AnyUser) -> bool:
    return is_admin(user)


def can_add_person(user: AnyUser) -> bool:
    """Admins and coordinators; a coordinator then places the person in their structure."""
    return is_admin(user) or bool(coordinated_structure_ids(user))


def with_visible_contacts(people: QuerySet[Person], user: AnyUser) -> QuerySet[Person]:
    """Each person with `visible_email` and `visible_phone`: the contact data for a user who
    may see it (`can_see_contacts`), null for anyone else."""
    if can_see_contacts(user):
        return people.annotate(visible_email=F("email"), visible_phone=F("phone"))
    return people.annotate(
        visible_email=Value(None, output_field=CharField()),
        visible_phone=Value(None, output_field=CharField()),
    )


def with_visible_end_reasons(
    memberships: QuerySet[Membership], user: AnyUser
) -> QuerySet[Membership]:
    """Each membership with `visible_end_reason`: why it ended, for a user who may see contact
    data; null for anyone else."""
    if can_see_contacts(user):
        return memberships.annotate(visible_end_reason=F("end_reason"))
    return memberships.annotate(visible_end_reason=Value(None, output_field=CharField()))


def readable_charters(user: AnyUser) -> QuerySet[Charter]:
    """Charters in force and superseded for anyone; drafts only for logged-in users."""
    charters = Charter.objects.all()
    if not user.is_authenticated:
        charters = charters.exclude(status=CharterStatus.DRAFT)
    return charters


def get_principal_by_id_for_read(principal_id: int) -> Principal:
    principal = Principal.objects.filter(pk=principal_id).first()
    if principal is None:
        raise Http404("Huvudmannen finns inte.")
    return principal


def get_principal_by_id_for_edit(user: AnyUser, principal_id: int) -> Principal:
    # Refused before the lookup: only an admin learns whether an id exists.
    if not is_admin(user):
        raise PermissionDenied(PRINCIPALS_ADMIN_ONLY)
    return get_principal_by_id_for_read(principal_id)


def get_body_by_id_for_read(body_id: int) -> Body:
    body = Body.objects.select_related("structure", "parent").filter(pk=body_id).first()
    if body is None:
        raise Http404("Gruppen finns inte.")
    return body


def get_charter_by_id_for_read(user: AnyUser, charter_id: int) -> Charter:
    charter = readable_charters(user).select_related("body").filter(pk=charter_id).first()
    if charter is None:
        raise Http404("Uppdragsbeskrivningen finns inte.")
    return charter


def get_person_by_id_for_read(user: AnyUser, person_id: int) -> Person:
    """The person, with contact data as `with_visible_contacts` shows it to `user`."""
    people = with_visible_contacts(Person.objects.select_related("employer"), user)
    person = people.filter(pk=person_id).first()
    if person is None:
        raise Http404("Personen finns inte.")
    return person


def get_membership_by_id_for_read(user: AnyUser, membership_id: int) -> Membership:
    """The membership, with why it ended as `with_visible_end_reasons` shows it to `user`."""
    memberships = with_visible_end_reasons(
        Membership.objects.select_related("body", "body__structure", "person", "principal"), user
    )
    membership = memberships.filter(pk=membership_id).first()
    if membership is None:
        raise Http404("Uppdraget finns inte.")
    return membership
