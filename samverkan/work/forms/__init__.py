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
from samverkan.work.forms.structure import BodyForm, EndMembershipForm, MembershipForm, PersonForm

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
    "MembershipForm",
    "PersonForm",
    "ReportingForm",
    "ReportingFormSet",
    "RoleLinkForm",
    "RoleLinkFormSet",
    "composition_initial",
    "reporting_initial",
    "role_links_initial",
]
