"""A charter's rule fields are the same in every layer: model, structure file, API, working form.

The list comes from the model (`CHARTER_RULE_FIELDS`); a rule field added to the model and
left out of a layer fails here, naming the layer and the field.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.test import SimpleTestCase, TestCase
from django.urls import reverse
from pydantic import BaseModel

from samverkan.structure import schema
from samverkan.structure.importer import structure_import
from samverkan.structure.importer.charters import CHARTER_KEYS
from samverkan.structure.models import (
    CHARTER_BOOKKEEPING_FIELDS,
    CHARTER_RULE_FIELDS,
    CHARTER_TEXT_FIELDS,
    Body,
    Charter,
)
from samverkan.structure.services import charter_update
from samverkan.structure.tests.test_import_errors import VALID
from samverkan.testing.base import BaseTestCase
from samverkan.work.forms import CharterRulesForm

# The rule fields the issue found missing from the API and the working form.
ONCE_MISSING = (
    "items_need_description",
    "working_groups_may_include_outsiders",
    "recommendations_routed_by",
    "duties",
)

# Two duties as the structure file, the API and the form write them (see the texts below).
DUTIES = [
    {"who": "Koordinatorn", "what": "sammanställer en årsrapport", "frequency": "yearly"},
    {"who": "Gruppen", "what": "utvärderar uppdraget", "frequency": "once", "due": "2027-06-30"},
]


def file_field(path: str) -> Any:
    """The schema's field at `path` below `charter:` in a structure file, or None."""
    model: type[BaseModel] = schema.CharterSpec
    *groups, name = path.split(".")
    for group in groups:
        inner = model.model_fields.get(group)
        if inner is None or not isinstance(inner.annotation, type):
            return None
        model = inner.annotation
    return model.model_fields.get(name)


class RuleFieldListTests(SimpleTestCase):
    def test_it_sorts_every_charter_field_into_exactly_one_kind(self) -> None:
        concrete = [f.name for f in Charter._meta.concrete_fields]
        kinds = (CHARTER_BOOKKEEPING_FIELDS, CHARTER_TEXT_FIELDS, CHARTER_RULE_FIELDS)
        self.assertEqual(sorted(concrete), sorted(name for kind in kinds for name in kind))
        for name in ONCE_MISSING:
            self.assertIn(name, CHARTER_RULE_FIELDS)

    def test_it_reads_every_rule_field_from_a_structure_file(self) -> None:
        missing = [name for name in CHARTER_RULE_FIELDS if name not in CHARTER_KEYS]
        self.assertEqual(missing, [], "rule fields the importer does not read from the file")
        unknown = {
            name: CHARTER_KEYS[name]
            for name in CHARTER_RULE_FIELDS
            if file_field(CHARTER_KEYS[name]) is None
        }
        self.assertEqual(unknown, {}, "rule fields whose key the structure file's schema lacks")

    def test_it_shows_and_takes_every_rule_field_in_the_api(self) -> None:
        from samverkan.api.api import api

        components = api.get_openapi_schema()["components"]["schemas"]
        missing = {
            component: [
                name
                for name in CHARTER_RULE_FIELDS
                if name not in components[component]["properties"]
            ]
            for component in ("CharterOut", "CharterPatch", "CharterVersionIn")
        }
        self.assertEqual(
            missing,
            {"CharterOut": [], "CharterPatch": [], "CharterVersionIn": []},
            "rule fields missing from the API's charter schemas",
        )

    def test_it_edits_every_rule_field_in_the_working_form(self) -> None:
        form = CharterRulesForm()
        missing = [name for name in CHARTER_RULE_FIELDS if name not in form.fields]
        self.assertEqual(missing, [], "rule fields missing from the working form")
        # A field that no fieldset shows would be posted empty and wipe the rule.
        shown = [name for _legend, names in CharterRulesForm.FIELDSETS for name in names]
        visible = [name for name, field in form.fields.items() if not field.widget.is_hidden]
        self.assertEqual(sorted(shown), sorted(visible))
        for name in CHARTER_RULE_FIELDS:
            label = str(form.fields[name].label)
            self.assertNotEqual(label.lower(), name.replace("_", " "), f"{name} needs a label")


class StructureFileRoundTripTests(TestCase):
    def test_it_imports_the_rule_fields_once_missing(self) -> None:
        text = VALID.replace(
            "        documents: {lead_time: 10, unit: working_days}\n",
            "        documents: {lead_time: 10, unit: working_days, items_need_description: true}\n"
            "        cases:\n"
            "          working_groups_may_include_outsiders: true\n"
            "          recommendations_routed_by: Regional koordinator\n"
            "        duties:\n"
            "          - {who: Koordinatorn, what: sammanställer en årsrapport, frequency: yearly}\n"
            "          - {who: Gruppen, what: utvärderar uppdraget, frequency: once, due: 2027-06-30}\n",
        )
        self.assertNotEqual(text, VALID)
        structure_import(text=text, path="ok.yaml")
        charter = Body.objects.get(key="lsg").charters.get()
        self.assertTrue(charter.items_need_description)
        self.assertTrue(charter.working_groups_may_include_outsiders)
        self.assertEqual(charter.recommendations_routed_by, "Regional koordinator")
        self.assertEqual(
            charter.duties,
            DUTIES,
        )
        self.assertFalse(structure_import(text=text, path="ok.yaml").changed)


def rule_value(field: models.Field, *, other_body: Body) -> Any:
    """A value for a rule field that is not its default, of the field's kind."""
    special = {
        "booking_deadline_month": 11,
        "booking_deadline_day": 30,
        "escalates_to": other_body,
        "assignment_headings": ["Bakgrund", "Syfte", "Tidplan"],
        "duties": DUTIES,
    }
    if field.name in special:
        return special[field.name]
    if field.choices:
        return [value for value, _label in field.choices if value][-1]
    if isinstance(field, models.BooleanField):
        return True
    if isinstance(field, models.PositiveSmallIntegerField):
        return 3
    if isinstance(field, models.DateField):
        return datetime.date(2027, 1, 31)
    if isinstance(field, models.CharField | models.TextField):
        return "Regional koordinator"
    raise AssertionError(f"give the rule field {field.name} a value here")


def posted(form: CharterRulesForm) -> dict[str, str]:
    """What a browser posts for the form as it is shown."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[f"{form.prefix}-{name}"] = "on" if value is True else str(value)
    return data


class WorkingFormRoundTripTests(BaseTestCase):
    def save(self, data: dict[str, str]) -> CharterRulesForm:
        form = CharterRulesForm(data, instance=Charter.objects.get(pk=self.charter.pk), prefix="r")
        if form.is_valid():
            charter_update(
                by=self.coordinator,
                charter=self.charter,
                expected_version=form.cleaned_data["lock_version"],
                **form.changes(),
            )
        return form

    def test_it_saves_the_rule_fields_once_missing(self) -> None:
        data = posted(CharterRulesForm(instance=self.charter, prefix="r"))
        data.update(
            {
                "r-items_need_description": "on",
                "r-working_groups_may_include_outsiders": "on",
                "r-recommendations_routed_by": "Regional koordinator",
                "r-duties": "Koordinatorn | sammanställer en årsrapport | varje år\n\n"
                "Gruppen | utvärderar uppdraget | en gång | 2027-06-30\n"
                "Sekreteraren | skickar ut handlingar",
            }
        )
        form = self.save(data)
        self.assertTrue(form.is_valid(), form.errors)
        charter = Charter.objects.get(pk=self.charter.pk)
        self.assertTrue(charter.items_need_description)
        self.assertTrue(charter.working_groups_may_include_outsiders)
        self.assertEqual(charter.recommendations_routed_by, "Regional koordinator")
        self.assertEqual(
            charter.duties,
            [
                *DUTIES,
                {"who": "Sekreteraren", "what": "skickar ut handlingar", "frequency": "continuous"},
            ],
        )

    def test_every_rule_field_survives_the_form_unchanged(self) -> None:
        values = {
            f.name: rule_value(f, other_body=self.council)
            for f in Charter._meta.concrete_fields
            if f.name in CHARTER_RULE_FIELDS
        }
        Charter.objects.filter(pk=self.charter.pk).update(**values)
        charter = Charter.objects.get(pk=self.charter.pk)
        form = self.save(posted(CharterRulesForm(instance=charter, prefix="r")))
        self.assertTrue(form.is_valid(), form.errors)
        saved = Charter.objects.get(pk=self.charter.pk)
        self.assertEqual(
            {name: getattr(saved, name) for name in CHARTER_RULE_FIELDS},
            {name: getattr(charter, name) for name in CHARTER_RULE_FIELDS},
        )
        self.assertEqual(saved.lock_version, charter.lock_version + 1)

    def test_it_refuses_a_duty_without_what_or_with_an_unknown_frequency_or_date(self) -> None:
        data = posted(CharterRulesForm(instance=self.charter, prefix="r"))
        for duties, message in (
            ("Koordinatorn", "Rad 1: skriv vem | vad | hur ofta | senast."),
            ("A | b\nKoordinatorn | rapporterar | varannan vecka", "Rad 2: okänt hur ofta"),
            ("Gruppen | utvärderar | en gång | 2027-06-31", "Rad 1: senast ska vara ett datum"),
        ):
            with self.subTest(duties=duties):
                form = self.save({**data, "r-duties": duties})
                self.assertFalse(form.is_valid())
                self.assertIn(message, form.errors["duties"][0])
        self.assertEqual(Charter.objects.get(pk=self.charter.pk).duties, [])

    def test_it_offers_only_the_structures_other_bodies_to_escalate_to(self) -> None:
        form = CharterRulesForm(instance=self.charter, prefix="r")
        offered = set(form.fields["escalates_to"].queryset)  # type: ignore[attr-defined]
        self.assertEqual(offered, {self.council, self.au})
        new = CharterRulesForm(prefix="r", body=self.au)
        self.assertEqual(
            set(new.fields["escalates_to"].queryset),  # type: ignore[attr-defined]
            {self.council, self.body},
        )


class WorkingPageTests(BaseTestCase):
    def test_the_working_page_saves_a_first_charter_with_them(self) -> None:
        self.login(self.coordinator)
        response = self.client.post(
            reverse("work:charter_rules", args=["vasterbotten", "lsg-au"]),
            {
                "rules-new_version": "1.0",
                "rules-chair_rotation": "none",
                "rules-items_need_description": "on",
                "rules-working_groups_may_include_outsiders": "on",
                "rules-recommendations_routed_by": "Regional koordinator",
                "rules-escalates_to": str(self.body.pk),
                "rules-duties": "Koordinatorn | sammanställer en årsrapport | varje år",
            },
        )
        self.assertEqual(response.status_code, 302, response.content.decode()[:3000])
        charter = self.au.charters.get()
        self.assertEqual(
            (
                charter.items_need_description,
                charter.working_groups_may_include_outsiders,
                charter.recommendations_routed_by,
                charter.escalates_to,
                charter.duties,
            ),
            (
                True,
                True,
                "Regional koordinator",
                self.body,
                [
                    {
                        "who": "Koordinatorn",
                        "what": "sammanställer en årsrapport",
                        "frequency": "yearly",
                    }
                ],
            ),
        )
        page = self.client.get(reverse("work:body", args=["vasterbotten", "lsg-au"]))
        self.assertContains(page, "Koordinatorn | sammanställer en årsrapport | varje år")
