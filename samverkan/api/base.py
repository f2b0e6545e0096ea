"""What every part of the API shares: base schema types, pagination, the caller, references.

One serialisation style: a router returns objects (model instances, querysets, the results
of domain actions, or a small dataclass for an answer that is not one object) and the
`*Out` schema renders them by reading attributes. A field reads the attribute of its own
name, or the one `validation_alias` names (`"body_id"`, `"body.structure.slug"`); a
`resolve_*` method is there only for a value that is worked out (a name beside an id, a
Swedish label). No router builds a response dict.

What the caller may see is decided before anything is rendered, by the domain's
`access.py` and the router: a value only some callers may see (contact data, a video
link, the note with an absence) is loaded as `visible_<field>`, the value or null (`""`
for a video link), by the access module's `with_visible_*` or the domain's selector, and
the schema reads that; the public view of minutes is built in `minutes/shown.py`. A
schema never asks who is calling.

References to other objects are ids under the field's own name (`"body": 12`), the same
in requests and responses, with a `<field>_name` beside them in responses for reading.
Choices are the models' values (`"county_group"`, `"chair"`). Input schemas forbid unknown
fields. PATCH schemas give every field a default only so that it may be left out: what the
client sends is applied (`exclude_unset`), and a field that cannot be empty refuses `null`.
Times are ISO 8601 with an offset; those of meetings and minutes are given in
Europe/Stockholm (`LocalDateTime`).

Router modules do without `from __future__ import annotations`: `@paginate` wraps a list
view, and ninja then resolves the view's string annotations in the wrong module.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.errors import AuthenticationError
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator, ConfigDict

from samverkan.api.auth import user_of
from samverkan.lib.errors import DomainError
from samverkan.lib.localtime import local_time
from samverkan.lib.users import AnyUser

# --- Schema types ----------------------------------------------------------------------

SmallInt = Annotated[int, Field(ge=0, le=32767)]
Id = Annotated[int, Field(ge=1)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
# A moment rendered as Swedish wall-clock time, with its offset.
LocalDateTime = Annotated[datetime.datetime, AfterValidator(local_time)]
# The version a client read and sends back with a change; a newer one in the database is 409.
LockVersion = Annotated[int, Field(description="Versionen du läste; krävs för optimistisk låsning")]


def omittable(**kwargs: Any) -> Any:
    """A field a PATCH may leave out; when sent it must hold a value (not null)."""
    return Field(None, **kwargs)


class InputSchema(Schema):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ErrorOut(Schema):
    detail: str = Field(description="Förklaring på svenska")
    errors: dict[str, list[str]] = Field(
        description="Meddelanden per fält; `__all__` när felet inte gäller ett enskilt fält"
    )


# Error responses, for the OpenAPI document; the handlers in errors.py produce them.
READ_ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut}
# Reads that need a login or a role also answer 403.
GUARDED_READ_ERRORS: dict[int, Any] = {**READ_ERRORS, 403: ErrorOut}
WRITE_ERRORS: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
}

# --- Lists -----------------------------------------------------------------------------

MAX_LIMIT = 500


class Pagination(LimitOffsetPagination):
    """`?limit=&offset=`; the answer is `{"items": [...], "count": <total>}`."""

    class Input(LimitOffsetPagination.Input):
        limit: int = Field(50, ge=1, le=MAX_LIMIT, description=f"Högst {MAX_LIMIT}")
        offset: int = Field(0, ge=0)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


# --- The caller --------------------------------------------------------------------------


def acting_user(request: HttpRequest) -> User:
    """The caller of a write; WRITE_AUTH has already refused anyone without a valid token."""
    user = user_of(request)
    if not isinstance(user, User):
        raise PermissionDenied("Du behöver logga in.")
    return user


@contextmanager
def unauthorized_if_anonymous(user: AnyUser) -> Iterator[None]:
    """A refusal (403) is 401 for an anonymous caller, whom a key might help."""
    try:
        yield
    except PermissionDenied as exc:
        if not user.is_authenticated:
            raise AuthenticationError() from exc
        raise


# --- Requests ----------------------------------------------------------------------------


def changes_of(payload: Schema, *, exclude: set[str] | None = None) -> dict[str, Any]:
    """The fields the client sent, without those in `exclude`."""
    return payload.model_dump(exclude_unset=True, exclude=exclude or set())


def referenced[M: Model](found: QuerySet[M], pk: int, *, field: str, message: str) -> M:
    """The object a request refers to by id; a missing one is the field's error (400)."""
    instance = found.filter(pk=pk).first()
    if instance is None:
        raise DomainError(message, field=field)
    return instance
