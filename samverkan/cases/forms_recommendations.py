"""Forms for recommendations, the principals' decisions and the decision bodies: input shape
only; the rules live in `services/recommendations.py` and `services/principal_decisions.py`."""

from __future__ import annotations

from typing import Any

from django import forms

from samverkan.cases.models import (
    DECIDED_STATES,
    DecisionBody,
    DecisionState,
    PrincipalDecision,
)
from samverkan.lib.days import DayField
from samverkan.lib.textcheck import TextCheckedForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RouteForm(TextCheckedForm, forms.Form):
    """The answer date, the principals to send to and, for a principal with more than one
    decision body, which one. The principals' fields are added per recommendation."""

    answer_by = DayField(
        label="Svar senast",
        widget=DATE,
        help_text="Det datum då huvudmännen senast ska meddela sina beslut. Påminnelser går ut "
        "tio arbetsdagar före och första arbetsdagen efter.",
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        decisions: list[PrincipalDecision],
        bodies: dict[int, list[DecisionBody]],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        open_decisions = [d for d in decisions if d.state not in DECIDED_STATES]
        self.fields["principals"] = forms.MultipleChoiceField(
            label="Skicka till",
            choices=[(str(d.principal_id), d.principal.name) for d in open_decisions],
            widget=forms.CheckboxSelectMultiple,
            help_text="Som standard de huvudmän som inte har fått rekommendationen. Den som "
            "redan har fått den kan väljas för att få den igen.",
        )
        if not self.is_bound:
            self.initial["principals"] = [
                str(d.principal_id)
                for d in open_decisions
                if d.state == DecisionState.NOT_SENT and not d.sent_on
            ]
        self.body_fields: list[tuple[PrincipalDecision, str]] = []
        for decision in open_decisions:
            choices = bodies.get(decision.principal_id, [])
            if len(choices) < 2:
                continue
            name = f"instans_{decision.principal_id}"
            current = decision.decision_body_id or next(
                (b.pk for b in choices if b.is_default), None
            )
            self.fields[name] = forms.TypedChoiceField(
                label=f"Beslutsinstans hos {decision.principal.name}",
                choices=[(b.pk, b.name) for b in choices],
                coerce=int,
                initial=current,
            )
            self.body_fields.append((decision, name))

    def body_boundfields(self) -> list[forms.BoundField]:
        return [self[name] for _, name in self.body_fields]

    def chosen_bodies(self, bodies: dict[int, list[DecisionBody]]) -> dict[int, DecisionBody]:
        chosen: dict[int, DecisionBody] = {}
        for decision, name in self.body_fields:
            wanted = self.cleaned_data.get(name)
            found = next((b for b in bodies.get(decision.principal_id, []) if b.pk == wanted), None)
            if found is not None:
                chosen[decision.principal_id] = found
        return chosen


class DecisionForm(TextCheckedForm, forms.Form):
    """One principal's decision as the coordinator records it."""

    state = forms.ChoiceField(label="Läge")
    decided_on = DayField(
        label="Beslutsdatum",
        required=False,
        widget=DATE,
        help_text="När huvudmannen beslutade; anges bara för ett fattat beslut.",
    )
    registry_number = forms.CharField(
        label="Huvudmannens diarienummer", max_length=60, required=False
    )
    paragraph = forms.CharField(
        label="Paragraf", max_length=30, required=False, help_text="Bara numret, t.ex. 45."
    )
    link = forms.CharField(
        label="Länk till beslutet",
        max_length=200,
        required=False,
        help_text="T.ex. till protokollet på huvudmannens webbplats (https://…).",
    )
    file = forms.FileField(
        label="Fil med beslutet",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
        help_text="PDF eller Word-dokument (.docx), t.ex. ett protokollsutdrag.",
    )
    remove_file = forms.BooleanField(label="Ta bort den sparade filen", required=False)
    note = forms.CharField(
        label="Kommentar", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, decision: PrincipalDecision, **kwargs: Any):
        kwargs.setdefault("prefix", f"d{decision.pk}")
        if not kwargs.get("data"):
            kwargs.setdefault(
                "initial",
                {
                    "state": decision.state,
                    "decided_on": decision.decided_on,
                    "registry_number": decision.registry_number,
                    "paragraph": decision.paragraph,
                    "link": decision.link,
                    "note": decision.note,
                    "lock_version": decision.lock_version,
                },
            )
        super().__init__(*args, **kwargs)
        self.decision = decision
        states = [
            (value, label)
            for value, label in DecisionState.choices
            if not (value == DecisionState.NOT_SENT and decision.sent_on)
            and not (value == DecisionState.SENT and not decision.sent_on)
        ]
        self.fields["state"].choices = states  # type: ignore[attr-defined]
        # The file is replaced by a new one or removed with the box; never cleared by Django.
        self.fields["file"].widget = forms.FileInput(attrs={"accept": ".pdf,.docx"})
        if not decision.file:
            del self.fields["remove_file"]


class DecisionBodyForm(TextCheckedForm, forms.Form):
    name = forms.CharField(
        label="Beslutsinstans",
        max_length=200,
        help_text="Nämnd eller styrelse och huvudman, t.ex. ”Socialnämnden, Umeå kommun”.",
    )
    registrar_email = forms.EmailField(
        label="Registratorns e-post",
        required=False,
        help_text="Dit rekommendationen skickas när den expedieras, och påminnelserna.",
    )
    is_default = forms.BooleanField(label="Används som standard för huvudmannen", required=False)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
