"""The history of changes (`GET /history`): who changed what, when, from what to what.

Read only: there is no way to add, change or delete a recorded change.
"""

import datetime
import re
from typing import Annotated, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import field_validator

from samverkan.api.audit.access import EDIT_CHECKS, readable_changes, require_history_access
from samverkan.api.audit.schemas import HistoryOut
from samverkan.api.auth import READ_AUTH, READ_SECURITY, user_of
from samverkan.api.base import GUARDED_READ_ERRORS, Pagination, unauthorized_if_anonymous
from samverkan.audit.models import Change
from samverkan.audit.selectors import changes_matching
from samverkan.lib.errors import DomainError

router = Router(tags=["Historik"])

ObjectType = Literal[
    "structure",
    "principal",
    "body",
    "charter",
    "membership",
    "person",
    "meeting",
    "agenda_item",
    "document",
    "notice",
    "attendance",
    "minutes",
    "minutes_item",
    "publication_hold",
    "api_token",
    "case",
    "case_step",
    "case_numbering",
    "recommendation",
    "principal_decision",
    "decision_body",
    "assignment",
    "working_group",
    "finding_acknowledgement",
]
assert set(ObjectType.__args__) == set(EDIT_CHECKS)  # type: ignore[attr-defined]

# Control characters (but tab and newlines) and lone surrogates: PostgreSQL cannot compare a
# NUL, and none of them is in any recorded text.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

# The days a search may span: enough for any history, and never a date the database
# cannot hold in Swedish time.
FIRST_DAY, LAST_DAY = datetime.date(2000, 1, 1), datetime.date(9998, 12, 31)


class HistoryFilters(Schema):
    object_type: ObjectType | None = Field(
        None, description="Bara ändringar av den här sortens objekt"
    )
    object_id: Annotated[int, Field(ge=1, le=2**63 - 1)] | None = Field(
        None,
        description="Med `object_type`: objektets historik, som på dess arbetssida (för ett "
        "möte också dagordning, handlingar, kallelser och närvaro)",
    )
    actor: str | None = Field(
        None,
        pattern=r"^(system|[1-9][0-9]{0,17})$",
        description="Användarens id, eller `system` för inläsningar, demon och schemat",
    )
    since: datetime.date | None = Field(
        None, ge=FIRST_DAY, le=LAST_DAY, description="Från och med den dagen (svensk tid)"
    )
    until: datetime.date | None = Field(
        None, ge=FIRST_DAY, le=LAST_DAY, description="Till och med den dagen (svensk tid)"
    )
    q: str | None = Field(
        None, max_length=200, description="Ord i objektets namn, händelsen eller värdena"
    )

    @field_validator("q")
    @classmethod
    def _plain(cls, value: str | None) -> str | None:
        if value is not None and CONTROL.search(value):
            raise ValueError("Sökorden får inte innehålla styrtecken.")
        return value


@router.get(
    "",
    response={200: list[HistoryOut], **GUARDED_READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Ändringshistorik",
    description="Varje ändring gjord genom sidorna, API:t, strukturfilerna och demon, den "
    "senaste först: vem (null för systemet), när, vad och varje värde från → till. Med "
    "`object_type` och `object_id` ett objekts historik, för den som får ändra objektet "
    "(annars 403, eller 404 som när man ändrar det). Utan objekt: allt för administratörer, "
    "de egna strukturernas ändringar för koordinatorer, 403 för andra och 401 utan nyckel. "
    "Historiken kan inte ändras.",
)
@paginate(Pagination)
def list_history(request: HttpRequest, filters: Query[HistoryFilters]) -> QuerySet[Change]:
    user = user_of(request)
    if filters.object_id is not None and filters.object_type is None:
        raise DomainError("Ange object_type tillsammans med object_id.", field="object_type")
    with unauthorized_if_anonymous(user):
        if filters.object_type is not None and filters.object_id is not None:
            require_history_access(user, filters.object_type, filters.object_id)
            changes = Change.objects.all()
        else:
            changes = readable_changes(user)
    return changes_matching(
        changes,
        object_type=filters.object_type,
        object_id=filters.object_id,
        actor=filters.actor,
        since=filters.since,
        until=filters.until,
        text=filters.q,
    )
