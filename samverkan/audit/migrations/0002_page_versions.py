"""Page versions for the public pages' cache, bumped by the database on every recorded change
(`PageVersion` says why). PostgreSQL: one statement-level trigger per insert into the history
(a bulk insert of a thousand changes bumps each structure once) and one on the admin's log;
SQLite: the same per row."""

import secrets

from django.db import migrations, models

PG_FORWARD = [
    """
    CREATE FUNCTION audit_change_bumps_pages() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        -- In the order of the scopes, so two transactions never wait for each other in turn.
        INSERT INTO audit_pageversion AS v (scope, version)
        SELECT DISTINCT COALESCE(structure_id, 0), 1 FROM changed ORDER BY 1
        ON CONFLICT (scope) DO UPDATE SET version = v.version + 1;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER audit_change_bumps_pages AFTER INSERT ON audit_change
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION audit_change_bumps_pages()
    """,
    """
    CREATE FUNCTION audit_admin_bumps_pages() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO audit_pageversion AS v (scope, version) VALUES (0, 1)
        ON CONFLICT (scope) DO UPDATE SET version = v.version + 1;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER admin_log_bumps_pages AFTER INSERT ON django_admin_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_admin_bumps_pages()
    """,
]
PG_BACKWARD = [
    "DROP TRIGGER IF EXISTS admin_log_bumps_pages ON django_admin_log",
    "DROP FUNCTION IF EXISTS audit_admin_bumps_pages()",
    "DROP TRIGGER IF EXISTS audit_change_bumps_pages ON audit_change",
    "DROP FUNCTION IF EXISTS audit_change_bumps_pages()",
]
SQLITE_FORWARD = [
    """
    CREATE TRIGGER audit_change_bumps_pages AFTER INSERT ON audit_change BEGIN
        INSERT OR IGNORE INTO audit_pageversion (scope, version)
        VALUES (COALESCE(NEW.structure_id, 0), 0);
        UPDATE audit_pageversion SET version = version + 1
        WHERE scope = COALESCE(NEW.structure_id, 0);
    END
    """,
    """
    CREATE TRIGGER admin_log_bumps_pages AFTER INSERT ON django_admin_log BEGIN
        INSERT OR IGNORE INTO audit_pageversion (scope, version) VALUES (0, 0);
        UPDATE audit_pageversion SET version = version + 1 WHERE scope = 0;
    END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS admin_log_bumps_pages",
    "DROP TRIGGER IF EXISTS audit_change_bumps_pages",
]


def _run(schema_editor, statements: dict[str, list[str]]) -> None:
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def forward(apps, schema_editor) -> None:
    _run(schema_editor, {"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD})
    # A random start, so a rebuilt database never reuses the cache keys of the one before.
    apps.get_model("audit", "PageVersion").objects.using(schema_editor.connection.alias).create(
        scope=0, version=secrets.randbits(40)
    )


def backward(apps, schema_editor) -> None:
    _run(schema_editor, {"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD})


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("admin", "0003_logentry_add_action_flag_choices"),
    ]

    operations = [
        migrations.CreateModel(
            name="PageVersion",
            fields=[
                ("scope", models.BigIntegerField(primary_key=True, serialize=False)),
                ("version", models.BigIntegerField(default=0)),
            ],
            options={"verbose_name": "sidversion"},
        ),
        migrations.RunPython(forward, backward),
    ]
