"""Which objects the history follows, and how each is named, labelled and placed.

Each domain app says this once per model, beside the services that record its changes
(`track(...)` in e.g. `structure/services/history.py`): the kind of object in the API's
words, its Swedish name, the fields whose old and new values are kept with their Swedish
labels, the page its changes are shown on and the structure whose coordinators may read
them. Only the fields named are ever recorded: a token's hash or approved minutes' text
and checksums never reach the history because nobody lists them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Model


def _own_page(obj: Any) -> tuple[str, int | None]:
    return tracked(obj).key, obj.pk


def _no_structure(obj: Any) -> int | None:
    return None


@dataclass(frozen=True)
class Tracked:
    model: type[Model]
    # The kind of object as the API names it: "membership", "agenda_item".
    key: str
    # Its Swedish name, e.g. "Uppdrag".
    label: str
    # The fields (or parts, such as a charter's composition) whose values are kept, each
    # with the label a reader sees.
    fields: Mapping[str, str]
    # The page the change is shown on: (kind, id) of the object itself or its owner.
    scope: Callable[[Any], tuple[str, int | None]]
    # The structure whose coordinators may read the change, or None.
    structure: Callable[[Any], int | None]
    # The object's name in the history.
    name: Callable[[Any], str]
    # How a field's value reads where the general rules (choice labels, related names,
    # yes/no, dates, one list entry a line) are not enough.
    formats: Mapping[str, Callable[[Any], str]]


_BY_MODEL: dict[type[Model], Tracked] = {}
_BY_KEY: dict[str, Tracked] = {}


def track(
    model: type[Model],
    *,
    key: str,
    label: str,
    fields: Mapping[str, str],
    scope: Callable[[Any], tuple[str, int | None]] | None = None,
    structure: Callable[[Any], int | None] | None = None,
    name: Callable[[Any], str] = str,
    formats: Mapping[str, Callable[[Any], str]] | None = None,
) -> Tracked:
    """Follow `model`'s changes; importing the module that calls this twice is harmless."""
    spec = Tracked(
        model=model,
        key=key,
        label=label,
        fields=dict(fields),
        scope=scope or _own_page,
        structure=structure or _no_structure,
        name=name,
        formats=dict(formats or {}),
    )
    _BY_MODEL[model] = spec
    _BY_KEY[key] = spec
    return spec


def tracked(obj_or_model: Any) -> Tracked:
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    try:
        return _BY_MODEL[model]
    except KeyError:
        raise LookupError(f"{model.__name__} is not tracked: call audit.registry.track") from None


def by_key(key: str) -> Tracked | None:
    return _BY_KEY.get(key)


def type_label(key: str) -> str:
    spec = _BY_KEY.get(key)
    return spec.label if spec else key


def field_label(key: str, field: str) -> str:
    spec = _BY_KEY.get(key)
    if spec is not None and field in spec.fields:
        return spec.fields[field]
    return field.replace("_", " ").capitalize()


def kinds() -> list[tuple[str, str]]:
    """Every kind of object followed, as (key, Swedish name), by name."""
    return sorted(((s.key, s.label) for s in _BY_KEY.values()), key=lambda pair: pair[1])
