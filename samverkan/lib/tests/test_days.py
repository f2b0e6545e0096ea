"""Date fields on the pages take the API's days, 1900-01-01 to 2199-12-31, and say so."""

from __future__ import annotations

import datetime

from django import forms
from django.test import SimpleTestCase
from django.urls import reverse

from samverkan.accounts.models import ApiToken
from samverkan.lib.days import DayField
from samverkan.structure.models import Body
from samverkan.testing.base import BaseTestCase

MESSAGE = "Ange ett datum mellan 1900-01-01 och 2199-12-31."


class DayForm(forms.Form):
    day = DayField(widget=forms.DateInput(attrs={"type": "date"}))


class DayFieldTests(SimpleTestCase):
    def test_it_takes_the_first_and_the_last_day(self) -> None:
        for value in ("1900-01-01", "2026-12-01", "2199-12-31"):
            with self.subTest(value):
                form = DayForm({"day": value})
                self.assertTrue(form.is_valid(), form.errors)
                self.assertEqual(form.cleaned_data["day"], datetime.date.fromisoformat(value))

    def test_it_refuses_a_day_outside_with_the_range_in_swedish(self) -> None:
        for value in ("1899-12-31", "2200-01-01", "0202-03-01", "9999-12-31"):
            with self.subTest(value):
                form = DayForm({"day": value})
                self.assertFalse(form.is_valid())
                self.assertEqual(form.errors["day"], [MESSAGE])

    def test_the_date_picker_offers_only_those_days(self) -> None:
        html = str(DayForm()["day"])
        self.assertIn('min="1900-01-01"', html)
        self.assertIn('max="2199-12-31"', html)


class PageDateTests(BaseTestCase):
    def test_a_token_page_refuses_a_mistyped_year(self) -> None:
        self.login(self.coordinator)
        response = self.client.post(
            reverse("accounts:tokens"), {"name": "Rapportverktyg", "expires_on": "2502-01-31"}
        )
        self.assertContains(response, MESSAGE)
        self.assertFalse(ApiToken.objects.exists())

    def test_a_model_forms_date_is_held_to_the_same_days(self) -> None:
        self.login(self.coordinator)
        response = self.client.post(
            reverse("work:body_save", args=["vasterbotten", "lsg"]),
            {
                "body-name": "Länssamverkansgruppen",
                "body-kind": "county_group",
                "body-level": "regional",
                "body-mandate": "recommends",
                "body-duration": "temporary",
                "body-end_date": "3026-06-30",
                "body-lock_version": str(self.body.lock_version),
            },
            follow=True,
        )
        self.assertContains(response, MESSAGE)
        self.assertIsNone(Body.objects.get(pk=self.body.pk).end_date)
