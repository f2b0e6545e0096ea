"""The import's second phase: write the structure, its organisations, people and bodies.

Rows are only saved when a value differs, so that importing the same file twice
changes nothing the second time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.models import User

from samverkan.audit.services import record_update, snapshot
from samverkan.structure import selectors
from samverkan.structure.importer.charters import write_charter
from samverkan.structure.importer.context import IMPORTED, ImportContext, sync
from samverkan.structure.importer.members import write_members
from samverkan.structure.models import Body, Person, Principal, PrincipalKind, Structure


def write(ctx: ImportContext) -> None:
    spec = ctx.spec
    info = spec.structure
    structure = Structure.objects.filter(slug=info.key).first() or Structure(slug=info.key)
    region = ctx.principal(info.region, ("structure", "region"))
    sync(
        structure,
        {
            "name": info.name,
            "region": region,
            "description": info.description,
            "website": info.website,
            "source_file": Path(ctx.doc.path).name,
        },
        ctx.report,
        "structures",
    )
    ctx.report.structure = structure

    existing_orgs = selectors.organisations_by_slug(slugs=[o.key for o in spec.organisations])
    for org in spec.organisations:
        principal = existing_orgs.get(org.key) or Principal(
            slug=org.key,
            kind=PrincipalKind.ORGANISATION,
            county_code=region.county_code if region else "",
        )
        sync(
            principal,
            {"name": org.name, "short_name": org.short_name, "org_type": org.org_type},
            ctx.report,
            "organisations",
        )
        ctx.organisations[org.key] = principal

    people = _write_people(ctx)
    _write_coordinators(ctx, structure, people)
    bodies = _write_bodies(ctx, structure)

    memberships = selectors.memberships_by_body(bodies=list(bodies.values()))
    for index, item in enumerate(spec.bodies):
        body = bodies[item.key]
        charter = None
        if item.charter is not None:
            charter = write_charter(ctx, body, item.charter, bodies, ("bodies", index, "charter"))
        write_members(
            ctx,
            body,
            item,
            charter,
            current=memberships.get(body.pk, []),
            people=people,
            bodies=bodies,
            index=index,
        )


def _write_people(ctx: ImportContext) -> dict[str, Person]:
    spec = ctx.spec
    people = selectors.people_by_key(keys=[p.key for p in spec.people])
    for index, person_spec in enumerate(spec.people):
        person = people.get(person_spec.key) or Person(key=person_spec.key)
        sync(
            person,
            {
                "first_name": person_spec.first_name,
                "last_name": person_spec.last_name,
                "title": person_spec.title,
                "employer": ctx.principal(person_spec.employer, ("people", index, "employer")),
                "email": person_spec.email,
                "phone": person_spec.phone,
            },
            ctx.report,
            "people",
        )
        people[person_spec.key] = person
    return people


def _write_coordinators(
    ctx: ImportContext, structure: Structure, people: dict[str, Person]
) -> None:
    """Each coordinator gets an account named by their email, made if there is none."""
    for key in ctx.spec.coordinators:
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
                ctx.report.counts["users created"] += 1
            person.user = user
            person.save(update_fields=["user"])
        if not structure.coordinators.filter(pk=person.user.pk).exists():
            structure.coordinators.add(person.user)
            ctx.report.counts["coordinators added"] += 1


def _write_bodies(ctx: ImportContext, structure: Structure) -> dict[str, Body]:
    spec = ctx.spec
    existing = selectors.bodies_by_key(structure=structure)
    bodies: dict[str, Body] = {}
    for index, item in enumerate(spec.bodies):
        body = existing.get(item.key) or Body(structure=structure, key=item.key)
        values: dict[str, Any] = {}
        # A parent declared earlier in the file is known now; a later one is set below.
        if item.parent is None or item.parent in bodies:
            values["parent"] = bodies[item.parent] if item.parent else None
        sync(
            body,
            {
                **values,
                "name": item.name,
                "short_name": item.short_name,
                "kind": item.kind,
                "level": item.level,
                "municipality": ctx.principal(item.municipality, ("bodies", index, "municipality")),
                "mandate": item.mandate,
                "duration": item.duration,
                "end_date": item.end_date,
                "description": item.description,
                "position": index,
            },
            ctx.report,
            "bodies",
        )
        bodies[item.key] = body
    for item in spec.bodies:
        body = bodies[item.key]
        parent = bodies[item.parent] if item.parent else None
        if body.parent_id != (parent.pk if parent else None):
            before = snapshot(body)
            body.parent = parent
            body.lock_version += 1
            body.save(update_fields=["parent", "lock_version", "updated_at"])
            record_update(by=None, obj=body, before=before, note=IMPORTED)
            ctx.report.counts["bodies updated"] += 1
    ctx.report.not_in_file = sorted(set(existing) - set(bodies))
    return bodies
