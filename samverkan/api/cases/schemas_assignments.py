"""Request and response shapes of assignments (uppdrag) and working groups.

The conventions are those of `samverkan.api.base`: references are ids under the field's own
name with a `<field>_name` beside them in responses, PATCH applies only what is sent, and
every change sends the `lock_version` that was read.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from ninja import Field, Schema

from samverkan.api.base import Day, Id, InputSchema, LockVersion, omittable
from samverkan.cases.models import Assignment, AssignmentStatus, WorkingGroup
from samverkan.cases.services.assignments import is_overdue
from samverkan.lib.localtime import local_today
from samverkan.structure.models import Duration


class AssignmentSectionSchema(Schema):
    heading: str = Field(max_length=200, description="En rubrik ur uppdragsbeskrivningen")
    text: str = Field("", description="Vad som står under rubriken; får vara tom")


class AssignmentSectionIn(InputSchema):
    heading: str = Field(max_length=200)
    text: str = ""


class AssignmentPersonOut(Schema):
    id: int
    name: str = Field(validation_alias="full_name")


class AssignmentOut(Schema):
    id: int
    structure: str = Field(validation_alias="structure.slug", description="Strukturens slug")
    title: str
    given_by: int = Field(validation_alias="given_by_id", description="Gruppen som ger uppdraget")
    given_by_name: str = Field(validation_alias="given_by.name")
    to_body: int | None = Field(validation_alias="to_body_id", description="Mottagande grupp")
    to_body_name: str | None
    to_person: int | None = Field(validation_alias="to_person_id", description="Mottagande person")
    to_person_name: str | None
    report_to: int = Field(
        validation_alias="report_to_id", description="Gruppen som tar emot återrapporteringen"
    )
    report_to_name: str = Field(validation_alias="report_to.name")
    responsible: list[AssignmentPersonOut] = Field(
        description="De som ska skriva uppdragsbeskrivningen och se till att uppdraget blir gjort"
    )
    sections: list[AssignmentSectionSchema] = Field(
        description="Uppdragsbeskrivningen under uppdragsbeskrivningens rubriker, i ordning"
    )
    case: int | None = Field(validation_alias="case_id", description="Ärendet, om något")
    minutes: int | None = Field(
        validation_alias="minutes_id", description="Minnesanteckningarna där uppdraget beslutades"
    )
    given_on: datetime.date
    due_on: datetime.date = Field(description="Återrapporteras senast")
    overdue: bool = Field(description="Passerat `due_on` utan att vara återrapporterat")
    status: AssignmentStatus = Field(
        description="`given` givet, `in_progress` pågår, `reported` återrapporterat, `closed` "
        "avslutat (rapporten mottagen), `withdrawn` återkallat"
    )
    report_text: str = Field(description="Återrapporteringen som text")
    report_file: str | None = Field(
        description="Adressen till den bifogade filen med återrapporteringen, om någon"
    )
    report_file_name: str
    reported_on: datetime.date | None
    closed_on: datetime.date | None = Field(description="Avslutat eller återkallat")
    lock_version: int

    @staticmethod
    def resolve_to_body_name(obj: Assignment) -> str | None:
        return obj.to_body.name if obj.to_body else None

    @staticmethod
    def resolve_to_person_name(obj: Assignment) -> str | None:
        return obj.to_person.full_name if obj.to_person else None

    @staticmethod
    def resolve_responsible(obj: Assignment) -> list[object]:
        return list(obj.responsible.all())

    @staticmethod
    def resolve_overdue(obj: Assignment) -> bool:
        return is_overdue(obj, local_today())

    @staticmethod
    def resolve_report_file(obj: Assignment) -> str | None:
        if not obj.report_file:
            return None
        return reverse("api-v1:assignment_report_file", args=[obj.pk])


class AssignmentIn(InputSchema):
    given_by: Id = Field(description="Gruppen som ger uppdraget")
    title: str = Field(max_length=300)
    to_body: Id | None = Field(
        None, description="En grupp under `given_by` eller en av dess arbetsgrupper"
    )
    to_person: Id | None = Field(None, description="Eller en person; inte båda")
    responsible: list[Id] = Field(
        default_factory=list,
        max_length=50,
        description="Krävs när uppdragsbeskrivningen säger att ansvariga ska utses",
    )
    report_to: Id | None = Field(None, description="Standard: `given_by`")
    sections: list[AssignmentSectionIn] | None = Field(
        None,
        max_length=50,
        description="Exakt uppdragsbeskrivningens rubriker i dess ordning (eller bara "
        "`Uppdrag` där den inte anger några); utelämnat ger rubrikerna utan text",
    )
    given_on: Day | None = Field(None, description="Standard: i dag")
    due_on: Day = Field(description="Återrapporteras senast; efter `given_on`")
    case: Id | None = None
    minutes: Id | None = None


class AssignmentPatch(InputSchema):
    """Only the fields sent are changed; `null` clears a receiver, a case or minutes."""

    lock_version: LockVersion
    title: str = omittable(max_length=300)
    to_body: Id | None = None
    to_person: Id | None = None
    responsible: list[Id] = omittable(max_length=50)
    report_to: Id = omittable()
    sections: list[AssignmentSectionIn] = omittable(max_length=50)
    given_on: Day = omittable()
    due_on: Day = omittable()
    case: Id | None = None
    minutes: Id | None = None


class AssignmentLockIn(InputSchema):
    lock_version: LockVersion


class AssignmentWithdrawIn(InputSchema):
    lock_version: LockVersion
    reason: str = Field("", max_length=2000, description="Varför uppdraget återkallas")


class AssignmentReportIn(InputSchema):
    """The form fields of a report-back sent as `multipart/form-data` beside `file`."""

    lock_version: LockVersion
    text: str = Field("", description="Återrapporteringen som text; den eller `file` krävs")


# --- Working groups -----------------------------------------------------------------------


class WorkingGroupOut(Schema):
    id: int
    body: int = Field(
        validation_alias="body_id", description="Gruppen (en egen grupp i strukturen)"
    )
    name: str = Field(validation_alias="body.name")
    kind: str = Field(
        validation_alias="body.kind",
        description="`working_group` arbetsgrupp eller `preparation_committee` beredning",
    )
    duration: Duration = Field(validation_alias="body.duration")
    end_date: datetime.date | None = Field(validation_alias="body.end_date")
    structure: str = Field(validation_alias="body.structure.slug")
    created_by_body: int = Field(
        validation_alias="created_by_body_id", description="Gruppen som tillsatte den"
    )
    created_by_body_name: str = Field(validation_alias="created_by_body.name")
    assignment: int | None = Field(validation_alias="assignment_id")
    review_on: datetime.date = Field(description="Ses över senast")
    reviewed_on: datetime.date | None = Field(description="Senast översedd")
    review_due: bool = Field(description="`review_on` har kommit")
    lock_version: int

    @staticmethod
    def resolve_review_due(obj: WorkingGroup) -> bool:
        return obj.review_on <= local_today()


class WorkingGroupIn(InputSchema):
    created_by: Id = Field(description="Gruppen som tillsätter arbetsgruppen")
    name: str = Field(max_length=200)
    short_name: str = Field("", max_length=40)
    kind: str = Field(
        "working_group",
        pattern="^(working_group|preparation_committee)$",
        description="`working_group` eller `preparation_committee`",
    )
    duration: Duration = Duration.LASTING
    end_date: Day | None = Field(None, description="Krävs för en tillfällig grupp")
    review_on: Day | None = Field(
        None,
        description="Standard: uppdragsbeskrivningens `working_groups_review_months`, annars "
        "12 månader för en arbetsgrupp och 24 för en beredning",
    )
    assignment: Id | None = Field(None, description="Uppdraget gruppen tillsätts för")
    description: str = ""


class WorkingGroupReviewedIn(InputSchema):
    lock_version: LockVersion
    next_review_on: Day | None = Field(
        None, description="Standard: ett översynsintervall från i dag"
    )


class WorkingGroupMemberIn(InputSchema):
    person: Id
    principal: Id = Field(
        description="Huvudmannen som personen företräder; en annan organisation bara när "
        "uppdragsbeskrivningen tillåter personer utanför strukturen"
    )
    function: str = Field("", max_length=200)


class WorkingGroupMemberOut(Schema):
    id: int
    person: int = Field(validation_alias="person_id")
    person_name: str = Field(validation_alias="person.full_name")
    principal: int = Field(validation_alias="principal_id")
    principal_name: str = Field(validation_alias="principal.name")
    role: str
    function: str
    start: datetime.date | None
