"""Avvikelser i samverkan: deviations between the principals, and their summary.

Through the same services and rules as the working pages (`samverkan.deviations.services`),
every lookup through `samverkan.deviations.access`:

- The reporter, the two principals' handlers and the structure's coordinators read a
  deviation; for everyone else it does not exist (404).
- Members of a body read the summary for it (`/summary?body=`), never single deviations.
- A text holding a valid personnummer or samordningsnummer answers 422 with the field
  named, and nothing is stored.
"""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import P, QueryEx, Router
from ninja.pagination import paginate
from ninja.responses import Status

from samverkan.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH, user_of
from samverkan.api.base import (
    GUARDED_READ_ERRORS,
    WRITE_ERRORS,
    Day,
    ErrorOut,
    IdFilter,
    Pagination,
    acting_user,
    changes_of,
    referenced,
)
from samverkan.api.deviations.schemas import (
    AnswerIn,
    DeviationIn,
    DeviationOut,
    DeviationPatch,
    SummaryOut,
)
from samverkan.api.errors import error_body
from samverkan.deviations import access, services
from samverkan.deviations.models import Deviation, DeviationCategory, DeviationStatus
from samverkan.deviations.selectors import Summary, deviation_summary, deviations_listed
from samverkan.lib.errors import DomainError
from samverkan.lib.localtime import local_today
from samverkan.structure.models import Body, Principal, Structure

router = Router(tags=["Avvikelser"])

IDENTITY_ERRORS = {**WRITE_ERRORS, 422: ErrorOut}


def _refused(exc: services.IdentityInText) -> Status[object]:
    return Status(422, error_body(exc.message, exc.errors))


@router.get(
    "",
    response={200: list[DeviationOut], **GUARDED_READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Lista avvikelser",
    description="Senast rapporterade först: de du har rapporterat, de som gäller en huvudman "
    "du är handläggare för och, för koordinatorer, alla i strukturen. Utan inloggning en tom "
    "lista. `principal` matchar både rapporterande och berörd huvudman; `overdue` obesvarade "
    "efter svarsdatum; `from`/`to` rapportdagen.",
)
@paginate(Pagination)
def list_deviations(
    request: HttpRequest,
    structure: IdFilter = None,
    status: DeviationStatus | None = None,
    category: IdFilter = None,
    principal: IdFilter = None,
    overdue: bool | None = None,
    period_from: QueryEx[
        Day | None, P(alias="from", description="Rapporterad från och med")
    ] = None,
    period_to: QueryEx[Day | None, P(alias="to", description="Rapporterad till och med")] = None,
) -> QuerySet[Deviation]:
    rows = deviations_listed(
        viewer=user_of(request),
        status=status,
        category=category,
        principal=principal,
        overdue=overdue,
        period_from=period_from,
        period_to=period_to,
        today=local_today(),
    )
    return rows.filter(structure_id=structure) if structure else rows


@router.get(
    "/summary",
    response={200: SummaryOut, **GUARDED_READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Sammanställning av avvikelser för en grupp",
    description="Antal per kategori och huvudman, obesvarade och försenade, för gruppens "
    "struktur (för en lokal grupp med kommun: där kommunen rapporterade eller berördes). För "
    "gruppens ledamöter, strukturens handläggare och koordinatorer; för andra 404.",
)
def get_summary(
    request: HttpRequest,
    body: int,
    period_from: QueryEx[
        Day | None, P(alias="from", description="Rapporterad från och med")
    ] = None,
    period_to: QueryEx[Day | None, P(alias="to", description="Rapporterad till och med")] = None,
) -> Summary:
    found = (
        Body.objects.select_related("structure", "municipality").filter(pk=body).first()
        if 0 < body < 2**63
        else None
    )
    if found is None:
        raise DomainError("Gruppen finns inte.", field="body")
    user = user_of(request)
    access.structure_for_summary(user, found.structure, found)
    return deviation_summary(
        structure=found.structure,
        body=found,
        period_from=period_from,
        period_to=period_to,
        today=local_today(),
        whole_months=not access.sees_details(user, found.structure),
    )


@router.get(
    "/{id:deviation_id}",
    response={200: DeviationOut, **GUARDED_READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Hämta en avvikelse",
)
def get_deviation(request: HttpRequest, deviation_id: int) -> Deviation:
    return access.get_deviation_for_read(user_of(request), deviation_id)


@router.post(
    "",
    response={201: DeviationOut, **IDENTITY_ERRORS},
    auth=WRITE_AUTH,
    summary="Rapportera en avvikelse",
    description="Den berörda huvudmannens handläggare får ett e-postmeddelande. En text med "
    "ett giltigt personnummer eller samordningsnummer ger 422 med fältet utpekat, och inget "
    "sparas.",
)
def create_deviation(request: HttpRequest, payload: DeviationIn) -> Status[object]:
    user = acting_user(request)
    structure = referenced(
        Structure.objects.all(),
        payload.structure,
        field="structure",
        message="Strukturen finns inte.",
    )
    principals = Principal.objects.all()
    values = payload.model_dump(
        exclude={"structure", "reporting_principal", "concerned_principal", "category"}
    )
    try:
        services.refuse_identity({k: v for k, v in values.items() if isinstance(v, str)})
        deviation = services.deviation_report(
            by=user,
            structure=structure,
            reporting_principal=referenced(
                principals,
                payload.reporting_principal,
                field="reporting_principal",
                message="Huvudmannen finns inte.",
            ),
            concerned_principal=referenced(
                principals,
                payload.concerned_principal,
                field="concerned_principal",
                message="Huvudmannen finns inte.",
            ),
            category=referenced(
                DeviationCategory.objects.filter(structure=structure),
                payload.category,
                field="category",
                message="Kategorin finns inte i strukturen.",
            ),
            **values,
        )
    except services.IdentityInText as exc:
        return _refused(exc)
    return Status(201, access.get_deviation_for_read(user, deviation.pk))


@router.patch(
    "/{id:deviation_id}",
    response={200: DeviationOut, **IDENTITY_ERRORS},
    auth=WRITE_AUTH,
    summary="Ändra avvikelsens texter",
    description="Av den som rapporterade eller koordinatorn, så länge avvikelsen är "
    "obesvarad. Skicka `lock_version` som du läste (409 annars).",
)
def update_deviation(
    request: HttpRequest, deviation_id: int, payload: DeviationPatch
) -> Status[object]:
    user = acting_user(request)
    deviation = access.get_deviation_for_edit(user, deviation_id)
    try:
        services.deviation_update(
            by=user,
            deviation=deviation,
            expected_version=payload.lock_version,
            **changes_of(payload, exclude={"lock_version"}),
        )
    except services.IdentityInText as exc:
        return _refused(exc)
    return Status(200, access.get_deviation_for_read(user, deviation_id))


@router.post(
    "/{id:deviation_id}/answer",
    response={200: DeviationOut, **IDENTITY_ERRORS},
    auth=WRITE_AUTH,
    summary="Besvara avvikelsen",
    description="Av den berörda huvudmannens handläggare eller koordinatorn: utredning och "
    "åtgärder. En besvarad avvikelse kan inte besvaras igen (400).",
)
def answer_deviation(request: HttpRequest, deviation_id: int, payload: AnswerIn) -> Status[object]:
    user = acting_user(request)
    deviation = access.get_deviation_for_answer(user, deviation_id)
    try:
        services.deviation_answer(
            by=user,
            deviation=deviation,
            investigation=payload.investigation,
            measures=payload.measures,
            expected_version=payload.lock_version,
        )
    except services.IdentityInText as exc:
        return _refused(exc)
    return Status(200, access.get_deviation_for_read(user, deviation_id))
