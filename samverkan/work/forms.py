"""Forms for the coordinator's working pages. They check input shape; rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from samverkan.structure.models import (
    SEAT_ROLES,
    Body,
    Charter,
    CompositionRole,
    Membership,
    Person,
    Principal,
    PrincipalKind,
    ReportFrequency,
    Role,
    RoleLinkKind,
    Structure,
)
from samverkan.structure.services import BODY_FIELDS, structure_principals

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BodyForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Body
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
            "description": "Beskrivning",
        }
        widgets = {"end_date": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, structure: Structure, **kwargs: Any):
        super().__init__(*args, **kwargs)
        parents = Body.objects.filter(structure=structure)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]
        self.fields["parent"].empty_label = "Ingen (högsta nivån)"  # type: ignore[attr-defined]
        self.fields["municipality"].queryset = Principal.objects.filter(  # type: ignore[attr-defined]
            kind=PrincipalKind.MUNICIPALITY, county_code=structure.region.county_code
        )
        self.fields["municipality"].empty_label = "Ingen"  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["lock_version"].initial = self.instance.lock_version

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in BODY_FIELDS}


class LinesField(forms.CharField):
    """A list of strings edited as lines of text."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


CHARTER_TEXT_FIELDS = (
    "title",
    "registry_number",
    "decided_by",
    "decided_on",
    "valid_until",
    "purpose",
    "goals",
    "target_groups",
    "tasks",
    "mandate_text",
    "governing_documents",
)

CHARTER_RULE_FIELDS = (
    *CHARTER_TEXT_FIELDS,
    "meetings_min_per_year",
    "meetings_max_per_year",
    "meetings_min_per_quarter",
    "meetings_planned_per_year",
    "booking_deadline_month",
    "booking_deadline_day",
    "meeting_form",
    "document_lead_value",
    "document_lead_unit",
    "document_lead_approximate",
    "items_need_description_and_proposal",
    "chair_rotation",
    "chair_rotation_extendable",
    "chair_and_vice_chair_from_different_principals",
    "substitutes",
    "members_need_mandate",
    "member_term_years",
    "minutes_approval",
    "minutes_public",
    "minutes_published_at",
    "keeps_balance_list",
    "next_revision",
    "revision_interval_months",
)


class CharterRulesForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    new_version = forms.CharField(
        label="Spara som ny version",
        required=False,
        max_length=20,
        help_text="Ange ett versionsnummer om ändringen är ett nytt beslut (ändra då också "
        "beslutsdatum); den gällande versionen blir ersatt. Lämna tomt för att rätta den "
        "gällande versionen.",
    )
    goals = LinesField(label="Mål (ett per rad)", required=False)
    target_groups = LinesField(label="Målgrupper (en per rad)", required=False)
    tasks = LinesField(label="Uppdrag (ett per rad)", required=False)
    governing_documents = LinesField(label="Styrdokument (ett per rad)", required=False)
    standing_agenda = LinesField(
        label="Stående punkter på dagordningen (en per rad, i ordning)", required=False
    )

    class Meta:
        model = Charter
        fields = list(CHARTER_RULE_FIELDS)
        labels = {
            "title": "Dokumentnamn",
            "registry_number": "Diarienummer",
            "decided_by": "Beslutad av",
            "decided_on": "Beslutsdatum",
            "valid_until": "Giltig till och med (tomt = tills vidare)",
            "purpose": "Syfte",
            "mandate_text": "Mandat",
            "meetings_min_per_year": "Minsta antal möten per år",
            "meetings_max_per_year": "Högsta antal möten per år",
            "meetings_min_per_quarter": "Minsta antal möten per kvartal",
            "meetings_planned_per_year": "Mötestider bokas ett år i taget",
            "booking_deadline_month": "Nästa års möten bokade senast: månad (1–12)",
            "booking_deadline_day": "… dag",
            "meeting_form": "Mötesform i första hand",
            "document_lead_value": "Handlingar ute senast (antal)",
            "document_lead_unit": "… enhet",
            "document_lead_approximate": "Ungefärlig tid (”ca”)",
            "items_need_description_and_proposal": "Ärenden kräver kort beskrivning och förslag",
            "chair_rotation": "Ordförandeskap",
            "chair_rotation_extendable": "Kan förlängas efter beslut i gruppen",
            "chair_and_vice_chair_from_different_principals": "Ordförande och vice ordförande från olika huvudmän",
            "substitutes": "Ersättare",
            "members_need_mandate": "Representanter måste ha mandat",
            "member_term_years": "Ledamöter nomineras för (år)",
            "minutes_approval": "Justering av minnesanteckningar",
            "minutes_public": "Offentlig handling efter justering",
            "minutes_published_at": "Publiceras på",
            "keeps_balance_list": "För balanslista",
            "next_revision": "Nästa revidering",
            "revision_interval_months": "Revideras minst var N:e månad",
        }
        widgets = {
            "next_revision": DATE,
            "decided_on": DATE,
            "valid_until": DATE,
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "mandate_text": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["lock_version"].initial = self.instance.lock_version
            self.fields["standing_agenda"].initial = [
                item.title for item in self.instance.standing_items.all()
            ]
        else:
            self.fields["new_version"].required = True
            self.fields["new_version"].label = "Version"
            self.fields["new_version"].help_text = "T.ex. 1.0 eller året då den beslutades."

    FIELDSETS = (
        ("Version", ("new_version",)),
        ("Dokumentet", (*CHARTER_TEXT_FIELDS, "next_revision", "revision_interval_months")),
        (
            "Möten",
            (
                "meetings_min_per_year",
                "meetings_max_per_year",
                "meetings_min_per_quarter",
                "meetings_planned_per_year",
                "booking_deadline_month",
                "booking_deadline_day",
                "meeting_form",
                "standing_agenda",
            ),
        ),
        (
            "Handlingar",
            (
                "document_lead_value",
                "document_lead_unit",
                "document_lead_approximate",
                "items_need_description_and_proposal",
            ),
        ),
        (
            "Ordförande och ledamöter",
            (
                "chair_rotation",
                "chair_rotation_extendable",
                "chair_and_vice_chair_from_different_principals",
                "substitutes",
                "members_need_mandate",
                "member_term_years",
            ),
        ),
        (
            "Minnesanteckningar och ärenden",
            ("minutes_approval", "minutes_public", "minutes_published_at", "keeps_balance_list"),
        ),
    )

    def fieldsets(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in self.FIELDSETS
        ]

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in CHARTER_RULE_FIELDS}


class MembershipForm(forms.Form):
    # What the form sets on a membership, named as the domain functions take them.
    MEMBERSHIP_FIELDS = (
        "role",
        "principal",
        "substitute_for",
        "function",
        "start",
        "end",
        "nominated_by",
    )

    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label="Person",
        empty_label="Ny person (fyll i nedan)",
    )
    new_first_name = forms.CharField(label="Förnamn (ny person)", required=False, max_length=100)
    new_last_name = forms.CharField(label="Efternamn (ny person)", required=False, max_length=100)
    new_title = forms.CharField(label="Befattning (ny person)", required=False, max_length=200)
    new_email = forms.EmailField(label="E-post (ny person)", required=False)
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
    start = forms.DateField(label="Från", required=False, widget=DATE)
    end = forms.DateField(label="Till och med", required=False, widget=DATE)
    nominated_by = forms.CharField(label="Nominerad av", required=False, max_length=200)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, body: Body, editing: Membership | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.body = body
        self.editing = editing
        self.fields["person"].queryset = Person.objects.select_related("employer")  # type: ignore[attr-defined]
        self.fields["person"].label_from_instance = (  # type: ignore[attr-defined]
            lambda p: (
                f"{p.last_name}, {p.first_name}"
                + (f" ({p.employer.short_name or p.employer.name})" if p.employer else "")
            )
        )
        self.fields["principal"].queryset = Principal.objects.filter(  # type: ignore[attr-defined]
            pk__in=[p.pk for p in structure_principals(body.structure)]
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
        self.fields["role"].initial = Role.MEMBER
        if editing is not None:
            # The person and the body of a membership do not change; end it and add another.
            del self.fields["person"]
            for name in ("new_first_name", "new_last_name", "new_title", "new_email"):
                del self.fields[name]
            self.fields["lock_version"].initial = editing.lock_version
            for name in self.MEMBERSHIP_FIELDS:
                self.fields[name].initial = getattr(editing, name)

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.MEMBERSHIP_FIELDS}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.editing is None and not data.get("person"):
            if not (data.get("new_first_name") and data.get("new_last_name")):
                self.add_error(
                    "person", "Välj en person eller fyll i för- och efternamn för en ny person."
                )
        return data


class EndMembershipForm(forms.Form):
    on = forms.DateField(label="Sista dag", widget=DATE)
    reason = forms.CharField(label="Anledning", required=False, max_length=300)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["first_name", "last_name", "title", "employer", "email", "phone"]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = Principal.objects.order_by("kind", "name")  # type: ignore[attr-defined]
        self.fields["employer"].empty_label = "Ingen angiven"  # type: ignore[attr-defined]


class CompositionForm(forms.Form):
    """One row of a charter's composition: seats for a kind of principal or a named one."""

    principal_kind = forms.ChoiceField(
        label="Sorts huvudman",
        required=False,
        choices=[("", "– (namngiven huvudman)"), *PrincipalKind.choices],
    )
    principal = forms.TypedChoiceField(
        label="Namngiven huvudman", required=False, coerce=int, empty_value=None
    )
    per_principal = forms.BooleanField(label="Platserna gäller var och en", required=False)
    min_count = forms.IntegerField(label="Minst", required=False, min_value=0, max_value=100)
    max_count = forms.IntegerField(label="Högst", required=False, min_value=0, max_value=100)
    with_substitutes = forms.BooleanField(label="Med ersättare", required=False)
    role = forms.ChoiceField(label="Som", choices=CompositionRole.choices, initial="member")
    functions = forms.CharField(label="Funktioner", required=False, max_length=2000)
    appointed_by = forms.CharField(label="Utses av", required=False, max_length=200)
    optional = forms.BooleanField(label="Vid behov", required=False)

    def __init__(self, *args: Any, principals: list[Principal], **kwargs: Any):
        super().__init__(*args, **kwargs)
        # The choices are built once for the whole formset, not a query per row.
        self.principals = {p.pk: p for p in principals}
        self.fields["principal"].choices = [("", "–")] + [  # type: ignore[attr-defined]
            (p.pk, p.name) for p in principals
        ]

    def rule(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("DELETE", None)
        data["principal"] = self.principals.get(data["principal"]) if data["principal"] else None
        return data


CompositionFormSet = forms.formset_factory(CompositionForm, extra=1, can_delete=True)


def composition_initial(charter: Charter) -> list[dict[str, Any]]:
    return [
        {
            "principal_kind": rule.principal_kind,
            "principal": rule.principal_id,
            "per_principal": rule.per_principal,
            "min_count": rule.min_count,
            "max_count": rule.max_count,
            "with_substitutes": rule.with_substitutes,
            "role": rule.role,
            "functions": rule.functions,
            "appointed_by": rule.appointed_by,
            "optional": rule.optional,
        }
        for rule in charter.composition.all()
    ]


class _BodyTargetForm(forms.Form):
    """A row that names another body of the structure; the choices are built once per formset."""

    to_body = forms.TypedChoiceField(label="Grupp", coerce=int)

    def __init__(self, *args: Any, bodies: list[Body], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.bodies = {b.pk: b for b in bodies}
        field: Any = self.fields["to_body"]
        field.choices = [("", "Välj grupp")] + [(b.pk, b.name) for b in bodies]

    def row(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("DELETE", None)
        data["to_body"] = self.bodies.get(data["to_body"])
        return data


class ReportingForm(_BodyTargetForm):
    frequency = forms.ChoiceField(label="Hur ofta", choices=ReportFrequency.choices)
    what = forms.CharField(label="Vad", required=False, max_length=300)
    reported_by = forms.CharField(label="Av vem", required=False, max_length=200)
    via = forms.CharField(label="Via", required=False, max_length=200)
    public = forms.BooleanField(label="Offentlig handling", required=False)


class RoleLinkForm(_BodyTargetForm):
    role = forms.ChoiceField(label="Roll här", choices=Role.choices)
    kind = forms.ChoiceField(label="Innebär", choices=RoleLinkKind.choices)
    term_years = forms.IntegerField(
        label="Nomineras för (år)", required=False, min_value=1, max_value=10
    )

    field_order = ["role", "kind", "to_body", "term_years"]


ReportingFormSet = forms.formset_factory(ReportingForm, extra=1, can_delete=True)
RoleLinkFormSet = forms.formset_factory(RoleLinkForm, extra=1, can_delete=True)


def reporting_initial(charter: Charter) -> list[dict[str, Any]]:
    return [
        {
            "to_body": d.to_body_id,
            "frequency": d.frequency,
            "what": d.what,
            "reported_by": d.reported_by,
            "via": d.via,
            "public": d.public,
        }
        for d in charter.reporting.all()
    ]


def role_links_initial(charter: Charter) -> list[dict[str, Any]]:
    return [
        {"role": r.role, "kind": r.kind, "to_body": r.to_body_id, "term_years": r.term_years}
        for r in charter.role_links.all()
    ]
