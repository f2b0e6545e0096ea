"""Every error the API returns has one JSON shape:

    {"detail": "<svensk förklaring>", "errors": {"<fält>": ["<meddelande>", ...]}}

`errors` is empty when the error concerns no field (401, 403, 404).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from samverkan.lib.errors import ConflictError, DomainError

logger = logging.getLogger(__name__)

UNAUTHORIZED = "Ogiltig eller saknad API-nyckel."
INVALID_INPUT = "Uppgifterna i anropet är inte giltiga."
NOT_FOUND = "Sidan eller objektet finns inte."
FORBIDDEN = "Du har inte behörighet att göra det här."
SERVER_ERROR = "Något gick fel hos oss. Försök igen senare."
UNREADABLE_REQUEST = "Anropet kunde inte tolkas."
UNREADABLE_MULTIPART = "Anropets multipart-innehåll kunde inte läsas."
LONG_PART_HEADERS = (
    "Filnamnet är för långt: en dels rubriker får vara högst 1 024 byte. Byt till ett "
    "kortare namn och försök igen."
)
TOO_BIG = (
    "Anropet är för stort. JSON får vara högst 2,5 MB; en handling laddas upp som fil "
    "(multipart/form-data)."
)

# pydantic's error types, in Swedish. `{name}` is filled from the error's context.
PYDANTIC_MESSAGES = {
    "missing": "Fältet måste anges.",
    "extra_forbidden": "Okänt fält.",
    "int_type": "Ange ett heltal.",
    "int_parsing": "Ange ett heltal.",
    "int_from_float": "Ange ett heltal.",
    "bool_type": "Ange true eller false.",
    "bool_parsing": "Ange true eller false.",
    "string_type": "Ange en text.",
    "string_unicode": "Texten innehåller ett tecken som inte får finnas i text (ett halvt "
    "UTF-16-tecken). Ta bort det och försök igen.",
    "date_type": "Ange ett datum som ÅÅÅÅ-MM-DD.",
    "date_parsing": "Ange ett datum som ÅÅÅÅ-MM-DD.",
    "date_from_datetime_parsing": "Ange ett datum som ÅÅÅÅ-MM-DD.",
    "date_from_datetime_inexact": "Ange ett datum utan klockslag.",
    "list_type": "Ange en lista.",
    "dict_type": "Ange ett objekt.",
    "model_type": "Ange ett objekt.",
    "model_attributes_type": "Ange ett objekt.",
    "enum": "Ogiltigt värde; tillåtna värden är {expected}.",
    "literal_error": "Ogiltigt värde; tillåtna värden är {expected}.",
    "string_too_long": "Högst {max_length} tecken.",
    "string_too_short": "Minst {min_length} tecken.",
    "string_pattern_mismatch": "Värdet har fel form.",
    "greater_than_equal": "Värdet måste vara minst {ge}.",
    "greater_than": "Värdet måste vara större än {gt}.",
    "less_than_equal": "Värdet får vara högst {le}.",
    "less_than": "Värdet måste vara mindre än {lt}.",
    "json_invalid": "Ogiltig JSON.",
    "value_error": "{error}",
}


def error_body(detail: str, errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"detail": detail, "errors": errors or {}}


def field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    """("body", "payload", "lock_version") -> "lock_version"; ("query", "limit") -> "limit"."""
    parts = list(loc)
    if parts and parts[0] in {"body", "form", "file"}:
        # The second element is the view's parameter name, which the client never sees.
        parts = parts[2:]
    elif parts:
        parts = parts[1:]
    return ".".join(str(p) for p in parts) or "__all__"


def pydantic_message(error: dict[str, Any]) -> str:
    template = PYDANTIC_MESSAGES.get(str(error.get("type", "")))
    if template is None:
        return str(error.get("msg", "Ogiltigt värde."))
    context = dict(error.get("ctx") or {})
    if isinstance(context.get("expected"), str):
        context["expected"] = context["expected"].replace(" or ", " eller ")
    try:
        return template.format(**context)
    except (KeyError, IndexError, ValueError):
        return str(error.get("msg", "Ogiltigt värde."))


def validation_errors(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for error in errors:
        message = pydantic_message(error)
        field = field_path(error.get("loc", ()))
        if message not in result.setdefault(field, []):
            result[field].append(message)
    return result


def django_validation_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}


def install(api: NinjaAPI) -> None:
    """Register the handlers on `api`; they replace ninja's defaults."""

    def respond(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        assert isinstance(exc, DomainError)
        status = 409 if isinstance(exc, ConflictError) else 400
        return respond(request, status, error_body(exc.message, exc.errors))

    @api.exception_handler(DjangoValidationError)
    def django_validation_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        assert isinstance(exc, DjangoValidationError)
        errors = django_validation_errors(exc)
        first = next((m for messages in errors.values() for m in messages), INVALID_INPUT)
        return respond(request, 400, error_body(first, errors))

    @api.exception_handler(NinjaValidationError)
    def ninja_validation_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        assert isinstance(exc, NinjaValidationError)
        return respond(request, 400, error_body(INVALID_INPUT, validation_errors(exc.errors)))

    @api.exception_handler(AuthenticationError)
    def authentication_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        response = respond(request, 401, error_body(UNAUTHORIZED))
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        assert isinstance(exc, HttpError)
        if exc.status_code == 400:
            # ninja raises this when the body is not JSON.
            return respond(request, 400, error_body("Anropets innehåll är inte giltig JSON."))
        if exc.status_code == 429:
            return respond(request, 429, error_body("För många anrop; vänta en stund."))
        return respond(request, exc.status_code, error_body(str(exc)))

    @api.exception_handler(PermissionDenied)
    def permission_denied(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, 403, error_body(str(exc) or FORBIDDEN))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, 404, error_body(str(exc) or NOT_FOUND))

    @api.exception_handler(MultiPartParserError)
    def unreadable_multipart(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Django refuses a part whose headers pass 1 KB; a file's name is the usual cause.
        if "header size" in str(exc):
            return respond(request, 400, error_body(INVALID_INPUT, {"file": [LONG_PART_HEADERS]}))
        return respond(request, 400, error_body(UNREADABLE_MULTIPART))

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, 400, error_body(TOO_BIG))

    @api.exception_handler(SuspiciousOperation)
    def suspicious(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Too many fields or files, a malformed multipart body: Django's own 400s.
        return respond(request, 400, error_body(UNREADABLE_REQUEST))

    @api.exception_handler(BadRequest)
    def bad_request(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, 400, error_body(UNREADABLE_REQUEST))

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API-fel vid %s %s", request.method, request.path, exc_info=exc)
        return respond(request, 500, error_body(SERVER_ERROR))
