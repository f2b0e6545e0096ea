"""Who may read an object's history: whoever may edit the object, found by the domain's own
`get_<thing>_for_edit` (so a caller gets 404 or 403 exactly as when editing it). Without an
object, admins read everything and coordinators their structures' changes.

An object that is gone (an agenda item removed) is judged by the page its history was
shown on (its meeting).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from samverkan.accounts.access import get_token_for_edit
from samverkan.accounts.models import ApiToken
from samverkan.audit.models import Change
from samverkan.cases.access import (
    get_assignment_for_edit,
    get_case_for_edit,
    get_decision_body_for_edit,
    get_decision_for_edit,
    get_recommendation_for_routing,
    get_working_group_for_edit,
)
from samverkan.cases.models import CaseNumbering, CaseStep
from samverkan.lib.users import AnyUser
from samverkan.meetings.access import (
    get_agenda_item_for_edit,
    get_document_for_read,
    get_meeting_for_edit,
)
from samverkan.meetings.models import Attendance, Notice
from samverkan.minutes.access import get_hold_for_edit, get_item_for_edit, get_minutes_for_edit
from samverkan.rules.models import Acknowledgement
from samverkan.structure.access import (
    can_edit_structure,
    coordinated_structure_ids,
    get_body_by_id_for_edit,
    get_charter_for_edit,
    get_membership_for_edit,
    get_person_for_edit,
    get_principal_by_id_for_edit,
    is_admin,
)
from samverkan.structure.models import Structure

NOT_ALLOWED = (
    "Historiken läses av administratörer och av strukturens koordinatorer; ange ett objekt "
    "(object_type och object_id) som du får ändra för att läsa dess historik."
)


def _structure(user: AnyUser, structure_id: int) -> None:
    structure = Structure.objects.filter(pk=structure_id).first()
    if structure is None:
        raise Http404("Strukturen finns inte.")
    if not can_edit_structure(user, structure):
        raise PermissionDenied(f"Du är inte koordinator för {structure.name}.")


def _meeting_of(
    model: type[Notice] | type[Attendance], what: str
) -> Callable[[AnyUser, int], None]:
    def check(user: AnyUser, object_id: int) -> None:
        meeting_id = model.objects.filter(pk=object_id).values_list("meeting_id", flat=True).first()
        if meeting_id is None:
            raise Http404(f"{what} finns inte.")
        get_meeting_for_edit(user, meeting_id)

    return check


def _document(user: AnyUser, document_id: int) -> None:
    get_meeting_for_edit(user, get_document_for_read(user, document_id).meeting_id)


def _case_step(user: AnyUser, step_id: int) -> None:
    case_id = CaseStep.objects.filter(pk=step_id).values_list("case_id", flat=True).first()
    if case_id is None:
        raise Http404("Steget finns inte.")
    get_case_for_edit(user, case_id)


def _case_numbering(user: AnyUser, numbering_id: int) -> None:
    structure_id = (
        CaseNumbering.objects.filter(pk=numbering_id).values_list("structure_id", flat=True).first()
    )
    if structure_id is None:
        raise Http404("Diarieformatet finns inte.")
    _structure(user, structure_id)


def _acknowledgement(user: AnyUser, acknowledgement_id: int) -> None:
    structure_id = (
        Acknowledgement.objects.filter(pk=acknowledgement_id)
        .values_list("structure_id", flat=True)
        .first()
    )
    if structure_id is None:
        raise Http404("Den accepterade avvikelsen finns inte.")
    _structure(user, structure_id)


def _token(user: AnyUser, token_id: int) -> None:
    if is_admin(user) and ApiToken.objects.filter(pk=token_id).exists():
        return
    get_token_for_edit(user, token_id)


# Every kind of object the history follows, with the check that the caller may edit it.
EDIT_CHECKS: dict[str, Callable[[AnyUser, int], object]] = {
    "structure": _structure,
    "principal": get_principal_by_id_for_edit,
    "body": get_body_by_id_for_edit,
    "charter": get_charter_for_edit,
    "membership": get_membership_for_edit,
    "person": get_person_for_edit,
    "meeting": get_meeting_for_edit,
    "agenda_item": get_agenda_item_for_edit,
    "document": _document,
    "notice": _meeting_of(Notice, "Kallelsen"),
    "attendance": _meeting_of(Attendance, "Närvaron"),
    "minutes": get_minutes_for_edit,
    "minutes_item": get_item_for_edit,
    "publication_hold": get_hold_for_edit,
    "api_token": _token,
    "case": get_case_for_edit,
    "case_step": _case_step,
    "case_numbering": _case_numbering,
    "recommendation": get_recommendation_for_routing,
    "principal_decision": get_decision_for_edit,
    "decision_body": get_decision_body_for_edit,
    "assignment": get_assignment_for_edit,
    "working_group": get_working_group_for_edit,
    "finding_acknowledgement": _acknowledgement,
}


def require_history_access(user: AnyUser, object_type: str, object_id: int) -> None:
    """Refuse (404 or 403) unless `user` may edit the object, or the page it was on."""
    if not user.is_authenticated:
        raise PermissionDenied("Du behöver logga in.")
    try:
        EDIT_CHECKS[object_type](user, object_id)
    except Http404:
        page = (
            Change.objects.filter(object_type=object_type, object_id=object_id)
            .exclude(scope_type=object_type, scope_id=object_id)
            .order_by("-timestamp", "-id")
            .values_list("scope_type", "scope_id")
            .first()
        )
        if page is None or page[0] not in EDIT_CHECKS or page[1] is None:
            raise
        EDIT_CHECKS[page[0]](user, page[1])


def readable_changes(user: AnyUser) -> QuerySet[Change]:
    """Every change `user` may list without naming an object."""
    if is_admin(user):
        return Change.objects.all()
    structures = coordinated_structure_ids(user)
    if not user.is_authenticated or not structures:
        raise PermissionDenied(NOT_ALLOWED)
    return Change.objects.filter(structure_id__in=structures)
