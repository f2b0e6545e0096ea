"""The search index: one row per searchable thing (published minutes, a meeting document).

The other apps own their texts and tell the index about them through
`samverkan.search.index`; nothing here is edited by hand.

The full-text part depends on the database, and the migration creates each part only on
its own database, outside the models so that Django needs neither on the other one:

- PostgreSQL: a tsvector column `search_vector` with a GIN index.
- SQLite: an FTS5 table `search_searchentry_fts` (row id = entry id) with the stemmed
  title and text, and a trigger that removes its row when the entry goes.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samverkan.structure.models import Body, Structure


class SearchSource(models.TextChoices):
    MINUTES = "minutes", _("Minnesanteckningar")
    DOCUMENT = "document", _("Handling")


class SearchEntry(models.Model):
    source = models.CharField(max_length=20, choices=SearchSource.choices)
    source_id = models.PositiveBigIntegerField()
    # The indexes below begin with these columns, so they need none of their own.
    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, null=True, blank=True, related_name="+", db_index=False
    )
    title = models.CharField(max_length=500)
    text = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    public = models.BooleanField(default=False)
    published_on = models.DateField()
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sökpost")
        verbose_name_plural = _("sökposter")
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="search_entry_unique"),
        ]
        indexes = [
            models.Index(fields=["structure", "-published_on"], name="search_structure_date"),
            models.Index(fields=["body", "-published_on"], name="search_body_date"),
            models.Index(fields=["public", "-published_on"], name="search_public_date"),
            models.Index(fields=["published_on"], name="search_date"),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.title}"


class SearchEntryFts(models.Model):
    """SQLite's FTS5 table, so that a query can join it to the entries. SQLite only."""

    entry = models.OneToOneField(
        SearchEntry,
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_column="rowid",
        related_name="fts",
    )

    class Meta:
        managed = False
        db_table = "search_searchentry_fts"

    def __str__(self) -> str:
        return f"Fulltext för sökpost {self.pk}"
