"""Working groups and preparation committees that a body creates, with their review dates
(`samverkan.cases.services.working_groups`).

Internal like assignments: without a key 401; a caller sees the groups of the bodies they
sit in (the creating body or the group) and, as coordinator, all in their structure; any
other is 404. The creating body's chair or secretary and the coordinators create groups,
add members and record reviews.
"""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from samverkan.api.auth import READ_AUTH, READ_SECURITY, WRITE_AUTH
from samverkan.api.base import (
    GUARDED_READ_ERRORS,
    WRITE_ERRORS,
    IdFilter,
    Pagination,
    TextFilter,
    acting_user,
    referenced,
)
from samverkan.api.cases.assignments import reader
from samverkan.api.cases.schemas_assignments import (
    WorkingGroupIn,
    WorkingGroupMemberIn,
    WorkingGroupMemberOut,
    WorkingGroupOut,
    WorkingGroupReviewedIn,
)
from samverkan.api.structure.refs import body_ref, person_ref, principal_ref
from samverkan.cases import access
from samverkan.cases.models import Assignment, WorkingGroup
from samverkan.cases.selectors.assignments import working_groups_listed
from samverkan.cases.services import working_groups as services
from samverkan.structure.models import Membership

router = Router(tags=["Arbetsgrupper"])


def _saved(group: WorkingGroup) -> WorkingGroup:
    return WorkingGroup.objects.select_related("body__structure", "created_by_body").get(
        pk=group.pk
    )


@router.get(
    "",
    response={200: list[WorkingGroupOut], **GUARDED_READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Lista arbetsgrupper med datum för översyn",
    description="Den som ska ses över först överst. `review_due=true` ger dem vars datum "
    "för översyn har kommit. Utan nyckel 401.",
)
@paginate(Pagination)
def list_working_groups(
    request: HttpRequest,
    structure: TextFilter = None,
    created_by: IdFilter = None,
    review_due: bool | None = None,
) -> QuerySet[WorkingGroup]:
    return working_groups_listed(
        viewer=reader(request), structure=structure, created_by=created_by, review_due=review_due
    )


@router.get(
    "/{id:working_group_id}",
    response={200: WorkingGroupOut, **GUARDED_READ_ERRORS},
    auth=READ_AUTH,
    openapi_extra=READ_SECURITY,
    summary="Hämta en arbetsgrupp",
)
def get_working_group(request: HttpRequest, working_group_id: int) -> WorkingGroup:
    return access.get_working_group_for_read(reader(request), working_group_id)


@router.post(
    "",
    response={201: WorkingGroupOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Tillsätt en arbetsgrupp eller beredning",
    description="Gruppen blir en egen grupp under `created_by`. En tillfällig grupp behöver "
    "`end_date`. `review_on` får ligga högst ett översynsintervall fram: "
    "uppdragsbeskrivningens `working_groups_review_months`, annars 12 månader för en "
    "arbetsgrupp och 24 för en beredning (400 annars).",
)
def create_working_group(request: HttpRequest, payload: WorkingGroupIn) -> Status[WorkingGroup]:
    user = acting_user(request)
    created_by = body_ref(payload.created_by, field="created_by")
    body = access.get_body_for_giving(user, created_by.pk)
    assignment = (
        referenced(
            Assignment.objects.all(),
            payload.assignment,
            field="assignment",
            message="Uppdraget finns inte.",
        )
        if payload.assignment is not None
        else None
    )
    group = services.working_group_create(
        by=user,
        created_by=body,
        name=payload.name,
        short_name=payload.short_name,
        kind=payload.kind,
        duration=payload.duration,
        end_date=payload.end_date,
        review_on=payload.review_on,
        assignment=assignment,
        description=payload.description,
    )
    return Status(201, _saved(group))


@router.post(
    "/{id:working_group_id}/reviewed",
    response={200: WorkingGroupOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Markera arbetsgruppen som översedd",
    description="Sparar dagens datum som senaste översyn och sätter nästa "
    "(`next_review_on`, standard ett översynsintervall fram). 409 om någon annan har "
    "ändrat gruppen sedan du läste.",
)
def review_working_group(
    request: HttpRequest, working_group_id: int, payload: WorkingGroupReviewedIn
) -> WorkingGroup:
    user = acting_user(request)
    group = access.get_working_group_for_edit(user, working_group_id)
    services.working_group_reviewed(
        by=user,
        working_group=group,
        expected_version=payload.lock_version,
        next_review_on=payload.next_review_on,
    )
    return _saved(group)


@router.post(
    "/{id:working_group_id}/members",
    response={201: WorkingGroupMemberOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    summary="Lägg till en ledamot i arbetsgruppen",
    description="Med samma regler som andra uppdrag i strukturen. En person som företräder "
    "en annan organisation än regionen och kommunerna får vara med bara när "
    "uppdragsbeskrivningen för gruppen som tillsatte den tillåter det (400, fältet "
    "`principal`).",
)
def add_member(
    request: HttpRequest, working_group_id: int, payload: WorkingGroupMemberIn
) -> Status[Membership]:
    user = acting_user(request)
    group = access.get_working_group_for_edit(user, working_group_id)
    membership = services.working_group_add_member(
        by=user,
        working_group=group,
        person=person_ref(payload.person),
        principal=principal_ref(payload.principal),
        function=payload.function,
    )
    return Status(201, membership)
