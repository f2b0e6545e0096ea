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
from dataclasses import dataclass
from typing import Annotated, Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.urls import register_converter
from django.utils import timezone
from ninja import Field, P, QueryEx, Schema
from ninja.errors import AuthenticationError
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator, ConfigDict, ValidationError, WrapValidator, field_validator

from samverkan.api.auth import user_of
from samverkan.lib.days import DAY_MESSAGE, DAY_RANGE, FIRST_DAY, LAST_DAY
from samverkan.lib.errors import DomainError
from samverkan.lib.localtime import local_time
from samverkan.lib.textcheck import nested_problem, text_problem
from samverkan.lib.users import AnyUser

# --- Schema types ----------------------------------------------------------------------

# The largest id the database holds (a 64-bit integer in SQLite and PostgreSQL alike); a
# larger number sent as an id is refused rather than handed to the database to overflow.
MAX_ID = 2**63 - 1
# `PositiveIntegerField`, a 32-bit integer in PostgreSQL.
MAX_COUNTER = 2**31 - 1


class IdConverter:
    """An id in a path (`/bodies/{id:body_id}`): a number the database can hold. A longer
    one matches no path, so it is answered as any unknown address is: 404."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("Större än något id.")
        return number

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")

SmallInt = Annotated[int, Field(ge=0, le=32767)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
# A moment rendered as Swedish wall-clock time, with its offset.
LocalDateTime = Annotated[datetime.datetime, AfterValidator(local_time)]
# The version a client read and sends back with a change; a newer one in the database is 409.
LockVersion = Annotated[
    int,
    Field(ge=0, le=MAX_COUNTER, description="Versionen du läste; krävs för optimistisk låsning"),
]

# Days and moments the application can compute with (`samverkan.lib.days`, the same days
# as the pages' date fields).


def _within_days(value: datetime.date) -> datetime.date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError(DAY_MESSAGE)
    return value


Day = Annotated[datetime.date, AfterValidator(_within_days)]

DATETIME_MESSAGE = "Ange tiden som ÅÅÅÅ-MM-DDTtt:mm med tidszon, t.ex. 2027-03-16T13:00:00+01:00."


def _aware(value: Any, handler: Any) -> datetime.datetime:
    """A date and time with an offset, within the days above; Swedish messages."""
    try:
        parsed: datetime.datetime = handler(value)
    except ValidationError:
        raise ValueError(DATETIME_MESSAGE) from None
    if timezone.is_naive(parsed):
        raise ValueError("Tiden saknar tidszon. " + DATETIME_MESSAGE)
    try:
        # The moment in UTC, as it is stored; 9999-12-31T23:00-12:00 is past year 9999 there.
        day = parsed.astimezone(datetime.UTC).date()
    except OverflowError:
        day = None
    if day is None or not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"Ange en tid {DAY_RANGE}.")
    return parsed


AwareDateTime = Annotated[datetime.datetime, WrapValidator(_aware)]


def _plain_text(value: str) -> str:
    problem = text_problem(value, max_length=None)
    if problem is not None:
        raise ValueError(problem.message)
    return value


# Query parameters of the lists: an id to filter by, a text (a slug, a search word), a day.
IdFilter = QueryEx[int | None, P(ge=1, le=MAX_ID)]
TextFilter = QueryEx[Annotated[str, AfterValidator(_plain_text)] | None, P(max_length=200)]


def omittable(**kwargs: Any) -> Any:
    """A field a PATCH may leave out; when sent it must hold a value (not null)."""
    return Field(None, **kwargs)


class InputSchema(Schema):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def acceptable_values(cls, value: Any) -> Any:
        """Every field of every input: no control characters in any text, `LONG_TEXT_MAX`
        for a text with no limit of its own (`samverkan.lib.textcheck`), and days within
        FIRST_DAY–LAST_DAY; in lists and mappings too. Nested input schemas check their own."""
        problem = _value_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value


def _value_problem(value: Any) -> str | None:
    if isinstance(value, datetime.datetime):
        return None  # AwareDateTime bounds the moments an input takes.
    if isinstance(value, datetime.date):
        return None if FIRST_DAY <= value <= LAST_DAY else DAY_MESSAGE
    if isinstance(value, list | tuple):
        return next(filter(None, (_value_problem(item) for item in value)), None)
    problem = nested_problem(value)
    return problem.message if problem is not None else None


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
# Far past the end of any list here, and small enough for the database's LIMIT/OFFSET.
MAX_OFFSET = 10**9


@dataclass(frozen=True)
class CountedApart[M: Model]:
    """A list whose page and total are read by two querysets over the same rows: `page`
    with what the schema shows (joins, annotations, order), `counted` with the conditions
    alone, written so that the database counts from an index rather than counting the
    page's joins over the whole installation (`minutes_listed_to_count`)."""

    page: QuerySet[M]
    counted: QuerySet[M, Any]


class Pagination(LimitOffsetPagination):
    """`?limit=&offset=`; the answer is `{"items": [...], "count": <total>}`. A list view
    returns a queryset, or a `CountedApart` to count its rows by another queryset."""

    class Input(LimitOffsetPagination.Input):
        limit: int = Field(50, ge=1, le=MAX_LIMIT, description=f"Högst {MAX_LIMIT}")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description=f"Högst {MAX_OFFSET}")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        if not isinstance(queryset, CountedApart):
            return super().paginate_queryset(queryset, pagination, request, **params)
        offset = pagination.offset
        limit = min(pagination.limit, self.max_limit)
        return {
            self.items_attribute: queryset.page[offset : offset + limit],
            "count": queryset.counted.count(),
        }


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
