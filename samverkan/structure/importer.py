"""Import a structure file: create or update one structure, atomically and idempotently.

An invalid file changes nothing: every error names file, line and field, and
the database writes run in one transaction that is rolled back on any error.
Importing the same file twice changes nothing the second time: rows are only
saved when a value differs.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db import models, transaction
from django.utils import timezone
from pydantic import ValidationError

from samverkan.structure import schema
from samverkan.structure.models import (
    Body,
    Charter,
    CharterStatus,
    CompositionRule,
    Membership,
    Person,
    Principal,
    PrincipalKind,
    ReportingDuty,
    RoleLink,
    StandingAgendaItem,
    Structure,
)
from samverkan.structure.rules import membership_violations, periods_overlap
from samverkan.structure.yamlsource import (
    FileError,
    StructureFileInvalid,
    YamlDocument,
    loc_to_field,
)

PYDANTIC_MESSAGES = {
    "missing": "fältet saknas",
    "extra_forbidden": "okänt fält",
    "int_parsing": "ska vara ett heltal",
    "int_type": "ska vara ett heltal",
    "bool_parsing": "ska vara true eller false",
    "bool_type": "ska vara true eller false",
    "string_type": 'ska vara text (sätt citattecken runt koder, t.ex. "0114")',
    "date_from_datetime_parsing": "ska vara ett datum ÅÅÅÅ-MM-DD",
    "date_parsing": "ska vara ett datum ÅÅÅÅ-MM-DD",
    "date_type": "ska vara ett datum ÅÅÅÅ-MM-DD",
    "list_type": "ska vara en lista",
    "dict_type": "ska vara en mappning (nyckel: värde)",
    "model_type": "ska vara en mappning (nyckel: värde)",
    "too_short": "får inte vara tom",
    "string_too_short": "får inte vara tom",
    "string_too_long": "är för lång",
    "string_pattern_mismatch": "får bara innehålla små bokstäver a–z, siffror och bindestreck",
    "greater_than_equal": "är för litet",
    "less_than_equal": "är för stort",
}


def _pydantic_message(error: Any) -> str:
    kind = error["type"]
    if kind == "literal_error":
        return "ogiltigt värde; tillåtna värden: " + error["ctx"]["expected"]
    if kind in ("value_error", "assertion_error"):
        return str(error["ctx"]["error"])
    if kind == "string_too_long":
        return f"är för lång (högst {error['ctx']['max_length']} tecken)"
    if kind in ("greater_than_equal", "less_than_equal"):
        limit = error["ctx"].get("ge", error["ctx"].get("le"))
        return f"{PYDANTIC_MESSAGES[kind]} (gräns: {limit})"
    return PYDANTIC_MESSAGES.get(kind, error["msg"])


def _clean_loc(loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    # pydantic adds the union member's class name to the location; the file does not have it.
    return tuple(p for p in loc if not ((isinstance(p, str) and p[:1].isupper()) or p in {"str"}))


@dataclass
class ImportReport:
    structure: Structure | None = None
    counts: Counter[str] = field(default_factory=Counter)
    not_in_file: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(
            k.endswith(("created", "updated", "ended")) and v for k, v in self.counts.items()
        )

    def summary(self) -> str:
        if not self.changed:
            return "inga ändringar"
        return ", ".join(f"{k}: {v}" for k, v in sorted(self.counts.items()) if v)


def _sync(instance: models.Model, values: dict[str, Any], report: ImportReport, label: str) -> None:
    """Save `instance` with `values` if it is new or anything differs."""
    if instance.pk is None:
        for name, value in values.items():
            setattr(instance, name, value)
        instance.save()
        report.counts[f"{label} created"] += 1
        return
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    if changed:
        # An import is an edit like any other: a form or API client holding the old
        # version must get a conflict, not overwrite what the file set.
        if hasattr(instance, "lock_version"):
            instance.lock_version += 1
        instance.save()
        report.counts[f"{label} updated"] += 1


class _Importer:
    def __init__(self, document: YamlDocument, spec: schema.StructureFile):
        self.doc = document
        self.spec = spec
        self.errors: list[FileError] = []
        self.report = ImportReport()
        self.principals_by_code = {
            (p.kind, p.scb_code): p
            for p in Principal.objects.exclude(scb_code="").exclude(kind=PrincipalKind.ORGANISATION)
        }
        self.organisations: dict[str, Principal] = {}
        # Organisations declared in the file; they exist in the database only once written.
        self.organisation_keys = {o.key for o in spec.organisations}

    def error(self, loc: tuple[str | int, ...], message: str) -> None:
        self.errors.append(self.doc.error(loc, message))

    # --- references ---

    def principal(self, ref: str | None, loc: tuple[str | int, ...]) -> Principal | None:
        if ref is None:
            return None
        if ref in self.organisations:
            return self.organisations[ref]
        if ref in self.organisation_keys:
            return None
        kind = {2: PrincipalKind.REGION, 4: PrincipalKind.MUNICIPALITY}.get(len(ref))
        found = self.principals_by_code.get((kind, ref)) if ref.isdigit() and kind else None
        if found is None:
            self.error(
                loc,
                f"okänd huvudman {ref!r}: ange en SCB-kod (två siffror för en region, fyra för "
                "en kommun) eller nyckeln för en organisation under organisations",
            )
        return found

    def check_references(self) -> None:
        spec = self.spec
        keyed: tuple[tuple[str, list[Any]], ...] = (
            ("organisations", spec.organisations),
            ("people", spec.people),
            ("bodies", spec.bodies),
        )
        for kind, items in keyed:
            seen: dict[str, int] = {}
            for index, item in enumerate(items):
                if item.key in seen:
                    self.error(
                        (kind, index, "key"),
                        f"nyckeln {item.key!r} används redan ({kind}[{seen[item.key]}])",
                    )
                seen[item.key] = index
        taken = dict(
            Principal.objects.filter(slug__in=self.organisation_keys)
            .exclude(kind=PrincipalKind.ORGANISATION)
            .values_list("slug", "name")
        )
        for index, org in enumerate(spec.organisations):
            if org.key in taken:
                self.error(
                    ("organisations", index, "key"),
                    f"nyckeln {org.key!r} används redan av {taken[org.key]}; välj en annan",
                )
        region = self.principal(spec.structure.region, ("structure", "region"))
        if region is not None and region.kind != PrincipalKind.REGION:
            self.error(("structure", "region"), f"{region} är ingen region")
        people = {p.key for p in spec.people}
        for index, person in enumerate(spec.people):
            self.principal(person.employer, ("people", index, "employer"))
        users = {
            u.username: getattr(getattr(u, "person", None), "key", None)
            for u in User.objects.filter(
                username__in=[p.email.lower() for p in spec.people if p.email]
            ).select_related("person")
        }
        for index, key in enumerate(spec.coordinators):
            if key not in people:
                self.error(("coordinators", index), f"okänd person {key!r}")
                continue
            email = next(p.email for p in spec.people if p.key == key).lower()
            owner = users.get(email)
            if email in users and owner not in (None, key):
                self.error(
                    ("coordinators", index),
                    f"kontot {email} hör redan till en annan person ({owner}); ge koordinatorn "
                    "en egen e-postadress",
                )
            elif not next(p for p in spec.people if p.key == key).email:
                self.error(
                    ("coordinators", index),
                    f"koordinatorn {key!r} behöver en e-postadress för att kunna logga in",
                )
        bodies = {b.key: b for b in spec.bodies}
        for index, body in enumerate(spec.bodies):
            loc: tuple[str | int, ...] = ("bodies", index)
            if body.parent is not None and body.parent not in bodies:
                self.error((*loc, "parent"), f"okänd grupp {body.parent!r}")
            municipality = self.principal(body.municipality, (*loc, "municipality"))
            if municipality is not None and municipality.kind != PrincipalKind.MUNICIPALITY:
                self.error((*loc, "municipality"), f"{municipality} är ingen kommun")
            if body.charter is not None:
                rules = body.charter.rules
                cloc = (*loc, "charter", "rules")
                for j, rule in enumerate(rules.composition):
                    self.principal(rule.principal, (*cloc, "composition", j, "principal"))
                refs: list[tuple[tuple[str | int, ...], str | None]] = [
                    ((*cloc, "reporting", j, "to"), d.to) for j, d in enumerate(rules.reporting)
                ]
                refs += [
                    ((*cloc, "role_links", j, "to"), r.to) for j, r in enumerate(rules.role_links)
                ]
                refs.append(((*cloc, "cases", "escalates_to"), rules.cases.escalates_to))
                for ref_loc, ref in refs:
                    if ref is None:
                        continue
                    if ref == "parent" and body.parent is None:
                        self.error(ref_loc, "gruppen har ingen uppdragsgivare att hänvisa till")
                    elif ref != "parent" and ref not in bodies:
                        self.error(ref_loc, f"okänd grupp {ref!r}")
            for j, member in enumerate(body.members):
                mloc = (*loc, "members", j)
                if member.person not in people:
                    self.error((*mloc, "person"), f"okänd person {member.person!r}")
                if member.ex_officio_for and member.ex_officio_for not in bodies:
                    self.error((*mloc, "ex_officio_for"), f"okänd grupp {member.ex_officio_for!r}")
                self.principal(member.principal, (*mloc, "principal"))
                if member.substitute_for and member.substitute_for not in people:
                    self.error((*mloc, "substitute_for"), f"okänd person {member.substitute_for!r}")
        # A commissioning chain must end: no body may (indirectly) commission itself.
        for index, body in enumerate(spec.bodies):
            seen_keys = {body.key}
            parent = body.parent
            while parent in bodies:
                if parent in seen_keys:
                    self.error(("bodies", index, "parent"), "uppdragsgivarna bildar en cirkel")
                    break
                seen_keys.add(parent)
                parent = bodies[parent].parent

    # --- writes ---

    def write(self) -> None:
        spec = self.spec
        info = spec.structure
        structure = Structure.objects.filter(slug=info.key).first() or Structure(slug=info.key)
        region = self.principal(info.region, ("structure", "region"))
        _sync(
            structure,
            {
                "name": info.name,
                "region": region,
                "description": info.description,
                "website": info.website,
                "source_file": Path(self.doc.path).name,
            },
            self.report,
            "structures",
        )
        self.report.structure = structure

        for org in spec.organisations:
            principal = Principal.objects.filter(
                slug=org.key, kind=PrincipalKind.ORGANISATION
            ).first() or Principal(
                slug=org.key,
                kind=PrincipalKind.ORGANISATION,
                county_code=region.county_code if region else "",
            )
            _sync(
                principal,
                {"name": org.name, "short_name": org.short_name, "org_type": org.org_type},
                self.report,
                "organisations",
            )
            self.organisations[org.key] = principal

        people: dict[str, Person] = {
            p.key: p for p in Person.objects.filter(key__in=[p.key for p in spec.people])
        }
        for index, person_spec in enumerate(spec.people):
            person = people.get(person_spec.key) or Person(key=person_spec.key)
            _sync(
                person,
                {
                    "first_name": person_spec.first_name,
                    "last_name": person_spec.last_name,
                    "title": person_spec.title,
                    "employer": self.principal(person_spec.employer, ("people", index, "employer")),
                    "email": person_spec.email,
                    "phone": person_spec.phone,
                },
                self.report,
                "people",
            )
            people[person_spec.key] = person

        for key in spec.coordinators:
            person = people[key]
            if person.user is None:
                username = person.email.lower()
                user = User.objects.filter(username=username).first()
                if user is None:
                    user = User.objects.create_user(
                        username=username,
                        email=person.email,
                        first_name=person.first_name,
                        last_name=person.last_name,
                    )
                    user.set_unusable_password()
                    user.save()
                    self.report.counts["users created"] += 1
                person.user = user
                person.save(update_fields=["user"])
            if not structure.coordinators.filter(pk=person.user.pk).exists():
                structure.coordinators.add(person.user)
                self.report.counts["coordinators added"] += 1

        existing = {b.key: b for b in Body.objects.filter(structure=structure)}
        bodies: dict[str, Body] = {}
        for index, item in enumerate(spec.bodies):
            body = existing.get(item.key) or Body(structure=structure, key=item.key)
            values: dict[str, Any] = {}
            # A parent declared earlier in the file is known now; a later one is set below.
            if item.parent is None or item.parent in bodies:
                values["parent"] = bodies[item.parent] if item.parent else None
            _sync(
                body,
                {
                    **values,
                    "name": item.name,
                    "short_name": item.short_name,
                    "kind": item.kind,
                    "level": item.level,
                    "municipality": self.principal(
                        item.municipality, ("bodies", index, "municipality")
                    ),
                    "mandate": item.mandate,
                    "duration": item.duration,
                    "end_date": item.end_date,
                    "description": item.description,
                    "position": index,
                },
                self.report,
                "bodies",
            )
            bodies[item.key] = body
        for item in spec.bodies:
            body = bodies[item.key]
            parent = bodies[item.parent] if item.parent else None
            if body.parent_id != (parent.pk if parent else None):
                body.parent = parent
                body.lock_version += 1
                body.save(update_fields=["parent", "lock_version", "updated_at"])
                self.report.counts["bodies updated"] += 1
        self.report.not_in_file = sorted(set(existing) - set(bodies))

        for index, item in enumerate(spec.bodies):
            body = bodies[item.key]
            charter = None
            if item.charter is not None:
                charter = self.write_charter(
                    body, item.charter, bodies, ("bodies", index, "charter")
                )
            self.write_members(body, item, charter, people, bodies, index)

    def write_charter(
        self,
        body: Body,
        spec: schema.CharterSpec,
        bodies: dict[str, Body],
        loc: tuple[str | int, ...],
    ) -> Charter:
        rules = spec.rules

        def ref(key: str) -> Body:
            return bodies[item_parent] if key == "parent" and item_parent else bodies[key]

        item_parent = body.parent.key if body.parent else None
        month = day = None
        if rules.meetings.booking_deadline:
            month, day = (int(x) for x in rules.meetings.booking_deadline.split("-"))
        values: dict[str, Any] = {
            "status": CharterStatus.IN_FORCE,
            "title": spec.title,
            "registry_number": spec.registry_number,
            "document_owner": spec.document_owner,
            "created_by_text": spec.created_by,
            "decided_by": spec.decided_by,
            "decided_on": spec.decided_on,
            "valid_until": spec.valid_until,
            "next_revision": spec.next_revision,
            "revision_interval_months": spec.revision_interval_months,
            "purpose": spec.purpose,
            "goals": spec.goals,
            "target_groups": spec.target_groups,
            "tasks": spec.tasks,
            "mandate_text": spec.mandate_text,
            "governing_documents": spec.governing_documents,
            "sections": [s.model_dump() for s in spec.sections],
            "meetings_min_per_year": rules.meetings.min_per_year,
            "meetings_max_per_year": rules.meetings.max_per_year,
            "meetings_min_per_quarter": rules.meetings.min_per_quarter,
            "meetings_planned_per_year": rules.meetings.planned_per_year,
            "booking_deadline_month": month,
            "booking_deadline_day": day,
            "meeting_form": rules.meetings.form,
            "meeting_forms_revised_yearly": rules.meetings.forms_revised_yearly,
            "guests_may_be_invited": rules.meetings.guests_may_be_invited,
            "follows_parent_calendar": rules.meetings.follows_parent_calendar,
            "document_lead_value": rules.documents.lead_time,
            "document_lead_unit": rules.documents.unit or "",
            "document_lead_approximate": rules.documents.approximate,
            "items_need_description_and_proposal": rules.documents.items_need_description_and_proposal,
            "items_need_description": rules.documents.items_need_description,
            "documents_sent_by": rules.documents.sent_by,
            "chair_rotation": rules.leadership.chair_rotation,
            "chair_rotation_extendable": rules.leadership.extendable_by_decision,
            "chair_and_vice_chair_from_different_principals": rules.leadership.different_principals,
            "chair_principal_kind": rules.leadership.chair_from or "",
            "chair_principal_kind_may_share": rules.leadership.may_share,
            "convener": rules.leadership.convener,
            "chair_owns_agenda": rules.leadership.chair_owns_agenda,
            "chair_term_years": rules.leadership.chair_term_years,
            "substitutes": rules.members.substitutes,
            "substitute_called_by_member": rules.members.substitute_called_by_member,
            "members_need_mandate": rules.members.need_mandate,
            "member_term_years": rules.members.term_years,
            "new_members_reported_to": rules.members.new_members_reported_to,
            "minutes_taken_by": rules.minutes.taken_by,
            "minutes_approval": rules.minutes.approval,
            "minutes_public": rules.minutes.public,
            "minutes_published_at": rules.minutes.published_at,
            "minutes_distributed_to_all": rules.minutes.distributed_to_all,
            "minutes_template_required": rules.minutes.template_required,
            "decisions_followed_up_in_next_minutes": rules.minutes.decisions_followed_up_in_next_minutes,
            "keeps_balance_list": rules.cases.balance_list,
            "escalates_to": ref(rules.cases.escalates_to) if rules.cases.escalates_to else None,
            "may_appoint_working_groups": rules.cases.may_appoint_working_groups,
            "working_groups_may_include_outsiders": rules.cases.working_groups_may_include_outsiders,
            "recommendations_routed_by": rules.cases.recommendations_routed_by,
            "duties": [d.model_dump(mode="json", exclude_none=True) for d in rules.duties],
            "working_groups_review_months": rules.cases.working_groups_review_months,
            "assignment_headings": rules.cases.assignment_headings,
            "assignment_needs_responsible": rules.cases.assignment_needs_responsible,
            "internal_evaluation_yearly": rules.follow_up.internal_evaluation_yearly,
            "mandate_review_by": rules.follow_up.mandate_review_by,
            "implementation_plan": rules.follow_up.implementation_plan,
            "implementation_followup_on": rules.follow_up.implementation_followup_on,
            "citations": spec.citations,
            "notes": spec.notes,
        }
        charter = Charter.objects.filter(body=body, version=spec.version).first()
        if charter is None or charter.status != CharterStatus.IN_FORCE:
            current = Charter.objects.in_force().filter(body=body).exclude(version=spec.version)
            for old in current:
                old.status = CharterStatus.SUPERSEDED
                old.lock_version += 1
                old.save(update_fields=["status", "lock_version", "updated_at"])
                self.report.counts["charters superseded"] += 1
        _sync(charter or Charter(body=body, version=spec.version), values, self.report, "charters")
        charter = Charter.objects.get(body=body, version=spec.version)

        composition = [
            {
                "position": j,
                "principal_kind": rule.principal_kind or "",
                "principal_id": (
                    p.pk
                    if (
                        p := self.principal(
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
        self.replace_children(charter, CompositionRule, composition, "composition")
        self.replace_children(charter, StandingAgendaItem, standing, "standing agenda items")
        self.replace_children(charter, ReportingDuty, reporting, "reporting duties")
        self.replace_children(charter, RoleLink, links, "role links")
        return charter

    def replace_children(
        self, charter: Charter, model: type[Any], rows: list[dict[str, Any]], label: str
    ) -> None:
        names = list(rows[0]) if rows else []
        existing = (
            list(model.objects.filter(charter=charter).order_by("pk").values(*names))
            if rows
            else None
        )  # type: ignore[attr-defined]
        if rows and existing == rows:
            return
        if not rows and not model.objects.filter(charter=charter).exists():  # type: ignore[attr-defined]
            return
        model.objects.filter(charter=charter).delete()  # type: ignore[attr-defined]
        model.objects.bulk_create([model(charter=charter, **row) for row in rows])  # type: ignore[attr-defined]
        self.report.counts[f"{label} replaced"] += 1

    def write_members(
        self,
        body: Body,
        item: schema.BodySpec,
        charter: Charter | None,
        people: dict[str, Person],
        bodies: dict[str, Body],
        index: int,
    ) -> None:
        current = list(Membership.objects.filter(body=body).select_related("person", "principal"))
        matched: list[tuple[Membership, tuple[str | int, ...]]] = []
        seats: dict[tuple[str, int], list[Membership]] = {}
        pending_subs: list[tuple[Membership, schema.MembershipSpec, tuple[str | int, ...]]] = []
        for j, spec in enumerate(item.members):
            loc: tuple[str | int, ...] = ("bodies", index, "members", j)
            person = people[spec.person]
            principal = self.principal(spec.principal, (*loc, "principal"))
            if principal is None:
                continue
            # The same person in the same role for the same principal is the same
            # membership; the start date only tells several such periods apart.
            same = [
                m
                for m in current
                if m.person_id == person.pk
                and m.role == spec.role
                and m.principal_id == principal.pk
            ]
            membership = next((m for m in same if m.start == spec.start), None)
            if membership is None and len(same) == 1:
                membership = same[0]
            if membership is not None:
                current.remove(membership)
            else:
                membership = Membership(
                    body=body, person=person, role=spec.role, principal=principal, start=spec.start
                )
            _sync(
                membership,
                {
                    "start": spec.start,
                    "function": spec.function,
                    "end": spec.end,
                    "nominated_by": spec.nominated_by,
                    "ex_officio_for": bodies[spec.ex_officio_for] if spec.ex_officio_for else None,
                },
                self.report,
                "memberships",
            )
            matched.append((membership, loc))
            if membership.role in ("chair", "vice_chair", "member"):
                seats.setdefault((spec.person, principal.pk), []).append(membership)
            if spec.substitute_for:
                pending_subs.append((membership, spec, loc))
        for membership, spec, loc in pending_subs:
            # The seat whose period the substitute's overlaps, the latest if several do.
            candidates = [
                seat
                for seat in seats.get((spec.substitute_for or "", membership.principal_id), [])
                if periods_overlap(seat, membership)
            ]
            if not candidates:
                self.error(
                    (*loc, "substitute_for"),
                    f"{spec.substitute_for!r} har ingen plats i gruppen för samma huvudman "
                    "under ersättarens period",
                )
                continue
            seat = max(candidates, key=lambda m: m.start or datetime.date.min)
            if membership.substitute_for_id != seat.pk:
                membership.substitute_for = seat
                membership.lock_version += 1
                membership.save(update_fields=["substitute_for", "lock_version", "updated_at"])
                self.report.counts["memberships updated"] += 1
        # The file is the truth for the bodies it lists: an ongoing membership it no
        # longer holds is ended (and kept in the history), not deleted.
        today = timezone.localdate()
        for gone in current:
            if gone.end is None or gone.end >= today:
                gone.end = max(today - datetime.timedelta(days=1), gone.start or datetime.date.min)
                gone.end_reason = "Finns inte längre i strukturfilen"
                gone.lock_version += 1
                gone.save(update_fields=["end", "end_reason", "lock_version", "updated_at"])
                self.report.counts["memberships ended"] += 1
        members = [m for m, _ in matched]
        for membership, loc in matched:
            for violation in membership_violations(
                charter=charter, memberships=members, changed=membership
            ):
                self.error((*loc, violation.field), violation.message)


def structure_import(*, text: str, path: str, dry_run: bool = False) -> ImportReport:
    """Validate and import one structure file. Raises StructureFileInvalid and changes nothing on error."""
    document = YamlDocument(text, path)
    if not isinstance(document.data, dict):
        raise StructureFileInvalid(
            [
                FileError(
                    path, 1, "", "filen ska vara en YAML-mappning med structure, people och bodies"
                )
            ]
        )
    try:
        spec = schema.StructureFile.model_validate(document.data)
    except ValidationError as exc:
        errors = []
        for error in exc.errors():
            loc = _clean_loc(error["loc"])
            errors.append(
                FileError(path, document.line_of(loc), loc_to_field(loc), _pydantic_message(error))
            )
        raise StructureFileInvalid(errors) from None
    importer = _Importer(document, spec)
    importer.check_references()
    if importer.errors:
        raise StructureFileInvalid(importer.errors)
    with transaction.atomic():
        importer.write()
        if importer.errors:
            transaction.set_rollback(True)
            raise StructureFileInvalid(importer.errors)
        if dry_run:
            transaction.set_rollback(True)
    return importer.report


def structure_import_file(*, path: Path | str, dry_run: bool = False) -> ImportReport:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise StructureFileInvalid(
            [FileError(str(path), None, "", f"kan inte läsas: {exc}")]
        ) from exc
    return structure_import(text=text, path=str(path), dry_run=dry_run)
