"""Domain actions on the structure: one function per action, checks before writes.

Views, the API, management commands and tasks all call these; none of them
writes structure models directly. Every action takes the acting user (`by=`).
One module per kind of object; the public names are all importable from here.
"""

# Imported first: it tells the audit trail what to keep of each kind of object.
from samverkan.structure.services import history  # noqa: F401, I001
from samverkan.structure.selectors import current_charter, structure_principals
from samverkan.structure.services.bodies import (
    BODY_FIELDS,
    body_create,
    body_meeting_forms_reviewed,
    body_update,
    unique_body_key,
)
from samverkan.structure.services.charters import (
    COMPOSITION_FIELDS,
    REPORTING_FIELDS,
    ROLE_LINK_FIELDS,
    charter_create_version,
    charter_set_composition,
    charter_set_reporting,
    charter_set_role_links,
    charter_set_standing_items,
    charter_update,
)
from samverkan.structure.services.memberships import (
    MEMBERSHIP_FIELDS,
    Replacement,
    SubstituteChoice,
    membership_create,
    membership_end,
    membership_replace,
    membership_update,
    membership_withdraw,
)
from samverkan.structure.services.people import (
    MINUTES_APPROVAL_DAYS,
    PRINCIPAL_FIELDS,
    STRUCTURE_FIELDS,
    person_create,
    person_update,
    principal_create,
    principal_update,
    structure_create,
    structure_update,
    unique_person_key,
    unique_principal_slug,
)

__all__ = [
    "BODY_FIELDS",
    "COMPOSITION_FIELDS",
    "MEMBERSHIP_FIELDS",
    "MINUTES_APPROVAL_DAYS",
    "PRINCIPAL_FIELDS",
    "REPORTING_FIELDS",
    "ROLE_LINK_FIELDS",
    "STRUCTURE_FIELDS",
    "Replacement",
    "SubstituteChoice",
    "body_create",
    "body_meeting_forms_reviewed",
    "body_update",
    "charter_create_version",
    "charter_set_composition",
    "charter_set_reporting",
    "charter_set_role_links",
    "charter_set_standing_items",
    "charter_update",
    "current_charter",
    "membership_create",
    "membership_end",
    "membership_replace",
    "membership_update",
    "membership_withdraw",
    "person_create",
    "person_update",
    "principal_create",
    "principal_update",
    "structure_create",
    "structure_principals",
    "structure_update",
    "unique_body_key",
    "unique_person_key",
    "unique_principal_slug",
]
