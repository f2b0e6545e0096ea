"""Forms for appointments over time: replacing a member, and the body on a coming day."""

from __future__ import annotations

from typing import Any

from django import forms

from samverkan.lib.days import DayField
from samverkan.lib.textcheck import TextCheckedForm
from samverkan.structure.models import Body, Person
from samverkan.structure.services import SubstituteChoice
from samverkan.work.forms.fields import DATE
from samverkan.work.forms.people import (
    check_new_person,
    employers,
    new_person_fields,
    person_choices,
)

SUBSTITUTE_CHOICES = [
    (SubstituteChoice.KEEP, "Ersättaren blir ersättare för efterträdaren"),
    (SubstituteChoice.END, "Ersättarens uppdrag avslutas också"),
    (SubstituteChoice.OTHER, "En annan person blir ersättare för efterträdaren"),
]


class ReplaceForm(TextCheckedForm, forms.Form):
    last_day = DayField(label="Sista dag för nuvarande ledamot", widget=DATE)
    successor = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, label="Efterträdare"
    )
    new_first_name, new_last_name, new_title, new_email, new_employer = new_person_fields()
    reason = forms.CharField(label="Anledning", required=False, max_length=300)
    substitutes = forms.ChoiceField(
        label="Ersättaren",
        choices=SUBSTITUTE_CHOICES,
        widget=forms.RadioSelect,
        initial=SubstituteChoice.KEEP,
        required=False,
    )
    substitute_person = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, label="Ny ersättare"
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        body: Body,
        has_substitutes: bool,
        others: bool = False,
        q: str = "",
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        structure = body.structure
        people = Person.objects.select_related("employer")
        for name, empty in (("successor", "Ny person (fyll i nedan)"), ("substitute_person", "–")):
            self.fields[name].queryset = people  # type: ignore[attr-defined]
            self.fields[name].choices = person_choices(  # type: ignore[attr-defined]
                structure, others=others, q=q, empty=empty
            )
        self.fields["new_employer"].queryset = employers(structure)  # type: ignore[attr-defined]
        self.has_substitutes = has_substitutes
        if not has_substitutes:
            del self.fields["substitutes"]
            del self.fields["substitute_person"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_new_person(self, data, "successor")
        if self.has_substitutes:
            data["substitutes"] = data.get("substitutes") or SubstituteChoice.KEEP
            if data["substitutes"] == SubstituteChoice.OTHER and not data.get("substitute_person"):
                self.add_error("substitute_person", "Välj vem som blir ny ersättare.")
        return data


class DayForm(forms.Form):
    fran = DayField(label="Visa sammansättningen från", widget=DATE, required=False)
