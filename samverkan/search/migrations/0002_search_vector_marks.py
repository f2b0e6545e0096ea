"""Marks of month, structure and body in every PostgreSQL search vector (see index.MARKS_SQL).

The search asks the GIN index for a query's hits month by month, newest first, which needs
the month in the vector. Entries indexed from now on get the marks when they are written;
this adds them to the ones already there, in SQL (no re-stemming), with the GIN index
dropped during the update and built again after it, which is much faster than updating it
row by row. SQLite has no vectors: nothing to do there.
"""

from django.db import migrations

# A copy of index.MARKS_SQL as it was when this migration was written.
MARKS = """array_to_tsvector(array_remove(ARRAY[
        '_m' || to_char(e.published_on, 'YYYYMM'),
        '_s' || e.structure_id::text,
        '_b' || e.body_id::text
    ], NULL))"""

# Building the GIN index in memory takes a fraction of the time it takes in 64 MB pieces.
BUILD_MEMORY = "SET LOCAL maintenance_work_mem = '256MB'"
POSTGRES_UP = [
    BUILD_MEMORY,
    "DROP INDEX IF EXISTS search_vector_gin",
    f"UPDATE search_searchentry AS e SET search_vector = e.search_vector || {MARKS}"
    " WHERE e.search_vector IS NOT NULL",
    "CREATE INDEX search_vector_gin ON search_searchentry USING gin (search_vector)",
]
# Marks are the only lexemes that begin with "_".
POSTGRES_DOWN = [
    BUILD_MEMORY,
    "DROP INDEX IF EXISTS search_vector_gin",
    "UPDATE search_searchentry AS e SET search_vector = ts_delete(e.search_vector, ARRAY("
    "SELECT lexeme FROM unnest(e.search_vector) WHERE left(lexeme, 1) = '_'))"
    " WHERE e.search_vector IS NOT NULL",
    "CREATE INDEX search_vector_gin ON search_searchentry USING gin (search_vector)",
]


def marks_up(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_UP:
            schema_editor.execute(sql)


def marks_down(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_DOWN:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(marks_up, marks_down, elidable=False),
    ]
