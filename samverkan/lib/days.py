"""The days a date may be, on the pages as in the API: 1900-01-01 to 2199-12-31.

The application computes with the days it stores: a day's Swedish midnight, a deadline
working days before, a year's plan. Year 1 or 9999 would overflow those sums, a mistyped
year (20277) is never meant, and no charter, meeting or assignment lies outside these
years. The API's date types (`samverkan.api.base.Day`) and every date field of the pages'
forms (`DayField`, and `day_formfield` for a model form's date fields) hold to the same
days with the same message.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

FIRST_DAY = datetime.date(1900, 1, 1)
LAST_DAY = datetime.date(2199, 12, 31)
DAY_RANGE = f"mellan {FIRST_DAY.isoformat()} och {LAST_DAY.isoformat()}"
DAY_MESSAGE = f"Ange ett datum {DAY_RANGE}."


def within_days(value: datetime.date | None) -> None:
    """A Django validator: refuses a day outside `FIRST_DAY`–`LAST_DAY`."""
    if value is not None and not FIRST_DAY <= value <= LAST_DAY:
        raise ValidationError(DAY_MESSAGE, code="day_range")


class DayField(forms.DateField):
    """A form's date field, within the days above; the date picker offers only those."""

    default_validators = [within_days]

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if getattr(widget, "input_type", None) == "date":
            attrs.setdefault("min", FIRST_DAY.isoformat())
            attrs.setdefault("max", LAST_DAY.isoformat())
        return attrs


def day_formfield(db_field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """A model form's `formfield_callback`: its date fields are `DayField`s, the rest as
    Django makes them."""
    if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        return db_field.formfield(**{"form_class": DayField, **kwargs})
    return db_field.formfield(**kwargs)
