"""Searching the index: what a visitor may see, in order of relevance, with marked snippets.

A page of results takes the same few queries however much is indexed: the user's
coordinated structures (logged-in users only), the newest `RANKED + 1` hits with their rank
(which gives the count, and the page once sorted here), and the page's rows; no query ranks
more than `RANKED + 1` hits.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import F, FloatField, Func, Lookup, Max, Min, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.safestring import SafeString

from samverkan.lib.users import AnyUser
from samverkan.search.models import SearchEntry
from samverkan.search.postgres import Candidate, postgres_candidates
from samverkan.search.text import INDEXED_CHARS, ParsedQuery, mark, parse_query, snippet
from samverkan.structure.access import coordinated_structure_ids, is_admin
from samverkan.structure.models import Body, Membership, Structure


@dataclass(frozen=True)
class SearchHit:
    title: str
    title_html: SafeString
    url: str
    source: str
    source_label: str
    structure_name: str
    body_name: str
    published_on: datetime.date
    public: bool
    snippet: SafeString


@dataclass(frozen=True)
class SearchResults:
    query: str
    # Hits the user may see; with `more`, there are more than this and `total` is `RANKED`.
    total: int
    more: bool = False
    hits: list[SearchHit] = field(default_factory=list)
    limit: int = 20
    offset: int = 0


def visible_entries(user: AnyUser) -> QuerySet[SearchEntry]:
    """Public entries for everyone; internal ones of the user's bodies and structures."""
    entries = SearchEntry.objects.all()
    if is_admin(user):
        return entries
    visible = Q(public=True)
    if user.is_authenticated:
        today = timezone.localdate()
        member_of = Membership.objects.active_on(today).filter(person__user=user).values("body_id")
        visible |= Q(body_id__in=member_of)
        coordinated = coordinated_structure_ids(user)
        if coordinated:
            visible |= Q(structure_id__in=coordinated)
    return entries.filter(visible)


def _beside(column_sql: str, column: str) -> str:
    """Another column of the table of a compiled column: `"U0"."id"` → `"U0"."<column>"`.

    Django gives a table another alias in a subquery, so a column the models do not
    declare is named after one they do.
    """
    return column_sql.rsplit(".", 1)[0] + f'."{column}"'


class _AsSql(Func):
    """SQLite: an expression of the column compiled from its one argument; subclasses say
    how."""

    def sql(self, column_sql: str) -> str:
        raise NotImplementedError

    def as_sql(
        self,
        compiler: Any,
        connection: Any,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, Any]:
        column, params = compiler.compile(self.source_expressions[0])
        return self.sql(column), params


def _fts(column_sql: str) -> str:
    """FTS5's hidden column named as its table, which MATCH and bm25 want."""
    return _beside(column_sql, "search_searchentry_fts")


class _Fts5Match(Lookup):
    """SQLite: the FTS5 row joined through `fts` matches the query."""

    lookup_name = "fts5_match"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, Any]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{_fts(lhs)} MATCH {rhs}", [*lhs_params, *rhs_params]


class _Bm25(_AsSql):
    """SQLite: relevance of the FTS5 row joined through `fts`, higher is better.

    bm25 is lower for better hits; a word in the title counts ten times. It only works in
    the query that has the MATCH.
    """

    output_field = FloatField()

    def sql(self, column_sql: str) -> str:
        return f"-bm25({_fts(column_sql)}, 10.0, 1.0)"


def _ranked(entries: QuerySet[SearchEntry], parsed: ParsedQuery) -> QuerySet[SearchEntry]:
    """SQLite: the entries that match the query, annotated with `rank` (higher is better)."""
    return (
        entries.filter(fts__isnull=False)
        .filter(_Fts5Match(F("fts__entry"), parsed.to_fts5()))
        .annotate(rank=_Bm25(F("fts__entry")))
    )


# At most this many hits are counted and ranked. Ranking costs a look at every hit, so a
# very common word would take as long as a scan of the whole index; beyond this many hits
# the newest ones are ranked.
RANKED = 2000


def _candidates(
    entries: QuerySet[SearchEntry],
    parsed: ParsedQuery,
    *,
    structure_id: int | None,
    body_id: int | None,
    year: int | None,
) -> list[Candidate]:
    """The `RANKED + 1` newest of the visible `entries` that match the query and the filters
    (fewer if there are fewer), newest first, with their rank: one query."""
    if connection.vendor == "postgresql":
        return postgres_candidates(
            entries,
            parsed.to_websearch(),
            structure_id=structure_id,
            body_id=body_id,
            year=year,
            limit=RANKED + 1,
        )
    if connection.vendor == "sqlite":
        if structure_id is not None:
            entries = entries.filter(structure_id=structure_id)
        if body_id is not None:
            entries = entries.filter(body_id=body_id)
        if year is not None:
            entries = entries.filter(published_on__year=year)
        # One MATCH: asked again for the rank of a list of ids, FTS5 evaluates the query once
        # per id (five times slower for a word with 700 hits in 100 000 entries).
        newest = _ranked(entries, parsed).order_by("-published_on", "-pk")
        # (The type checker knows the model's fields, not the annotation.)
        fields: tuple[str, ...] = ("pk", "published_on", "rank")
        return list(newest.values_list(*fields)[: RANKED + 1])
    raise NotImplementedError(f"Search does not support {connection.vendor}.")


def search(
    *,
    query: str,
    user: AnyUser,
    structure: Structure | None = None,
    body: Body | None = None,
    year: int | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchResults:
    """What the user may see that matches the query, best first, newest first among equals.

    With more than `RANKED` hits, `total` is `RANKED`, `more` is set and the hits are the
    best of the `RANKED` newest.
    """
    limit = max(0, min(limit, 100))
    offset = max(0, offset)
    parsed = parse_query(query)
    if not parsed or (year is not None and not datetime.MINYEAR <= year <= datetime.MAXYEAR):
        return SearchResults(query=query, total=0, limit=limit, offset=offset)

    candidates = _candidates(
        visible_entries(user),
        parsed,
        structure_id=structure.pk if structure is not None else None,
        body_id=body.pk if body is not None else None,
        year=year,
    )
    more = len(candidates) > RANKED
    # Best first, then newest, then the latest indexed: the order is the same every time.
    ranked = sorted(candidates[:RANKED], key=lambda c: (c[2], c[1], c[0]), reverse=True)
    total = len(ranked)
    page = [pk for pk, _published_on, _rank in ranked[offset : offset + limit]]
    if not page:
        return SearchResults(query=query, total=total, more=more, limit=limit, offset=offset)
    # Only the page's rows carry their text and names, fetched by id.
    by_id = (
        SearchEntry.objects.select_related("structure", "body")
        .only("source", "title", "url", "public", "published_on", "structure__name", "body__name")
        .annotate(excerpt=Substr("text", 1, INDEXED_CHARS))
        .in_bulk(page)
    )
    rows = [by_id[pk] for pk in page if pk in by_id]
    stems = parsed.stems
    hits = [
        SearchHit(
            title=entry.title,
            title_html=mark(entry.title, stems),
            url=entry.url,
            source=entry.source,
            source_label=entry.get_source_display(),
            structure_name=entry.structure.name,
            body_name=entry.body.name if entry.body is not None else "",
            published_on=entry.published_on,
            public=entry.public,
            snippet=snippet(entry.excerpt, stems),  # type: ignore[attr-defined]
        )
        for entry in rows
    ]
    return SearchResults(query=query, total=total, more=more, hits=hits, limit=limit, offset=offset)


def search_years() -> list[int]:
    """The years the index covers, newest first, for the year filter."""
    span = SearchEntry.objects.aggregate(first=Min("published_on"), last=Max("published_on"))
    if span["first"] is None:
        return []
    return list(range(span["last"].year, span["first"].year - 1, -1))
