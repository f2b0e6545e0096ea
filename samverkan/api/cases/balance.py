"""The balanslista (`GET /balance-list`): a structure's open cases and recommendations with
each principal's decision, oldest first.

Without a key the public list (cases handled in published minutes, recommendations from
published minutes); with a key or a logged-in session what the caller may read, as on the
working pages. The same filters as the pages; an unknown structure is 404, a filter that
names nothing in it is 400.
"""

from django.http import HttpRequest
from ninja import P, QueryEx, Router
from ninja.pagination import paginate

from samverkan.api.auth import READ_AUTH, READ_SECURITY, user_of
from samverkan.api.base import READ_ERRORS, IdFilter, Pagination, referenced
from samverkan.api.cases.schemas_balance import BalanceItemOut
from samverkan.cases.selectors.balance import (
    BalanceRow,
    BalanceState,
    PrincipalState,
    ViewerScope,
    balance_list,
)
from samverkan.structure.access import get_structure_for_read
from samverkan.structure.models import Body, Principal

router = Router(tags=["Balanslista"])


@router.get(
    "",
    response={200: list[BalanceItemOut], **READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Balanslistan: öppna ärenden och rekommendationer med huvudmännens beslut",
    description="Ärenden som inte är färdigbehandlade och rekommendationer som någon "
    "huvudman inte har beslutat om, äldst först (`kind` är `case` eller `recommendation`). "
    "Utan nyckel den publika listan; med nyckel det du får läsa. `body` ger gruppens lista: "
    "ärenden den har eller där de väcktes och rekommendationer den har gett. `year` är året "
    "ärendet väcktes eller rekommendationen beslutades. `principal` ger rekommendationer där "
    "huvudmannen står som `principal_state` säger (förvalt: har inte beslutat). "
    "`include_finished` tar med det som avslutades under året (`year`, annars i år).",
)
@paginate(Pagination)
def get_balance_list(
    request: HttpRequest,
    structure: QueryEx[str, P(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)],
    body: IdFilter = None,
    state: BalanceState | None = None,
    year: QueryEx[int | None, P(ge=2000, le=2100)] = None,
    principal: IdFilter = None,
    principal_state: PrincipalState = PrincipalState.OPEN,
    include_finished: bool = False,
) -> list[BalanceRow]:
    found = get_structure_for_read(structure)
    user = user_of(request)
    chosen_body = None
    if body is not None:
        chosen_body = referenced(
            Body.objects.filter(structure=found),
            body,
            field="body",
            message=f"Gruppen finns inte i {found.name}.",
        )
    chosen_principal = None
    if principal is not None:
        chosen_principal = referenced(
            Principal.objects.all(), principal, field="principal", message="Huvudmannen finns inte."
        )
    scope = ViewerScope.internal(user) if user.is_authenticated else ViewerScope.public()
    return balance_list(
        structure=found,
        viewer_scope=scope,
        body=chosen_body,
        state=state,
        year=year,
        principal=chosen_principal,
        principal_state=principal_state,
        include_finished=include_finished,
    ).rows
