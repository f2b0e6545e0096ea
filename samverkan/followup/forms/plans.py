"""Forms for activity plans: input shape only; the rules are in `services/plans.py`.

The people, cases and assignments offered are plain lists made once per page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from samverkan.cases.models import Assignment, Case
from samverkan.followup.models import ActivityStatus
from samverkan.lib.days import DayField
from samverkan.lib.textcheck import TextCheckedForm
from samverkan.structure.models import Person

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTAREA = forms.Textarea(attrs={"rows": 3})


UNREADABLE = "Länkat av koordinatorn (du kan inte läsa det); behålls"


def _label(linked: Case | Assignment, text: str) -> str:
    """A choice's text; a link kept from a coordinator but not readable by the editor is not
    named."""
    return UNREADABLE if getattr(linked, "unreadable", False) else text


class LockForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class PlanCreateForm(TextCheckedForm, forms.Form):
    year = forms.IntegerField(label="År", min_value=2000, max_value=2100)
    title = forms.CharField(label="Rubrik", max_length=300)
    description = forms.CharField(
        label="Beskrivning",
        widget=TEXTAREA,
        required=False,
        help_text="Vad planen bygger på, t.ex. Vårdsamverkans aktivitets- och tidplan.",
    )
    revise_by = DayField(
        label="Revideras senast",
        widget=DATE,
        required=False,
        help_text="Lämnas tomt: samma dag som förra årets plan.",
    )
    from_previous = forms.BooleanField(
        label="Utgå från förra årets plan",
        required=False,
        help_text="Aktiviteter som inte är klara eller strukna förs över till den nya planen.",
    )


class PlanEditForm(TextCheckedForm, LockForm):
    title = forms.CharField(label="Rubrik", max_length=300)
    description = forms.CharField(label="Beskrivning", widget=TEXTAREA, required=False)
    revise_by = DayField(label="Revideras senast", widget=DATE, required=False)


class RevisionForm(TextCheckedForm, LockForm):
    revised_on = DayField(label="Reviderad den", widget=DATE)
    note = forms.CharField(label="Vad revideringen ändrade", widget=TEXTAREA)


class StatusForm(LockForm):
    status = forms.ChoiceField(label="Ny status", choices=ActivityStatus.choices)


def _choices(rows: Sequence[tuple[int, str]], empty: str) -> list[tuple[Any, str]]:
    return [("", empty), *rows]


class ActivityForm(TextCheckedForm, forms.Form):
    title = forms.CharField(label="Aktivitet", max_length=300)
    description = forms.CharField(label="Beskrivning", widget=TEXTAREA, required=False)
    owner = forms.TypedChoiceField(
        label="Ansvarig person",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="Gruppens ledamöter. Någon annan i strukturen anges som text nedan eller via API:t.",
    )
    owner_text = forms.CharField(
        label="Eller ansvarig som text",
        max_length=200,
        required=False,
        help_text="En roll eller grupp, t.ex. ”Processledarna”, när ingen person är ansvarig.",
    )
    due_on = DayField(label="Klar senast", widget=DATE, required=False)
    status = forms.ChoiceField(label="Status", choices=ActivityStatus.choices)
    case = forms.TypedChoiceField(
        label="Kopplat ärende", coerce=int, required=False, empty_value=None
    )
    assignment = forms.TypedChoiceField(
        label="Kopplat uppdrag", coerce=int, required=False, empty_value=None
    )

    def __init__(
        self,
        *args: Any,
        people: Sequence[Person],
        cases: Sequence[Case],
        assignments: Sequence[Assignment],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = _choices(  # type: ignore[attr-defined]
            [(p.pk, p.full_name) for p in people], "– ingen person –"
        )
        self.fields["case"].choices = _choices(  # type: ignore[attr-defined]
            [(c.pk, _label(c, f"{c.number} {c.title}")) for c in cases], "– inget ärende –"
        )
        self.fields["assignment"].choices = _choices(  # type: ignore[attr-defined]
            [(a.pk, _label(a, a.title)) for a in assignments], "– inget uppdrag –"
        )


class ActivityEditForm(ActivityForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
