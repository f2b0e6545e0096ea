"""Who may see and change cases, recommendations and assignments. Every lookup by the pages
and the API goes through here.

- Coordinators of the structure (and admins) see and change everything in it; only they
  route recommendations and record the principals' decisions.
- Members of a body involved see its internal cases, recommendations and assignments: for a
  case, the body it was raised in and every body that has handled it; for a recommendation,
  the body that gave it; for an assignment, the giving, receiving and report-receiving body,
  the person it was given to and the persons responsible for it.
- A body's chair, secretary, coordinator or process leader may raise, edit, put on the agenda
  and move on the cases its body holds; any member may raise a case in their body.
- Anonymous visitors (and everyone else) see only what is public: a case once it has been
  handled in published minutes, a recommendation whose minutes are published.
Something a reader may not see is answered with 404: nobody learns that it exists.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, FilteredRelation, OuterRef, Q, QuerySet
from django.http import Http404

from samverkan.cases.models import (
    Assignment,
    Case,
    CaseStep,
    DecisionBody,
    PrincipalDecision,
    Recommendation,
    WorkingGroup,
)
from samverkan.lib.users import AnyUser
from samverkan.structure.access import (
    body_roles,
    can_edit_structure,
    coordinated_structure_ids,
    is_admin,
)
from samverkan.structure.models import Body, CharterStatus, Person, Role, Structure

LEADING_ROLES = frozenset({Role.CHAIR, Role.SECRETARY, Role.COORDINATOR, Role.PROCESS_LEADER})


def _member_body_ids(user: AnyUser) -> set[int]:
    return set(body_roles(user))


def member_body_ids(user: AnyUser) -> set[int]:
    """The bodies the user has a seat in now (one query), for callers that read both cases
    and recommendations and pass it to `readable_cases`/`readable_recommendations`."""
    return _member_body_ids(user)


def _leading_body_ids(user: AnyUser) -> set[int]:
    return {body_id for body_id, roles in body_roles(user).items() if roles & LEADING_ROLES}


def is_coordinator(user: AnyUser, structure: Structure) -> bool:
    return bool(user.is_authenticated and can_edit_structure(user, structure))


def _refuse_anonymous(user: AnyUser) -> None:
    if not user.is_authenticated:
        raise PermissionDenied("Du behöver logga in.")


# --- Cases -------------------------------------------------------------------------------


def public_case_condition() -> Q:
    """A case is public once a step of it has been handled in published minutes."""
    return Q(
        Exists(CaseStep.objects.filter(case=OuterRef("pk"), minutes__published_at__isnull=False))
    )


def readable_cases(user: AnyUser, *, bodies: set[int] | None = None) -> QuerySet[Case]:
    """`bodies`: the user's bodies (`member_body_ids`), when the caller has read them."""
    cases = Case.objects.all()
    if is_admin(user):
        return cases
    bodies = _member_body_ids(user) if bodies is None else bodies
    condition = public_case_condition() | Q(structure_id__in=coordinated_structure_ids(user))
    if bodies:
        condition |= Q(raised_in_id__in=bodies) | Q(
            Exists(CaseStep.objects.filter(case=OuterRef("pk"), body_id__in=bodies))
        )
    return cases.filter(condition)


def public_cases() -> QuerySet[Case]:
    return Case.objects.filter(public_case_condition())


def can_edit_case(user: AnyUser, case: Case) -> bool:
    if not user.is_authenticated:
        return False
    return is_coordinator(user, case.structure) or case.current_body_id in _leading_body_ids(user)


def can_raise_case_in(user: AnyUser, body: Body) -> bool:
    if not user.is_authenticated:
        return False
    return is_coordinator(user, body.structure) or body.pk in _member_body_ids(user)


# The current body's charter in force, read with the case (`get_case_for_read`): where the
# case's page lifts it by default (`cases_steps.lift_default_of`).
HOLDER_CHARTER = "holder_charter"


def get_case_for_read(user: AnyUser, case_id: int) -> Case:
    """The case with its bodies, and its current body's charter in force (`HOLDER_CHARTER`),
    in one query."""
    case = (
        readable_cases(user)
        .annotate(
            **{
                HOLDER_CHARTER: FilteredRelation(
                    "current_body__charters",
                    condition=Q(current_body__charters__status=CharterStatus.IN_FORCE),
                )
            }
        )
        .select_related(
            "structure",
            "raised_in",
            "current_body__parent",
            "raised_by",
            f"{HOLDER_CHARTER}__escalates_to",
        )
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404("Ärendet finns inte.")
    return case


def get_case_for_edit(user: AnyUser, case_id: int) -> Case:
    case = get_case_for_read(user, case_id)
    _refuse_anonymous(user)
    if not can_edit_case(user, case):
        raise PermissionDenied(
            f"Bara koordinatorerna och ordförande eller sekreterare i {case.current_body.name}, "
            "som har ärendet nu, kan ändra det."
        )
    return case


def get_body_for_raising(user: AnyUser, body_id: int) -> Body:
    body = Body.objects.select_related("structure").filter(pk=body_id).first()
    if body is None:
        raise Http404("Gruppen finns inte.")
    _refuse_anonymous(user)
    if not can_raise_case_in(user, body):
        raise PermissionDenied(
            f"Bara ledamöter i {body.name} och strukturens koordinatorer kan väcka ärenden där."
        )
    return body


def raisable_body_ids(user: AnyUser, structure: Structure) -> set[int] | None:
    """The bodies of `structure` the user may raise cases in; None means every one."""
    if not user.is_authenticated:
        return set()
    if is_coordinator(user, structure):
        return None
    return _member_body_ids(user)


# --- Recommendations and the principals' decisions ---------------------------------------


def public_recommendation_condition() -> Q:
    return Q(minutes__published_at__isnull=False)


def readable_recommendations(
    user: AnyUser, *, bodies: set[int] | None = None
) -> QuerySet[Recommendation]:
    """`bodies`: the user's bodies (`member_body_ids`), when the caller has read them."""
    recommendations = Recommendation.objects.all()
    if is_admin(user):
        return recommendations
    condition = public_recommendation_condition() | Q(
        structure_id__in=coordinated_structure_ids(user)
    )
    bodies = _member_body_ids(user) if bodies is None else bodies
    if bodies:
        condition |= Q(body_id__in=bodies)
    return recommendations.filter(condition)


def public_recommendations() -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(public_recommendation_condition())


def get_recommendation_for_read(user: AnyUser, recommendation_id: int) -> Recommendation:
    recommendation = (
        readable_recommendations(user)
        .select_related("structure", "body", "case", "minutes__meeting")
        .filter(pk=recommendation_id)
        .first()
    )
    if recommendation is None:
        raise Http404("Rekommendationen finns inte.")
    return recommendation


def _require_coordinator(user: AnyUser, structure: Structure, what: str) -> None:
    _refuse_anonymous(user)
    if not is_coordinator(user, structure):
        raise PermissionDenied(f"Bara koordinatorerna för {structure.name} kan {what}.")


def get_recommendation_for_routing(user: AnyUser, recommendation_id: int) -> Recommendation:
    recommendation = get_recommendation_for_read(user, recommendation_id)
    _require_coordinator(
        user, recommendation.structure, "expediera rekommendationer till huvudmännen"
    )
    return recommendation


def get_decision_for_edit(user: AnyUser, decision_id: int) -> PrincipalDecision:
    decision = (
        PrincipalDecision.objects.select_related(
            "recommendation__structure", "recommendation__body", "principal", "decision_body"
        )
        .filter(pk=decision_id)
        .first()
    )
    if (
        decision is None
        or not readable_recommendations(user).filter(pk=decision.recommendation_id).exists()
    ):
        raise Http404("Beslutet finns inte.")
    _require_coordinator(user, decision.recommendation.structure, "registrera huvudmännens beslut")
    return decision


def get_decision_body_for_edit(user: AnyUser, decision_body_id: int) -> DecisionBody:
    decision_body = (
        DecisionBody.objects.select_related("principal").filter(pk=decision_body_id).first()
    )
    if decision_body is None:
        raise Http404("Beslutsinstansen finns inte.")
    _refuse_anonymous(user)
    if not (is_admin(user) or _coordinates_principal(user, decision_body.principal_id)):
        raise PermissionDenied(
            "Bara koordinatorer i en struktur där huvudmannen ingår kan ändra dess "
            "beslutsinstanser."
        )
    return decision_body


def _coordinates_principal(user: AnyUser, principal_id: int) -> bool:
    """Whether the user coordinates a structure the principal takes part in."""
    structures = coordinated_structure_ids(user)
    if not structures:
        return False
    return (
        Structure.objects.filter(pk__in=structures)
        .filter(
            Q(region_id=principal_id)
            | Q(bodies__municipality_id=principal_id)
            | Q(bodies__memberships__principal_id=principal_id)
        )
        .exists()
    )


def can_manage_decision_bodies(user: AnyUser, principal_id: int) -> bool:
    return bool(
        user.is_authenticated and (is_admin(user) or _coordinates_principal(user, principal_id))
    )


def get_decision_for_read(user: AnyUser, decision_id: int) -> PrincipalDecision:
    """A principal's decision (its file, say) for whoever may read its recommendation."""
    decision = (
        PrincipalDecision.objects.select_related("recommendation", "principal")
        .filter(pk=decision_id, recommendation__in=readable_recommendations(user))
        .first()
    )
    if decision is None:
        raise Http404("Beslutet finns inte.")
    return decision


# --- Assignments and working groups -------------------------------------------------------


def readable_assignments(user: AnyUser, *, bodies: set[int] | None = None) -> QuerySet[Assignment]:
    """`bodies`: the user's bodies (`member_body_ids`), when the caller has read them."""
    assignments = Assignment.objects.all()
    if is_admin(user):
        return assignments
    if not user.is_authenticated:
        return assignments.none()
    bodies = _member_body_ids(user) if bodies is None else bodies
    # Each condition on the assignment's own columns, the people as subqueries of ids: a
    # join to the person (or to the many-to-many `responsible`, which also needed the
    # assignment's ids to keep one row each) joined every person in the installation.
    person = Person.objects.filter(user_id=user.pk).values("pk")
    responsible = Assignment.responsible.through.objects.filter(person_id__in=person)
    condition = (
        Q(structure_id__in=coordinated_structure_ids(user))
        | Q(to_person_id__in=person)
        | Q(pk__in=responsible.values("assignment_id"))
    )
    if bodies:
        condition |= (
            Q(given_by_id__in=bodies) | Q(to_body_id__in=bodies) | Q(report_to_id__in=bodies)
        )
    return assignments.filter(condition)


def can_edit_assignment(user: AnyUser, assignment: Assignment) -> bool:
    if not user.is_authenticated:
        return False
    return is_coordinator(
        user, assignment.structure
    ) or assignment.given_by_id in _leading_body_ids(user)


def can_report_assignment(user: AnyUser, assignment: Assignment) -> bool:
    """Who may deliver the report-back: the receivers, the responsible and the editors."""
    if not user.is_authenticated:
        return False
    if can_edit_assignment(user, assignment):
        return True
    if assignment.to_body_id and assignment.to_body_id in _leading_body_ids(user):
        return True
    if assignment.to_person_id and assignment.to_person and assignment.to_person.user_id == user.pk:
        return True
    return assignment.responsible.filter(user=user).exists()


def get_assignment_for_read(user: AnyUser, assignment_id: int) -> Assignment:
    assignment = (
        readable_assignments(user)
        .select_related("structure", "given_by", "to_body", "to_person", "report_to", "case")
        .filter(pk=assignment_id)
        .first()
    )
    if assignment is None:
        raise Http404("Uppdraget finns inte.")
    return assignment


def get_assignment_for_edit(user: AnyUser, assignment_id: int) -> Assignment:
    assignment = get_assignment_for_read(user, assignment_id)
    if not can_edit_assignment(user, assignment):
        raise PermissionDenied(
            f"Bara koordinatorerna och ordförande eller sekreterare i {assignment.given_by.name}, "
            "som gav uppdraget, kan ändra det."
        )
    return assignment


def get_assignment_for_report(user: AnyUser, assignment_id: int) -> Assignment:
    assignment = get_assignment_for_read(user, assignment_id)
    if not can_report_assignment(user, assignment):
        raise PermissionDenied(
            "Bara mottagaren av uppdraget, de ansvariga och koordinatorerna kan lämna "
            "återrapporteringen."
        )
    return assignment


def get_body_for_giving(user: AnyUser, body_id: int) -> Body:
    """A body that gives an assignment or creates a working group: its leaders or coordinators."""
    body = Body.objects.select_related("structure").filter(pk=body_id).first()
    if body is None:
        raise Http404("Gruppen finns inte.")
    _refuse_anonymous(user)
    if not (is_coordinator(user, body.structure) or body.pk in _leading_body_ids(user)):
        raise PermissionDenied(
            f"Bara koordinatorerna och ordförande eller sekreterare i {body.name} kan ge "
            "uppdrag och tillsätta arbetsgrupper för den."
        )
    return body


def get_working_group_for_edit(user: AnyUser, working_group_id: int) -> WorkingGroup:
    group = (
        WorkingGroup.objects.select_related("body__structure", "created_by_body")
        .filter(pk=working_group_id)
        .first()
    )
    if group is None:
        raise Http404("Arbetsgruppen finns inte.")
    _refuse_anonymous(user)
    if not (
        is_coordinator(user, group.body.structure)
        or group.created_by_body_id in _leading_body_ids(user)
    ):
        raise PermissionDenied(
            f"Bara koordinatorerna och ordförande eller sekreterare i "
            f"{group.created_by_body.name} kan ändra arbetsgruppen."
        )
    return group


def readable_working_groups(user: AnyUser) -> QuerySet[WorkingGroup]:
    """Working groups the user may see with their review dates: the coordinators', and those
    of the members of the creating body and of the group itself."""
    groups = WorkingGroup.objects.all()
    if is_admin(user):
        return groups
    if not user.is_authenticated:
        return groups.none()
    condition = Q(body__structure_id__in=coordinated_structure_ids(user))
    bodies = _member_body_ids(user)
    if bodies:
        condition |= Q(created_by_body_id__in=bodies) | Q(body_id__in=bodies)
    return groups.filter(condition)


def get_working_group_for_read(user: AnyUser, working_group_id: int) -> WorkingGroup:
    group = (
        readable_working_groups(user)
        .select_related("body__structure", "created_by_body", "assignment")
        .filter(pk=working_group_id)
        .first()
    )
    if group is None:
        raise Http404("Arbetsgruppen finns inte.")
    return group


def giving_body_ids(user: AnyUser, structure: Structure) -> set[int] | None:
    """The bodies of `structure` the user may give assignments from and create working
    groups for; None means every one (a coordinator)."""
    if is_coordinator(user, structure):
        return None
    return _leading_body_ids(user)


def can_close_assignment(user: AnyUser, assignment: Assignment) -> bool:
    """Accepting the report: the giver's editors, or the leaders of the body it goes to."""
    if not user.is_authenticated:
        return False
    return can_edit_assignment(user, assignment) or (
        assignment.report_to_id in _leading_body_ids(user)
    )


def get_assignment_for_closing(user: AnyUser, assignment_id: int) -> Assignment:
    assignment = get_assignment_for_read(user, assignment_id)
    if not can_close_assignment(user, assignment):
        raise PermissionDenied(
            f"Bara koordinatorerna och ordförande eller sekreterare i "
            f"{assignment.report_to.name}, som tar emot återrapporteringen, kan avsluta "
            "uppdraget."
        )
    return assignment
