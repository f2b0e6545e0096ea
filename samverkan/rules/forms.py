"""The forms of the charter check's pages: the filters (a GET form) and accepting a finding."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from samverkan.lib.findings import RegisteredRule, Severity
from samverkan.lib.textcheck import TextCheckedForm
from samverkan.rules.selectors import FindingFilters
from samverkan.rules.services import REASON_MAX


def _rule_label(rule: RegisteredRule) -> str:
    """The rule's description with its code: "Uppdrag som är försenade (cases.…)"."""
    text = rule.description.rstrip(".")
    return f"{text} ({rule.code})" if text else rule.code


# The body filter lists the bodies with findings up to this many.
BODIES_LISTED_AT_MOST = 150


class FilterForm(forms.Form):
    body = forms.TypedChoiceField(label="Grupp", required=False, coerce=int, empty_value=None)
    severity = forms.ChoiceField(
        label="Allvarlighet",
        required=False,
        choices=[("", "Alla"), *Severity.choices],
    )
    rule = forms.ChoiceField(label="Regel", required=False)

    def __init__(
        self,
        data: Any = None,
        *,
        bodies: Iterable[tuple[int, str]],
        rules: Iterable[RegisteredRule],
    ) -> None:
        super().__init__(data)
        bodies = list(bodies)
        if len(bodies) > BODIES_LISTED_AT_MOST:
            # Hundreds of bodies make the list as long as the page (and as slow): a link
            # with ?body= still narrows it, and the groups' own pages link here.
            self.fields["body"] = forms.IntegerField(
                required=False, min_value=1, widget=forms.HiddenInput
            )
        else:
            self.fields["body"].choices = [("", "Alla grupper"), *bodies]  # type: ignore[attr-defined]
        self.fields["rule"].choices = [  # type: ignore[attr-defined]
            ("", "Alla regler"),
            *((r.code, _rule_label(r)) for r in rules),
        ]

    def filters(self) -> FindingFilters:
        """The filters chosen; none if the form is not valid."""
        if not self.is_bound or not self.is_valid():
            return FindingFilters()
        data = self.cleaned_data
        return FindingFilters(
            body_id=data["body"],
            severity=Severity(data["severity"]) if data["severity"] else None,
            rule=data["rule"] or None,
        )


class AcknowledgeForm(TextCheckedForm, forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, max_length=300)
    # Where to go afterwards: the list the form was on, with its filters.
    next = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)
    reason = forms.CharField(
        label="Skäl",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Varför avvikelsen accepteras, till exempel gruppens beslut och när det togs.",
        error_messages={"required": "Skriv varför avvikelsen accepteras."},
    )


class WithdrawForm(forms.Form):
    next = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)
