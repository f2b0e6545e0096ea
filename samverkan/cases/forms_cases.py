"""Forms for cases: input shape only; the rules are in `services/cases.py`.

Choices of bodies, meetings and people are plain lists made once per page (a queryset per
form would cost a query each)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from samverkan.cases.models import Case, RaisedVia, StepRole
from samverkan.lib.localtime import local_start
from samverkan.lib.swedish import day_text
from samverkan.lib.textcheck import TextCheckedForm
from samverkan.meetings.models import Meeting
from samverkan.structure.models import Body, Person

TEXTAREA = forms.Textarea(attrs={"rows": 4})


def _body_choices(bodies: Sequence[Body]) -> list[tuple[Any, str]]:
    return [("", "– välj grupp –")] + [(b.pk, b.name) for b in bodies]


class CaseTextsForm(TextCheckedForm, forms.Form):
    title = forms.CharField(label="Rubrik", max_length=300)
    description = forms.CharField(label="Kort ärendebeskrivning", required=False, widget=TEXTAREA)
    proposal = forms.CharField(label="Förslag till åtgärd", required=False, widget=TEXTAREA)
    question = forms.CharField(
        label="Frågeställning",
        required=False,
        widget=TEXTAREA,
        help_text="Om ärendet är en fråga snarare än ett förslag.",
    )


class RaiseForm(CaseTextsForm):
    raised_via = forms.ChoiceField(
        label="Ärendet väcks", choices=RaisedVia.choices, widget=forms.RadioSelect
    )
    raised_by = forms.TypedChoiceField(
        label="Ledamot som väcker ärendet", coerce=int, required=False, empty_value=None
    )
    network_name = forms.CharField(
        label="Nätverk (för ett nätverk utanför strukturen)", required=False, max_length=200
    )
    line_manager = forms.CharField(
        label="Linjechef som registrerar ärendet för nätverket", required=False, max_length=200
    )
    field_order = [
        "title",
        "description",
        "proposal",
        "question",
        "raised_via",
        "raised_by",
        "network_name",
        "line_manager",
    ]

    def __init__(
        self, *args: Any, members: Sequence[Person], coordinator: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["raised_by"].choices = [("", "– jag själv –")] + [  # type: ignore[attr-defined]
            (p.pk, p.full_name) for p in members
        ]
        if not coordinator:
            self.fields["raised_via"].choices = [  # type: ignore[attr-defined]
                (value, label)
                for value, label in RaisedVia.choices
                if value != RaisedVia.COORDINATOR
            ]


class CaseEditForm(CaseTextsForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def of(cls, case: Case) -> CaseEditForm:
        return cls(
            prefix="edit",
            initial={
                "title": case.title,
                "description": case.description,
                "proposal": case.proposal,
                "question": case.question,
                "lock_version": case.lock_version,
            },
        )


class _Versioned(TextCheckedForm, forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)


class PrepareForm(_Versioned):
    body = forms.TypedChoiceField(label="Bereds av", coerce=int)
    note = forms.CharField(label="Kommentar", required=False, max_length=2000, widget=TEXTAREA)

    def __init__(self, *args: Any, bodies: Sequence[Body], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "prepare")
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = _body_choices(bodies)  # type: ignore[attr-defined]


class AgendaForm(_Versioned):
    meeting = forms.TypedChoiceField(label="Möte", coerce=int)

    def __init__(self, *args: Any, meetings: Sequence[Meeting], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "agenda")
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = [("", "– välj möte –")] + [  # type: ignore[attr-defined]
            (m.pk, f"{day_text(local_start(m).date())}{f', {m.title}' if m.title else ''}")
            for m in meetings
        ]


class LiftForm(_Versioned):
    body = forms.TypedChoiceField(label="Lyft till", coerce=int)
    # Deciding first: that is what lifting a question usually asks of the body.
    role = forms.ChoiceField(
        label="Gruppen ska",
        choices=[
            (StepRole.DECIDE, StepRole.DECIDE.label),
            (StepRole.PREPARE, StepRole.PREPARE.label),
            (StepRole.OPINION, StepRole.OPINION.label),
        ],
        initial=StepRole.DECIDE,
    )
    note = forms.CharField(label="Kommentar", required=False, max_length=2000, widget=TEXTAREA)

    def __init__(self, *args: Any, bodies: Sequence[Body], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "lift")
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = _body_choices(bodies)  # type: ignore[attr-defined]


class AnswerForm(_Versioned):
    body = forms.TypedChoiceField(label="Svaret går till", coerce=int)
    text = forms.CharField(label="Svar", widget=TEXTAREA)

    def __init__(self, *args: Any, bodies: Sequence[Body], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "answer")
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = _body_choices(bodies)  # type: ignore[attr-defined]


class ResolveForm(_Versioned):
    text = forms.CharField(label="Vad som bestämdes", widget=TEXTAREA)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "resolve")
        super().__init__(*args, **kwargs)


class CloseForm(_Versioned):
    text = forms.CharField(label="Varför ärendet avslutas", widget=TEXTAREA)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "close")
        super().__init__(*args, **kwargs)


class NumberingForm(TextCheckedForm, forms.Form):
    pattern = forms.CharField(
        label="Format för diarienummer",
        max_length=60,
        help_text="{year} blir året och {number} löpnumret, som börjar om från 1 varje år; "
        "{number:03} ger tre siffror (007). Exempel: ”SAM {year}/{number}”.",
    )
