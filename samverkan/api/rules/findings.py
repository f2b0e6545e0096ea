"""The charter check (`GET /findings`): every finding of every rule of every charter at the
structures' last check, in the shape of `manage.py check_rules --json`
(`samverkan.rules.records`).

For coordinators (their structures) and administrators (the whole installation), with a
key or a logged-in session: without one 401, anyone else 403, an unknown structure 404.
The worker checks each structure and stores the findings (`samverkan.rules.checking`), so
the list is read, not worked out, and comes in pages (`limit`, `offset`) like the others.
"""

from django.http import HttpRequest
from ninja import P, QueryEx, Router
from ninja.pagination import paginate

from samverkan.api.auth import READ_AUTH, READ_SECURITY, user_of
from samverkan.api.base import (
    GUARDED_READ_ERRORS,
    Day,
    IdFilter,
    Pagination,
    TextFilter,
    unauthorized_if_anonymous,
)
from samverkan.api.rules.schemas import FindingOut
from samverkan.lib.errors import DomainError
from samverkan.lib.findings import Severity, collect
from samverkan.lib.localtime import local_today
from samverkan.rules import access
from samverkan.rules.records import StoredRecords
from samverkan.rules.selectors import FindingFilters

router = Router(tags=["Regelkontrollen"])


@router.get(
    "",
    response={200: list[FindingOut], **GUARDED_READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Regelkontrollen: det som avviker från uppdragsbeskrivningarna",
    description="Varje regel i varje uppdragsbeskrivning prövad mot strukturen vid den "
    "senaste kontrollen, det mest brådskande först, i samma form som `manage.py check_rules "
    "--json`. Kontrollen körs i bakgrunden strax efter varje ändring i en struktur, varje "
    "timme för de strukturer som inte har kontrollerats i dag (strax efter midnatt alla) och "
    "när en koordinator ber om det; `date` kan bara vara i dag (`manage.py check_rules --date` "
    "bedömer per ett annat datum). Koordinatorer ser sina strukturer, administratörer hela "
    "installationen; `structure` begränsar till en struktur. Accepterade avvikelser är med "
    "(`acknowledged`). I sidor: `limit` (50 om inget anges) och `offset`.",
)
@paginate(Pagination)
def list_findings(
    request: HttpRequest,
    structure: QueryEx[
        str | None,
        P(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80, description="Strukturens slug"),
    ] = None,
    date: QueryEx[
        Day | None, P(description="Bara i dag (ÅÅÅÅ-MM-DD): den senaste kontrollen")
    ] = None,
    body: IdFilter = None,
    severity: Severity | None = None,
    rule: TextFilter = None,
) -> StoredRecords:
    user = user_of(request)
    with unauthorized_if_anonymous(user):
        if structure is not None:
            structure_ids: set[int] | None = {access.get_structure_for_findings(user, structure).pk}
        else:
            structure_ids = access.findings_scope(user)
    if rule and rule not in {r.code for r in collect()}:
        raise DomainError(f"Regeln {rule} finns inte.", field="rule")
    if date is not None and date != local_today():
        raise DomainError(
            "Regelkontrollen visar den senaste kontrollen, per i dag. Kör manage.py "
            "check_rules --date för att bedöma per ett annat datum.",
            field="date",
        )
    return StoredRecords(
        structure_ids=structure_ids,
        filters=FindingFilters(body_id=body, severity=severity, rule=rule or None),
    )
