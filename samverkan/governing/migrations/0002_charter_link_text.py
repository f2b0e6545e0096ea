from django.db import migrations, models


def fill_texts(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Links made before the text was kept: the entry at their position is the text."""
    link_model = apps.get_model("governing", "CharterDocumentLink")
    for link in link_model.objects.select_related("charter").iterator(chunk_size=500):
        entries = link.charter.governing_documents or []
        if 0 <= link.position < len(entries):
            link.text = str(entries[link.position])[:500]
            link.save(update_fields=["text"])


class Migration(migrations.Migration):
    dependencies = [
        ("governing", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="charterdocumentlink",
            name="text",
            field=models.CharField(blank=True, max_length=500),
        ),
        migrations.RunPython(fill_texts, migrations.RunPython.noop),
    ]
