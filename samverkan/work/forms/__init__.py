"""Forms for the coordinator's working pages. They check input shape; rules live in services."""

from samverkan.work.forms.charters import (
    CHARTER_FORM_FIELDS,
    FORM_TEXT_FIELDS,
    CharterRulesForm,
    CompositionForm,
    CompositionFormSet,
    ReportingForm,
    ReportingFormSet,
    RoleLinkForm,
    RoleLinkFormSet,
    composition_initial,
    reporting_initial,
    role_links_initial,
)
from samverkan.work.forms.fields import DATE, DutiesField, LinesField
from samverkan.work.forms.structure import (
    BodyForm,
    EndMembershipForm,
    MeetingFormsReviewedForm,
    MembershipForm,
    PersonForm,
    StructureSettingsForm,
)

__all__ = [
    "CHARTER_FORM_FIELDS",
    "DATE",
    "FORM_TEXT_FIELDS",
    "BodyForm",
    "CharterRulesForm",
    "CompositionForm",
    "CompositionFormSet",
    "DutiesField",
    "EndMembershipForm",
    "LinesField",
    "MeetingFormsReviewedForm",
    "MembershipForm",
    "PersonForm",
    "ReportingForm",
    "ReportingFormSet",
    "RoleLinkForm",
    "RoleLinkFormSet",
    "StructureSettingsForm",
    "composition_initial",
    "reporting_initial",
    "role_links_initial",
]
