"""Forms for governing documents: input shape only; the rules are in `services.py`.

The documents and bodies offered are plain lists made once per page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from samverkan.governing.models import DocumentKind, GoverningDocument, ImplementationStatus
from samverkan.lib.days import DayField
from samverkan.lib.textcheck import TextCheckedForm
from samverkan.structure.models import Body

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ACCEPT = ".pdf,.docx,.xlsx,.odt"


class DocumentForm(TextCheckedForm, forms.Form):
    title = forms.CharField(label="Titel", max_length=300)
    kind = forms.ChoiceField(label="Typ", choices=DocumentKind.choices)
    version = forms.CharField(label="Version", max_length=20, required=False)
    owner = forms.CharField(
        label="Dokumentägare", max_length=200, required=False, help_text="T.ex. Samverkan Blekinge"
    )
    decided_by = forms.CharField(label="Beslutad av", max_length=200, required=False)
    decided_on = DayField(label="Beslutsdatum", required=False, widget=DATE)
    valid_until = DayField(label="Giltig till och med", required=False, widget=DATE)
    next_revision = DayField(
        label="Nästa revidering",
        required=False,
        widget=DATE,
        help_text="Regelkontrollen påminner koordinatorerna 60 dagar före.",
    )
    summary = forms.CharField(
        label="Kort beskrivning", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    url = forms.CharField(
        label="Länk till dokumentet",
        max_length=500,
        required=False,
        widget=forms.URLInput,
        help_text="Där dokumentet finns publicerat, om det inte laddas upp här.",
    )
    file = forms.FileField(
        label="Fil",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text="PDF, Word (.docx), Excel (.xlsx) eller OpenDocument-text (.odt).",
    )
    remove_file = forms.BooleanField(label="Ta bort den uppladdade filen", required=False)
    parent = forms.TypedChoiceField(
        label="Överordnat dokument", coerce=int, required=False, empty_value=None
    )
    commissioned_by = forms.TypedChoiceField(
        label="Uppdragsgivare för implementeringen",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="Gruppen som ger uppdraget att implementera och följer det i sin matris.",
    )
    public = forms.BooleanField(
        label="Publik: visas på den publika webbplatsen", required=False, initial=True
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(
        self,
        *args: Any,
        documents: Sequence[GoverningDocument],
        bodies: Sequence[Body],
        has_file: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", "– inget –")] + [  # type: ignore[attr-defined]
            (d.pk, d.title) for d in documents
        ]
        self.fields["commissioned_by"].choices = [("", "– ingen –")] + [  # type: ignore[attr-defined]
            (b.pk, b.name) for b in bodies
        ]
        if not has_file:
            del self.fields["remove_file"]


class ImplementersForm(forms.Form):
    bodies = forms.TypedMultipleChoiceField(
        label="Grupper som ska implementera dokumentet",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    confirm_removal = forms.BooleanField(
        label="Ta bort även grupper som redan har kommit igång (det de har gjort finns kvar i "
        "historiken)",
        required=False,
    )

    def __init__(self, *args: Any, bodies: Sequence[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bodies"].choices = [(b.pk, b.name) for b in bodies]  # type: ignore[attr-defined]


class ImplementationForm(TextCheckedForm, forms.Form):
    status = forms.ChoiceField(label="Status", choices=ImplementationStatus.choices)
    planned_on = DayField(label="Planerad till", required=False, widget=DATE)
    implemented_on = DayField(label="Implementerad", required=False, widget=DATE)
    followed_up_on = DayField(label="Uppföljd", required=False, widget=DATE)
    note = forms.CharField(
        label="Kommentar", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class CharterLinksForm(forms.Form):
    """One choice per entry of a charter's list of governing documents."""

    def __init__(
        self,
        *args: Any,
        entries: Sequence[str],
        documents: Sequence[GoverningDocument],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "– inte kopplad –")] + [(d.pk, d.title) for d in documents]
        for position, entry in enumerate(entries):
            self.fields[f"entry_{position}"] = forms.TypedChoiceField(
                label=entry, choices=choices, coerce=int, required=False, empty_value=None
            )

    def chosen(self) -> dict[int, int | None]:
        return {
            int(name.removeprefix("entry_")): value for name, value in self.cleaned_data.items()
        }
