"""PostgreSQL: the newest hits of a query with their rank, in one query, at any index size.

A GIN index knows which entries have a word, not which are newest, so the newest hits of a
common word (or phrase, which the index can only narrow down) used to mean reading every
hit. The query below finds them in steps, newest first, and stops as soon as it has
`limit` hits; each step chooses how to read from what the steps before it found:

- **The next entries by date.** The first step reads the newest `FIRST_ROWS` entries (in
  a date index) and checks each one's vector. A common word has many hits there; the next
  step reads as many more entries as should hold the missing hits at the rate found so far,
  as long as all the reading by date stays within `ROW_BUDGET` entries. For
  "samverkansavtal" (in nine entries of ten) that is about 2,200 rows in two steps.
- **The GIN index, for the months that should hold the missing hits.** When the hits are
  too rare for that, the index is asked once for the query's hits in the months (or years)
  before (every vector holds marks of its year and month, its structure and its body, see
  `index.MARKS_SQL`): as many as should hold the missing hits and a quarter more at the
  rate found so far, or, with no hit yet, three times the time read so far. Asking costs
  about as much as unpacking the index's lists of those months and of the query's words
  once, which is why it asks for all the months at once: month by month, a word in half
  the entries cost 10 ms a month.

Neither way reads far past the hits it needs, so the cost follows the hits a query looks at
(at most about `ROW_BUDGET` rows), not the size of the index. The rank is computed for the
hits only, from the vector in the row (storage MAIN, see migration 0003).

The structure and body filters are columns when reading by date and marks when asking the
index. `{where}` is the visibility condition Django compiles for the entries (on the
unaliased table), so the access rules stay in `selectors.visible_entries`. With the index
it is read in the row only (`coalesce` keeps the planner from using a B-tree for it):
combined with the GIN lookup, a B-tree scan of every public entry of a year cost 40 ms.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection
from django.db.models import QuerySet

from samverkan.search.models import SearchEntry

# A candidate: (id, published_on, rank).
Candidate = tuple[int, datetime.date, float]

# The first step reads this many of the newest entries; all steps by date together read at
# most `ROW_BUDGET`, the rest is asked of the GIN index. Reading an entry by date costs about
# a microsecond; the index costs as much as unpacking its lists of the words and the months,
# which for a common word is more.
FIRST_ROWS = 500
ROW_BUDGET = 10_000

# Each step is one row: how it read ('start', 'rows' or 'months'), the first day it read
# (`before` for the next), the day after the newest entry (`top`), the hits found so far, the
# entries read by date so far, and its hits with their date and rank.
#
# Reading by date takes every entry from the day of the `plan.rows`-th newest one before
# `before`. The index is asked for months up to the one of the newest entry before `before`
# (its entries from `before` on are left out in the row): back to the month that should hold
# the missing hits, or, if that is more than a year, whole years back to its year; a year
# is one mark (and one list in the index) instead of twelve.
#
# JIT compilation is off for this query: the planner counts the recursive part ten times,
# passes jit_above_cost and compiled for a second before a query of 20 ms. (In the same
# statement, so that it is one query; Django binds the parameters on the client.)
_SQL = """
SET LOCAL jit = off;
WITH RECURSIVE query AS MATERIALIZED (
    SELECT websearch_to_tsquery('swedish'::regconfig, %(query)s) AS q
),
steps(kind, before, top, found, covered, ids, days, ranks) AS (
    SELECT 'start'::text, newest.day + 1, newest.day + 1, 0, 0,
           NULL::bigint[], NULL::date[], NULL::float8[]
    FROM query
    CROSS JOIN (
        SELECT max(published_on) AS day FROM search_searchentry
        WHERE published_on BETWEEN %(first)s AND %(last)s
    ) AS newest
    WHERE numnode(query.q) > 0 AND newest.day IS NOT NULL
  UNION ALL
    SELECT next.kind, next.first, step.top, step.found + hit.n, step.covered + next.covered,
           hit.ids, hit.days, hit.ranks
    FROM steps AS step
    CROSS JOIN query
    CROSS JOIN LATERAL (
        SELECT CASE
            WHEN step.kind = 'start' THEN %(first_rows)s
            WHEN step.kind = 'rows' AND step.found > 0
                AND (%(limit)s - step.found) * step.covered
                    <= (%(budget)s - step.covered) * step.found
            THEN least(
                %(budget)s - step.covered,
                (%(limit)s - step.found) * step.covered / step.found * 11 / 10 + 50
            )
        END AS rows
    ) AS plan
    CROSS JOIN LATERAL (
        SELECT 'rows' AS kind, coalesce((
            SELECT published_on FROM search_searchentry
            WHERE published_on < step.before AND published_on >= %(first)s{columns}
            ORDER BY published_on DESC
            OFFSET plan.rows - 1 LIMIT 1
        ), %(first)s) AS first, NULL::tsquery AS months, plan.rows AS covered
        WHERE plan.rows IS NOT NULL
      UNION ALL
        SELECT 'months', span.first, (
            SELECT string_agg(CASE
                WHEN span.by_month THEN '_m' || to_char(period, 'YYYYMM')
                ELSE '_y' || to_char(period, 'YYYY')
            END, ' | ')::tsquery
            FROM generate_series(
                span.first::timestamp, newest.day::timestamp,
                CASE WHEN span.by_month THEN interval '1 month' ELSE interval '1 year' END
            ) AS period
        ), 0
        FROM (
            SELECT max(published_on) AS day FROM search_searchentry
            WHERE published_on < step.before AND published_on >= %(first)s
        ) AS newest
        CROSS JOIN LATERAL (
            SELECT greatest(%(first)s, date_trunc('month', newest.day - CASE
                WHEN step.found > 0 THEN ceil(
                    1.25 * (%(limit)s - step.found) * (step.top - step.before) / step.found
                )::int
                ELSE 3 * (step.top - step.before)
            END)::date) AS first
        ) AS wanted
        CROSS JOIN LATERAL (
            SELECT wanted.first > (date_trunc('month', newest.day) - interval '1 year')::date
                AS by_month
        ) AS unit
        CROSS JOIN LATERAL (
            SELECT unit.by_month, CASE
                WHEN unit.by_month THEN wanted.first
                ELSE greatest(%(first)s, date_trunc('year', wanted.first)::date)
            END AS first
        ) AS span
        WHERE plan.rows IS NULL AND newest.day IS NOT NULL
    ) AS next
    CROSS JOIN LATERAL (
        SELECT count(*)::int AS n, array_agg(hit.id) AS ids,
               array_agg(hit.published_on) AS days,
               array_agg(ts_rank(hit.search_vector, query.q)::float8) AS ranks
        FROM (
            SELECT search_searchentry.id, search_searchentry.published_on,
                   search_searchentry.search_vector
            FROM search_searchentry
            WHERE next.kind = 'rows' AND {where}
              AND search_searchentry.published_on >= next.first
              AND search_searchentry.published_on < step.before{columns}
              AND coalesce(search_searchentry.search_vector @@ query.q, FALSE)
          UNION ALL
            SELECT search_searchentry.id, search_searchentry.published_on,
                   search_searchentry.search_vector
            FROM search_searchentry
            WHERE next.kind = 'months' AND coalesce({where}, FALSE)
              AND coalesce(search_searchentry.published_on < step.before, FALSE)
              AND search_searchentry.search_vector @@ (query.q && next.months{marks})
        ) AS hit
    ) AS hit
    WHERE step.found < %(limit)s AND step.before > %(first)s
)
SELECT hit.id, hit.day, hit.rank
FROM steps CROSS JOIN LATERAL unnest(steps.ids, steps.days, steps.ranks) AS hit(id, day, rank)
ORDER BY hit.day DESC, hit.id DESC
LIMIT %(limit)s
"""


def postgres_candidates(
    entries: QuerySet[SearchEntry],
    websearch: str,
    *,
    structure_id: int | None,
    body_id: int | None,
    year: int | None,
    limit: int,
) -> list[Candidate]:
    """The `limit` newest of `entries` that match `websearch` (for websearch_to_tsquery) and
    the filters, fewer if there are fewer, newest first, with their rank: one query."""
    query = entries.query
    # Filters on a relation's id add joins Django trims when it compiles; others would leave
    # tables the SQL below does not name.
    if any(count and alias != query.base_table for alias, count in query.alias_refcount.items()):
        raise NotImplementedError("The entries' filters must not join other tables.")
    compiler = query.get_compiler(connection=connection)
    try:
        where, where_params = compiler.compile(query.where)
    except FullResultSet:
        where, where_params = "", []
    except EmptyResultSet:
        return []
    # Django's condition has %s placeholders, the query around it named ones.
    names = {f"where{i}": param for i, param in enumerate(where_params)}
    where = where.replace("%%", "\0") % tuple(f"%({name})s" for name in names)
    where = "(" + (where.replace("\0", "%%") or "TRUE") + ")"  # an admin sees everything
    columns, marks = "", ""
    if structure_id is not None:
        columns += f" AND structure_id = {int(structure_id)}"
        marks += f" && '_s{int(structure_id)}'::tsquery"
    if body_id is not None:
        columns += f" AND body_id = {int(body_id)}"
        marks += f" && '_b{int(body_id)}'::tsquery"
    sql = _SQL.format(where=where, columns=columns, marks=marks)
    first, last = (
        (datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        if year is not None
        else (datetime.date.min, datetime.date.max)
    )
    params = {
        "query": websearch,
        "first": first,
        "last": last,
        "limit": limit,
        "first_rows": FIRST_ROWS,
        "budget": ROW_BUDGET,
        **names,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.nextset()  # past SET LOCAL
        return [(row[0], row[1], row[2]) for row in cursor.fetchall()]
