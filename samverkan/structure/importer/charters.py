"""A body's charter from the file: its fields, then its composition, items, reporting, links."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from samverkan.audit.services import record_parts, record_update, snapshot
from samverkan.structure import schema
from samverkan.structure.importer.context import IMPORTED, ImportContext, Loc, sync
from samverkan.structure.models import (
    Body,
    Charter,
    CharterStatus,
    CompositionRule,
    ReportingDuty,
    RoleLink,
    StandingAgendaItem,
)
from samverkan.structure.services.history import PART_NAMES, part_text

# Where each of a charter's fields is written in a structure file: its path below `charter:`.
# The rules are grouped under `rules:` by what they are about, with the shorter names a
# person writes (see README, "Strukturfiler"). Every rule field of the model is here
# (`structure/tests/test_rule_fields.py` checks it).
CHARTER_KEYS: dict[str, str] = {
    "title": "title",
    "registry_number": "registry_number",
    "document_owner": "document_owner",
    "created_by_text": "created_by",
    "decided_by": "decided_by",
    "decided_on": "decided_on",
    "valid_until": "valid_until",
    "next_revision": "next_revision",
    "revision_interval_months": "revision_interval_months",
    "purpose": "purpose",
    "goals": "goals",
    "target_groups": "target_groups",
    "tasks": "tasks",
    "mandate_text": "mandate_text",
    "governing_documents": "governing_documents",
    "sections": "sections",
    "meetings_min_per_year": "rules.meetings.min_per_year",
    "meetings_max_per_year": "rules.meetings.max_per_year",
    "meetings_min_per_quarter": "rules.meetings.min_per_quarter",
    "meetings_planned_per_year": "rules.meetings.planned_per_year",
    "booking_deadline_month": "rules.meetings.booking_deadline",
    "booking_deadline_day": "rules.meetings.booking_deadline",
    "meeting_form": "rules.meetings.form",
    "meeting_forms_revised_yearly": "rules.meetings.forms_revised_yearly",
    "guests_may_be_invited": "rules.meetings.guests_may_be_invited",
    "follows_parent_calendar": "rules.meetings.follows_parent_calendar",
    "document_lead_value": "rules.documents.lead_time",
    "document_lead_unit": "rules.documents.unit",
    "document_lead_approximate": "rules.documents.approximate",
    "items_need_description_and_proposal": "rules.documents.items_need_description_and_proposal",
    "items_need_description": "rules.documents.items_need_description",
    "documents_sent_by": "rules.documents.sent_by",
    "chair_rotation": "rules.leadership.chair_rotation",
    "chair_rotation_extendable": "rules.leadership.extendable_by_decision",
    "chair_and_vice_chair_from_different_principals": "rules.leadership.different_principals",
    "chair_principal_kind": "rules.leadership.chair_from",
    "chair_principal_kind_may_share": "rules.leadership.may_share",
    "convener": "rules.leadership.convener",
    "chair_owns_agenda": "rules.leadership.chair_owns_agenda",
    "chair_term_years": "rules.leadership.chair_term_years",
    "substitutes": "rules.members.substitutes",
    "substitute_called_by_member": "rules.members.substitute_called_by_member",
    "members_need_mandate": "rules.members.need_mandate",
    "member_term_years": "rules.members.term_years",
    "new_members_reported_to": "rules.members.new_members_reported_to",
    "minutes_taken_by": "rules.minutes.taken_by",
    "minutes_approval": "rules.minutes.approval",
    "minutes_public": "rules.minutes.public",
    "minutes_published_at": "rules.minutes.published_at",
    "minutes_distributed_to_all": "rules.minutes.distributed_to_all",
    "minutes_template_required": "rules.minutes.template_required",
    "decisions_followed_up_in_next_minutes": "rules.minutes.decisions_followed_up_in_next_minutes",
    "keeps_balance_list": "rules.cases.balance_list",
    "escalates_to": "rules.cases.escalates_to",
    "may_appoint_working_groups": "rules.cases.may_appoint_working_groups",
    "working_groups_may_include_outsiders": "rules.cases.working_groups_may_include_outsiders",
    "recommendations_routed_by": "rules.cases.recommendations_routed_by",
    "working_groups_review_months": "rules.cases.working_groups_review_months",
    "assignment_headings": "rules.cases.assignment_headings",
    "assignment_needs_responsible": "rules.cases.assignment_needs_responsible",
    "internal_evaluation_yearly": "rules.follow_up.internal_evaluation_yearly",
    "mandate_review_by": "rules.follow_up.mandate_review_by",
    "implementation_plan": "rules.follow_up.implementation_plan",
    "implementation_followup_on": "rules.follow_up.implementation_followup_on",
    "duties": "rules.duties",
    "citations": "citations",
    "notes": "notes",
}


def _month_day(value: str | None, part: int) -> int | None:
    """One part of a booking deadline written "MM-DD"."""
    return int(value.split("-")[part]) if value else None


# How a value in the file becomes the model's, where it is not taken as it is.
CONVERSIONS: dict[str, Callable[[Any], Any]] = {
    "sections": lambda sections: [s.model_dump() for s in sections],
    "booking_deadline_month": lambda value: _month_day(value, 0),
    "booking_deadline_day": lambda value: _month_day(value, 1),
    "document_lead_unit": lambda unit: unit or "",
    "chair_principal_kind": lambda kind: kind or "",
    "duties": lambda duties: [d.model_dump(mode="json", exclude_none=True) for d in duties],
}


def charter_values(spec: schema.CharterSpec, *, body_of: Callable[[str], Body]) -> dict[str, Any]:
    """The model's field values for a charter in the file; `body_of` resolves a body's key."""
    conversions = {
        **CONVERSIONS,
        "escalates_to": lambda key: body_of(key) if key else None,
    }
    values = {}
    for name, path in CHARTER_KEYS.items():
        value = functools.reduce(getattr, path.split("."), spec)
        convert = conversions.get(name)
        values[name] = convert(value) if convert else value
    return values


def write_charter(
    ctx: ImportContext,
    body: Body,
    spec: schema.CharterSpec,
    bodies: dict[str, Body],
    loc: Loc,
) -> Charter:
    rules = spec.rules
    parent_key = body.parent.key if body.parent else None

    def ref(key: str) -> Body:
        # "parent" names the body's own commissioning body (see schema.BodyRef).
        return bodies[parent_key] if key == "parent" and parent_key else bodies[key]

    values = {"status": CharterStatus.IN_FORCE, **charter_values(spec, body_of=ref)}
    charter = Charter.objects.filter(body=body, version=spec.version).first()
    if charter is None or charter.status != CharterStatus.IN_FORCE:
        current = Charter.objects.in_force().filter(body=body).exclude(version=spec.version)
        for old in current:
            before = snapshot(old)
            old.status = CharterStatus.SUPERSEDED
            old.lock_version += 1
            old.save(update_fields=["status", "lock_version", "updated_at"])
            record_update(by=None, obj=old, before=before, note=IMPORTED)
            ctx.report.counts["charters superseded"] += 1
    sync(charter or Charter(body=body, version=spec.version), values, ctx.report, "charters")
    charter = Charter.objects.get(body=body, version=spec.version)

    composition = [
        {
            "position": j,
            "principal_kind": rule.principal_kind or "",
            "principal_id": (
                p.pk
                if (
                    p := ctx.principal(
                        rule.principal, (*loc, "rules", "composition", j, "principal")
                    )
                )
                else None
            ),
            "per_principal": rule.per_principal,
            "min_count": rule.bounds[0],
            "max_count": rule.bounds[1],
            "with_substitutes": rule.substitutes,
            "role": rule.role,
            "functions": rule.functions,
            "appointed_by": rule.appointed_by,
            "optional": rule.optional,
        }
        for j, rule in enumerate(rules.composition)
    ]
    standing = [
        {"position": j, "title": s, "condition": "", "reviews_previous_minutes": False}
        if isinstance(s, str)
        else {
            "position": j,
            "title": s.title,
            "condition": s.condition,
            "reviews_previous_minutes": s.previous_minutes,
        }
        for j, s in enumerate(rules.standing_agenda)
    ]
    reporting = [
        {
            "to_body_id": ref(d.to).pk,
            "frequency": d.frequency,
            "what": d.what,
            "reported_by": d.by,
            "via": d.via,
            "public": d.public,
        }
        for d in rules.reporting
    ]
    links = [
        {
            "role": link.role,
            "kind": link.kind,
            "to_body_id": ref(link.to).pk,
            "term_years": link.term_years,
        }
        for link in rules.role_links
    ]
    _replace_children(ctx, charter, CompositionRule, composition, "composition")
    _replace_children(ctx, charter, StandingAgendaItem, standing, "standing agenda items")
    _replace_children(ctx, charter, ReportingDuty, reporting, "reporting duties")
    _replace_children(ctx, charter, RoleLink, links, "role links")
    return charter


def _replace_children(
    ctx: ImportContext, charter: Charter, model: type[Any], rows: list[dict[str, Any]], label: str
) -> None:
    names = list(rows[0]) if rows else []
    existing = (
        list(model.objects.filter(charter=charter).order_by("pk").values(*names)) if rows else None
    )
    if rows and existing == rows:
        return
    if not rows and not model.objects.filter(charter=charter).exists():
        return
    part = PART_NAMES[model]
    old_text = part_text(part, model.objects.filter(charter=charter).order_by("pk"))
    model.objects.filter(charter=charter).delete()
    created = model.objects.bulk_create([model(charter=charter, **row) for row in rows])
    record_parts(
        by=None, obj=charter, parts={part: (old_text, part_text(part, created))}, note=IMPORTED
    )
    ctx.report.counts[f"{label} replaced"] += 1
