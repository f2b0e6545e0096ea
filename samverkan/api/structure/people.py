"""People who sit in bodies. E-mail and phone are shown only to logged-in users."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from samverkan.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH, user_of
from samverkan.api.base import (
    READ_ERRORS,
    WRITE_ERRORS,
    IdFilter,
    Pagination,
    TextFilter,
    acting_user,
    changes_of,
)
from samverkan.api.structure.refs import principal_ref
from samverkan.api.structure.schemas import PersonIn, PersonOut, PersonPatch
from samverkan.structure.access import (
    can_add_person,
    get_person_by_id_for_read,
    get_person_for_edit,
)
from samverkan.structure.models import Person
from samverkan.structure.selectors import people_listed
from samverkan.structure.services import person_create, person_update

router = Router(tags=["Personer"])


@router.get(
    "",
    response={200: list[PersonOut], **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Lista personer",
)
@paginate(Pagination)
def list_people(
    request: HttpRequest,
    q: TextFilter = None,
    employer: IdFilter = None,
    body: IdFilter = None,
) -> QuerySet[Person]:
    return people_listed(viewer=user_of(request), q=q, employer=employer, body=body)


@router.get(
    "/{id:person_id}",
    response={200: PersonOut, **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Hämta en person",
)
def get_person(request: HttpRequest, person_id: int) -> Person:
    return get_person_by_id_for_read(user_of(request), person_id)


@router.post(
    "",
    response={201: PersonOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Lägg till en person (koordinator eller administratör)",
)
def create_person(request: HttpRequest, payload: PersonIn) -> Status[Person]:
    user = acting_user(request)
    if not can_add_person(user):
        raise PermissionDenied("Bara koordinatorer och administratörer kan lägga till personer.")
    values = payload.model_dump()
    if values["employer"] is not None:
        values["employer"] = principal_ref(values["employer"], field="employer")
    person = person_create(by=user, **values)
    return Status(201, get_person_by_id_for_read(user, person.pk))


@router.patch(
    "/{id:person_id}",
    response={200: PersonOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ändra en person (koordinator för en struktur där personen sitter, eller administratör)",
)
def update_person(request: HttpRequest, person_id: int, payload: PersonPatch) -> Person:
    user = acting_user(request)
    person = get_person_for_edit(user, person_id)
    changes = changes_of(payload)
    if changes.get("employer") is not None:
        changes["employer"] = principal_ref(changes["employer"], field="employer")
    person_update(by=user, person=person, **changes)
    return get_person_by_id_for_read(user, person.pk)
