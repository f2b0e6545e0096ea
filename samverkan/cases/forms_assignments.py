"""Forms for assignments and working groups: input shape only; the rules live in the services."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from samverkan.cases.models import Assignment, AssignmentStatus
from samverkan.lib.days import DayField
from samverkan.lib.textcheck import TextCheckedForm
from samverkan.meetings.documents import ACCEPT
from samverkan.structure.models import Body, BodyKind, Duration, Person, Principal

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonChoiceField(forms.ModelChoiceField):
    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("empty_label", "– ingen –")
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name}{f', {obj.title}' if obj.title else ''}"


class PeopleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name}{f', {obj.title}' if obj.title else ''}"


class BodyChoiceField(forms.ModelChoiceField):
    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("empty_label", "– ingen –")
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class AssignmentForm(TextCheckedForm, forms.Form):
    """Giving or changing an assignment: one text area per heading of the charter."""

    title = forms.CharField(label="Rubrik", max_length=300)
    to_body = BodyChoiceField(
        label="Till grupp",
        queryset=Body.objects.none(),
        required=False,
        help_text="En grupp under den som ger uppdraget, eller en av dess arbetsgrupper.",
    )
    to_person = PersonChoiceField(
        label="Eller till person",
        queryset=Person.objects.none(),
        required=False,
        help_text="Välj en grupp eller en person, inte båda.",
    )
    responsible = PeopleField(
        label="Ansvariga",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="De som ska skriva uppdragsbeskrivningen och se till att uppdraget blir "
        "gjort. Håll ned Ctrl (Cmd på Mac) för att välja flera.",
    )
    report_to = BodyChoiceField(
        label="Återrapporteras till",
        queryset=Body.objects.none(),
        required=False,
    )
    given_on = DayField(label="Givet den", widget=DATE)
    due_on = DayField(label="Återrapporteras senast", widget=DATE)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        giver: Body,
        headings: Sequence[str],
        receivers: Sequence[Body],
        bodies: Sequence[Body],
        people: QuerySet[Person],
        needs_responsible: bool,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.headings = list(headings)
        self.fields["to_body"].queryset = Body.objects.filter(pk__in=[b.pk for b in receivers])  # type: ignore[attr-defined]
        self.fields["report_to"].queryset = Body.objects.filter(pk__in=[b.pk for b in bodies])  # type: ignore[attr-defined]
        self.fields["report_to"].help_text = f"Lämnas tomt: {giver.name}, som ger uppdraget."
        self.fields["to_person"].queryset = people  # type: ignore[attr-defined]
        self.fields["responsible"].queryset = people  # type: ignore[attr-defined]
        if needs_responsible:
            self.fields["responsible"].label = "Ansvariga (ska utses enligt uppdragsbeskrivningen)"
        for index, heading in enumerate(self.headings):
            self.fields[f"section_{index}"] = forms.CharField(
                label=heading,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def section_values(self) -> list[dict[str, str]]:
        return [
            {"heading": h, "text": self.cleaned_data.get(f"section_{i}", "")}
            for i, h in enumerate(self.headings)
        ]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "to_body": data.get("to_body"),
            "to_person": data.get("to_person"),
            "responsible": list(data.get("responsible") or []),
            "report_to": data.get("report_to"),
            "given_on": data["given_on"],
            "due_on": data["due_on"],
            "sections": self.section_values(),
        }


def initial_for(assignment: Any) -> dict[str, Any]:
    """The form's values from a saved assignment, sections by their heading."""
    initial: dict[str, Any] = {
        "title": assignment.title,
        "to_body": assignment.to_body_id,
        "to_person": assignment.to_person_id,
        "responsible": [p.pk for p in assignment.responsible.all()],
        "report_to": assignment.report_to_id,
        "given_on": assignment.given_on,
        "due_on": assignment.due_on,
        "lock_version": assignment.lock_version,
    }
    for index, section in enumerate(assignment.sections or []):
        initial[f"section_{index}"] = section.get("text", "")
    return initial


class ReportForm(TextCheckedForm, forms.Form):
    report_text = forms.CharField(
        label="Återrapportering",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Skriv rapporten här, bifoga den som fil, eller båda.",
    )
    report_file = forms.FileField(
        label="Fil med rapporten",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text="PDF, Word, Excel, PowerPoint, OpenDocument, bild, text eller CSV.",
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class WithdrawForm(TextCheckedForm, forms.Form):
    reason = forms.CharField(
        label="Varför återkallas uppdraget?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


STATUS_FILTER = [("", "Alla"), ("overdue", "Försenade"), *AssignmentStatus.choices]


class AssignmentFilterForm(forms.Form):
    """The list's filters; each body field offers a bounded list (`structure/bodypicker.py`)."""

    status = forms.ChoiceField(label="Status", choices=STATUS_FILTER, required=False)
    given_by = forms.TypedChoiceField(label="Från", required=False, coerce=int, empty_value=None)
    to_body = forms.TypedChoiceField(label="Till", required=False, coerce=int, empty_value=None)

    def __init__(
        self, *args: Any, given_by: Sequence[Body], to_body: Sequence[Body], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        for name, bodies in (("given_by", given_by), ("to_body", to_body)):
            cast(forms.ChoiceField, self.fields[name]).choices = [
                ("", "Alla"),
                *((b.pk, b.name) for b in bodies),
            ]


# --- Working groups ---------------------------------------------------------------------


class WorkingGroupForm(TextCheckedForm, forms.Form):
    created_by = BodyChoiceField(label="Tillsätts av", queryset=Body.objects.none())
    name = forms.CharField(label="Namn", max_length=200)
    kind = forms.ChoiceField(
        label="Sort",
        choices=[
            (BodyKind.WORKING_GROUP.value, "Arbetsgrupp"),
            (BodyKind.PREPARATION_COMMITTEE.value, "Beredning"),
        ],
        help_text="En arbetsgrupp ses över minst en gång om året, en beredning minst vartannat år, "
        "om uppdragsbeskrivningen inte säger annat.",
    )
    duration = forms.ChoiceField(label="Varaktighet", choices=Duration.choices)
    end_date = DayField(
        label="Slutdatum", required=False, widget=DATE, help_text="Krävs för en tillfällig grupp."
    )
    review_on = DayField(
        label="Ses över senast",
        required=False,
        widget=DATE,
        help_text="Lämnas tomt: ett år fram (två för en beredning), eller det "
        "uppdragsbeskrivningen anger.",
    )
    assignment: forms.ModelChoiceField[Assignment] = forms.ModelChoiceField(
        label="För uppdraget",
        queryset=Assignment.objects.none(),
        required=False,
        empty_label="– inget –",
    )
    description = forms.CharField(
        label="Beskrivning", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, bodies: Sequence[Body], assignments: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["created_by"].queryset = Body.objects.filter(pk__in=[b.pk for b in bodies])  # type: ignore[attr-defined]
        self.fields["assignment"].queryset = assignments  # type: ignore[attr-defined]


class ReviewedForm(forms.Form):
    next_review_on = DayField(
        label="Nästa översyn senast",
        required=False,
        widget=DATE,
        help_text="Lämnas tomt: ett översynsintervall från i dag.",
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class MemberForm(TextCheckedForm, forms.Form):
    person = PersonChoiceField(
        label="Person", queryset=Person.objects.none(), empty_label="– välj –"
    )
    principal = forms.ModelChoiceField(
        label="Representerar", queryset=Principal.objects.none(), empty_label="– välj –"
    )
    function = forms.CharField(label="Funktion", required=False, max_length=200)

    def __init__(self, *args: Any, people: Any, principals: Sequence[Principal], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["principal"].queryset = Principal.objects.filter(  # type: ignore[attr-defined]
            pk__in=[p.pk for p in principals]
        )


class OutsiderForm(TextCheckedForm, forms.Form):
    first_name = forms.CharField(label="Förnamn", max_length=100)
    last_name = forms.CharField(label="Efternamn", max_length=100)
    email = forms.EmailField(label="E-post", required=False)
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Principal.objects.none(),
        required=False,
        empty_label="– ny organisation –",
    )
    organisation_name = forms.CharField(
        label="Ny organisation",
        required=False,
        max_length=200,
        help_text="Om organisationen inte finns i listan, t.ex. en brukarorganisation.",
    )
    function = forms.CharField(label="Funktion", required=False, max_length=200)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
