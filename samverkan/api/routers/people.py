"""People who sit in bodies. E-mail and phone are shown only to logged-in users."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from samverkan.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH, user_of
from samverkan.api.common import READ_ERRORS, WRITE_ERRORS, Pagination, changes_of, principal_ref
from samverkan.api.schemas import PersonIn, PersonOut, PersonPatch
from samverkan.lib.users import acting_user
from samverkan.structure.access import coordinated_structure_ids, get_person_for_edit, is_admin
from samverkan.structure.models import Person
from samverkan.structure.services import person_create, person_update

router = Router(tags=["Personer"])


def people() -> QuerySet[Person]:
    return Person.objects.select_related("employer")


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
    q: str | None = None,
    employer: int | None = None,
    body: int | None = None,
) -> QuerySet[Person]:
    found = people()
    if q:
        found = found.filter(
            Q(first_name__icontains=q) | Q(last_name__icontains=q) | Q(title__icontains=q)
        )
    if employer is not None:
        found = found.filter(employer_id=employer)
    if body is not None:
        found = found.filter(memberships__body_id=body).distinct()
    return found.order_by("last_name", "first_name", "pk")


@router.get(
    "/{int:person_id}",
    response={200: PersonOut, **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Hämta en person",
)
def get_person(request: HttpRequest, person_id: int) -> Person:
    person = people().filter(pk=person_id).first()
    if person is None:
        raise Http404("Personen finns inte.")
    return person


@router.post(
    "",
    response={201: PersonOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Lägg till en person (koordinator eller administratör)",
)
def create_person(request: HttpRequest, payload: PersonIn) -> Status[Person]:
    user = user_of(request)
    if not (is_admin(user) or coordinated_structure_ids(user)):
        raise PermissionDenied("Bara koordinatorer och administratörer kan lägga till personer.")
    values = payload.model_dump()
    if values["employer"] is not None:
        values["employer"] = principal_ref(values["employer"], field="employer")
    person = person_create(by=acting_user(request), **values)
    return Status(201, people().get(pk=person.pk))


@router.patch(
    "/{int:person_id}",
    response={200: PersonOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ändra en person (koordinator för en struktur där personen sitter, eller administratör)",
)
def update_person(request: HttpRequest, person_id: int, payload: PersonPatch) -> Person:
    person = get_person_for_edit(user_of(request), person_id)
    changes = changes_of(payload)
    if changes.get("employer") is not None:
        changes["employer"] = principal_ref(changes["employer"], field="employer")
    person_update(by=acting_user(request), person=person, **changes)
    return people().get(pk=person.pk)
