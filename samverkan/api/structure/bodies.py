"""Samverkansorgan: the groups in a structure's tree, and new versions of their charters."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from samverkan.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH
from samverkan.api.base import (
    READ_ERRORS,
    WRITE_ERRORS,
    IdFilter,
    Pagination,
    TextFilter,
    acting_user,
    changes_of,
    referenced,
)
from samverkan.api.structure.charter_schemas import CharterOut, CharterVersionIn
from samverkan.api.structure.charters import charter_response, charter_values
from samverkan.api.structure.refs import body_ref, principal_ref
from samverkan.api.structure.schemas import BodyIn, BodyOut, BodyPatch, MeetingFormsReviewedIn
from samverkan.lib.localtime import local_today
from samverkan.structure.access import (
    get_body_by_id_for_edit,
    get_body_by_id_for_read,
    get_structure_for_edit,
)
from samverkan.structure.models import Body, BodyKind, Charter
from samverkan.structure.selectors import (
    bodies_listed,
    load_charter_in_force,
)
from samverkan.structure.services import (
    body_create,
    body_meeting_forms_reviewed,
    body_update,
    charter_create_version,
)

router = Router(tags=["Grupper"])


def body_response(body_id: int) -> Body:
    """The body as it is now, with its charter in force."""
    body = get_body_by_id_for_read(body_id)
    load_charter_in_force(bodies=[body])
    return body


def _references(values: dict[str, Any]) -> dict[str, Any]:
    if values.get("parent") is not None:
        values["parent"] = body_ref(values["parent"], field="parent")
    if values.get("municipality") is not None:
        values["municipality"] = principal_ref(values["municipality"], field="municipality")
    return values


@router.get(
    "",
    response={200: list[BodyOut], **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Lista grupper",
)
@paginate(Pagination)
def list_bodies(
    request: HttpRequest,
    structure: TextFilter = None,
    kind: BodyKind | None = None,
    parent: IdFilter = None,
) -> QuerySet[Body]:
    return bodies_listed(structure=structure, kind=kind, parent=parent)


@router.get(
    "/{id:body_id}",
    response={200: BodyOut, **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Hämta en grupp",
)
def get_body(request: HttpRequest, body_id: int) -> Body:
    return body_response(body_id)


@router.post(
    "",
    response={201: BodyOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Lägg till en grupp (koordinator för strukturen)",
)
def create_body(request: HttpRequest, payload: BodyIn) -> Status[Body]:
    user = acting_user(request)
    structure = get_structure_for_edit(user, payload.structure)
    values = _references(payload.model_dump(exclude={"structure", "key"}))
    body = body_create(by=user, structure=structure, key=payload.key, **values)
    return Status(201, body_response(body.pk))


@router.patch(
    "/{id:body_id}",
    response={200: BodyOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ändra en grupp",
    description="Skicka `lock_version` som du läste; har någon annan ändrat gruppen sedan "
    "dess blir svaret 409 och inget sparas.",
)
def update_body(request: HttpRequest, body_id: int, payload: BodyPatch) -> Body:
    user = acting_user(request)
    body = get_body_by_id_for_edit(user, body_id)
    changes = _references(changes_of(payload, exclude={"lock_version"}))
    body_update(by=user, body=body, expected_version=payload.lock_version, **changes)
    return body_response(body.pk)


@router.post(
    "/{id:body_id}/meeting-forms-reviewed",
    response={200: BodyOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Registrera att gruppen har sett över sina mötesformer",
    description="Uppdragsbeskrivningen kan säga att mötesformerna revideras varje år; en "
    "översyn som inte ändrar något registreras här (`on`, standard i dag, inte i framtiden). "
    "Regelkontrollens `meetings.forms_revised` räknar från den senaste av översynen och "
    "uppdragsbeskrivningens senaste ändring av mötesformerna. Koordinator för strukturen.",
)
def meeting_forms_reviewed(
    request: HttpRequest, body_id: int, payload: MeetingFormsReviewedIn
) -> Body:
    user = acting_user(request)
    body = get_body_by_id_for_edit(user, body_id)
    body_meeting_forms_reviewed(by=user, body=body, on=payload.on or local_today())
    return body_response(body.pk)


@router.post(
    "/{id:body_id}/charters",
    response={201: CharterOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    tags=["Uppdragsbeskrivningar"],
    summary="Ny version av gruppens uppdragsbeskrivning",
    description="Den nya versionen blir gällande och den tidigare ersatt. Fält som utelämnas "
    "kopieras från `based_on` eller den gällande versionen, liksom sammansättning, stående "
    "punkter, rapportering och rollkopplingar.",
)
def create_charter_version(
    request: HttpRequest, body_id: int, payload: CharterVersionIn
) -> Status[Charter]:
    user = acting_user(request)
    body = get_body_by_id_for_edit(user, body_id)
    based_on = None
    if payload.based_on is not None:
        based_on = referenced(
            body.charters.all(),
            payload.based_on,
            field="based_on",
            message=f"Gruppen har ingen uppdragsbeskrivning med id {payload.based_on}.",
        )
    values = charter_values(payload, exclude={"version", "based_on", "lock_version"})
    charter = charter_create_version(
        by=user,
        body=body,
        version=payload.version,
        based_on=based_on,
        expected_version=payload.lock_version,
        **values,
    )
    return Status(201, charter_response(user, charter.pk))
