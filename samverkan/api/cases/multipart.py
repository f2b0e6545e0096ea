"""Uploads to the cases API: a file in `file` beside ordinary form fields.

ninja reports an invalid form field with a location that names no field, and drops unknown
ones silently. So the fields beside the file are validated here, after the permission check,
against the endpoint's input schema, and every refusal is the API's ordinary 400 with
`errors` keyed by the field, as for JSON input. The file itself is checked by the service
(`samverkan.meetings.documents.check_file`: type from its bytes, `DOCUMENT_MAX_SIZE`,
programs, macros and PDF scripts refused), so a page and the API refuse the same files.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Schema
from pydantic import ValidationError as PydanticValidationError

from samverkan.api.errors import INVALID_INPUT, validation_errors
from samverkan.lib.errors import DomainError

FILE = "file"


def form_fields[S: Schema](request: HttpRequest, schema: type[S]) -> S:
    """The form fields of a multipart request beside `file`, validated by `schema`."""
    unknown = sorted(set(request.FILES) - {FILE})
    try:
        # A "file" sent as text is no file: the endpoint refuses it as missing, if required.
        fields = {k: v for k, v in request.POST.dict().items() if k != FILE}
        payload = schema.model_validate(fields)
    except PydanticValidationError as exc:
        problems = [
            {**error, "loc": ("form", "payload", *error["loc"])}
            for error in exc.errors(include_url=False)
        ]
        errors = validation_errors(problems)  # type: ignore[arg-type]
    else:
        errors = {}
    for name in unknown:
        errors.setdefault(name, []).append("Okänt fält.")
    if errors:
        raise DomainError(INVALID_INPUT, errors=errors)
    return payload


def multipart_body(schema: type[Schema], *, file: str, required: bool) -> dict[str, Any]:
    """The OpenAPI request body of an upload: ninja sees the file as optional (it is checked
    in the view so that a missing one is refused on its field), the document says what the
    endpoint takes."""
    properties = schema.model_json_schema()
    names = list(properties.get("required", []))
    return {
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "required": [*names, FILE] if required else names,
                        "properties": {
                            FILE: {"type": "string", "format": "binary", "description": file},
                            **properties["properties"],
                        },
                    }
                }
            }
        }
    }
