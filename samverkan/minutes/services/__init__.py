"""Minutes: draft from the agenda, approve by the charter's rule, freeze, publish. Checks first.

Every function here is called alike by the working pages, the API and the demo loader.
The work is split by what it does, and every public name is importable from here:

- `rules`: what the charter and the minutes' state allow (entry kinds, approvers).
- `drafting`: starting the minutes from the agenda, writing them item by item, addenda.
- `approval`: sending for approval (justering), approving and returning.
- `publication`: freezing, scanning for identity numbers, publishing and verifying.
"""

from samverkan.minutes.services.approval import minutes_approve, minutes_return, minutes_submit
from samverkan.minutes.services.drafting import (
    MINUTES_FIELDS,
    ActionIn,
    EntryIn,
    FollowUpIn,
    attendance_snapshot,
    minutes_addendum_create,
    minutes_item_add,
    minutes_item_remove,
    minutes_item_save,
    minutes_refresh_attendance,
    minutes_start,
    minutes_update,
    open_actions,
)
from samverkan.minutes.services.preview import (
    ADOPT,
    APPROVE,
    SUBMIT,
    MinutesPreview,
    MinutesWarning,
    has_justering,
    minutes_preview,
    outcome_message,
    status_text,
)
from samverkan.minutes.services.publication import (
    minutes_verify,
    personnummer_hits,
    publication_hold_resolve,
)
from samverkan.minutes.services.rules import (
    FROZEN,
    KINDS_BY_MANDATE,
    NOT_DECIDING,
    STALE,
    STALE_ITEM,
    ApproverSlot,
    allowed_entry_kinds,
    approval_rule_of,
    approver_slots,
    not_deciding_text,
)

__all__ = [
    "ADOPT",
    "APPROVE",
    "FROZEN",
    "KINDS_BY_MANDATE",
    "MINUTES_FIELDS",
    "NOT_DECIDING",
    "STALE",
    "STALE_ITEM",
    "SUBMIT",
    "ActionIn",
    "ApproverSlot",
    "EntryIn",
    "FollowUpIn",
    "MinutesPreview",
    "MinutesWarning",
    "allowed_entry_kinds",
    "approval_rule_of",
    "approver_slots",
    "attendance_snapshot",
    "has_justering",
    "minutes_addendum_create",
    "minutes_approve",
    "minutes_item_add",
    "minutes_item_remove",
    "minutes_item_save",
    "minutes_preview",
    "minutes_refresh_attendance",
    "minutes_return",
    "minutes_start",
    "minutes_submit",
    "minutes_update",
    "minutes_verify",
    "not_deciding_text",
    "open_actions",
    "outcome_message",
    "personnummer_hits",
    "publication_hold_resolve",
    "status_text",
]
