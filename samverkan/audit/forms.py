"""The administrator's search of the history."""

from __future__ import annotations

from typing import Any

from django import forms

from samverkan.audit.registry import kinds
from samverkan.lib.days import DayField

DATE = forms.DateInput(attrs={"type": "date"})


class HistorySearchForm(forms.Form):
    typ = forms.ChoiceField(label="Typ", required=False)
    id = forms.IntegerField(
        label="Id", required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput
    )
    aktor = forms.CharField(
        label="Vem",
        required=False,
        max_length=200,
        help_text="Namn, användarnamn eller e-post; ”systemet” för inläsningar och schemat.",
    )
    fran = DayField(label="Från och med", required=False, widget=DATE)
    till = DayField(label="Till och med", required=False, widget=DATE)
    text = forms.CharField(
        label="Text",
        required=False,
        max_length=200,
        help_text="Ord i namnet på det som ändrades, i händelsen eller i värdena.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        typ: Any = self.fields["typ"]
        typ.choices = [("", "Alla"), *kinds()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("fran"), data.get("till")
        if since and until and since > until:
            self.add_error("till", "Slutdatumet ligger före startdatumet.")
        return data
