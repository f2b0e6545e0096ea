"""A meeting's minutes: starting them (`POST /meetings/{id}/minutes`)."""

from django.http import HttpRequest
from ninja import Router
from ninja.responses import Status

from samverkan.api.auth import WRITE_AUTH
from samverkan.api.base import WRITE_ERRORS, acting_user
from samverkan.api.minutes.minutes import minutes_for_reader
from samverkan.api.minutes.schemas import MinutesDetailOut
from samverkan.api.minutes.shown import MinutesView
from samverkan.minutes import services
from samverkan.minutes.access import get_meeting_for_minutes

router = Router(tags=["Minnesanteckningar"])


@router.post(
    "/{id:meeting_id}/minutes",
    response={201: MinutesDetailOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Påbörja mötets minnesanteckningar",
    description="Utkastet får en punkt per punkt på dagordningen, närvaron från mötet, "
    "sekreteraren och ordföranden från gruppens uppdrag och uppdragsbeskrivningens regel "
    "för justering. Öppna åtgärder från tidigare möten följs upp under punkten för "
    "föregående minnesanteckningar. Har mötet redan minnesanteckningar blir svaret 409; "
    "ett inställt möte får inga (400).",
)
def start_minutes(request: HttpRequest, meeting_id: int) -> Status[MinutesView]:
    user = acting_user(request)
    meeting = get_meeting_for_minutes(user, meeting_id)
    minutes = services.minutes_start(meeting=meeting, by=user)
    return Status(201, minutes_for_reader(user, minutes.pk))
