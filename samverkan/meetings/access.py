"""Who may change a meeting: every lookup for writing goes through here."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from samverkan.lib.users import AnyUser
from samverkan.meetings.models import Meeting
from samverkan.structure.access import can_edit_structure


def get_meeting_for_edit(user: AnyUser, meeting_id: int) -> Meeting:
    """The meeting, if the user may change it: admins and the structure's coordinators."""
    meeting = (
        Meeting.objects.select_related(
            "body", "body__structure", "body__structure__region", "convener"
        )
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        raise Http404("Mötet finns inte.")
    if not user.is_authenticated:
        raise PermissionDenied("Du behöver logga in.")
    if not can_edit_structure(user, meeting.body.structure):
        raise PermissionDenied(
            f"Du är inte koordinator för {meeting.body.structure.name} och kan inte ändra mötet."
        )
    return meeting
