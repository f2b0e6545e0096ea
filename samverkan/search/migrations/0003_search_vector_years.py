"""A year mark in every PostgreSQL search vector, and the vector kept in the row.

For a rare word the search asks the GIN index for its hits in several years at once
(samverkan.search.postgres); a mark of the year (`_y2026`, see index.MARKS_SQL), besides
the month, structure and body marks of 0002, makes that one entry a year instead of twelve.

The search also checks and ranks up to a few thousand hits a query by reading their
vectors. Moved out of the row, as PostgreSQL did with most of them (a row with its text
passes the 2 kB at which it moves the largest value out), each vector cost a TOAST index
lookup and a page more: 7 buffers a hit instead of 1, and 37 instead of 10 ms for reading
the 2,000 newest entries with a common word. With storage MAIN the vector stays in the row
(compressed when long, with lz4 where the server has it, which is faster to unpack than
the default pglz) and the long text, read only for the page's hits, moves out in its place.

Storage applies to values as they are written, so each vector is written again, with the
mark, with the GIN index dropped during the update and built again after it (about 4
minutes for a million entries on a loaded two-core machine; the old row versions become
space for new rows after the next VACUUM). SQLite has no vectors: nothing to do there.
"""

from django.db import migrations

# A copy of the year in index.MARKS_SQL as it was when this was written.
YEAR = "array_to_tsvector(ARRAY['_y' || to_char(e.published_on, 'YYYY')])"

BUILD_MEMORY = "SET LOCAL maintenance_work_mem = '256MB'"
DROP_GIN = "DROP INDEX IF EXISTS search_vector_gin"
CREATE_GIN = "CREATE INDEX search_vector_gin ON search_searchentry USING gin (search_vector)"
LZ4 = (
    "SELECT 1 FROM pg_settings"
    " WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)"
)
POSTGRES_UP = [
    BUILD_MEMORY,
    "ALTER TABLE search_searchentry ALTER COLUMN search_vector SET STORAGE MAIN",
    DROP_GIN,
    f"UPDATE search_searchentry AS e SET search_vector = e.search_vector || {YEAR}"
    " WHERE e.search_vector IS NOT NULL",
    CREATE_GIN,
]
# Only the year marks begin with "_y". Vectors in the row may stay there.
POSTGRES_DOWN = [
    BUILD_MEMORY,
    "ALTER TABLE search_searchentry ALTER COLUMN search_vector SET STORAGE EXTENDED",
    DROP_GIN,
    "UPDATE search_searchentry AS e SET search_vector = ts_delete(e.search_vector, ARRAY("
    "SELECT lexeme FROM unnest(e.search_vector) WHERE left(lexeme, 2) = '_y'))"
    " WHERE e.search_vector IS NOT NULL",
    CREATE_GIN,
]


def _compression(schema_editor, method):
    """lz4 where the server has it; a server may be built without it."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(LZ4)
        if cursor.fetchone() is None:
            return
    schema_editor.execute(
        f"ALTER TABLE search_searchentry ALTER COLUMN search_vector SET COMPRESSION {method}"
    )


def years_up(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # Before the vectors are written again.
        _compression(schema_editor, "lz4")
        for sql in POSTGRES_UP:
            schema_editor.execute(sql)


def years_down(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _compression(schema_editor, "default")
        for sql in POSTGRES_DOWN:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_search_vector_marks"),
    ]

    operations = [
        migrations.RunPython(years_up, years_down, elidable=False),
    ]
