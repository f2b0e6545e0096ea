"""pydantic's validation errors said in Swedish, each with the file's line and field."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from samverkan.structure.yamlsource import FileError, YamlDocument, loc_to_field

PYDANTIC_MESSAGES = {
    "missing": "fältet saknas",
    "extra_forbidden": "okänt fält",
    "int_parsing": "ska vara ett heltal",
    "int_type": "ska vara ett heltal",
    "bool_parsing": "ska vara true eller false",
    "bool_type": "ska vara true eller false",
    "string_type": 'ska vara text (sätt citattecken runt koder, t.ex. "0114")',
    "date_from_datetime_parsing": "ska vara ett datum ÅÅÅÅ-MM-DD",
    "date_parsing": "ska vara ett datum ÅÅÅÅ-MM-DD",
    "date_type": "ska vara ett datum ÅÅÅÅ-MM-DD",
    "list_type": "ska vara en lista",
    "dict_type": "ska vara en mappning (nyckel: värde)",
    "model_type": "ska vara en mappning (nyckel: värde)",
    "too_short": "får inte vara tom",
    "string_too_short": "får inte vara tom",
    "string_too_long": "är för lång",
    "string_pattern_mismatch": "får bara innehålla små bokstäver a–z, siffror och bindestreck",
    "greater_than_equal": "är för litet",
    "less_than_equal": "är för stort",
}


def _pydantic_message(error: Any) -> str:
    kind = error["type"]
    if kind == "literal_error":
        return "ogiltigt värde; tillåtna värden: " + error["ctx"]["expected"]
    if kind in ("value_error", "assertion_error"):
        return str(error["ctx"]["error"])
    if kind == "string_too_long":
        return f"är för lång (högst {error['ctx']['max_length']} tecken)"
    if kind in ("greater_than_equal", "less_than_equal"):
        limit = error["ctx"].get("ge", error["ctx"].get("le"))
        return f"{PYDANTIC_MESSAGES[kind]} (gräns: {limit})"
    return PYDANTIC_MESSAGES.get(kind, error["msg"])


def _clean_loc(loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    # pydantic adds the union member's class name to the location; the file does not have it.
    return tuple(p for p in loc if not ((isinstance(p, str) and p[:1].isupper()) or p in {"str"}))


def validation_errors(exc: ValidationError, document: YamlDocument, path: str) -> list[FileError]:
    errors = []
    for error in exc.errors():
        loc = _clean_loc(error["loc"])
        errors.append(
            FileError(path, document.line_of(loc), loc_to_field(loc), _pydantic_message(error))
        )
    return errors
