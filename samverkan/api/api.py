"""The JSON API, version 1: `/api/v1/`, OpenAPI at `/api/v1/openapi.json`, docs at `/api/v1/docs`.

One package per domain (`structure`, `accounts`, `meetings`, `minutes`), each with its
routers and schemas; every router is mounted here once, under the first segment of its
paths. A domain that serves paths under another's segment (the year's plan under
`/bodies`, a meeting's minutes under `/meetings`) has a router of its own mounted there.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from samverkan.api import errors
from samverkan.api.accounts import me
from samverkan.api.audit import history
from samverkan.api.cases import assignments as case_assignments
from samverkan.api.cases import balance as balance_list
from samverkan.api.cases import cases as case_cases
from samverkan.api.cases import recommendations as case_recommendations
from samverkan.api.cases import working_groups as case_working_groups
from samverkan.api.deviations import deviations
from samverkan.api.followup import activity_plans, reports
from samverkan.api.governing import documents as governing_documents
from samverkan.api.meetings import (
    agenda,
    documents,
    meeting_documents,
    meetings,
    notices,
    plan,
    structure_plan,
)
from samverkan.api.minutes import holds, items, meeting_minutes, minutes, open_actions
from samverkan.api.rules import findings as rule_findings
from samverkan.api.statistics import indicators as statistics_indicators
from samverkan.api.structure import (
    bodies,
    charters,
    memberships,
    people,
    principals,
    structures,
)

DESCRIPTION = """\
Samverkans strukturer som data: huvudmän, strukturer, grupper, uppdragsbeskrivningar
med regler, personer och uppdrag.

**Läsa** går utan inloggning (publika uppgifter; e-post och telefon visas bara för
inloggade). **Ändra** kräver en personlig API-nyckel från kontosidan:
`Authorization: Bearer <nyckel>`. Ändringar prövas mot samma regler som
arbetssidorna.

Fel har alltid formen `{"detail": "...", "errors": {"fält": ["..."]}}`:
400 ogiltiga uppgifter eller en regel som bryts, 401 saknad eller ogiltig nyckel,
403 ingen behörighet, 404 finns inte (eller är inget du får veta finns, som ett utkast
eller en intern handling), 405 metoden finns inte här, 409 någon annan har ändrat
samtidigt (skicka `lock_version` du läste). Tal, datum och texter har gränser som står i
schemat; styrtecken (utom tabb och radbrytning) nekas i all text.

Listor pagineras med `limit` och `offset` och svarar `{"items": [...], "count": N}`.
"""

# The operation ids that clients have generated code from name the module that held the
# view before the API was split by domain (`samverkan_api_routers_<module>_<view>`); they
# stay. A module not listed here (a new domain's) gets ninja's id from its own name.
OPERATION_ID_MODULES = {
    "samverkan.api.accounts.me": "me",
    "samverkan.api.structure.bodies": "bodies",
    "samverkan.api.structure.charters": "charters",
    "samverkan.api.structure.memberships": "memberships",
    "samverkan.api.structure.people": "people",
    "samverkan.api.structure.principals": "principals",
    "samverkan.api.structure.structures": "structures",
    "samverkan.api.meetings.agenda": "meetings",
    "samverkan.api.meetings.meetings": "meetings",
    "samverkan.api.meetings.plan": "meetings",
    "samverkan.api.meetings.documents": "meeting_parts",
    "samverkan.api.meetings.meeting_documents": "meeting_parts",
    "samverkan.api.meetings.notices": "meeting_parts",
    "samverkan.api.minutes.holds": "minutes",
    "samverkan.api.minutes.items": "minutes",
    "samverkan.api.minutes.meeting_minutes": "minutes",
    "samverkan.api.minutes.minutes": "minutes",
    "samverkan.api.minutes.open_actions": "minutes",
}


class SamverkanAPI(NinjaAPI):
    # The OpenAPI document (some 430 KB) takes ninja more than a second to build, and it
    # changes only with the code: it is built once per process for each path prefix (and
    # language, should a description ever be translated) and then served from memory. The
    # document is shared, so callers read it and do not change it.
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._openapi_schemas: dict[tuple[str, str | None], OpenAPISchema] = {}

    def get_openapi_schema(
        self,
        *,
        path_prefix: str | None = None,
        path_params: dict[str, Any] | None = None,
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        key = (path_prefix, translation.get_language())
        schema = self._openapi_schemas.get(key)
        if schema is None:
            schema = super().get_openapi_schema(path_prefix=path_prefix)
            self._openapi_schemas[key] = schema
        return schema

    def get_openapi_operation_id(self, operation: Operation) -> str:
        view = operation.view_func
        module = OPERATION_ID_MODULES.get(view.__module__)
        if module is None:
            return super().get_openapi_operation_id(operation)
        return f"samverkan_api_routers_{module}_{view.__name__}"


api = SamverkanAPI(
    title="Samverkan API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
)
errors.install(api)

api.add_router("/principals", principals.router)
api.add_router("/structures", structures.router)
api.add_router("/structures", structure_plan.router)  # /structures/{slug}/plan
api.add_router("/bodies", bodies.router)
api.add_router("/bodies", plan.router)  # /bodies/{id}/plan
api.add_router("/bodies", open_actions.router)  # /bodies/{id}/open-actions
api.add_router("/charters", charters.router)
api.add_router("/people", people.router)
api.add_router("/memberships", memberships.router)
api.add_router("/me", me.router)
api.add_router("/meetings", meetings.router)
api.add_router("/meetings", meeting_documents.router)  # /meetings/{id}/documents
api.add_router("/meetings", notices.router)  # /meetings/{id}/notice, attendance, guests…
api.add_router("/meetings", meeting_minutes.router)  # /meetings/{id}/minutes
api.add_router("/agenda-items", agenda.router)
api.add_router("/documents", documents.router)
api.add_router("/minutes", minutes.router)
api.add_router("/minutes-items", items.router)
api.add_router("/publication-holds", holds.router)
api.add_router("/history", history.router)
api.add_router("/balance-list", balance_list.router)
api.add_router("/assignments", case_assignments.router)
api.add_router("/working-groups", case_working_groups.router)
api.add_router("/cases", case_cases.router)
api.add_router("/recommendations", case_recommendations.router)
api.add_router("/recommendation-decisions", case_recommendations.decisions_router)
api.add_router("/decision-bodies", case_recommendations.decision_bodies_router)
api.add_router("/deviations", deviations.router)
api.add_router("/findings", rule_findings.router)
api.add_router("/indicators", statistics_indicators.router)
api.add_router("/governing-documents", governing_documents.router)
api.add_router("/activity-plans", activity_plans.router)
api.add_router("/reports", reports.router)
