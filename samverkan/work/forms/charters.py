"""Forms for a body's charter: its text and rules, and its lists of parts."""

from __future__ import annotations

from typing import Any

from django import forms

from samverkan.lib.days import day_formfield
from samverkan.lib.textcheck import TextCheckedForm
from samverkan.structure.models import (
    CHARTER_RULE_FIELDS,
    CHARTER_TEXT_FIELDS,
    Body,
    Charter,
    CompositionRole,
    Principal,
    PrincipalKind,
    ReportFrequency,
    Role,
    RoleLinkKind,
)
from samverkan.work.forms.fields import DATE, DutiesField, LinesField

# The charter's text fields that this form edits; the others (the owner, sections, citations
# and notes) are written in the structure file or through the API.
FORM_TEXT_FIELDS = tuple(
    name
    for name in CHARTER_TEXT_FIELDS
    if name not in {"document_owner", "created_by_text", "sections", "citations", "notes"}
)
CHARTER_FORM_FIELDS = (*FORM_TEXT_FIELDS, *CHARTER_RULE_FIELDS)


class CharterRulesForm(TextCheckedForm, forms.ModelForm):
    """The charter's text and every one of its rule fields (`CHARTER_RULE_FIELDS`)."""

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
    assignment_headings = LinesField(
        label="Rubriker i ett uppdrag till en arbetsgrupp (en per rad)", required=False
    )
    duties = DutiesField(
        label="Åtaganden (ett per rad: vem | vad | hur ofta | senast)",
        required=False,
        help_text="T.ex. ”Koordinatorn | sammanställer verksamhetsberättelsen | varje år | "
        f"2027-02-28”. Hur ofta: {DutiesField.FREQUENCY_WORDS} (löpande om det utelämnas). "
        "Senast (ÅÅÅÅ-MM-DD) kan utelämnas.",
    )

    class Meta:
        model = Charter
        formfield_callback = day_formfield  # dates within lib.days' years
        fields = list(CHARTER_FORM_FIELDS)
        labels = {
            "title": "Dokumentnamn",
            "registry_number": "Diarienummer",
            "decided_by": "Beslutad av",
            "decided_on": "Beslutsdatum",
            "valid_until": "Giltig till och med (tomt = tills vidare)",
            "purpose": "Syfte",
            "mandate_text": "Mandat",
            "next_revision": "Nästa revidering",
            "revision_interval_months": "Revideras minst var N:e månad",
            "meetings_min_per_year": "Minsta antal möten per år",
            "meetings_max_per_year": "Högsta antal möten per år",
            "meetings_min_per_quarter": "Minsta antal möten per kvartal",
            "meetings_planned_per_year": "Mötestider bokas ett år i taget",
            "booking_deadline_month": "Nästa års möten bokade senast: månad (1–12)",
            "booking_deadline_day": "… dag",
            "meeting_form": "Mötesform i första hand",
            "meeting_forms_revised_yearly": "Mötesformerna revideras varje år",
            "guests_may_be_invited": "Andra företrädare kan bjudas in när en fråga berör dem",
            "follows_parent_calendar": "Uppdragsgivarens agenda och mötestider styr planeringen",
            "document_lead_value": "Handlingar ute senast (antal)",
            "document_lead_unit": "… enhet",
            "document_lead_approximate": "Ungefärlig tid (”ca”)",
            "items_need_description_and_proposal": "Ärenden kräver kort beskrivning och förslag",
            "items_need_description": "Ärenden kräver kort problemformulering "
            "(och lösningsförslag om det finns)",
            "documents_sent_by": "Handlingarna skickas ut av",
            "chair_rotation": "Ordförandeskap",
            "chair_rotation_extendable": "Kan förlängas efter beslut i gruppen",
            "chair_and_vice_chair_from_different_principals": "Ordförande och vice ordförande från olika huvudmän",
            "chair_principal_kind": "Huvudman som tillhandahåller ordförande",
            "chair_principal_kind_may_share": "Ordförandeskapet kan fördelas mellan huvudmännen",
            "convener": "Sammankallande",
            "chair_owns_agenda": "Ordförande ansvarar för dagordningen",
            "chair_term_years": "Ordförande nomineras för (år)",
            "substitutes": "Ersättare",
            "substitute_called_by_member": "Ledamoten kallar själv in sin ersättare",
            "members_need_mandate": "Representanter måste ha mandat",
            "member_term_years": "Ledamöter nomineras för (år)",
            "new_members_reported_to": "Nya ledamöter anmäls till",
            "minutes_taken_by": "Minnesanteckningar förs av",
            "minutes_approval": "Justering av minnesanteckningar",
            "minutes_public": "Offentlig handling efter justering",
            "minutes_published_at": "Publiceras på",
            "minutes_distributed_to_all": "Skickas till alla representanter och adjungerade",
            "minutes_template_required": "Skrivs med hjälp av mall",
            "decisions_followed_up_in_next_minutes": "Besluten följs upp i nästa mötes "
            "genomgång av föregående anteckningar",
            "keeps_balance_list": "För balanslista",
            "escalates_to": "Frågor av länsövergripande karaktär lyfts till",
            "recommendations_routed_by": "Rekommendationer förmedlas till huvudmännens "
            "beslutsinstanser av",
            "may_appoint_working_groups": "Kan tillsätta arbetsgrupper",
            "working_groups_may_include_outsiders": "Arbetsgrupper kan ha med andra personer "
            "än gruppens egna",
            "working_groups_review_months": "Arbetsgruppernas uppdrag ses över minst var N:e månad",
            "assignment_needs_responsible": "Ansvariga utses när ett uppdrag beslutas",
            "internal_evaluation_yearly": "Gruppen utvärderar sitt arbete internt varje år",
            "mandate_review_by": "Uppdrag och mandat följs upp senast",
            "implementation_plan": "Implementeringsplan",
            "implementation_followup_on": "Implementeringen följs upp senast",
        }
        # The model's help texts that only repeat the label.
        help_texts = {
            "follows_parent_calendar": "",
            "items_need_description": "",
            "chair_principal_kind": "",
            "chair_principal_kind_may_share": "",
            "escalates_to": "",
            "recommendations_routed_by": "",
        }
        widgets = {
            "next_revision": DATE,
            "decided_on": DATE,
            "valid_until": DATE,
            "mandate_review_by": DATE,
            "implementation_followup_on": DATE,
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "mandate_text": forms.Textarea(attrs={"rows": 3}),
            "implementation_plan": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(
        self,
        *args: Any,
        body: Body | None = None,
        bodies: list[Body] | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        # The lists are shown, and posted back, as their lines of text.
        for name, field in self.fields.items():
            if isinstance(field, LinesField | DutiesField) and name in self.initial:
                self.initial[name] = field.prepare_value(self.initial[name])
        if body is None and self.instance.pk:
            body = self.instance.body
        escalates_to: Any = self.fields["escalates_to"]
        escalates_to.queryset = (
            Body.objects.filter(structure_id=body.structure_id).exclude(pk=body.pk)
            if body is not None
            else Body.objects.none()
        )
        escalates_to.empty_label = "Ingen"
        if bodies is not None:
            # Any body of the structure is accepted; the list offers `bodies`
            # (`forms.bodies.body_options`).
            escalates_to.choices = [("", "Ingen")] + [(b.pk, b.name) for b in bodies]
        if self.instance.pk:
            self.fields["lock_version"].initial = self.instance.lock_version
            self.fields["standing_agenda"].initial = [
                item.title for item in self.instance.standing_items.all()
            ]
        else:
            self.fields["new_version"].required = True
            self.fields["new_version"].label = "Version"
            self.fields["new_version"].help_text = "T.ex. 1.0 eller året då den beslutades."

    # Every field of the form is in one fieldset: a field left out would be posted empty.
    FIELDSETS = (
        ("Version", ("new_version",)),
        ("Dokumentet", (*FORM_TEXT_FIELDS, "next_revision", "revision_interval_months")),
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
                "meeting_forms_revised_yearly",
                "guests_may_be_invited",
                "follows_parent_calendar",
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
                "items_need_description",
                "documents_sent_by",
            ),
        ),
        (
            "Ordförande och ledamöter",
            (
                "chair_rotation",
                "chair_rotation_extendable",
                "chair_and_vice_chair_from_different_principals",
                "chair_principal_kind",
                "chair_principal_kind_may_share",
                "convener",
                "chair_owns_agenda",
                "chair_term_years",
                "substitutes",
                "substitute_called_by_member",
                "members_need_mandate",
                "member_term_years",
                "new_members_reported_to",
            ),
        ),
        (
            "Minnesanteckningar och ärenden",
            (
                "minutes_taken_by",
                "minutes_approval",
                "minutes_public",
                "minutes_published_at",
                "minutes_distributed_to_all",
                "minutes_template_required",
                "decisions_followed_up_in_next_minutes",
                "keeps_balance_list",
                "escalates_to",
                "recommendations_routed_by",
            ),
        ),
        (
            "Arbetsgrupper och uppdrag",
            (
                "may_appoint_working_groups",
                "working_groups_may_include_outsiders",
                "working_groups_review_months",
                "assignment_headings",
                "assignment_needs_responsible",
            ),
        ),
        (
            "Uppföljning och åtaganden",
            (
                "internal_evaluation_yearly",
                "mandate_review_by",
                "implementation_plan",
                "implementation_followup_on",
                "duties",
            ),
        ),
    )

    def fieldsets(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in self.FIELDSETS
        ]

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in CHARTER_FORM_FIELDS}


class CompositionForm(TextCheckedForm, forms.Form):
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


class _BodyTargetForm(TextCheckedForm, forms.Form):
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
