"""Forms for deviations: input shape only; the rules are in `services.py`.

The principals and categories are plain lists made once per page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from samverkan.deviations.models import DeviationCategory
from samverkan.lib.days import DayField
from samverkan.lib.textcheck import TextCheckedForm
from samverkan.structure.models import Body, Principal

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTAREA = forms.Textarea(attrs={"rows": 5})
DEIDENTIFIED = (
    "Avidentifierat: inget personnummer, inget namn, ingen adress eller annat som pekar ut "
    "patienten. En text med ett personnummer sparas inte."
)


def _choices(rows: Sequence[Any], empty: str) -> list[tuple[Any, str]]:
    return [("", empty)] + [(r.pk, r.name) for r in rows]


class ReportForm(TextCheckedForm, forms.Form):
    occurred_on = DayField(label="Datum för händelsen", widget=DATE)
    reporting_principal = forms.TypedChoiceField(label="Rapporterande huvudman", coerce=int)
    reporting_unit = forms.CharField(label="Rapporterande enhet", max_length=200)
    concerned_principal = forms.TypedChoiceField(label="Berörd huvudman", coerce=int)
    concerned_unit = forms.CharField(
        label="Berörd enhet", max_length=200, required=False, help_text="T.ex. avdelning 12."
    )
    routine = forms.CharField(
        label="Överenskommelse eller rutin som inte följdes", max_length=300, required=False
    )
    category = forms.TypedChoiceField(label="Kategori", coerce=int)
    description = forms.CharField(
        label="Beskrivning av händelsen", widget=TEXTAREA, help_text=DEIDENTIFIED
    )
    contact_name = forms.CharField(
        label="Kontaktperson",
        max_length=200,
        help_text="Den som kan svara på frågor, inte patienten.",
    )
    contact_phone = forms.CharField(label="Kontaktpersonens telefon", max_length=40, required=False)
    contact_email = forms.EmailField(label="Kontaktpersonens e-post", required=False)

    def __init__(
        self,
        *args: Any,
        principals: Sequence[Principal],
        categories: Sequence[DeviationCategory],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reporting_principal"].choices = _choices(principals, "– välj huvudman –")  # type: ignore[attr-defined]
        self.fields["concerned_principal"].choices = _choices(principals, "– välj huvudman –")  # type: ignore[attr-defined]
        self.fields["category"].choices = _choices(categories, "– välj kategori –")  # type: ignore[attr-defined]


class PublicReportForm(ReportForm):
    reporter_email = forms.EmailField(
        label="Din e-postadress", help_text="Handläggaren når dig här; den visas inte för andra."
    )


class AnswerForm(TextCheckedForm, forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    investigation = forms.CharField(
        label="Utredning: vad hände och varför", widget=TEXTAREA, help_text=DEIDENTIFIED
    )
    measures = forms.CharField(label="Åtgärder", widget=TEXTAREA)


class LockForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)


class EscalateForm(TextCheckedForm, LockForm):
    note = forms.CharField(
        label="Varför avvikelsen lyfts",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=1000,
    )


class SettingsForm(TextCheckedForm, forms.Form):
    answer_days = forms.IntegerField(label="Svar inom (dagar)", min_value=1, max_value=365)
    follow_up_body = forms.TypedChoiceField(
        label="Grupp som följer upp avvikelserna", coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, bodies: Sequence[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["follow_up_body"].choices = _choices(bodies, "– ingen –")  # type: ignore[attr-defined]


class CategoriesForm(TextCheckedForm, forms.Form):
    categories = forms.CharField(
        label="Kategorier, en per rad",
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text="En kategori som tas bort finns kvar på avvikelserna som har den.",
    )


class HandlerForm(TextCheckedForm, forms.Form):
    principal = forms.TypedChoiceField(label="Huvudman", coerce=int)
    username = forms.CharField(
        label="Handläggarens användarnamn (e-postadress)",
        max_length=150,
        required=False,
        help_text="Tomt tar bort huvudmannens handläggare.",
    )

    def __init__(self, *args: Any, principals: Sequence[Principal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["principal"].choices = _choices(principals, "– välj huvudman –")  # type: ignore[attr-defined]
