"""Ärenden: cases raised in the bodies and their way between the levels.

Everything the working pages do with a case can be done here, through the same services
and rules (`samverkan.cases.services.cases`), and every lookup goes through
`samverkan.cases.access`:

- Anyone may read a case once it has been handled in published minutes. Members of the
  bodies it has passed, and the structure's coordinators, read it from the start; for
  everyone else it does not exist (404).
- Any member of a body may raise a case there; the coordinators and the chair, secretary,
  coordinator or process leader of the body that holds it may change and move it (403).
- Every change may send the `lock_version` that was read (PATCH must); a stale one gives
  409 and nothing is saved. A rule that is broken gives 400 with the field it concerns.
"""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import P, QueryEx, Router
from ninja.pagination import paginate
from ninja.responses import Status

from samverkan.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH, user_of
from samverkan.api.base import (
    GUARDED_READ_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    IdFilter,
    Pagination,
    Slug,
    TextFilter,
    acting_user,
    changes_of,
    referenced,
    unauthorized_if_anonymous,
)
from samverkan.api.cases.schemas_cases import (
    AgendaIn,
    AnswerIn,
    CaseIn,
    CaseOut,
    CasePatch,
    LiftIn,
    NumberingIn,
    NumberingOut,
    PrepareIn,
    StepOut,
    TextIn,
)
from samverkan.api.structure.refs import body_ref, person_ref
from samverkan.cases.access import get_body_for_raising, get_case_for_edit, get_case_for_read
from samverkan.cases.models import Case, CaseStatus
from samverkan.cases.selectors.cases import (
    HANDLED,
    OPEN,
    TimelineStep,
    case_timeline,
    cases_listed,
)
from samverkan.cases.services import cases as services
from samverkan.cases.services.cases_numbering import (
    case_numbering_set,
    next_number_preview,
    numbering_of,
)
from samverkan.lib.localtime import local_today
from samverkan.lib.users import AnyUser
from samverkan.meetings.models import Meeting
from samverkan.structure.access import get_structure_for_edit
from samverkan.structure.models import Structure

router = Router(tags=["Ärenden"])


def case_for_reader(user: AnyUser, case_id: int) -> Case:
    return get_case_for_read(user, case_id)


# --- Reading -------------------------------------------------------------------


@router.get(
    "",
    response={200: list[CaseOut], **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Lista ärenden",
    description="Senast väckta först. Utan inloggning bara ärenden som har behandlats i "
    "publicerade minnesanteckningar; inloggade ser också ärendena i sina grupper, "
    "koordinatorer alla i sina strukturer. `body` tar med ärenden som väckts i eller har "
    "behandlats av gruppen, `year` är året ärendet väcktes och `open` skiljer ärenden som "
    "inte är färdigbehandlade (`true`) från färdigbehandlade (`false`).",
)
@paginate(Pagination)
def list_cases(
    request: HttpRequest,
    structure: TextFilter = None,
    body: IdFilter = None,
    status: CaseStatus | None = None,
    year: QueryEx[int | None, P(ge=2000, le=2100, description="Året ärendet väcktes")] = None,
    open: QueryEx[bool | None, P(description="Inte färdigbehandlade")] = None,
) -> QuerySet[Case]:
    return cases_listed(
        viewer=user_of(request),
        structure=structure,
        body=body,
        status=status,
        state=None if open is None else (OPEN if open else HANDLED),
        year=year,
    ).select_related("raised_by")


@router.get(
    "/{id:case_id}",
    response={200: CaseOut, **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Hämta ett ärende",
)
def get_case(request: HttpRequest, case_id: int) -> Case:
    return case_for_reader(user_of(request), case_id)


@router.get(
    "/{id:case_id}/timeline",
    response={200: list[StepOut], **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Ärendets gång: varje grupps behandling, i ordning",
    description="Gruppen, dess roll, mötet och punkten där ärendet behandlades, "
    "minnesanteckningarna (om du får läsa dem) och utfallet. `is_open` är behandlingen i "
    "gruppen som har ärendet nu.",
)
def get_timeline(request: HttpRequest, case_id: int) -> list[TimelineStep]:
    user = user_of(request)
    return case_timeline(case=case_for_reader(user, case_id), viewer=user)


# --- Raising and editing -----------------------------------------------------------


@router.post(
    "",
    response={201: CaseOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Väck ett ärende i en grupp",
    description="Av en ledamot i gruppen (`member`, som standard den som anropar), av "
    "koordinatorn (`coordinator`) eller för ett nätverk utanför strukturen (`network`, med "
    "`network_name` och `line_manager`). Ärendet får strukturens nästa diarienummer.",
)
def create_case(request: HttpRequest, payload: CaseIn) -> Status[Case]:
    user = acting_user(request)
    body = get_body_for_raising(user, payload.body)
    values = payload.model_dump(exclude={"body", "raised_by"})
    case = services.case_raise(
        body=body,
        by=user,
        raised_by=person_ref(payload.raised_by, field="raised_by") if payload.raised_by else None,
        **values,
    )
    return Status(201, case_for_reader(user, case.pk))


@router.patch(
    "/{id:case_id}",
    response={200: CaseOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ändra ärendets texter",
    description="Så länge ärendet inte är färdigbehandlat (400). Skicka `lock_version` som du "
    "läste; har någon annan ändrat ärendet sedan dess blir svaret 409 och inget sparas.",
)
def update_case(request: HttpRequest, case_id: int, payload: CasePatch) -> Case:
    user = acting_user(request)
    case = get_case_for_edit(user, case_id)
    services.case_update(
        case=case,
        by=user,
        expected_version=payload.lock_version,
        **changes_of(payload, exclude={"lock_version"}),
    )
    return case_for_reader(user, case_id)


# --- Moving the case ----------------------------------------------------------------


@router.post(
    "/{id:case_id}/lift",
    response={200: CaseOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Lyft ärendet till en annan grupp",
    description="Utan `body` dit gruppens uppdragsbeskrivning säger att frågor lyfts "
    "(`escalates_to`), annars till uppdragsgivaren. Till samma grupp eller en grupp i en "
    "annan struktur nekas (400, fältet `body`).",
)
def lift_case(request: HttpRequest, case_id: int, payload: LiftIn) -> Case:
    user = acting_user(request)
    case = get_case_for_edit(user, case_id)
    services.case_lift(
        case=case,
        by=user,
        to_body=body_ref(payload.body, field="body") if payload.body else None,
        role=payload.role,
        note=payload.note,
        expected_version=payload.lock_version,
    )
    return case_for_reader(user, case_id)


@router.post(
    "/{id:case_id}/prepare",
    response={200: CaseOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Skicka ärendet för beredning",
    description="Till ett arbetsutskott, en beredning eller en arbetsgrupp i samma struktur. "
    "När beredningen är klar går ärendet tillbaka.",
)
def prepare_case(request: HttpRequest, case_id: int, payload: PrepareIn) -> Case:
    user = acting_user(request)
    case = get_case_for_edit(user, case_id)
    services.case_send_for_preparation(
        case=case,
        to_body=body_ref(payload.body, field="body"),
        by=user,
        note=payload.note,
        expected_version=payload.lock_version,
    )
    return case_for_reader(user, case_id)


@router.post(
    "/{id:case_id}/agenda",
    response={200: CaseOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Sätt ärendet på ett kommande mötes dagordning",
    description="Ett planerat möte i gruppen som har ärendet. Punkten får ärendets rubrik, "
    "beskrivning, förslag och frågeställning; kräver uppdragsbeskrivningen beskrivning och "
    "förslag nekas det som saknas (400).",
)
def put_on_agenda(request: HttpRequest, case_id: int, payload: AgendaIn) -> Case:
    user = acting_user(request)
    case = get_case_for_edit(user, case_id)
    meeting = referenced(
        Meeting.objects.select_related("body"),
        payload.meeting,
        field="meeting",
        message=f"Mötet med id {payload.meeting} finns inte.",
    )
    services.case_put_on_agenda(
        case=case, meeting=meeting, by=user, expected_version=payload.lock_version
    )
    return case_for_reader(user, case_id)


@router.post(
    "/{id:case_id}/answer",
    response={200: CaseOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Besvara ärendet nedåt",
    description="Svaret går till gruppen ärendet kom från (eller `body`) och visas där för "
    "kännedom; ärendet är sedan färdigbehandlat.",
)
def answer_case(request: HttpRequest, case_id: int, payload: AnswerIn) -> Case:
    user = acting_user(request)
    case = get_case_for_edit(user, case_id)
    services.case_answer(
        case=case,
        by=user,
        text=payload.text,
        to_body=body_ref(payload.body, field="body") if payload.body else None,
        expected_version=payload.lock_version,
    )
    return case_for_reader(user, case_id)


@router.post(
    "/{id:case_id}/resolve",
    response={200: CaseOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Avgör ärendet i gruppen som har det",
    description="`text` är vad som bestämdes. I en beredande grupp är beredningen därmed "
    "klar och ärendet går tillbaka; en grupp som inte är beslutsfattande kan inte avgöra (400).",
)
def resolve_case(request: HttpRequest, case_id: int, payload: TextIn) -> Case:
    user = acting_user(request)
    case = get_case_for_edit(user, case_id)
    services.case_resolve(
        case=case, by=user, text=payload.text, expected_version=payload.lock_version
    )
    return case_for_reader(user, case_id)


@router.post(
    "/{id:case_id}/close",
    response={200: CaseOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Avsluta ärendet utan beslut",
    description="`text` säger varför.",
)
def close_case(request: HttpRequest, case_id: int, payload: TextIn) -> Case:
    user = acting_user(request)
    case = get_case_for_edit(user, case_id)
    services.case_close(
        case=case, by=user, text=payload.text, expected_version=payload.lock_version
    )
    return case_for_reader(user, case_id)


# --- Registry numbers ---------------------------------------------------------------


@dataclass(frozen=True)
class NumberingView:
    structure: Structure
    pattern: str
    saved: bool
    year: int
    last_number: int
    next_number: str


def _numbering(structure: Structure, today: datetime.date | None = None) -> NumberingView:
    numbering = numbering_of(structure)
    return NumberingView(
        structure=structure,
        pattern=numbering.pattern,
        saved=numbering.pk is not None,
        year=numbering.year,
        last_number=numbering.last_number,
        next_number=next_number_preview(numbering, today=today or local_today()),
    )


@router.get(
    "/numbering/{slug}",
    response={200: NumberingOut, **GUARDED_READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Strukturens format för diarienummer (koordinatorer)",
)
def get_numbering(request: HttpRequest, slug: Slug) -> NumberingView:
    user = user_of(request)
    with unauthorized_if_anonymous(user):
        structure = get_structure_for_edit(user, slug)
    return _numbering(structure)


@router.put(
    "/numbering/{slug}",
    response={200: NumberingOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ändra strukturens format för diarienummer (koordinatorer)",
    description="`{year}` blir året och `{number}` löpnumret, som börjar om varje år; "
    "båda måste finnas (400, fältet `pattern`). `{number:03}` ger tre siffror.",
)
def set_numbering(request: HttpRequest, slug: Slug, payload: NumberingIn) -> NumberingView:
    user = acting_user(request)
    structure = get_structure_for_edit(user, slug)
    case_numbering_set(structure=structure, pattern=payload.pattern, by=user)
    return _numbering(structure)
