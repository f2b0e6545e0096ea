"""The search form: words and three filters, read from the query string."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.urls import reverse

from samverkan.lib.textcheck import TextCheckedForm
from samverkan.search.text import MAX_QUERY_CHARS
from samverkan.structure.models import Body, Structure


def body_choices(bodies: list[Body]) -> list[tuple[Any, str]]:
    return [("", "Alla grupper")] + [(b.pk, b.name) for b in bodies]


class SearchForm(TextCheckedForm, forms.Form):
    q = forms.CharField(
        label="Sökord",
        required=False,
        help_text='Skriv "citattecken" runt en fras, - framför ett ord som inte ska finnas '
        "och or mellan alternativ.",
        widget=forms.TextInput(
            attrs={"type": "search", "maxlength": MAX_QUERY_CHARS, "enterkeyhint": "search"}
        ),
    )
    structure = forms.TypedChoiceField(
        label="Struktur", required=False, coerce=int, empty_value=None
    )
    body = forms.TypedChoiceField(
        label="Grupp",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="Välj en struktur för att se dess grupper.",
    )
    year = forms.TypedChoiceField(label="År", required=False, coerce=int, empty_value=None)

    def __init__(
        self,
        data: Any,
        *,
        structures: list[Structure],
        bodies: list[Body],
        years: list[int],
    ) -> None:
        super().__init__(data)
        self.structures = {s.pk: s for s in structures}
        self.bodies = {b.pk: b for b in bodies}
        self._choices("structure", [("", "Alla strukturer")] + [(s.pk, s.name) for s in structures])
        # Only the chosen structure's groups (`bodies`): the whole installation's would make
        # every search page as long as the country.
        self._choices("body", body_choices(bodies))
        # With htmx the body filter follows the structure at once; without, after a search.
        self.fields["structure"].widget.attrs.update(
            {
                "data-hx-get": reverse("search:body_options"),
                "data-hx-trigger": "change",
                "data-hx-target": "#id_body",
                "aria-controls": "id_body",
            }
        )
        self._choices("year", [("", "Alla år")] + [(y, str(y)) for y in years])

    def _choices(self, name: str, choices: list[Any]) -> None:
        cast(forms.ChoiceField, self.fields[name]).choices = choices

    def filters(self) -> dict[str, Any]:
        """The valid parts of what was asked; a field with an error is left out."""
        data = self.cleaned_data if self.is_bound else {}
        return {
            "query": data.get("q") or "",
            "structure": self.structures.get(data.get("structure") or 0),
            "body": self.bodies.get(data.get("body") or 0),
            "year": data.get("year"),
        }
