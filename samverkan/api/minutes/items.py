"""Paragrafer: saving and removing one item of minutes (`/minutes-items/{id}`).

Items are added through `POST /minutes/{id}/items` (`minutes.minutes`).
"""

from django.http import HttpRequest
from ninja import P, QueryEx, Router
from ninja.responses import Status

from samverkan.api.auth import WRITE_AUTH
from samverkan.api.base import WRITE_ERRORS, acting_user
from samverkan.api.minutes.minutes import item_as_written
from samverkan.api.minutes.schemas import ItemOut, ItemPut
from samverkan.api.minutes.shown import ShownItem
from samverkan.api.structure.refs import person_ref
from samverkan.minutes import services
from samverkan.minutes.access import get_item_for_edit

router = Router(tags=["Minnesanteckningar"])


def _entries(payload: ItemPut) -> list[services.EntryIn] | None:
    if payload.entries is None:
        return None
    return [services.EntryIn(kind=e.kind, text=e.text) for e in payload.entries]


def _actions(payload: ItemPut) -> list[services.ActionIn] | None:
    if payload.actions is None:
        return None
    return [
        services.ActionIn(
            text=a.text,
            due_on=a.due_on,
            owner=(
                person_ref(a.owner, field=f"actions.{index}.owner") if a.owner is not None else None
            ),
            owner_name=a.owner_name,
        )
        for index, a in enumerate(payload.actions)
    ]


def _follow_ups(payload: ItemPut) -> list[services.FollowUpIn] | None:
    if payload.follow_ups is None:
        return None
    return [
        services.FollowUpIn(action_id=f.action_id, outcome=f.outcome, note=f.note)
        for f in payload.follow_ups
    ]


@router.put(
    "/{id:item_id}",
    response={200: ItemOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Spara en punkt: anteckningar, beslut och andra poster, åtgärder, uppföljning",
    description="Bara fälten som skickas ändras; en lista som skickas ersätter punktens "
    "lista. En grupp som inte är beslutsfattande enligt uppdragsbeskrivningen kan inte "
    "skriva beslut eller rekommendationer (400, fältet `entries`; se "
    "`allowed_entry_kinds`). En åtgärd behöver en ansvarig (`owner` eller `owner_name`) "
    "och `due_on`. Uppföljning av tidigare åtgärder görs under punkten med "
    "`follows_up_previous`. Varje punkt har sin egen `lock_version`, så två kan skriva "
    "olika punkter samtidigt; 409 om någon annan har sparat punkten sedan du läste den.",
)
def save_item(request: HttpRequest, item_id: int, payload: ItemPut) -> ShownItem:
    user = acting_user(request)
    item = get_item_for_edit(user, item_id)
    changes = payload.model_dump(exclude_unset=True)
    services.minutes_item_save(
        item=item,
        expected_version=payload.lock_version,
        by=user,
        title=changes.get("title"),
        notes=changes.get("notes"),
        entries=_entries(payload),
        actions=_actions(payload),
        follow_ups=_follow_ups(payload),
    )
    return item_as_written(item.pk)


@router.delete(
    "/{id:item_id}",
    response={204: None, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ta bort en punkt",
    description="`lock_version` är punktens version som du läste (409 om den är gammal). "
    "Punkten som bär uppföljningen av tidigare åtgärder tas inte bort (400).",
)
def remove_item(
    request: HttpRequest,
    item_id: int,
    lock_version: QueryEx[int, P(description="Punktens version som du läste")],
) -> Status[None]:
    user = acting_user(request)
    item = get_item_for_edit(user, item_id)
    services.minutes_item_remove(by=user, item=item, expected_version=lock_version)
    return Status(204, None)
