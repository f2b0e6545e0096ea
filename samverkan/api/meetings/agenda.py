"""Dagordningar: a meeting's agenda items, read by anyone and changed by the coordinators.

Items are added through `POST /meetings/{id}/agenda` (`meetings.meetings`).
"""

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.responses import Status

from samverkan.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH
from samverkan.api.base import READ_ERRORS, WRITE_ERRORS, acting_user, changes_of
from samverkan.api.meetings.schemas import (
    AgendaItemOut,
    AgendaItemPatch,
    AgendaMoveIn,
    MeetingDetailOut,
)
from samverkan.api.structure.refs import person_ref
from samverkan.lib.errors import DomainError
from samverkan.lib.localtime import local_today
from samverkan.meetings.access import get_agenda_item_for_edit, get_agenda_item_for_read
from samverkan.meetings.models import AgendaItem, AgendaItemKind, Meeting
from samverkan.meetings.selectors import has_assignment_not_ended, meeting_with_agenda
from samverkan.meetings.services import agenda_item_move, agenda_item_remove, agenda_item_update
from samverkan.structure.models import Body

router = Router(tags=["Dagordning"])


def owner_from(values: dict[str, Any], body: Body, current: AgendaItem | None = None) -> None:
    """An item's owner is someone with an assignment in the body (or who owns it already)."""
    if values.get("owner") is None:
        return
    person = person_ref(values["owner"], field="owner")
    sits = has_assignment_not_ended(body=body, person=person, on=local_today())
    if not sits and not (current is not None and current.owner_id == person.pk):
        raise DomainError(
            f"{person.full_name} har inget uppdrag i {body.name} och kan inte vara ansvarig.",
            field="owner",
        )
    values["owner"] = person


@router.get(
    "/{id:item_id}",
    response={200: AgendaItemOut, **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Hämta en punkt på dagordningen",
)
def get_agenda_item(request: HttpRequest, item_id: int) -> AgendaItem:
    return get_agenda_item_for_read(item_id)


@router.patch(
    "/{id:item_id}",
    response={200: AgendaItemOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ändra en punkt på dagordningen",
    description="Skicka `lock_version` som du läste; har någon annan ändrat punkten sedan "
    "dess blir svaret 409 och inget sparas.",
)
def update_agenda_item(request: HttpRequest, item_id: int, payload: AgendaItemPatch) -> AgendaItem:
    user = acting_user(request)
    item = get_agenda_item_for_edit(user, item_id)
    changes = changes_of(payload, exclude={"lock_version"})
    if changes.get("kind") == AgendaItemKind.STANDING and item.kind != AgendaItemKind.STANDING:
        raise DomainError(
            "Stående punkter kommer från uppdragsbeskrivningen; välj en annan typ.", field="kind"
        )
    owner_from(changes, item.meeting.body, current=item)
    agenda_item_update(by=user, item=item, expected_version=payload.lock_version, **changes)
    return get_agenda_item_for_read(item.pk)


@router.post(
    "/{id:item_id}/move",
    response={200: MeetingDetailOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Flytta en punkt ett steg upp eller ned",
    description="Svarar med hela mötet, så att den nya ordningen syns. Att flytta den första "
    "punkten upp eller den sista ned ändrar ingenting.",
)
def move_agenda_item(request: HttpRequest, item_id: int, payload: AgendaMoveIn) -> Meeting:
    user = acting_user(request)
    item = get_agenda_item_for_edit(user, item_id)
    agenda_item_move(by=user, item=item, up=payload.direction == "up")
    return meeting_with_agenda(meeting_id=item.meeting_id, viewer=user)


@router.delete(
    "/{id:item_id}",
    response={204: None, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ta bort en punkt från dagordningen",
    description="En punkt med handlingar tas inte bort (400); flytta eller ta bort dem först.",
)
def remove_agenda_item(request: HttpRequest, item_id: int) -> Status[None]:
    user = acting_user(request)
    item = get_agenda_item_for_edit(user, item_id)
    agenda_item_remove(by=user, item=item)
    return Status(204, None)
