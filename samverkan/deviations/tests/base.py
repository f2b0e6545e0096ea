"""Deviation tests' personas: a municipal nurse, the two principals' handlers, a stranger."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User

from samverkan.api.tests.base import ApiTestCase
from samverkan.deviations import services
from samverkan.deviations.models import Deviation, DeviationCategory
from samverkan.lib.personnummer import luhn_ok
from samverkan.structure.models import Person

# Skatteverket's classic test personnummer: valid date and check digit.
PERSONNUMMER = "19121212-1212"
# Ten digits failing the check digit: not an identity number.
RANDOM_DIGITS = "1212121213"


def samordningsnummer() -> str:
    """A samordningsnummer (day + 60) with a valid check digit."""
    for last in range(10):
        digits = f"121272123{last}"
        if luhn_ok(digits):
            return f"{digits[:6]}-{digits[6:]}"
    raise AssertionError("no check digit")


class DeviationTestCase(ApiTestCase):
    nurse: User
    region_handler: User
    umea_handler: User
    stranger: User
    category: DeviationCategory
    nurse_token: str
    region_handler_token: str
    umea_handler_token: str
    stranger_token: str

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        from samverkan.accounts.services import api_token_create

        cls.nurse = User.objects.create_user(
            "sjukskoterska@umea.example", "sjukskoterska@umea.example", "pw", first_name="Nora"
        )
        Person.objects.create(
            key="nora-sjo", first_name="Nora", last_name="Sjö", employer=cls.umea, user=cls.nurse
        )
        cls.region_handler = User.objects.create_user(
            "handlaggare@region.example", "handlaggare@region.example", "pw", first_name="Rut"
        )
        cls.umea_handler = User.objects.create_user(
            "handlaggare@umea.example", "handlaggare@umea.example", "pw"
        )
        cls.stranger = User.objects.create_user("nagon@annan.example", "nagon@annan.example", "pw")
        services.deviation_settings_set(
            by=None, structure=cls.structure, answer_days=60, follow_up_body=cls.body
        )
        services.handler_set(
            by=None, structure=cls.structure, principal=cls.region, user=cls.region_handler
        )
        services.handler_set(
            by=None, structure=cls.structure, principal=cls.umea, user=cls.umea_handler
        )
        cls.category = DeviationCategory.objects.get(structure=cls.structure, name="Utskrivning")
        cls.nurse_token = api_token_create(by=cls.nurse, name="t")[1]
        cls.region_handler_token = api_token_create(by=cls.region_handler, name="t")[1]
        cls.umea_handler_token = api_token_create(by=cls.umea_handler, name="t")[1]
        cls.stranger_token = api_token_create(by=cls.stranger, name="t")[1]

    def token_for(self, user: User) -> str:
        own = {
            self.nurse.pk: self.nurse_token,
            self.region_handler.pk: self.region_handler_token,
            self.umea_handler.pk: self.umea_handler_token,
            self.stranger.pk: self.stranger_token,
        }
        return own.get(user.pk) or super().token_for(user)

    def report(self, **overrides: Any) -> Deviation:
        values: dict[str, Any] = {
            "by": self.nurse,
            "structure": self.structure,
            "occurred_on": datetime.date(2026, 3, 2),
            "reporting_principal": self.umea,
            "reporting_unit": "Hemsjukvården Umeå centrum",
            "concerned_principal": self.region,
            "concerned_unit": "Norrlands universitetssjukhus, avd 12",
            "routine": "Riktlinje för utskrivning från slutenvård",
            "category": self.category,
            "description": "Patienten skrevs ut utan läkemedelslista till hemsjukvården.",
            "contact_name": "Nora Sjö",
            "contact_phone": "090-16 10 00",
            "today": datetime.date(2026, 3, 3),
        }
        values.update(overrides)
        if "occurred_on" not in overrides:
            values["occurred_on"] = values["today"] - datetime.timedelta(days=1)
        return services.deviation_report(**values)
