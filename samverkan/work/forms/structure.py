"""Forms for a body, its memberships and the people in them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from samverkan.lib.days import DayField, day_formfield
from samverkan.lib.textcheck import TextCheckedForm
from samverkan.structure.models import (
    SEAT_ROLES,
    Body,
    Membership,
    Person,
    Principal,
    PrincipalKind,
    Role,
    Structure,
)
from samverkan.structure.services import BODY_FIELDS, structure_principals
from samverkan.structure.services import MEMBERSHIP_FIELDS as EVERY_MEMBERSHIP_FIELD
from samverkan.work.forms.fields import DATE
from samverkan.work.forms.people import (
    NEW_PERSON_FIELDS,
    check_new_person,
    employers,
    new_person_fields,
    person_choices,
)


class BodyForm(TextCheckedForm, forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Body
        formfield_callback = day_formfield  # dates within lib.days' years
        fields = list(BODY_FIELDS)
        labels = {
            "name": "Namn",
            "short_name": "Kortnamn",
            "kind": "Typ",
            "level": "Nivå",
            "parent": "Uppdragsgivare",
            "municipality": "Kommun (för lokal grupp)",
            "mandate": "Mandat",
            "duration": "Varaktighet",
            "end_date": "Slutdatum",
            "chair_extended_until": "Ordförande och vice ordförande förlängda till och med",
            "description": "Beskrivning",
        }
        widgets = {
            "end_date": DATE,
            "chair_extended_until": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(
        self,
        *args: Any,
        structure: Structure,
        parents: list[Body] | None = None,
        municipalities: list[Principal] | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        every = Body.objects.filter(structure=structure)
        if self.instance.pk:
            every = every.exclude(pk=self.instance.pk)
        # Any body of the structure may be chosen; the list offers `parents` when given
        # (`forms.bodies.body_options`: a large structure's nearby bodies).
        self.fields["parent"].queryset = every  # type: ignore[attr-defined]
        self.fields["parent"].empty_label = "Ingen (högsta nivån)"  # type: ignore[attr-defined]
        if parents is not None:
            self.fields["parent"].choices = [("", "Ingen (högsta nivån)")] + [  # type: ignore[attr-defined]
                (b.pk, b.name) for b in parents
            ]
        self.fields["municipality"].queryset = Principal.objects.filter(  # type: ignore[attr-defined]
            kind=PrincipalKind.MUNICIPALITY, county_code=structure.region.county_code
        )
        self.fields["municipality"].empty_label = "Ingen"  # type: ignore[attr-defined]
        if municipalities is not None:
            # Read once for the page (`work.body_page`): no query when the select is drawn.
            self.fields["municipality"].choices = [("", "Ingen")] + [  # type: ignore[attr-defined]
                (p.pk, p.name) for p in municipalities
            ]
        if self.instance.pk:
            self.fields["lock_version"].initial = self.instance.lock_version

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in BODY_FIELDS}


class MembershipForm(TextCheckedForm, forms.Form):
    # What the form sets on a membership, named as the domain functions take them; a seat
    # held by virtue of another body's role comes from the structure file, and an end's
    # reason from ending the membership.
    MEMBERSHIP_FIELDS = tuple(
        name for name in EVERY_MEMBERSHIP_FIELD if name not in {"ex_officio_for", "end_reason"}
    )

    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label="Person",
        empty_label="Ny person (fyll i nedan)",
    )
    new_first_name, new_last_name, new_title, new_email, new_employer = new_person_fields()
    role = forms.ChoiceField(choices=Role.choices, label="Roll")
    principal = forms.ModelChoiceField(
        queryset=Principal.objects.none(), label="Representerar", empty_label="Välj huvudman"
    )
    substitute_for = forms.ModelChoiceField(
        queryset=Membership.objects.none(),
        required=False,
        label="Ersättare för",
        empty_label="–",
    )
    function = forms.CharField(
        label="Funktion",
        required=False,
        max_length=200,
        help_text="T.ex. MAS, verksamhetschef primärvård",
    )
    start = DayField(label="Från", required=False, widget=DATE)
    end = DayField(label="Till och med", required=False, widget=DATE)
    nominated_by = forms.CharField(label="Nominerad av", required=False, max_length=200)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        body: Body,
        editing: Membership | None = None,
        others: bool = False,
        q: str = "",
        principals: list[Principal] | None = None,
        principal_choices: list[Principal] | None = None,
        employer_choices: list[Principal] | None = None,
        held_seats: list[Membership] | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.body = body
        # The structure's principals, read once for the page's forms when it passes them.
        if principals is None:
            principals = structure_principals(body.structure)
        self.editing = editing
        # Any person may be chosen; the list offers the structure's own people, others on
        # request (`person_picker`).
        self.fields["person"].queryset = Person.objects.select_related("employer")  # type: ignore[attr-defined]
        if editing is None:
            self.fields["person"].choices = person_choices(  # type: ignore[attr-defined]
                body.structure, others=others, q=q, empty="Ny person (fyll i nedan)"
            )
        self.fields["principal"].queryset = Principal.objects.filter(  # type: ignore[attr-defined]
            pk__in=[p.pk for p in principals]
        )
        self.fields["new_employer"].queryset = employers(  # type: ignore[attr-defined]
            body.structure, principals=principals
        )
        seats = Membership.objects.active_on(timezone.localdate()).filter(
            body=body, role__in=SEAT_ROLES
        )
        if editing is not None and editing.substitute_for_id:
            seats = seats | Membership.objects.filter(pk=editing.substitute_for_id)
        self.fields["substitute_for"].queryset = seats.select_related(  # type: ignore[attr-defined]
            "person", "principal"
        )
        self.fields["substitute_for"].label_from_instance = (  # type: ignore[attr-defined]
            lambda m: f"{m.person} ({m.principal.short_name or m.principal.name})"
        )
        # The page passes what it has read already (`work.body_page`): the principals, the
        # employers and the seats held today are then listed without a query each.
        if principal_choices is not None:
            self.fields["principal"].choices = [("", "Välj huvudman")] + [  # type: ignore[attr-defined]
                (p.pk, p.name) for p in principal_choices
            ]
        if employer_choices is not None:
            self.fields["new_employer"].choices = [("", "Välj arbetsgivare")] + [  # type: ignore[attr-defined]
                (p.pk, p.name) for p in employer_choices
            ]
        if held_seats is not None and editing is None:
            label = self.fields["substitute_for"].label_from_instance  # type: ignore[attr-defined]
            self.fields["substitute_for"].choices = [("", "–")] + [  # type: ignore[attr-defined]
                (m.pk, label(m)) for m in held_seats
            ]
        self.fields["role"].initial = Role.MEMBER
        if editing is not None:
            # The person and the body of a membership do not change; end it and add another.
            del self.fields["person"]
            for name in NEW_PERSON_FIELDS:
                del self.fields[name]
            self.fields["lock_version"].initial = editing.lock_version
            for name in self.MEMBERSHIP_FIELDS:
                self.fields[name].initial = getattr(editing, name)

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.MEMBERSHIP_FIELDS}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.editing is None:
            check_new_person(self, data, "person")
        return data


class EndMembershipForm(TextCheckedForm, forms.Form):
    on = DayField(label="Sista dag", widget=DATE)
    reason = forms.CharField(label="Anledning", required=False, max_length=300)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PersonForm(TextCheckedForm, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["first_name", "last_name", "title", "employer", "email", "phone"]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = Principal.objects.order_by("kind", "name")  # type: ignore[attr-defined]
        self.fields["employer"].empty_label = "Ingen angiven"  # type: ignore[attr-defined]


class StructureSettingsForm(forms.Form):
    """The structure's own limits for the charter check; their ranges are the services'."""

    minutes_approval_days = forms.IntegerField(
        label="Minnesanteckningar justerade och publicerade inom (arbetsdagar efter mötet)",
        help_text="Gäller alla grupper i strukturen; från 1 till 60 arbetsdagar.",
        error_messages={
            "required": "Ange antalet arbetsdagar efter mötet.",
            "invalid": "Ange antalet arbetsdagar efter mötet som ett heltal.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def changes(self) -> dict[str, Any]:
        return {"minutes_approval_days": self.cleaned_data["minutes_approval_days"]}


class MeetingFormsReviewedForm(forms.Form):
    """The day the body reviewed its meeting forms; the service refuses a future day."""

    on = DayField(
        label="Dag för översynen",
        widget=DATE,
        error_messages={
            "required": "Ange dagen då mötesformerna sågs över.",
            "invalid": "Ange dagen som ÅÅÅÅ-MM-DD.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()
