"""Control characters are refused in every text, and long texts have a limit: in forms,
with the reason beside the field (the API and structure files have tests of their own)."""

from __future__ import annotations

from django import forms
from django.test import SimpleTestCase
from django.urls import reverse

from samverkan.lib.errors import DomainError
from samverkan.lib.textcheck import (
    LONG_TEXT_MAX,
    TextCheckedForm,
    check_text,
    nested_problem,
    text_problem,
)
from samverkan.structure.models import Person
from samverkan.testing.base import BaseTestCase


class NoteForm(TextCheckedForm, forms.Form):
    name = forms.CharField(max_length=100)
    notes = forms.CharField(required=False, widget=forms.Textarea)


class TextProblemTests(SimpleTestCase):
    def test_ordinary_text_with_tabs_and_line_breaks_is_fine(self) -> None:
        for text in ("Anna Berg", "Rad ett\r\nRad två\tmed tab", "Å ä ö – “citat” €", ""):
            with self.subTest(text=text):
                self.assertIsNone(text_problem(text))

    def test_control_characters_and_lone_surrogates_are_named_with_their_place(self) -> None:
        cases = {
            "Anna\x00": "U+0000, NUL) på plats 5",
            "A\x07": "U+0007, ett styrtecken) på plats 2",
            "\x1b[31m": "U+001B, ett styrtecken) på plats 1",
            "x\x7f": "U+007F",
            "x\x85y": "U+0085",
            "x\ud800": "U+D800, ett halvt UTF-16-tecken",
        }
        for text, expected in cases.items():
            with self.subTest(text=repr(text)):
                problem = text_problem(text)
                assert problem is not None
                self.assertIn(expected, problem.message)
                self.assertTrue(problem.message.endswith("Ta bort det och försök igen."))
                self.assertTrue(problem.phrase.startswith("innehåller"))

    def test_a_long_text_gets_its_length_and_the_limit(self) -> None:
        self.assertIsNone(text_problem("x" * LONG_TEXT_MAX))
        problem = text_problem("x" * (LONG_TEXT_MAX + 1))
        assert problem is not None
        self.assertIn("Texten är 20\u00a0001 tecken lång; högst 20\u00a0000", problem.message)
        self.assertIsNone(text_problem("x" * 50_000, max_length=None))

    def test_nested_texts_in_lists_and_mappings_are_checked(self) -> None:
        self.assertIsNone(nested_problem({"mål": ["a", "b"], "n": 3}))
        self.assertIsNotNone(nested_problem(["a", ["b\x00"]]))
        self.assertIsNotNone(nested_problem({"nyckel\x01": "värde"}))

    def test_a_service_refusal_names_the_field(self) -> None:
        with self.assertRaises(DomainError) as caught:
            check_text("Budget\x00", field="title")
        self.assertEqual(list(caught.exception.errors), ["title"])


class FormTests(SimpleTestCase):
    def test_the_reason_stands_beside_the_field(self) -> None:
        form = NoteForm({"name": "Anna\x07", "notes": "x" * (LONG_TEXT_MAX + 1)})
        self.assertFalse(form.is_valid())
        self.assertIn("U+0007", form.errors["name"][0])
        self.assertIn("högst 20\u00a0000 tecken", form.errors["notes"][0])
        form = NoteForm({"name": "Anna", "notes": "Rad ett\r\nRad två"})
        self.assertTrue(form.is_valid(), form.errors)


class PageTests(BaseTestCase):
    def test_a_coordinator_gets_the_reason_and_keeps_what_was_written(self) -> None:
        person = Person.objects.create(key="ny-person", first_name="Ny", last_name="Person")
        self.login(self.coordinator)
        response = self.client.post(
            reverse("work:person", args=[person.pk]),
            {"first_name": "Ny\x1b[31m", "last_name": "Personsson", "email": "", "phone": ""},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Texten innehåller ett tecken som inte får finnas i text")
        self.assertContains(response, "Personsson")
        person.refresh_from_db()
        self.assertEqual((person.first_name, person.last_name), ("Ny", "Person"))
