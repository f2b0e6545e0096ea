"""The JSON API, version 1: `/api/v1/`, OpenAPI at `/api/v1/openapi.json`, docs at `/api/v1/docs`."""

from __future__ import annotations

from ninja import NinjaAPI

from samverkan.api import errors
from samverkan.api.routers import bodies, charters, me, memberships, people, principals, structures
from samverkan.api.routers import meeting_parts as meeting_parts_api
from samverkan.api.routers import meetings as meetings_api
from samverkan.api.routers import minutes as minutes_api

DESCRIPTION = """\
Samverkans strukturer som data: huvudmän, strukturer, grupper, uppdragsbeskrivningar
med regler, personer och uppdrag.

**Läsa** går utan inloggning (publika uppgifter; e-post och telefon visas bara för
inloggade). **Ändra** kräver en personlig API-nyckel från kontosidan:
`Authorization: Bearer <nyckel>`. Ändringar prövas mot samma regler som
arbetssidorna.

Fel har alltid formen `{"detail": "...", "errors": {"fält": ["..."]}}`:
400 ogiltiga uppgifter eller en regel som bryts, 401 saknad eller ogiltig nyckel,
403 ingen behörighet, 404 finns inte, 409 någon annan har ändrat samtidigt
(skicka `lock_version` du läste).

Listor pagineras med `limit` och `offset` och svarar `{"items": [...], "count": N}`.
"""

api = NinjaAPI(
    title="Samverkan API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
)
errors.install(api)

api.add_router("/principals", principals.router)
api.add_router("/structures", structures.router)
api.add_router("/bodies", bodies.router)
api.add_router("/charters", charters.router)
api.add_router("/people", people.router)
api.add_router("/memberships", memberships.router)
api.add_router("/me", me.router)
api.add_router("", meetings_api.router)  # /meetings, /agenda-items, /bodies/{id}/plan
api.add_router("", meeting_parts_api.router)  # documents, notices, attendance
api.add_router("", minutes_api.router)  # /minutes, /minutes-items, publication holds
