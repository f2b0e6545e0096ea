"""The import's first phase: every key unique and every reference known, before any write."""

from __future__ import annotations

from typing import Any

from samverkan.structure import selectors
from samverkan.structure.importer.context import ImportContext, Loc
from samverkan.structure.models import PrincipalKind


def check_references(ctx: ImportContext) -> None:
    spec = ctx.spec
    keyed: tuple[tuple[str, list[Any]], ...] = (
        ("organisations", spec.organisations),
        ("people", spec.people),
        ("bodies", spec.bodies),
    )
    for kind, items in keyed:
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            if item.key in seen:
                ctx.error(
                    (kind, index, "key"),
                    f"nyckeln {item.key!r} används redan ({kind}[{seen[item.key]}])",
                )
            seen[item.key] = index
    taken = selectors.registered_principal_names(slugs=ctx.organisation_keys)
    for index, org in enumerate(spec.organisations):
        if org.key in taken:
            ctx.error(
                ("organisations", index, "key"),
                f"nyckeln {org.key!r} används redan av {taken[org.key]}; välj en annan",
            )
    region = ctx.principal(spec.structure.region, ("structure", "region"))
    if region is not None and region.kind != PrincipalKind.REGION:
        ctx.error(("structure", "region"), f"{region} är ingen region")
    people = {p.key for p in spec.people}
    for index, person in enumerate(spec.people):
        ctx.principal(person.employer, ("people", index, "employer"))
    _check_coordinators(ctx, people)
    bodies = {b.key: b for b in spec.bodies}
    for index, body in enumerate(spec.bodies):
        loc: Loc = ("bodies", index)
        if body.parent is not None and body.parent not in bodies:
            ctx.error((*loc, "parent"), f"okänd grupp {body.parent!r}")
        municipality = ctx.principal(body.municipality, (*loc, "municipality"))
        if municipality is not None and municipality.kind != PrincipalKind.MUNICIPALITY:
            ctx.error((*loc, "municipality"), f"{municipality} är ingen kommun")
        if body.charter is not None:
            rules = body.charter.rules
            cloc = (*loc, "charter", "rules")
            for j, rule in enumerate(rules.composition):
                ctx.principal(rule.principal, (*cloc, "composition", j, "principal"))
            refs: list[tuple[Loc, str | None]] = [
                ((*cloc, "reporting", j, "to"), d.to) for j, d in enumerate(rules.reporting)
            ]
            refs += [((*cloc, "role_links", j, "to"), r.to) for j, r in enumerate(rules.role_links)]
            refs.append(((*cloc, "cases", "escalates_to"), rules.cases.escalates_to))
            for ref_loc, ref in refs:
                if ref is None:
                    continue
                if ref == "parent" and body.parent is None:
                    ctx.error(ref_loc, "gruppen har ingen uppdragsgivare att hänvisa till")
                elif ref != "parent" and ref not in bodies:
                    ctx.error(ref_loc, f"okänd grupp {ref!r}")
        for j, member in enumerate(body.members):
            mloc = (*loc, "members", j)
            if member.person not in people:
                ctx.error((*mloc, "person"), f"okänd person {member.person!r}")
            if member.ex_officio_for and member.ex_officio_for not in bodies:
                ctx.error((*mloc, "ex_officio_for"), f"okänd grupp {member.ex_officio_for!r}")
            ctx.principal(member.principal, (*mloc, "principal"))
            if member.substitute_for and member.substitute_for not in people:
                ctx.error((*mloc, "substitute_for"), f"okänd person {member.substitute_for!r}")
    # A commissioning chain must end: no body may (indirectly) commission itself.
    for index, body in enumerate(spec.bodies):
        seen_keys = {body.key}
        parent = body.parent
        while parent in bodies:
            if parent in seen_keys:
                ctx.error(("bodies", index, "parent"), "uppdragsgivarna bildar en cirkel")
                break
            seen_keys.add(parent)
            parent = bodies[parent].parent


def _check_coordinators(ctx: ImportContext, people: set[str]) -> None:
    """A coordinator logs in with their email: it must be there and not be someone else's."""
    spec = ctx.spec
    users = selectors.person_keys_by_username(
        usernames=[p.email.lower() for p in spec.people if p.email]
    )
    for index, key in enumerate(spec.coordinators):
        if key not in people:
            ctx.error(("coordinators", index), f"okänd person {key!r}")
            continue
        email = next(p.email for p in spec.people if p.key == key).lower()
        owner = users.get(email)
        if email in users and owner not in (None, key):
            ctx.error(
                ("coordinators", index),
                f"kontot {email} hör redan till en annan person ({owner}); ge koordinatorn "
                "en egen e-postadress",
            )
        elif not next(p for p in spec.people if p.key == key).email:
            ctx.error(
                ("coordinators", index),
                f"koordinatorn {key!r} behöver en e-postadress för att kunna logga in",
            )
