"""Minnesanteckningar: writing, approving (justering), publishing and correcting minutes.

Everything a secretary, coordinator or approver does in the working pages can be done
here, through the same services and with the same rules (`samverkan.minutes.services`),
and every lookup goes through `samverkan.minutes.access`:

- Published minutes are for anyone. Drafts, minutes waiting for approval and minutes
  that are not public are for the body's writers and members and the minutes' approvers;
  for anyone else, logged in or not, they do not exist (404, as for an unused id), so
  nobody learns that a draft exists. Someone who may read them but not do what they ask
  (a member approving) gets 403.
- A caller who reads minutes only because they are published gets the public view
  (`shown.py`): personnummer that were masked before publication are masked here too.
- Approved minutes never change (400); a correction is an addendum, approved by itself.
- Every edit sends the `lock_version` that was read; a stale one gives 409, nothing saved.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from ninja import P, QueryEx, Router
from ninja.pagination import paginate
from ninja.responses import Status

from samverkan.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH, user_of
from samverkan.api.base import (
    GUARDED_READ_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    CountedApart,
    IdFilter,
    Pagination,
    TextFilter,
    acting_user,
    unauthorized_if_anonymous,
)
from samverkan.api.minutes.schemas import (
    AddendumIn,
    HoldOut,
    ItemIn,
    ItemOut,
    LockVersionIn,
    MinutesDetailOut,
    MinutesOut,
    MinutesPatch,
    MinutesPreviewOut,
    ReturnIn,
    SubmitIn,
)
from samverkan.api.minutes.shown import MinutesView, ShownItem, shown_item, shown_minutes
from samverkan.api.structure.refs import person_ref
from samverkan.lib.errors import DomainError
from samverkan.lib.users import AnyUser
from samverkan.minutes import services
from samverkan.minutes.access import (
    get_minutes_for_edit,
    get_minutes_for_read,
    is_insider,
    pending_approver,
)
from samverkan.minutes.models import HoldResolution, Minutes, MinutesStatus, PublicationHold
from samverkan.minutes.render import items_with_parts, mask, masked_strings
from samverkan.minutes.selectors import (
    holds_listed,
    load_holds,
    minutes_approvers,
    minutes_item_with_parts,
    minutes_listed,
    minutes_listed_to_count,
    readable_addenda_ids,
)
from samverkan.structure.access import body_roles

router = Router(tags=["Minnesanteckningar"])

TEXT_RESPONSE: dict[str, Any] = {
    "responses": {
        "200": {
            "description": "Den justerade texten, UTF-8; i den publika vyn med maskerade "
            "personnummer",
            "content": {"text/plain": {"schema": {"type": "string"}}},
        }
    },
}


def minutes_for_reader(user: AnyUser, minutes_id: int) -> MinutesView:
    """The minutes as `user` may see them: as written, or in the public view."""
    minutes = get_minutes_for_read(user, minutes_id)
    public_view = not is_insider(user, minutes)
    load_holds(minutes=minutes)  # for masked_strings and open_holds
    items = items_with_parts(minutes)
    return shown_minutes(
        minutes,
        items=items,
        approvers=minutes_approvers(minutes=minutes),
        addenda=readable_addenda_ids(minutes=minutes, viewer=user),
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


def item_as_written(item_id: int) -> ShownItem:
    """An item for those who write it: nothing masked."""
    return shown_item(minutes_item_with_parts(item_id=item_id), [])


# --- Reading -------------------------------------------------------------------


@router.get(
    "",
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
    body: IdFilter = None,
    structure: TextFilter = None,
    year: QueryEx[int | None, P(ge=2000, le=2100, description="Mötesåret")] = None,
    status: MinutesStatus | None = None,
) -> CountedApart[Minutes]:
    # Counted apart: counting the page's query joined every meeting in the installation.
    viewer = user_of(request)
    filters: dict[str, Any] = {
        "body": body,
        "structure": structure,
        "year": year,
        "status": status,
        "bodies": set(body_roles(viewer)),  # read once for the page and the count
    }
    return CountedApart(
        page=minutes_listed(viewer=viewer, **filters),
        counted=minutes_listed_to_count(viewer=viewer, **filters),
    )


@router.get(
    "/{id:minutes_id}",
    response={200: MinutesDetailOut, **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Hämta minnesanteckningar med punkter, beslut, åtgärder och justering",
    description="Utkast, anteckningar som väntar på justering och anteckningar som inte är "
    "offentliga visas för gruppens sekreterare, koordinatorer och ledamöter och för "
    "justerarna; för alla andra finns de inte (404, som för ett id som inte används). Den "
    "som läser publicerade anteckningar utan att höra till gruppen får den publika vyn "
    "(`masked`), där maskerade personnummer är borttagna.",
)
def get_minutes(request: HttpRequest, minutes_id: int) -> MinutesView:
    return minutes_for_reader(user_of(request), minutes_id)


@router.get(
    "/{id:minutes_id}/text",
    response={**READ_ERRORS},
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


@router.get(
    "/{id:minutes_id}/holds",
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
    with unauthorized_if_anonymous(user):
        minutes = get_minutes_for_edit(user, minutes_id)
    return holds_listed(minutes=minutes)


# --- Writing -------------------------------------------------------------------


def _person_changes(changes: dict[str, Any]) -> dict[str, Any]:
    for name in ("taken_by", "chaired_by", "adjuster"):
        if changes.get(name) is not None:
            changes[name] = person_ref(changes[name], field=name)
    return changes


@router.patch(
    "/{id:minutes_id}",
    response={200: MinutesDetailOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ändra sekreterare, ordförande, justeringsperson eller övrigt",
    description="Justeringspersonen ska vara en annan än ordföranden och sitta i gruppen "
    "eller ha deltagit i mötet (400, fältet `adjuster`). Justerade anteckningar ändras "
    "aldrig (400); skriv ett tillägg. Skicka `lock_version` som du läste; har någon annan "
    "sparat sedan dess blir svaret 409 och inget sparas.",
)
def update_minutes(request: HttpRequest, minutes_id: int, payload: MinutesPatch) -> MinutesView:
    user = acting_user(request)
    minutes = get_minutes_for_edit(user, minutes_id)
    changes = _person_changes(payload.model_dump(exclude_unset=True, exclude={"lock_version"}))
    services.minutes_update(
        minutes=minutes, expected_version=payload.lock_version, by=user, **changes
    )
    return minutes_for_reader(user, minutes.pk)


@router.post(
    "/{id:minutes_id}/attendance/refresh",
    response={200: MinutesDetailOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Hämta närvaron från mötet igen",
    description="Efter att frånvaro eller gäster har ändrats. Med `lock_version`; 409 om "
    "någon annan har sparat sedan du läste.",
)
def refresh_attendance(
    request: HttpRequest, minutes_id: int, payload: LockVersionIn
) -> MinutesView:
    user = acting_user(request)
    minutes = get_minutes_for_edit(user, minutes_id)
    services.minutes_refresh_attendance(
        minutes=minutes, expected_version=payload.lock_version, by=user
    )
    return minutes_for_reader(user, minutes.pk)


@router.post(
    "/{id:minutes_id}/items",
    response={201: ItemOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Lägg till en punkt sist, t.ex. Övriga frågor",
)
def add_item(request: HttpRequest, minutes_id: int, payload: ItemIn) -> Status[ShownItem]:
    user = acting_user(request)
    minutes = get_minutes_for_edit(user, minutes_id)
    item = services.minutes_item_add(minutes=minutes, by=user, title=payload.title)
    return Status(201, item_as_written(item.pk))


# --- Approval --------------------------------------------------------------------


@router.get(
    "/{id:minutes_id}/preview",
    response={200: MinutesPreviewOut, **GUARDED_READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Förhandsgranska innan du fastställer, skickar för justering eller justerar",
    description="Texten precis som den låses, med varningar (tomma rubriker, saknade punkter "
    "där mallen krävs, en justerare eller ordförande som var frånvarande, möjliga "
    "personnummer) och vad som händer när du bekräftar. Ingenting ändras. För den som har en "
    "obesvarad justering gäller förhandsvisningen justeringen (`approve`), annars "
    "sekreterarens `submit`/`adopt`; den som inte kan något av det får 403, och anteckningar "
    "som väntar på justering eller är låsta 400.",
)
def preview_minutes(request: HttpRequest, minutes_id: int) -> services.MinutesPreview:
    user = user_of(request)
    with unauthorized_if_anonymous(user):
        minutes = get_minutes_for_read(user, minutes_id)
    if pending_approver(user, minutes) is not None:
        return services.minutes_preview(minutes=minutes, action=services.APPROVE)
    minutes = get_minutes_for_edit(user, minutes_id)
    if not minutes.is_editable:
        raise DomainError(
            "Minnesanteckningarna väntar på justering eller är låsta; det finns inget att "
            "fastställa eller skicka."
        )
    return services.minutes_preview(minutes=minutes, action=services.SUBMIT)


@router.post(
    "/{id:minutes_id}/submit",
    response={200: MinutesDetailOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Skicka för justering, eller fastställ där ingen justering krävs",
    description="Justerarna följer uppdragsbeskrivningens regel, t.ex. ordföranden och "
    "justeringspersonen; saknas någon av dem blir svaret 400 (fältet `adjuster`). Kräver "
    "uppdragsbeskrivningen ingen justering fastställs och låses anteckningarna direkt. Med "
    "`lock_version`; 409 om någon annan har sparat sedan du läste. Med förhandsvisningens "
    "`text_sha256` också 409 om texten har ändrats sedan förhandsvisningen.",
)
def submit_minutes(request: HttpRequest, minutes_id: int, payload: SubmitIn) -> MinutesView:
    user = acting_user(request)
    minutes = get_minutes_for_edit(user, minutes_id)
    services.minutes_submit(
        minutes=minutes,
        expected_version=payload.lock_version,
        by=user,
        expected_text=payload.text_sha256,
    )
    return minutes_for_reader(user, minutes.pk)


@router.post(
    "/{id:minutes_id}/approve",
    response={200: MinutesDetailOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Justera (för den som är justerare)",
    description="När den sista justeraren har justerat fryses anteckningarna: texten och "
    "dess SHA-256 sparas, och är de offentliga publiceras de, om inte texten innehåller "
    "något som liknar ett personnummer (se `/minutes/{id}/holds`). Den som inte har en "
    "obesvarad justering här får 400. Med förhandsvisningens `text_sha256` och "
    "`lock_version` (som parametrar i adressen) 409 om anteckningarna har ändrats sedan.",
)
def approve_minutes(
    request: HttpRequest,
    minutes_id: int,
    text_sha256: str | None = None,
    lock_version: int | None = None,
) -> MinutesView:
    user = acting_user(request)
    minutes = get_minutes_for_read(user, minutes_id)
    services.minutes_approve(
        minutes=minutes, by=user, expected_version=lock_version, expected_text=text_sha256
    )
    return minutes_for_reader(user, minutes.pk)


@router.post(
    "/{id:minutes_id}/return",
    response={200: MinutesDetailOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Återsänd för ändring (för den som är justerare)",
    description="`comment` säger vad som behöver ändras (400 om den saknas) och går till "
    "sekreteraren. Omgången avslutas; efter ändringen skickas anteckningarna på nytt.",
)
def return_minutes(request: HttpRequest, minutes_id: int, payload: ReturnIn) -> MinutesView:
    user = acting_user(request)
    minutes = get_minutes_for_read(user, minutes_id)
    services.minutes_return(minutes=minutes, by=user, comment=payload.comment)
    return minutes_for_reader(user, minutes.pk)


# --- Addenda -----------------------------------------------------------------------


@router.post(
    "/{id:minutes_id}/addenda",
    response={201: MinutesDetailOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Rätta justerade minnesanteckningar med ett tillägg",
    description="Justerade anteckningar ändras aldrig; tillägget är ett eget utkast med en "
    "punkt med rättelsen, som skickas och justeras för sig. Bara justerade original kan "
    "rättas (400).",
)
def create_addendum(
    request: HttpRequest, minutes_id: int, payload: AddendumIn
) -> Status[MinutesView]:
    user = acting_user(request)
    original = get_minutes_for_edit(user, minutes_id)
    addendum = services.minutes_addendum_create(
        original=original, by=user, title=payload.title, text=payload.text
    )
    return Status(201, minutes_for_reader(user, addendum.pk))
