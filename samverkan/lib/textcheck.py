"""What text is accepted anywhere: no control characters, and a limit on long texts.

A NUL or another control character in a name is invisible on the page, breaks the text
file whose hash is published, and PostgreSQL refuses to store a NUL at all; a lone
surrogate (from a JSON escape such as "\\ud800") cannot be stored as UTF-8. Tab, newline
and carriage return are ordinary text and stay allowed. A text without a limit of its own
(a model's TextField, a JSON list of goals) is held to `LONG_TEXT_MAX` characters, so that
a mistaken paste or a hostile client cannot fill the database or the published minutes.

The same rule is applied where text comes in: forms (`TextCheckedForm`), the API's input
schemas and the structure files (a pydantic field validator calling `nested_problem`),
and services that take text outside those (`check_text`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from samverkan.lib.errors import DomainError

# Characters in one long text: about ten pages. Enough for a minutes item's notes or a
# charter's purpose; a longer text belongs in a document attached to the meeting.
LONG_TEXT_MAX = 20_000

# C0 controls except tab, newline and carriage return; DEL and the C1 controls; surrogates.
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def _thousands(number: int) -> str:
    """20000 -> "20 000", the Swedish way (with a no-break space)."""
    return f"{number:,}".replace(",", "\u00a0")


def _name(character: str) -> str:
    code = f"U+{ord(character):04X}"
    if character == "\x00":
        return f"{code}, NUL"
    if unicodedata.category(character) == "Cs":
        return f"{code}, ett halvt UTF-16-tecken"
    return f"{code}, ett styrtecken"


@dataclass(frozen=True)
class TextProblem:
    """Why a text is refused: as a sentence (pages, API) and as a phrase after a field
    name (structure files: `bodies[2].name: innehåller …`)."""

    message: str
    phrase: str


def text_problem(value: str, *, max_length: int | None = LONG_TEXT_MAX) -> TextProblem | None:
    """What is wrong with `value`, or None if it may be stored."""
    found = _REFUSED.search(value)
    if found is not None:
        what = f"ett tecken som inte får finnas i text ({_name(found.group())}) på plats {found.start() + 1}"
        return TextProblem(
            message=f"Texten innehåller {what}. Ta bort det och försök igen.",
            phrase=f"innehåller {what}",
        )
    if max_length is not None and len(value) > max_length:
        return TextProblem(
            message=f"Texten är {_thousands(len(value))} tecken lång; högst "
            f"{_thousands(max_length)} tecken får plats. Korta den eller lägg den i en handling.",
            phrase=f"är för lång ({_thousands(len(value))} tecken, högst {_thousands(max_length)})",
        )
    return None


def nested_problem(value: Any, *, max_length: int | None = LONG_TEXT_MAX) -> TextProblem | None:
    """The first problem of any text in `value`: a string, or the strings (keys too) in
    lists, tuples and mappings of them, as JSON fields hold them. Anything else is fine."""
    if isinstance(value, str):
        return text_problem(value, max_length=max_length)
    if isinstance(value, Mapping):
        for key, item in value.items():
            problem = nested_problem(key, max_length=max_length) or nested_problem(
                item, max_length=max_length
            )
            if problem is not None:
                return problem
    elif isinstance(value, list | tuple):
        for item in value:
            problem = nested_problem(item, max_length=max_length)
            if problem is not None:
                return problem
    return None


def check_text(value: str, *, field: str, max_length: int | None = LONG_TEXT_MAX) -> str:
    """`value` if it may be stored; otherwise a refusal naming `field` (DomainError)."""
    problem = text_problem(value, max_length=max_length)
    if problem is not None:
        raise DomainError(problem.message, field=field)
    return value


def no_control_characters(value: Any) -> None:
    """A Django validator: refuses control characters, whatever the text's length."""
    if isinstance(value, str):
        problem = text_problem(value, max_length=None)
        if problem is not None:
            raise ValidationError(problem.message, code="control_character")


class TextCheckedForm(forms.BaseForm):
    """Mix into a form (before `forms.Form` or `forms.ModelForm`): every text field refuses
    control characters, and one without a `max_length` of its own is held to
    `LONG_TEXT_MAX`, each with the reason beside the field."""

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or self.cleaned_data
        for name, field in self.fields.items():
            if name in self.errors:
                continue
            # A text, or the lists a field makes of one (lines, duties).
            limit = getattr(field, "max_length", None) or LONG_TEXT_MAX
            problem = nested_problem(cleaned.get(name), max_length=limit)
            if problem is not None:
                self.add_error(name, problem.message)
        return cleaned
