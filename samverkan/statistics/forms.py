"""The statistics pages' forms: they only read input; the services decide."""

from __future__ import annotations

from django import forms

from samverkan.statistics.models import IndicatorLevel, IndicatorSource, PeriodKind


class IndicatorForm(forms.Form):
    name = forms.CharField(label="Namn", max_length=200)
    unit = forms.CharField(
        label="Enhet", max_length=60, required=False, help_text="T.ex. antal, dagar, procent"
    )
    description = forms.CharField(
        label="Beskrivning", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    source = forms.ChoiceField(label="Källa", choices=IndicatorSource.choices)
    kolada_kpi = forms.CharField(
        label="Kolada-nyckeltal",
        max_length=20,
        required=False,
        help_text="Nyckeltalets id i Kolada, t.ex. N20891. Krävs när källan är Kolada.",
    )
    level = forms.ChoiceField(label="Nivå", choices=IndicatorLevel.choices)
    period_kind = forms.ChoiceField(label="Period", choices=PeriodKind.choices)
    public = forms.BooleanField(label="Publik: visas på den publika webbplatsen", required=False)
    suppress_below = forms.IntegerField(
        label="Visa inte publikt värden under",
        required=False,
        help_text="För antal personer: värden från 1 upp till talet visas publikt som "
        "”färre än” talet, så att ingen kan pekas ut (vanligt är 5). Tomt: alla värden visas.",
    )


class ValueForm(forms.Form):
    principal = forms.ChoiceField(label="Huvudman")
    period = forms.CharField(label="Period", max_length=20)
    value = forms.CharField(
        label="Värde", max_length=30, help_text="Decimaler med komma eller punkt"
    )

    def __init__(
        self, *args: object, principals: list[tuple[str, str]], period_help: str, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["principal"].choices = principals  # type: ignore[attr-defined]
        self.fields["period"].help_text = f"Skriv {period_help}"


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Fil (CSV eller XLSX)",
        help_text="Tre kolumner med rubriker på första raden: kommun (kod eller namn), period, "
        "värde. Är någon rad fel sparas ingenting och varje fel rad visas.",
    )


class KoladaForm(forms.Form):
    years = forms.CharField(label="År", max_length=40, help_text="T.ex. 2019-2024")
