"""Helpers for the HTML faces that hold no domain knowledge."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.forms.forms import BaseForm


def show_refusal(form: BaseForm, errors: Mapping[str, Sequence[str]]) -> None:
    """Put a refused action's explanations on the form, each beside the field it concerns."""
    for field, texts in errors.items():
        for text in texts:
            form.add_error(field if field in form.fields else None, text)
