"""Approval reminders become rows with a delivery state (see `samverkan/lib/outbox.py`).

Before this, a row existed only for a reminder that was sent (a failed send removed its
claim), so the rows already here are `sent`; their `expires_at` is never read again.
"""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("minutes", "0003_published_sha256"),
    ]

    operations = [
        migrations.AddField(
            model_name="approvalreminder",
            name="state",
            field=models.CharField(
                choices=[
                    ("pending", "Väntar på att skickas"),
                    ("sending", "Skickas"),
                    ("handed_over", "Lämnas till e-postservern"),
                    ("sent", "Skickad"),
                    ("uncertain", "Osäkert om den kom fram"),
                    ("failed", "Kom inte fram"),
                ],
                default="sent",
                max_length=12,
            ),
        ),
        migrations.AlterField(
            model_name="approvalreminder",
            name="state",
            field=models.CharField(
                choices=[
                    ("pending", "Väntar på att skickas"),
                    ("sending", "Skickas"),
                    ("handed_over", "Lämnas till e-postservern"),
                    ("sent", "Skickad"),
                    ("uncertain", "Osäkert om den kom fram"),
                    ("failed", "Kom inte fram"),
                ],
                default="pending",
                max_length=12,
            ),
        ),
        migrations.AddField(
            model_name="approvalreminder",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="approvalreminder",
            name="claimed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="approvalreminder",
            name="error",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="approvalreminder",
            name="expires_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="approvalreminder",
            name="next_attempt_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AlterField(
            model_name="approvalreminder",
            name="sent_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name="approvalreminder",
            index=models.Index(
                fields=["state", "next_attempt_at"], name="minutes_approvalreminder_due"
            ),
        ),
    ]
