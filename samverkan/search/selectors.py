"""Searching the index: what a visitor may see, in order of relevance, with marked snippets.

A page of results takes the same few queries however much is indexed: one for the
user's coordinated structures (logged-in users only), one count and one page of hits.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, FloatField, Lookup, Max, Min, Q, QuerySet
from django.db.models.expressions import Expression, RawSQL
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.safestring import SafeString

from samverkan.accounts.access import AnyUser, coordinated_structure_ids, is_admin
from samverkan.search.models import SEARCH_VECTOR, SearchEntry
from samverkan.search.text import INDEXED_CHARS, ParsedQuery, mark, parse_query, snippet
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
    total: int
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


class _Fts5Match(Lookup):
    """SQLite: the FTS5 table, joined through `fts`, matches the query.

    FTS5 wants the table's own name on the left of MATCH, not one of its columns.
    """

    lookup_name = "fts5_match"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, Any]:
        rhs, params = self.process_rhs(compiler, connection)
        return f'"search_searchentry_fts" MATCH {rhs}', list(params)


def _matching(
    entries: QuerySet[SearchEntry], parsed: ParsedQuery
) -> tuple[QuerySet[SearchEntry], Expression]:
    """The entries that match the query, and their relevance (higher is better)."""
    if connection.vendor == "postgresql":
        query = SearchQuery(parsed.to_websearch(), search_type="websearch", config="swedish")
        with_vector = entries.alias(vector=SEARCH_VECTOR).filter(vector=query)
        return with_vector, SearchRank(F("vector"), query)
    if connection.vendor == "sqlite":
        matching = entries.filter(fts__isnull=False).filter(
            _Fts5Match(F("fts__entry"), parsed.to_fts5())
        )
        # bm25 is lower for better hits; a word in the title counts ten times.
        rank = RawSQL('-bm25("search_searchentry_fts", 10.0, 1.0)', (), output_field=FloatField())
        return matching, rank
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
    """What the user may see that matches the query, best first, newest first among equals."""
    limit = max(0, min(limit, 100))
    offset = max(0, offset)
    parsed = parse_query(query)
    if not parsed or (year is not None and not datetime.MINYEAR <= year <= datetime.MAXYEAR):
        return SearchResults(query=query, total=0, limit=limit, offset=offset)

    entries = visible_entries(user)
    if structure is not None:
        entries = entries.filter(structure=structure)
    if body is not None:
        entries = entries.filter(body=body)
    if year is not None:
        entries = entries.filter(published_on__year=year)
    matching, rank = _matching(entries, parsed)

    total = matching.count()
    if total == 0 or offset >= total or limit == 0:
        return SearchResults(query=query, total=total, limit=limit, offset=offset)
    rows = (
        matching.select_related("structure", "body")
        .only(
            "source",
            "title",
            "url",
            "public",
            "published_on",
            "structure__name",
            "body__name",
        )
        .annotate(rank=rank, excerpt=Substr("text", 1, INDEXED_CHARS))
        .order_by("-rank", "-published_on", "-pk")[offset : offset + limit]
    )
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
    return SearchResults(query=query, total=total, hits=hits, limit=limit, offset=offset)


def search_years() -> list[int]:
    """The years the index covers, newest first, for the year filter."""
    span = SearchEntry.objects.aggregate(first=Min("published_on"), last=Max("published_on"))
    if span["first"] is None:
        return []
    return list(range(span["last"].year, span["first"].year - 1, -1))
