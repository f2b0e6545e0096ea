"""Who may see and change activity plans. Every lookup by the pages and the API goes
through here.

- Read: the structure's coordinators (and admins); everyone with a role today in the body,
  in the body above it (its parent) and in the bodies its charter in force reports to.
- Edit: the coordinators (and admins); the body's chair and secretary, and the roles its
  charter makes conveners (Skåne's operative group: the process leaders).
- An activity links only a case or an assignment of the plan's structure that the editor
  may read: the lists offered and the ids the API takes are these, so that an editor
  learns nothing of another body's internal cases by linking them. A reader of the plan
  sees a linked case or assignment only where they may read it themselves
  (`mark_shown_links`).
A plan one may not read does not exist (404); one read but not editable is refused (403).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from samverkan.cases.access import readable_assignments, readable_cases
from samverkan.cases.models import Assignment, Case
from samverkan.followup.models import Activity, ActivityPlan
from samverkan.lib.users import AnyUser
from samverkan.meetings.access import CONVENER_ROLES
from samverkan.structure.access import body_roles, can_edit_structure, coordinated_structure_ids
from samverkan.structure.models import Body, Charter, ReportingDuty, Role, Structure

EDITING_ROLES = frozenset({Role.CHAIR, Role.SECRETARY})


def _readers_body_ids(user: AnyUser) -> set[int]:
    """The bodies whose plans `user` reads through a role: their own bodies, the bodies
    below them and the bodies that report to them."""
    own = set(body_roles(user))
    if not own:
        return set()
    below = set(Body.objects.filter(parent_id__in=own).values_list("pk", flat=True))
    reporting = set(
        ReportingDuty.objects.filter(to_body_id__in=own, charter__status="in_force").values_list(
            "charter__body_id", flat=True
        )
    )
    return own | below | reporting


def readable_plans(user: AnyUser) -> QuerySet[ActivityPlan]:
    rows = ActivityPlan.objects.all()
    if not (user.is_authenticated and user.is_active):
        return rows.none()
    if user.is_superuser:
        return rows
    return rows.filter(
        Q(body__structure_id__in=coordinated_structure_ids(user))
        | Q(body_id__in=_readers_body_ids(user))
    )


def plan_reader_body_ids(user: AnyUser, structure: Structure) -> set[int] | None:
    """The bodies of `structure` whose plans `user` reads, None for all of them; a fixed
    number of queries, for a list of many bodies."""
    if not (user.is_authenticated and user.is_active):
        return set()
    if can_edit_structure(user, structure):
        return None
    return _readers_body_ids(user)


def can_read_body_plans(user: AnyUser, body: Body) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return can_edit_structure(user, body.structure) or body.pk in _readers_body_ids(user)


def editing_roles(body: Body) -> frozenset[str]:
    """The body's roles that keep its plan: chair, secretary and the charter's conveners."""
    charter = Charter.objects.in_force().filter(body_id=body.pk).only("convener").first()
    conveners = CONVENER_ROLES.get(charter.convener, frozenset()) if charter else frozenset()
    return EDITING_ROLES | conveners


def can_edit_body_plans(user: AnyUser, body: Body) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    if can_edit_structure(user, body.structure):
        return True
    roles = body_roles(user).get(body.pk, set())
    return bool(roles & editing_roles(body))


def _refuse_edit(user: AnyUser, body: Body) -> None:
    if not can_edit_body_plans(user, body):
        raise PermissionDenied(
            f"Bara strukturens koordinatorer och {body.name}s ordförande, sekreterare eller "
            "sammankallande kan ändra aktivitetsplanen."
        )


def get_body_plans_for_read(user: AnyUser, body: Body) -> None:
    if not can_read_body_plans(user, body):
        raise Http404("Gruppen har inga aktivitetsplaner som du kan se.")


def get_body_plans_for_edit(user: AnyUser, body: Body) -> None:
    get_body_plans_for_read(user, body)
    _refuse_edit(user, body)


def get_plan_for_read(user: AnyUser, plan_id: int) -> ActivityPlan:
    found = (
        readable_plans(user)
        .select_related("body", "body__structure", "body__parent")
        .filter(pk=plan_id)
        .first()
    )
    if found is None:
        raise Http404("Aktivitetsplanen finns inte.")
    return found


def get_plan_for_edit(user: AnyUser, plan_id: int) -> ActivityPlan:
    found = get_plan_for_read(user, plan_id)
    _refuse_edit(user, found.body)
    return found


def get_activity_for_edit(user: AnyUser, plan_id: int, activity_id: int) -> Activity:
    plan = get_plan_for_edit(user, plan_id)
    found = (
        Activity.objects.select_related("owner", "case", "assignment")
        .filter(pk=activity_id, plan=plan)
        .first()
    )
    if found is None:
        raise Http404("Aktiviteten finns inte i planen.")
    found.plan = plan
    return found


def linkable_cases(
    user: AnyUser, structure: Structure, *, bodies: set[int] | None = None
) -> QuerySet[Case]:
    """The cases of `structure` that `user` may link an activity to: those they may read.
    `bodies`: the user's bodies (`cases.access.member_body_ids`), when already read."""
    return readable_cases(user, bodies=bodies).filter(structure=structure)


def linkable_assignments(
    user: AnyUser, structure: Structure, *, bodies: set[int] | None = None
) -> QuerySet[Assignment]:
    """The assignments of `structure` that `user` may link an activity to: those they may
    read. `bodies` as for `linkable_cases`."""
    return readable_assignments(user, bodies=bodies).filter(structure=structure)


def mark_shown_links(user: AnyUser, activities: Sequence[Activity]) -> None:
    """Set each activity's `shown_case` and `shown_assignment`: its linked case and
    assignment where `user` may read them, else None, so that a plan read by the body
    above does not tell it the number and title of the body's internal cases. At most two
    queries, however many activities."""
    case_ids = {a.case_id for a in activities if a.case_id}
    assignment_ids = {a.assignment_id for a in activities if a.assignment_id}
    readable_case_ids = (
        set(readable_cases(user).filter(pk__in=case_ids).values_list("pk", flat=True))
        if case_ids
        else set()
    )
    readable_assignment_ids = (
        set(readable_assignments(user).filter(pk__in=assignment_ids).values_list("pk", flat=True))
        if assignment_ids
        else set()
    )
    for activity in activities:
        activity.shown_case = (  # type: ignore[attr-defined]
            activity.case if activity.case_id in readable_case_ids else None
        )
        activity.shown_assignment = (  # type: ignore[attr-defined]
            activity.assignment if activity.assignment_id in readable_assignment_ids else None
        )
