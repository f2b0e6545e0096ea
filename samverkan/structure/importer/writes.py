"""The import's second phase: write the structure, its organisations, people and bodies.

Every kind of row is read in one query, compared in Python and written in bulk (`Batch`),
so that an import costs a handful of queries whatever the number of bodies, and importing
the same file twice changes nothing the second time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.models import User

from samverkan.structure import selectors
from samverkan.structure.importer.charters import write_charters
from samverkan.structure.importer.context import ImportContext
from samverkan.structure.importer.members import write_members
from samverkan.structure.models import Body, Person, Principal, PrincipalKind, Structure


def write(ctx: ImportContext) -> None:
    spec = ctx.spec
    batch = ctx.batch
    info = spec.structure
    structure = Structure.objects.filter(slug=info.key).first() or Structure(slug=info.key)
    region = ctx.principal(info.region, ("structure", "region"))
    batch.sync(
        structure,
        {
            "name": info.name,
            "region": region,
            "description": info.description,
            "website": info.website,
            "source_file": Path(ctx.doc.path).name,
        },
        "structures",
    )

    existing_orgs = selectors.organisations_by_slug(slugs=[o.key for o in spec.organisations])
    for org in spec.organisations:
        principal = existing_orgs.get(org.key) or Principal(
            slug=org.key,
            kind=PrincipalKind.ORGANISATION,
            county_code=region.county_code if region else "",
        )
        batch.sync(
            principal,
            {"name": org.name, "short_name": org.short_name, "org_type": org.org_type},
            "organisations",
        )
        ctx.organisations[org.key] = principal
    batch.save()
    ctx.report.structure = structure

    people = _write_people(ctx)
    batch.save()
    _write_coordinators(ctx, structure, people)
    bodies = _write_bodies(ctx, structure)
    # The history of the structure, organisations, people and bodies; the charters' and
    # memberships' follow with theirs.
    batch.record()
    write_charters(ctx, bodies)
    write_members(ctx, people=people, bodies=bodies)


def _write_people(ctx: ImportContext) -> dict[str, Person]:
    spec = ctx.spec
    people = selectors.people_by_key(keys=[p.key for p in spec.people])
    for index, person_spec in enumerate(spec.people):
        person = people.get(person_spec.key) or Person(key=person_spec.key)
        ctx.batch.sync(
            person,
            {
                "first_name": person_spec.first_name,
                "last_name": person_spec.last_name,
                "title": person_spec.title,
                "employer": ctx.principal(person_spec.employer, ("people", index, "employer")),
                "email": person_spec.email,
                "phone": person_spec.phone,
            },
            "people",
        )
        people[person_spec.key] = person
    return people


def _write_coordinators(
    ctx: ImportContext, structure: Structure, people: dict[str, Person]
) -> None:
    """Each coordinator gets an account named by their email, made if there is none."""
    if not ctx.spec.coordinators:
        return
    coordinators = set(structure.coordinators.values_list("pk", flat=True))
    for key in ctx.spec.coordinators:
        person = people[key]
        user_id = person.user_id
        if user_id is None:
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
            user_id = user.pk
        if user_id not in coordinators:
            structure.coordinators.add(user_id)
            coordinators.add(user_id)
            ctx.report.counts["coordinators added"] += 1


def _write_bodies(ctx: ImportContext, structure: Structure) -> dict[str, Body]:
    spec = ctx.spec
    batch = ctx.batch
    existing = selectors.bodies_by_key(structure=structure)
    bodies: dict[str, Body] = {}
    for index, item in enumerate(spec.bodies):
        body = existing.get(item.key) or Body(structure=structure, key=item.key)
        values: dict[str, Any] = {}
        # A parent known now (one in the database already) is set with the rest; a new
        # one gets its id when the bodies are saved, and is set below.
        parent = (existing.get(item.parent) or bodies.get(item.parent)) if item.parent else None
        if item.parent is None or (parent is not None and parent.pk is not None):
            values["parent"] = parent
        batch.sync(
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
            "bodies",
        )
        bodies[item.key] = body
    batch.save()
    for item in spec.bodies:
        body = bodies[item.key]
        parent = bodies[item.parent] if item.parent else None
        if body.parent_id != (parent.pk if parent else None):
            batch.change(body, {"parent": parent}, "bodies")
        else:
            # Known without a query when the charters name "parent".
            body.parent = parent
    batch.save()
    ctx.report.not_in_file = sorted(set(existing) - set(bodies))
    return bodies
