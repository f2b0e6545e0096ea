"""Rekommendationer till huvudmännen, huvudmännens beslut och deras beslutsinstanser.

Everything the coordinator does on the working pages can be done here, through the same
services (`samverkan.cases.services.recommendations` and `.principal_decisions`), and every
lookup goes through `samverkan.cases.access`:

- A recommendation whose minutes are published is for anyone; one that is not is for the
  coordinators of its structure and the members of the body that gave it. For anyone else
  it does not exist (404, as for an unused id).
- Only the structure's coordinators route a recommendation (expediera), choose the
  principals it concerns and record the principals' decisions; a reader who may not gets
  403. A registrar's address is shown only to callers who are logged in.
- Every edit sends the `lock_version` that was read; a stale one gives 409, nothing saved.
- The file of a principal's decision is sent as `multipart/form-data` (`.../{id}/file`) and
  checked by the same service as on the working page; it is read by whoever may read the
  recommendation.

Three routers, one per first path segment: `/recommendations`, `/recommendation-decisions`
and `/decision-bodies`.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import F, QuerySet
from django.http import FileResponse, HttpRequest
from ninja import File, Router, UploadedFile
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
    referenced,
)
from samverkan.api.cases.multipart import form_fields, multipart_body
from samverkan.api.cases.schemas_recommendations import (
    DecisionBodyIn,
    DecisionBodyOut,
    DecisionBodyPatch,
    DecisionFileIn,
    DecisionPut,
    PrincipalsIn,
    RecommendationDecisionOut,
    RecommendationDetailOut,
    RecommendationOut,
    RouteIn,
    RouteOut,
)
from samverkan.cases.access import (
    can_manage_decision_bodies,
    get_decision_body_for_edit,
    get_decision_for_edit,
    get_decision_for_read,
    get_recommendation_for_read,
    get_recommendation_for_routing,
)
from samverkan.cases.models import DecisionBody, PrincipalDecision, Recommendation
from samverkan.cases.selectors.recommendations import (
    decision_bodies_listed,
    recommendation_with_decisions,
    recommendations_listed,
)
from samverkan.cases.services.principal_decisions import (
    decision_body_create,
    decision_body_delete,
    decision_body_update,
    decision_file_response,
    decision_record,
)
from samverkan.cases.services.recommendations import (
    recommendation_route,
    recommendation_set_principals,
)
from samverkan.lib.errors import DomainError
from samverkan.lib.users import AnyUser
from samverkan.structure.models import Principal, Structure

router = Router(tags=["Rekommendationer"])
decisions_router = Router(tags=["Rekommendationer"])
decision_bodies_router = Router(tags=["Rekommendationer"])


def _detail(user: AnyUser, recommendation_id: int) -> Recommendation:
    return recommendation_with_decisions(
        recommendation_id=recommendation_id, show_addresses=user.is_authenticated
    )


def _principals(ids: list[int]) -> list[Principal]:
    found = {p.pk: p for p in Principal.objects.filter(pk__in=ids)}
    missing = [str(pk) for pk in ids if pk not in found]
    if missing:
        raise DomainError("Huvudmännen finns inte: " + ", ".join(missing) + ".", field="principals")
    return [found[pk] for pk in dict.fromkeys(ids)]


# --- Recommendations ---------------------------------------------------------------


@router.get(
    "",
    response={200: list[RecommendationOut], **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Lista rekommendationer till huvudmännen",
    description="Rekommendationer vars minnesanteckningar är publicerade för alla; inloggade "
    "ser också dem från sina egna grupper och från de strukturer de samordnar. Äldst först. "
    "`open=true`: bara de som någon huvudman inte har beslutat om; `principal`: bara de "
    "som gäller huvudmannen.",
)
@paginate(Pagination)
def list_recommendations(
    request: HttpRequest,
    structure: TextFilter = None,
    body: IdFilter = None,
    principal: IdFilter = None,
    open: bool = False,
) -> QuerySet[Recommendation]:
    return recommendations_listed(
        viewer=user_of(request),
        structure=structure,
        body=body,
        principal=principal,
        open_only=open,
    )


@router.get(
    "/{id:recommendation_id}",
    response={200: RecommendationDetailOut, **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Hämta en rekommendation med varje huvudmans beslut",
)
def get_recommendation(request: HttpRequest, recommendation_id: int) -> Recommendation:
    user = user_of(request)
    get_recommendation_for_read(user, recommendation_id)
    return _detail(user, recommendation_id)


@dataclass
class NotReached:
    principal_name: str
    address: str
    error: str


@dataclass
class RouteView:
    recommendation: Recommendation
    sent: list[int]
    not_reached: list[NotReached]


@router.post(
    "/{id:recommendation_id}/route",
    response={200: RouteOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Expediera rekommendationen till huvudmännens beslutsinstanser",
    description="Skickar rekommendationen med e-post till registratorn hos varje huvudmans "
    "beslutsinstans (standardinstansen, eller den som anges i `decision_bodies`), med "
    "svarsdatumet `answer_by`, och markerar besluten som expedierade. Saknar någon "
    "huvudman beslutsinstans eller registratorns adress skickas inget (400, med alla "
    "namn). Bara strukturens koordinatorer (403).",
)
def route_recommendation(
    request: HttpRequest, recommendation_id: int, payload: RouteIn
) -> RouteView:
    user = acting_user(request)
    recommendation = get_recommendation_for_routing(user, recommendation_id)
    principals = _principals(payload.principals) if payload.principals is not None else None
    bodies: dict[int, DecisionBody] = {}
    for key, body_id in (payload.decision_bodies or {}).items():
        if not key.isdigit() or len(key) > 18:
            raise DomainError("Ange huvudmannens id som nyckel.", field="decision_bodies")
        found = DecisionBody.objects.filter(pk=body_id, principal_id=int(key)).first()
        if found is None:
            raise DomainError(
                f"Beslutsinstansen {body_id} finns inte hos huvudman {key}.",
                field="decision_bodies",
            )
        bodies[int(key)] = found
    result = recommendation_route(
        recommendation=recommendation,
        answer_by=payload.answer_by,
        principals=principals,
        decision_bodies=bodies,
        expected_version=payload.lock_version,
        by=user,
    )
    return RouteView(
        recommendation=_detail(user, recommendation_id),
        sent=[o.decision.pk for o in result.sent],
        not_reached=[NotReached(*row) for row in result.not_reached],
    )


@router.put(
    "/{id:recommendation_id}/principals",
    response={200: RecommendationDetailOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Välj huvudmännen som rekommendationen gäller",
    description="Listan ersätter den nuvarande: en ny huvudman får en beslutspost med sin "
    "standardinstans, en som tas bort förlorar sin. En huvudman som redan har fått "
    "rekommendationen kan inte tas bort (400). Bara strukturens koordinatorer (403).",
)
def put_principals(
    request: HttpRequest, recommendation_id: int, payload: PrincipalsIn
) -> Recommendation:
    user = acting_user(request)
    recommendation = get_recommendation_for_routing(user, recommendation_id)
    recommendation_set_principals(
        recommendation=recommendation,
        principals=_principals(payload.principals),
        expected_version=payload.lock_version,
        by=user,
    )
    return _detail(user, recommendation_id)


# --- A principal's decision ----------------------------------------------------------


def _decision(decision_id: int) -> PrincipalDecision:
    """A decision as saved, for its coordinator (who may see the registrar's address)."""
    return (
        PrincipalDecision.objects.select_related("principal", "decision_body")
        .annotate(visible_sent_to=F("sent_to"))
        .get(pk=decision_id)
    )


@decisions_router.put(
    "/{id:decision_id}",
    response={200: RecommendationDecisionOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Registrera en huvudmans beslut om en rekommendation",
    description="Läget, och för ett fattat beslut beslutsdatum (krävs, aldrig i framtiden), "
    "huvudmannens diarienummer och paragraf, en länk till beslutet och en kommentar. Bara "
    "de fält som skickas ändras. Filen med beslutet laddas upp med `POST …/{id}/file`. Bara "
    "strukturens koordinatorer (403); 409 om någon annan har registrerat sedan du läste.",
)
def put_decision(request: HttpRequest, decision_id: int, payload: DecisionPut) -> PrincipalDecision:
    user = acting_user(request)
    decision = get_decision_for_edit(user, decision_id)
    changes = changes_of(payload, exclude={"lock_version"})
    decision_record(
        decision=decision,
        expected_version=payload.lock_version,
        by=user,
        state=changes.get("state", decision.state),
        decided_on=changes.get("decided_on", decision.decided_on),
        registry_number=changes.get("registry_number", decision.registry_number),
        paragraph=changes.get("paragraph", decision.paragraph),
        link=changes.get("link", decision.link),
        note=changes.get("note", decision.note),
    )
    return _decision(decision.pk)


DECISION_FILE_BODY = multipart_body(
    DecisionFileIn,
    file="Huvudmannens beslut, t.ex. ett protokollsutdrag: PDF eller Word (.docx), högst "
    "DOCUMENT_MAX_SIZE",
    required=True,
)


@decisions_router.post(
    "/{id:decision_id}/file",
    response={200: RecommendationDecisionOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    openapi_extra=DECISION_FILE_BODY,
    summary="Ladda upp filen med en huvudmans beslut",
    description="`multipart/form-data` med `lock_version` och filen i `file`; en ny fil "
    "ersätter den förra. Filens innehåll avgör vad den är: bara PDF och Word (.docx), "
    "ändelsen måste stämma, och en fil över storleksgränsen, ett program, makron eller en "
    "PDF med JavaScript nekas (400, fältet `file`). Som på arbetssidan: bara strukturens "
    "koordinatorer (403); 409 om någon annan har registrerat sedan du läste.",
)
def upload_decision_file(
    request: HttpRequest, decision_id: int, file: File[UploadedFile | None] = None
) -> PrincipalDecision:
    user = acting_user(request)
    decision = get_decision_for_edit(user, decision_id)
    payload = form_fields(request, DecisionFileIn)
    if file is None:
        # Checked here rather than by ninja, whose error for a missing file names no field.
        raise DomainError("Välj filen med beslutet.", field="file")
    decision_record(
        decision=decision,
        expected_version=payload.lock_version,
        by=user,
        state=decision.state,
        decided_on=decision.decided_on,
        registry_number=decision.registry_number,
        paragraph=decision.paragraph,
        link=decision.link,
        note=decision.note,
        file=file,
    )
    return _decision(decision.pk)


@decisions_router.get(
    "/{id:decision_id}/file",
    response={**READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    url_name="decision_file",
    summary="Filen med en huvudmans beslut",
    description="Som bilaga. För den som får läsa rekommendationen: alla, när "
    "minnesanteckningarna är publicerade; 404 annars, och om beslutet saknar fil.",
)
def get_decision_file(request: HttpRequest, decision_id: int) -> FileResponse:
    return decision_file_response(get_decision_for_read(user_of(request), decision_id))


# --- Decision bodies -----------------------------------------------------------------


@decision_bodies_router.get(
    "",
    response={200: list[DecisionBodyOut], **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Lista huvudmännens beslutsinstanser",
    description="Var varje huvudman beslutar om rekommendationer. `structure`: huvudmännen "
    "i strukturen. Registratorns adress visas bara för inloggade.",
)
@paginate(Pagination)
def list_decision_bodies(
    request: HttpRequest, principal: IdFilter = None, structure: TextFilter = None
) -> QuerySet[DecisionBody]:
    found_structure = None
    if structure:
        found_structure = Structure.objects.filter(slug=structure).first()
        if found_structure is None:
            return DecisionBody.objects.none()
    return decision_bodies_listed(
        principal=principal,
        structure=found_structure,
        show_addresses=user_of(request).is_authenticated,
    )


def _with_address(decision_body: DecisionBody) -> DecisionBody:
    decision_body.visible_registrar_email = decision_body.registrar_email  # type: ignore[attr-defined]
    return decision_body


@decision_bodies_router.post(
    "",
    response={201: DecisionBodyOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Lägg till en beslutsinstans hos en huvudman",
    description="Huvudmannens första beslutsinstans blir dess standard. Bara koordinatorer i "
    "en struktur där huvudmannen ingår (403).",
)
def create_decision_body(request: HttpRequest, payload: DecisionBodyIn) -> Status[DecisionBody]:
    user = acting_user(request)
    principal = referenced(
        Principal.objects.all(),
        payload.principal,
        field="principal",
        message="Huvudmannen finns inte.",
    )
    if not can_manage_decision_bodies(user, principal.pk):
        raise PermissionDenied(
            "Bara koordinatorer i en struktur där huvudmannen ingår kan lägga till "
            "beslutsinstanser för den."
        )
    created = decision_body_create(
        principal=principal,
        name=payload.name,
        registrar_email=payload.registrar_email,
        is_default=payload.is_default,
        by=user,
    )
    return Status(201, _with_address(created))


@decision_bodies_router.patch(
    "/{id:decision_body_id}",
    response={200: DecisionBodyOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ändra en beslutsinstans",
    description="Namn, registratorns adress, eller gör den till standard (den tidigare "
    "standarden slutar då vara det). Med `lock_version`; 409 om någon annan har ändrat.",
)
def update_decision_body(
    request: HttpRequest, decision_body_id: int, payload: DecisionBodyPatch
) -> DecisionBody:
    user = acting_user(request)
    found = get_decision_body_for_edit(user, decision_body_id)
    updated = decision_body_update(
        decision_body=found,
        expected_version=payload.lock_version,
        by=user,
        **changes_of(payload, exclude={"lock_version"}),
    )
    return _with_address(updated)


@decision_bodies_router.delete(
    "/{id:decision_body_id}",
    response={204: None, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ta bort en beslutsinstans",
    description="En instans som någon rekommendation har skickats till, eller ska skickas "
    "till, tas inte bort (400). Var den standard blir en annan av huvudmannens det.",
)
def delete_decision_body(request: HttpRequest, decision_body_id: int) -> Status[None]:
    user = acting_user(request)
    found = get_decision_body_for_edit(user, decision_body_id)
    decision_body_delete(decision_body=found, by=user)
    return Status(204, None)
