"""Publiceringsstopp: taking a stand on a number that looks like a personnummer.

The holds of one set of minutes are listed under `GET /minutes/{id}/holds`
(`minutes.minutes`).
"""

from django.http import HttpRequest
from ninja import Router

from samverkan.api.auth import WRITE_AUTH
from samverkan.api.base import WRITE_ERRORS, acting_user
from samverkan.api.minutes.schemas import HoldResolvedOut, HoldResolveIn
from samverkan.minutes import services
from samverkan.minutes.access import get_hold_for_edit
from samverkan.minutes.models import PublicationHold
from samverkan.minutes.selectors import hold_with_minutes

router = Router(tags=["Minnesanteckningar"])


@router.post(
    "/{id:hold_id}/resolve",
    response={200: HoldResolvedOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Ta ställning till en träff: maskera eller publicera",
    description="`mask` ersätter numret i den publicerade versionen; `publish` betyder att "
    "det inte är ett personnummer eller får publiceras. När den sista träffen är behandlad "
    "publiceras anteckningarna (`minutes_published_at`). En träff som redan är behandlad "
    "ger 409.",
)
def resolve_hold(request: HttpRequest, hold_id: int, payload: HoldResolveIn) -> PublicationHold:
    user = acting_user(request)
    hold = get_hold_for_edit(user, hold_id)
    services.publication_hold_resolve(
        hold=hold, by=user, resolution=payload.resolution, note=payload.note
    )
    return hold_with_minutes(hold_id=hold.pk)
