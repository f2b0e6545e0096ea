"""Indikatorer: a structure's statistics and their values per principal and period.

Everything the working pages do with indicators can be done here, through the same
services and rules (`samverkan.statistics.services`), and every lookup goes through
`samverkan.statistics.access`:

- Anyone may read a public indicator and its values; members of the structure's bodies
  and its coordinators read internal ones too; for everyone else they do not exist (404).
- Only the structure's coordinators define indicators and store values (403).
- Values are stored all or nothing: a file or a list with one wrong row answers 400 with
  every wrong row named (`errors.file` or `errors.values`, "Rad 3: …") and stores nothing.
"""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import File, Router, Schema, UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from samverkan.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH, user_of
from samverkan.api.base import READ_ERRORS, WRITE_ERRORS, Pagination, TextFilter, acting_user
from samverkan.api.cases.multipart import multipart_body
from samverkan.api.statistics.schemas import (
    IndicatorIn,
    IndicatorOut,
    StoredOut,
    ValueOut,
    ValuesIn,
)
from samverkan.lib.errors import DomainError
from samverkan.statistics import access, services
from samverkan.statistics.models import Indicator, IndicatorValue
from samverkan.statistics.services import Stored
from samverkan.structure.access import get_structure_for_edit

router = Router(tags=["Statistik"])


class _NoFields(Schema):
    pass


IMPORT_BODY = multipart_body(
    _NoFields,
    file="CSV (`;`, `,` eller tabb) eller XLSX: kommun (kod eller namn), period, värde; "
    "rubriker på första raden",
    required=True,
)


@router.get(
    "",
    response={200: list[IndicatorOut], **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Lista indikatorer",
    description="Utan inloggning de publika; inloggade också de interna i strukturer där de "
    "sitter i en grupp eller är koordinator. `structure` är strukturens slug.",
)
@paginate(Pagination)
def list_indicators(request: HttpRequest, structure: TextFilter = None) -> QuerySet[Indicator]:
    found = access.readable_indicators(user_of(request)).select_related("structure")
    if structure:
        found = found.filter(structure__slug=structure)
    return found.order_by("structure__name", "name", "pk")


@router.post(
    "",
    response={201: IndicatorOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Definiera en indikator",
    description="Av strukturens koordinatorer. En Kolada-indikator (`source: kolada`) behöver "
    "`kolada_kpi` och årsvärden.",
)
def create_indicator(request: HttpRequest, payload: IndicatorIn) -> Status[Indicator]:
    user = acting_user(request)
    structure = get_structure_for_edit(user, payload.structure)
    indicator = services.define_indicator(
        structure=structure, by=user, **payload.model_dump(exclude={"structure"})
    )
    return Status(201, access.get_indicator_for_read(user, indicator.pk))


@router.get(
    "/{id:indicator_id}/values",
    response={200: list[ValueOut], **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Indikatorns värden",
    description="Per period (äldst först) och huvudman. Har indikatorn en gräns för små tal "
    "(`suppress_below`) får den som inte är med i strukturen inte värdena från 1 upp till "
    "gränsen.",
)
@paginate(Pagination)
def list_values(request: HttpRequest, indicator_id: int) -> QuerySet[IndicatorValue]:
    user = user_of(request)
    indicator = access.get_indicator_for_read(user, indicator_id)
    values = IndicatorValue.objects.filter(indicator=indicator)
    if indicator.suppress_below is not None and not access.can_read_internal(
        user, indicator.structure
    ):
        # The public does not get the small counts (see `statistics.selectors.is_suppressed`).
        values = values.exclude(value__gt=0, value__lt=indicator.suppress_below)
    return values.select_related("principal", "indicator").order_by(
        "period", "principal__kind", "principal__scb_code"
    )


@router.post(
    "/{id:indicator_id}/values",
    response={200: StoredOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Registrera värden",
    description="Ett värde som redan finns för huvudmannen och perioden ersätts. Är någon "
    "rad fel sparas inget och svaret 400 namnger varje fel rad i `errors.values`.",
)
def enter_values(request: HttpRequest, indicator_id: int, payload: ValuesIn) -> Stored:
    user = acting_user(request)
    indicator = access.get_indicator_for_edit(user, indicator_id)
    return services.enter_values(
        indicator=indicator,
        by=user,
        values=[(v.principal, v.period, v.value) for v in payload.values],
    )


@router.post(
    "/{id:indicator_id}/import",
    response={200: StoredOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    openapi_extra=IMPORT_BODY,
    summary="Importera värden från CSV eller XLSX",
    description="`multipart/form-data` med filen i `file`. Allt eller inget: är någon rad fel "
    "(okänd kommun, fel period, inget tal, samma kommun och period två gånger) sparas inget "
    "och svaret 400 namnger varje fel rad med radnummer i `errors.file`.",
)
def import_values(
    request: HttpRequest, indicator_id: int, file: File[UploadedFile | None] = None
) -> Stored:
    user = acting_user(request)
    indicator = access.get_indicator_for_edit(user, indicator_id)
    if file is None:
        raise DomainError("Skicka filen i fältet file.", field="file")
    return services.import_values(
        indicator=indicator, by=user, file_name=file.name or "", data=file.read()
    )
