"""Choosing a person for an appointment: the structure's own people first, others on request,
and a new person with the employer the register needs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet

from samverkan.structure.membership_selectors import picker_people
from samverkan.structure.models import Person, Principal, PrincipalKind, Structure
from samverkan.structure.services import structure_principals

NEW_PERSON_FIELDS = ("new_first_name", "new_last_name", "new_title", "new_email", "new_employer")


def person_label(person: Person) -> str:
    employer = person.employer
    where = f" ({employer.short_name or employer.name})" if employer else ""
    return f"{person.last_name}, {person.first_name}{where}"


def person_choices(structure: Structure, *, others: bool, q: str, empty: str) -> list[Any]:
    """The picker's options: the structure's people, then (if asked) everyone else, in groups."""
    people = picker_people(structure=structure, q=q, others=others)
    choices: list[Any] = [("", empty)]
    if people.own:
        choices.append((f"I {structure.name}", [(p.pk, person_label(p)) for p in people.own]))
    if people.others:
        choices.append(("Andra strukturer", [(p.pk, person_label(p)) for p in people.others]))
    return choices


def employers(
    structure: Structure, *, principals: list[Principal] | None = None
) -> QuerySet[Principal]:
    """Where a new person may work: the structure's region and municipalities, or any
    organisation (`principals`: the structure's, if the caller has read them already)."""
    own = [p.pk for p in (structure_principals(structure) if principals is None else principals)]
    return Principal.objects.filter(Q(pk__in=own) | Q(kind=PrincipalKind.ORGANISATION)).order_by(
        "kind", "name"
    )


def new_person_fields() -> tuple[
    forms.CharField, forms.CharField, forms.CharField, forms.EmailField, forms.ModelChoiceField
]:
    """The fields of a new person (`NEW_PERSON_FIELDS`), for a form that offers one; a
    function so that each form gets its own fields, in the order it declares them."""
    return (
        forms.CharField(label="Förnamn (ny person)", required=False, max_length=100),
        forms.CharField(label="Efternamn (ny person)", required=False, max_length=100),
        forms.CharField(label="Befattning (ny person)", required=False, max_length=200),
        forms.EmailField(label="E-post (ny person)", required=False),
        forms.ModelChoiceField(
            queryset=Principal.objects.none(),
            required=False,
            label="Arbetsgivare (ny person)",
            empty_label="Välj arbetsgivare",
        ),
    )


def check_new_person(form: forms.Form, data: dict[str, Any], field: str) -> None:
    """Without a chosen person, the new one needs a first and last name and an employer."""
    if data.get(field):
        return
    if not (data.get("new_first_name") and data.get("new_last_name")):
        form.add_error(field, "Välj en person eller fyll i för- och efternamn för en ny person.")
    elif not data.get("new_employer"):
        form.add_error("new_employer", "Välj den nya personens arbetsgivare.")


def new_person_values(data: dict[str, Any]) -> dict[str, Any]:
    """The new person's fields as `person_create` takes them."""
    return {
        "first_name": data["new_first_name"],
        "last_name": data["new_last_name"],
        "title": data["new_title"],
        "email": data["new_email"],
        "employer": data["new_employer"],
    }
