"""A body's open actions (`GET /bodies/{id}/open-actions`): what its minutes left to do."""

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from samverkan.api.auth import READ_AUTH, READ_SECURITY, user_of
from samverkan.api.base import GUARDED_READ_ERRORS, Pagination, unauthorized_if_anonymous
from samverkan.api.minutes.schemas import OpenActionOut
from samverkan.minutes import services
from samverkan.minutes.access import get_body_for_open_actions_read
from samverkan.minutes.models import MinutesAction

router = Router(tags=["Minnesanteckningar"])


@router.get(
    "/{id:body_id}/open-actions",
    response={200: list[OpenActionOut], **GUARDED_READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Gruppens öppna åtgärder",
    description="Åtgärder ur gruppens justerade minnesanteckningar som inga justerade "
    "anteckningar har avslutat än, med sista dagen först. För gruppens ledamöter och "
    "sekreterare och strukturens koordinatorer: utan nyckel 401, för andra 403.",
)
@paginate(Pagination)
def list_open_actions(request: HttpRequest, body_id: int) -> list[MinutesAction]:
    user = user_of(request)
    with unauthorized_if_anonymous(user):
        body = get_body_for_open_actions_read(user, body_id)
    return services.open_actions(body)
