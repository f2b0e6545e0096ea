"""The statement's one row, with the default text, so an administrator edits rather than
adds it."""

from django.db import migrations


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    statement = apps.get_model("public", "AccessibilityStatement")
    if not statement.objects.exists():
        statement.objects.create()


class Migration(migrations.Migration):
    dependencies = [("public", "0001_accessibility_statement")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
