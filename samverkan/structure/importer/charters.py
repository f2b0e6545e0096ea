"""A body's charter from the file: its fields, then its composition, items, reporting, links."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from samverkan.audit.services import Pending, snapshot
from samverkan.structure import schema
from samverkan.structure.importer.context import ImportContext, Loc
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


# A charter's parts, each replaced as a whole when the file's differs: the model, the
# report's word for it, and the relation its text names.
CHILDREN: tuple[tuple[type[Any], str, str | None], ...] = (
    (CompositionRule, "composition", "principal"),
    (StandingAgendaItem, "standing agenda items", None),
    (ReportingDuty, "reporting duties", "to_body"),
    (RoleLink, "role links", "to_body"),
)


def write_charters(ctx: ImportContext, bodies: dict[str, Body]) -> None:
    """Every body's charter in the file, with its parts: the charters held read in one
    query and each kind of part in one, the differences written in bulk. A new version
    supersedes the one in force."""
    listed = [(index, item) for index, item in enumerate(ctx.spec.bodies) if item.charter]
    if not listed:
        return
    batch = ctx.batch
    bodies_by_pk = {b.pk: b for b in bodies.values()}
    held: dict[int, list[Charter]] = {}
    for charter in Charter.objects.filter(
        body_id__in=[bodies[item.key].pk for _, item in listed]
    ).order_by("pk"):
        charter.body = bodies_by_pk[charter.body_id]
        held.setdefault(charter.body_id, []).append(charter)
    found: dict[str, Charter | None] = {}
    for _, item in listed:
        body, spec = bodies[item.key], item.charter
        assert spec is not None
        same = next((c for c in held.get(body.pk, []) if c.version == spec.version), None)
        if same is None or same.status != CharterStatus.IN_FORCE:
            for old in held.get(body.pk, []):
                if old.status == CharterStatus.IN_FORCE and old.version != spec.version:
                    batch.change(
                        old,
                        {"status": CharterStatus.SUPERSEDED},
                        "charters",
                        counted_as="charters superseded",
                    )
        found[item.key] = same
    # The old version out of force before its successor comes into force.
    batch.save()
    refs: dict[str, Callable[[str], Body]] = {}
    for _, item in listed:
        body, spec = bodies[item.key], item.charter
        assert spec is not None
        refs[item.key] = ref = _ref(body, bodies)
        values = {"status": CharterStatus.IN_FORCE, **charter_values(spec, body_of=ref)}
        kept = found[item.key] or Charter(body=body, version=spec.version)
        batch.sync(kept, values, "charters")
        ctx.charters[item.key] = kept
    batch.save()
    parts = _write_parts(ctx, listed, refs, bodies_by_pk)
    batch.record(parts=parts)


def _ref(body: Body, bodies: dict[str, Body]) -> Callable[[str], Body]:
    parent_key = body.parent.key if body.parent else None

    def ref(key: str) -> Body:
        # "parent" names the body's own commissioning body (see schema.BodyRef).
        return bodies[parent_key] if key == "parent" and parent_key else bodies[key]

    return ref


def _write_parts(
    ctx: ImportContext,
    listed: list[tuple[int, schema.BodySpec]],
    refs: dict[str, Callable[[str], Body]],
    bodies_by_pk: dict[int, Body],
) -> list[Pending]:
    """Replace the parts that differ from the file's: one read, one delete and one insert
    for each kind of part; the history names each part replaced, old and new, as text."""
    charters = {ctx.charters[item.key].pk: item for _, item in listed}
    principals = {p.pk: p for p in ctx.principals_by_code.values()}
    principals |= {p.pk: p for p in ctx.organisations.values()}
    wanted = {
        key: _part_rows(ctx, item, refs[item.key], ("bodies", index, "charter"))
        for index, item in listed
        for key in [item.key]
    }
    pending: list[Pending] = []
    for position, (model, label, relation) in enumerate(CHILDREN):
        rows = model.objects.filter(charter_id__in=list(charters)).order_by("pk")
        if relation:
            rows = rows.select_related(relation)
        existing: dict[int, list[Any]] = {}
        for row in rows:
            existing.setdefault(row.charter_id, []).append(row)
        replaced: list[int] = []
        created: list[Any] = []
        part = PART_NAMES[model]
        for charter_id, item in charters.items():
            new_rows = wanted[item.key][position]
            old = existing.get(charter_id, [])
            names = list(new_rows[0]) if new_rows else []
            if [{n: getattr(o, n) for n in names} for o in old] == new_rows and (
                new_rows or not old
            ):
                continue
            charter = ctx.charters[item.key]
            made = [model(charter=charter, **row) for row in new_rows]
            for obj in made:
                # The related rows are known: the text of the part reads no more.
                if relation == "principal":
                    obj.principal = principals.get(obj.principal_id)
                elif relation == "to_body":
                    obj.to_body = bodies_by_pk[obj.to_body_id]
            replaced.append(charter_id)
            created += made
            pending.append(
                Pending(
                    charter,
                    snapshot(charter),
                    parts={part: (part_text(part, old), part_text(part, made))},
                )
            )
            ctx.report.counts[f"{label} replaced"] += 1
        if replaced:
            model.objects.filter(charter_id__in=replaced).delete()
            model.objects.bulk_create(created, batch_size=2000)
    return pending


def _part_rows(
    ctx: ImportContext, item: schema.BodySpec, ref: Callable[[str], Body], loc: Loc
) -> tuple[list[dict[str, Any]], ...]:
    """The rows of the charter's parts in the file, in the order of `CHILDREN`."""
    assert item.charter is not None
    rules = item.charter.rules
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
    return composition, standing, reporting, links
