import hashlib

from django.db import migrations, models

# As in samverkan/minutes/render.py when this migration was written.
MASK = "[personnummer borttaget]"


def fill_published_hashes(apps, schema_editor):
    """Published minutes get the hash of their text as published (masked numbers replaced)."""
    Minutes = apps.get_model("minutes", "Minutes")
    PublicationHold = apps.get_model("minutes", "PublicationHold")
    masked: dict[int, list[str]] = {}
    for minutes_id, found in PublicationHold.objects.filter(resolution="mask").values_list(
        "minutes_id", "found"
    ):
        masked.setdefault(minutes_id, []).append(found)
    for minutes in Minutes.objects.filter(published_at__isnull=False).only("pk", "frozen_text"):
        text = minutes.frozen_text
        for value in masked.get(minutes.pk, []):
            text = text.replace(value, MASK)
        Minutes.objects.filter(pk=minutes.pk).update(
            published_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("minutes", "0002_frozen_facts"),
    ]

    operations = [
        migrations.AddField(
            model_name="minutes",
            name="published_sha256",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.RunPython(fill_published_hashes, migrations.RunPython.noop),
    ]
