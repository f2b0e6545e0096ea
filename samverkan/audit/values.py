"""An object's recorded values, and how each reads in the history.

A snapshot keeps the raw values of the tracked fields (a relation as the other row's id)
and, where the related row is already loaded, its name; the text of a value is worked out
only for the fields that changed, so recording costs a query only for a relation that
changed to or from a row nobody has loaded.
"""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import BooleanField, Field, ForeignObjectRel, JSONField, Model

from samverkan.audit.registry import tracked
from samverkan.lib.localtime import local_time


@dataclass
class Snapshot:
    values: dict[str, Any] = field(default_factory=dict)
    # Names of related rows that were loaded when the snapshot was taken, by field.
    names: dict[str, str] = field(default_factory=dict)


def _model_field(model: type[Model], name: str) -> Field[Any, Any] | None:
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if isinstance(found, ForeignObjectRel) or found.many_to_many:
        return None
    return found  # type: ignore[return-value]


def snapshot(obj: Model) -> Snapshot:
    """The tracked fields' values as they are now (parts such as a charter's composition
    are passed to the recording functions by the service instead)."""
    shot = Snapshot()
    model = type(obj)
    for name in tracked(obj).fields:
        model_field = _model_field(model, name)
        if model_field is None:
            continue
        if model_field.is_relation:
            shot.values[name] = getattr(obj, model_field.attname)
            if model_field.is_cached(obj):  # type: ignore[attr-defined]
                related = getattr(obj, name)
                if related is not None:
                    shot.names[name] = str(related)
        else:
            shot.values[name] = copy.deepcopy(getattr(obj, name))
    return shot


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {} or value is False


def _json_text(value: Any) -> str:
    """A list reads one entry a line; a mapping (a row such as a duty) as its filled-in
    values. A field that needs more (its keys, Swedish words for its codes) has its own
    formatter in `track(formats=...)`."""
    if isinstance(value, list):
        return "\n".join(_json_text(v) for v in value)
    if isinstance(value, dict):
        return " – ".join(
            str(v)
            for v in value.values()
            if isinstance(v, str | int) and not isinstance(v, bool) and v != ""
        )
    return "" if value is None else str(value)


def text_of(model: type[Model], name: str, value: Any, *, known: str | None = None) -> str:
    """How `value` of `model`'s field `name` reads: a choice by its label, a relation by the
    other row's name (`known`, or looked up), yes/no, dates and times in Swedish time."""
    if value is None:
        return ""
    model_field = _model_field(model, name)
    if model_field is not None and model_field.choices:
        # A choice reads as its label, also the empty one ("Inte åtgärdad").
        labels = dict(model_field.flatchoices)
        if value in labels:
            return str(labels[value])
    if value == "":
        return ""
    format_value = tracked(model).formats.get(name)
    if format_value is not None:
        return format_value(value)
    if model_field is None:
        return _json_text(value) if isinstance(value, list | dict) else str(value)
    if model_field.is_relation:
        if known is not None:
            return known
        related = model_field.related_model._base_manager.filter(pk=value).first()  # type: ignore[union-attr]
        return str(related) if related is not None else f"#{value}"
    if model_field.choices:
        return str(value)
    if isinstance(model_field, BooleanField):
        return "Ja" if value else "Nej"
    if isinstance(value, datetime.datetime):
        return local_time(value).strftime("%Y-%m-%d %H.%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(model_field, JSONField):
        return _json_text(value)
    return str(value)
