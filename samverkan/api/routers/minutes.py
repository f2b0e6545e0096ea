"""Minnesanteckningar: writing, approving (justering), publishing and correcting minutes.

Everything a secretary, coordinator or approver does in the working pages can be done
here, through the same services and with the same rules (`samverkan.minutes.services`),
and every lookup goes through `samverkan.minutes.access`:

- Published minutes are for anyone. Drafts, minutes waiting for approval and minutes
  that are not public are for the body's writers and members and the minutes' approvers;
  an anonymous caller gets 404 (nobody learns that a draft exists), anyone else 403.
- A caller who reads minutes only because they are published gets the public view:
  personnummer that were masked before publication are masked here too.
- Approved minutes never change (400); a correction is an addendum, approved by itself.
- Every edit sends the `lock_version` that was read; a stale one gives 409, nothing saved.

Mounted at the API's root, since it serves `/minutes`, `/minutes-items`,
`/meetings/{id}/minutes`, `/publication-holds` and `/bodies/{id}/open-actions`.
No `from __future__ import annotations`: `@paginate` wraps the list functions, and ninja
then resolves string annotations in the wrong module.
"""

from typing import Any, NoReturn

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import P, QueryEx, Router
from ninja.errors import AuthenticationError
from ninja.pagination import paginate
from ninja.responses import Status

from samverkan.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH, user_of
from samverkan.api.common import READ_ERRORS, WRITE_ERRORS, Pagination, person_ref
from samverkan.api.minutes_schemas import (
    AddendumIn,
    HoldOut,
    HoldResolvedOut,
    HoldResolveIn,
    ItemIn,
    ItemOut,
    ItemPut,
    LockVersionIn,
    MinutesDetailOut,
    MinutesOut,
    MinutesPatch,
    OpenActionOut,
    ReturnIn,
    action_detail,
    item_detail,
    minutes_detail,
)
from samverkan.api.schemas import ErrorOut
from samverkan.lib.localtime import meeting_day
from samverkan.lib.users import AnyUser
from samverkan.minutes import services
from samverkan.minutes.access import (
    can_write_minutes,
    get_hold_for_resolve,
    get_item_for_write,
    get_meeting_for_minutes,
    get_minutes_for_read,
    get_minutes_for_write,
    is_insider,
    readable_minutes,
)
from samverkan.minutes.models import (
    ActionFollowUp,
    HoldResolution,
    Minutes,
    MinutesItem,
    MinutesStatus,
    PublicationHold,
)
from samverkan.minutes.render import items_with_parts, mask, masked_strings
from samverkan.structure.access import body_roles
from samverkan.structure.models import Body

router = Router(tags=["Minnesanteckningar"])

# Reads that need a login or a role also answer 403.
GUARDED_READ_ERRORS: dict[int, Any] = {**READ_ERRORS, 403: ErrorOut}

TEXT_RESPONSE: dict[str, Any] = {
    "responses": {
        "200": {
            "description": "Den justerade texten, UTF-8; i den publika vyn med maskerade "
            "personnummer",
            "content": {"text/plain": {"schema": {"type": "string"}}},
        }
    },
}


# --- Lookups -------------------------------------------------------------------


def _acting_user(request: HttpRequest) -> User:
    """The caller of a write; WRITE_AUTH has already refused anyone without a token."""
    user = user_of(request)
    if not isinstance(user, User):
        raise PermissionDenied("Du behöver logga in.")
    return user


def _items_queryset() -> QuerySet[MinutesItem]:
    """Items with everything ItemOut shows, as `render.items_with_parts` loads them."""
    return MinutesItem.objects.prefetch_related(
        "entries",
        Prefetch("actions__owner"),
        Prefetch(
            "follow_ups",
            queryset=ActionFollowUp.objects.select_related(
                "action", "action__owner", "action__item__minutes__meeting"
            ),
        ),
    )


def _item_response(item_id: int) -> dict[str, Any]:
    return item_detail(_items_queryset().get(pk=item_id), [])


def _detail(user: AnyUser, minutes_id: int) -> dict[str, Any]:
    """The minutes as MinutesDetailOut data, as the caller may see them."""
    minutes = get_minutes_for_read(user, minutes_id)
    public_view = not is_insider(user, minutes)
    prefetch_related_objects([minutes], "holds")  # for masked_strings and open_holds
    items = items_with_parts(minutes)
    return minutes_detail(
        minutes,
        items=items,
        approvers=list(minutes.approvers.select_related("person").order_by("round", "pk")),
        # Only addenda the caller may read: nobody else learns that a draft exists.
        addenda=list(
            readable_minutes(user)
            .filter(addendum_to=minutes)
            .order_by("pk")
            .values_list("pk", flat=True)
        ),
        allowed_kinds=services.allowed_entry_kinds(minutes.meeting.body),
        verified=(
            services.minutes_verify(minutes, items)
            if minutes.status == MinutesStatus.APPROVED
            else None
        ),
        found=masked_strings(minutes),
        public_view=public_view,
        open_holds=0
        if public_view
        else sum(1 for h in minutes.holds.all() if h.resolution == HoldResolution.UNRESOLVED),
    )


def _refuse_anonymous(user: AnyUser, exc: PermissionDenied) -> NoReturn:
    """401 for an anonymous caller, who may have a key that would help; 403 otherwise."""
    if not user.is_authenticated:
        raise AuthenticationError() from exc
    raise exc


# --- Reading -------------------------------------------------------------------


@router.get(
    "/minutes",
    response={200: list[MinutesOut], **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Lista minnesanteckningar",
    description="Publicerade minnesanteckningar för alla; inloggade ser också utkast och "
    "interna anteckningar för sina egna grupper, de strukturer de samordnar och det de "
    "ska justera. I mötesordning. `year` är mötesåret.",
)
@paginate(Pagination)
def list_minutes(
    request: HttpRequest,
    body: int | None = None,
    structure: str | None = None,
    year: QueryEx[int | None, P(ge=2000, le=2100, description="Mötesåret")] = None,
    status: MinutesStatus | None = None,
) -> QuerySet[Minutes]:
    found = readable_minutes(user_of(request)).select_related(
        "meeting", "meeting__body", "meeting__body__structure"
    )
    if body is not None:
        found = found.filter(meeting__body_id=body)
    if structure:
        found = found.filter(meeting__body__structure__slug=structure)
    if year is not None:
        found = found.filter(meeting__starts_at__year=year)
    if status:
        found = found.filter(status=status)
    return found.order_by("meeting__starts_at", "pk")


@router.get(
    "/minutes/{int:minutes_id}",
    response={200: MinutesDetailOut, **GUARDED_READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Hämta minnesanteckningar med punkter, beslut, åtgärder och justering",
    description="Utkast, anteckningar som väntar på justering och anteckningar som inte är "
    "offentliga visas för gruppens sekreterare, koordinatorer och ledamöter och för "
    "justerarna; utan inloggning finns de inte (404), för andra inloggade ger de 403. Den "
    "som läser publicerade anteckningar utan att höra till gruppen får den publika vyn "
    "(`masked`), där maskerade personnummer är borttagna.",
)
def get_minutes(request: HttpRequest, minutes_id: int) -> dict[str, Any]:
    return _detail(user_of(request), minutes_id)


@router.get(
    "/minutes/{int:minutes_id}/text",
    response={**GUARDED_READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra={**READ_SECURITY, **TEXT_RESPONSE},
    url_name="minutes_text",
    summary="Den justerade texten (text/plain)",
    description="Texten som justerades och vars SHA-256 står i `sha256`; kontrollera med "
    "`sha256sum`. I den publika vyn är maskerade personnummer ersatta, och då stämmer "
    "inte summan. Före justering finns ingen text (404).",
)
def get_minutes_text(request: HttpRequest, minutes_id: int) -> HttpResponse:
    user = user_of(request)
    minutes = get_minutes_for_read(user, minutes_id)
    if minutes.status != MinutesStatus.APPROVED:
        raise Http404("Minnesanteckningarna är inte justerade; texten finns efter justering.")
    text = minutes.frozen_text
    if not is_insider(user, minutes):
        text = mask(text, masked_strings(minutes))
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Writing -------------------------------------------------------------------


@router.post(
    "/meetings/{int:meeting_id}/minutes",
    response={201: MinutesDetailOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Påbörja mötets minnesanteckningar",
    description="Utkastet får en punkt per punkt på dagordningen, närvaron från mötet, "
    "sekreteraren och ordföranden från gruppens uppdrag och uppdragsbeskrivningens regel "
    "för justering. Öppna åtgärder från tidigare möten följs upp under punkten för "
    "föregående minnesanteckningar. Har mötet redan minnesanteckningar blir svaret 409; "
    "ett inställt möte får inga (400).",
)
def start_minutes(request: HttpRequest, meeting_id: int) -> Status[dict[str, Any]]:
    user = _acting_user(request)
    meeting = get_meeting_for_minutes(user, meeting_id)
    minutes = services.minutes_start(meeting=meeting, by=user)
    return Status(201, _detail(user, minutes.pk))


def _person_changes(changes: dict[str, Any]) -> dict[str, Any]:
    for name in ("taken_by", "chaired_by", "adjuster"):
        if changes.get(name) is not None:
            changes[name] = person_ref(changes[name], field=name)
    return changes


@router.patch(
    "/minutes/{int:minutes_id}",
    response={200: MinutesDetailOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ändra sekreterare, ordförande, justeringsperson eller övrigt",
    description="Justeringspersonen ska vara en annan än ordföranden och sitta i gruppen "
    "eller ha deltagit i mötet (400, fältet `adjuster`). Justerade anteckningar ändras "
    "aldrig (400); skriv ett tillägg. Skicka `lock_version` som du läste; har någon annan "
    "sparat sedan dess blir svaret 409 och inget sparas.",
)
def update_minutes(request: HttpRequest, minutes_id: int, payload: MinutesPatch) -> dict[str, Any]:
    user = _acting_user(request)
    minutes = get_minutes_for_write(user, minutes_id)
    changes = _person_changes(payload.model_dump(exclude_unset=True, exclude={"lock_version"}))
    services.minutes_update(
        minutes=minutes, expected_version=payload.lock_version, by=user, **changes
    )
    return _detail(user, minutes.pk)


@router.post(
    "/minutes/{int:minutes_id}/attendance/refresh",
    response={200: MinutesDetailOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Hämta närvaron från mötet igen",
    description="Efter att frånvaro eller gäster har ändrats. Med `lock_version`; 409 om "
    "någon annan har sparat sedan du läste.",
)
def refresh_attendance(
    request: HttpRequest, minutes_id: int, payload: LockVersionIn
) -> dict[str, Any]:
    user = _acting_user(request)
    minutes = get_minutes_for_write(user, minutes_id)
    services.minutes_refresh_attendance(
        minutes=minutes, expected_version=payload.lock_version, by=user
    )
    return _detail(user, minutes.pk)


@router.post(
    "/minutes/{int:minutes_id}/items",
    response={201: ItemOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Lägg till en punkt sist, t.ex. Övriga frågor",
)
def add_item(request: HttpRequest, minutes_id: int, payload: ItemIn) -> Status[dict[str, Any]]:
    user = _acting_user(request)
    minutes = get_minutes_for_write(user, minutes_id)
    item = services.minutes_item_add(minutes=minutes, by=user, title=payload.title)
    return Status(201, _item_response(item.pk))


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
    "/minutes-items/{int:item_id}",
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
def save_item(request: HttpRequest, item_id: int, payload: ItemPut) -> dict[str, Any]:
    user = _acting_user(request)
    item = get_item_for_write(user, item_id)
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
    return _item_response(item.pk)


@router.delete(
    "/minutes-items/{int:item_id}",
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
    user = _acting_user(request)
    item = get_item_for_write(user, item_id)
    services.minutes_item_remove(by=user, item=item, expected_version=lock_version)
    return Status(204, None)


# --- Approval --------------------------------------------------------------------


@router.post(
    "/minutes/{int:minutes_id}/submit",
    response={200: MinutesDetailOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Skicka för justering",
    description="Justerarna följer uppdragsbeskrivningens regel, t.ex. ordföranden och "
    "justeringspersonen; saknas någon av dem blir svaret 400 (fältet `adjuster`). Kräver "
    "uppdragsbeskrivningen ingen justering blir anteckningarna justerade direkt. Med "
    "`lock_version`; 409 om någon annan har sparat sedan du läste.",
)
def submit_minutes(request: HttpRequest, minutes_id: int, payload: LockVersionIn) -> dict[str, Any]:
    user = _acting_user(request)
    minutes = get_minutes_for_write(user, minutes_id)
    services.minutes_submit(minutes=minutes, expected_version=payload.lock_version, by=user)
    return _detail(user, minutes.pk)


@router.post(
    "/minutes/{int:minutes_id}/approve",
    response={200: MinutesDetailOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Justera (för den som är justerare)",
    description="När den sista justeraren har justerat fryses anteckningarna: texten och "
    "dess SHA-256 sparas, och är de offentliga publiceras de, om inte texten innehåller "
    "något som liknar ett personnummer (se `/minutes/{id}/holds`). Den som inte har en "
    "obesvarad justering här får 400.",
)
def approve_minutes(request: HttpRequest, minutes_id: int) -> dict[str, Any]:
    user = _acting_user(request)
    minutes = get_minutes_for_read(user, minutes_id)
    services.minutes_approve(minutes=minutes, by=user)
    return _detail(user, minutes.pk)


@router.post(
    "/minutes/{int:minutes_id}/return",
    response={200: MinutesDetailOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Återsänd för ändring (för den som är justerare)",
    description="`comment` säger vad som behöver ändras (400 om den saknas) och går till "
    "sekreteraren. Omgången avslutas; efter ändringen skickas anteckningarna på nytt.",
)
def return_minutes(request: HttpRequest, minutes_id: int, payload: ReturnIn) -> dict[str, Any]:
    user = _acting_user(request)
    minutes = get_minutes_for_read(user, minutes_id)
    services.minutes_return(minutes=minutes, by=user, comment=payload.comment)
    return _detail(user, minutes.pk)


# --- Publication holds -------------------------------------------------------------


@router.get(
    "/minutes/{int:minutes_id}/holds",
    response={200: list[HoldOut], **GUARDED_READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Träffar på personnummer som stoppar publiceringen",
    description="För dem som skriver minnesanteckningarna. Offentliga anteckningar "
    "publiceras först när varje träff är behandlad.",
)
@paginate(Pagination)
def list_holds(request: HttpRequest, minutes_id: int) -> QuerySet[PublicationHold]:
    user = user_of(request)
    try:
        minutes = get_minutes_for_write(user, minutes_id)
    except PermissionDenied as exc:
        _refuse_anonymous(user, exc)
    return PublicationHold.objects.filter(minutes=minutes).select_related("resolved_by")


@router.post(
    "/publication-holds/{int:hold_id}/resolve",
    response={200: HoldResolvedOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ta ställning till en träff: maskera eller publicera",
    description="`mask` ersätter numret i den publicerade versionen; `publish` betyder att "
    "det inte är ett personnummer eller får publiceras. När den sista träffen är behandlad "
    "publiceras anteckningarna (`minutes_published_at`). En träff som redan är behandlad "
    "ger 409.",
)
def resolve_hold(request: HttpRequest, hold_id: int, payload: HoldResolveIn) -> PublicationHold:
    user = _acting_user(request)
    hold = get_hold_for_resolve(user, hold_id)
    services.publication_hold_resolve(
        hold=hold, by=user, resolution=payload.resolution, note=payload.note
    )
    return PublicationHold.objects.select_related("resolved_by", "minutes").get(pk=hold.pk)


# --- Addenda -----------------------------------------------------------------------


@router.post(
    "/minutes/{int:minutes_id}/addenda",
    response={201: MinutesDetailOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Rätta justerade minnesanteckningar med ett tillägg",
    description="Justerade anteckningar ändras aldrig; tillägget är ett eget utkast med en "
    "punkt med rättelsen, som skickas och justeras för sig. Bara justerade original kan "
    "rättas (400).",
)
def create_addendum(
    request: HttpRequest, minutes_id: int, payload: AddendumIn
) -> Status[dict[str, Any]]:
    user = _acting_user(request)
    original = get_minutes_for_write(user, minutes_id)
    addendum = services.minutes_addendum_create(
        original=original, by=user, title=payload.title, text=payload.text
    )
    return Status(201, _detail(user, addendum.pk))


# --- Open actions --------------------------------------------------------------------


@router.get(
    "/bodies/{int:body_id}/open-actions",
    response={200: list[OpenActionOut], **GUARDED_READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Gruppens öppna åtgärder",
    description="Åtgärder ur gruppens justerade minnesanteckningar som inga justerade "
    "anteckningar har avslutat än, med sista dagen först. För gruppens ledamöter och "
    "sekreterare och strukturens koordinatorer: utan nyckel 401, för andra 403.",
)
@paginate(Pagination)
def list_open_actions(request: HttpRequest, body_id: int) -> list[dict[str, Any]]:
    user = user_of(request)
    body = Body.objects.select_related("structure", "parent").filter(pk=body_id).first()
    if body is None:
        raise Http404("Gruppen finns inte.")
    if not user.is_authenticated:
        raise AuthenticationError()
    if not (can_write_minutes(user, body) or body.pk in body_roles(user)):
        raise PermissionDenied(
            f"Öppna åtgärder visas för ledamöterna i {body.name} och strukturens koordinatorer."
        )
    today = timezone.localdate()
    return [
        {
            **action_detail(action),
            "minutes": action.item.minutes_id,
            "meeting_day": meeting_day(action.item.minutes.meeting),
            "overdue": action.due_on < today,
        }
        for action in services.open_actions(body)
    ]
