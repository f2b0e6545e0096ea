"""The charter check (`GET /findings`): every finding of every rule of every charter, as of
a day, the same as `manage.py check_rules --json` (`samverkan.rules.records`).

For coordinators (their structures) and administrators (the whole installation), with a
key or a logged-in session: without one 401, anyone else 403, an unknown structure 404.
The whole list at once: the check is worked out afresh on each call, so pages would each
run it again.
"""

from django.http import HttpRequest
from ninja import P, QueryEx, Router

from samverkan.api.auth import READ_AUTH, READ_SECURITY, user_of
from samverkan.api.base import (
    GUARDED_READ_ERRORS,
    Day,
    IdFilter,
    TextFilter,
    unauthorized_if_anonymous,
)
from samverkan.api.rules.schemas import FindingOut
from samverkan.lib.errors import DomainError
from samverkan.lib.findings import Severity, collect
from samverkan.lib.localtime import local_today
from samverkan.rules import access
from samverkan.rules.records import FindingRecord, check
from samverkan.rules.selectors import FindingFilters

router = Router(tags=["Regelkontrollen"])


@router.get(
    "",
    response={200: list[FindingOut], **GUARDED_READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Regelkontrollen: det som avviker från uppdragsbeskrivningarna",
    description="Varje regel i varje uppdragsbeskrivning prövad mot installationen som den "
    "ser ut nu, bedömd per `date` (i dag om det saknas), det mest brådskande först. Samma "
    "avvikelser som `manage.py check_rules --json`. Koordinatorer ser sina strukturer, "
    "administratörer hela installationen; `structure` begränsar till en struktur. Accepterade "
    "avvikelser är med (`acknowledged`). Hela listan på en gång, utan sidor: kontrollen räknas "
    "fram vid varje anrop.",
)
def list_findings(
    request: HttpRequest,
    structure: QueryEx[
        str | None,
        P(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80, description="Strukturens slug"),
    ] = None,
    date: QueryEx[Day | None, P(description="Bedöm per den här dagen (ÅÅÅÅ-MM-DD)")] = None,
    body: IdFilter = None,
    severity: Severity | None = None,
    rule: TextFilter = None,
) -> list[FindingRecord]:
    user = user_of(request)
    with unauthorized_if_anonymous(user):
        if structure is not None:
            structure_ids: set[int] | None = {access.get_structure_for_findings(user, structure).pk}
        else:
            structure_ids = access.findings_scope(user)
    if rule and rule not in {r.code for r in collect()}:
        raise DomainError(f"Regeln {rule} finns inte.", field="rule")
    return check(
        today=date or local_today(),
        structure_ids=structure_ids,
        filters=FindingFilters(body_id=body, severity=severity, rule=rule or None),
    )
