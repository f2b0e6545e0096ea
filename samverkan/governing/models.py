"""Governing documents (styrdokument): the agreements, contracts, guidelines, routines and
knowledge support a structure works by, and which bodies must implement each and how far
they have come (003: local groups "implementera nya nationella och regionala kunskapsstöd,
länsgemensamma avtal, överenskommelser, riktlinjer och rutiner på uppdrag av
länsamverkansgrupp").

Business rules live in `services.py`; these classes only hold data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samverkan.structure.models import Body, Charter, Structure


class DocumentKind(models.TextChoices):
    AGREEMENT = "agreement", _("Överenskommelse")
    CONTRACT = "contract", _("Avtal")
    GUIDELINE = "guideline", _("Riktlinje")
    ROUTINE = "routine", _("Rutin")
    KNOWLEDGE_SUPPORT = "knowledge_support", _("Kunskapsstöd")
    PLAN = "plan", _("Plan eller målbild")
    OTHER = "other", _("Annat styrdokument")


def document_file_path(instance: GoverningDocument, filename: str) -> str:
    return f"styrdokument/{instance.structure_id}/{filename}"


class GoverningDocument(models.Model):
    structure = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="governing_documents"
    )
    # A regional agreement above the local ones that put it into practice.
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("överordnat dokument"),
    )
    title = models.CharField(_("titel"), max_length=300)
    kind = models.CharField(_("typ"), max_length=30, choices=DocumentKind.choices)
    version = models.CharField(_("version"), max_length=20, blank=True)
    owner = models.CharField(_("dokumentägare"), max_length=200, blank=True)
    decided_by = models.CharField(_("beslutad av"), max_length=200, blank=True)
    decided_on = models.DateField(_("beslutsdatum"), null=True, blank=True)
    valid_until = models.DateField(_("giltig till och med"), null=True, blank=True)
    next_revision = models.DateField(_("nästa revidering"), null=True, blank=True)
    summary = models.TextField(_("kort beskrivning"), blank=True)
    file = models.FileField(_("fil"), upload_to=document_file_path, max_length=500, blank=True)
    url = models.URLField(_("länk till dokumentet"), max_length=500, blank=True)
    # The county group that commissions the implementation and follows it in its matrix.
    commissioned_by = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commissioned_documents",
        verbose_name=_("uppdragsgivare för implementeringen"),
    )
    # Agreements between the principals are public records; a working draft may not be.
    public = models.BooleanField(_("visas på den publika webbplatsen"), default=True)
    lock_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["structure", "title", "pk"]
        indexes = [
            models.Index(fields=["structure", "title"]),
            models.Index(fields=["commissioned_by", "title"]),
            models.Index(fields=["next_revision"]),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})" if self.version else self.title


class ImplementationStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Inte påbörjad")
    PLANNED = "planned", _("Planerad")
    IMPLEMENTED = "implemented", _("Implementerad")
    FOLLOWED_UP = "followed_up", _("Uppföljd")


class Implementation(models.Model):
    """A body that must implement a document, and how far it has come."""

    document = models.ForeignKey(
        GoverningDocument, on_delete=models.CASCADE, related_name="implementations"
    )
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="implementations")
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ImplementationStatus.choices,
        default=ImplementationStatus.NOT_STARTED,
    )
    planned_on = models.DateField(_("planerad till"), null=True, blank=True)
    implemented_on = models.DateField(_("implementerad"), null=True, blank=True)
    followed_up_on = models.DateField(_("uppföljd"), null=True, blank=True)
    note = models.TextField(_("kommentar"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lock_version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["document", "body__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "body"], name="implementation_one_per_document_and_body"
            )
        ]
        indexes = [
            models.Index(fields=["body", "status"]),
            models.Index(fields=["status", "planned_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.document} i {self.body}: {self.get_status_display()}"


class CharterDocumentLink(models.Model):
    """One entry of a charter's list of governing documents (`Charter.governing_documents`,
    text from the charter) linked to the record it names. The entry's text is kept: the link
    follows the text when a correction reorders the list, and a new version of the body's
    charter that lists the same text is linked too (`selectors.charter_links`)."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=500, blank=True)
    document = models.ForeignKey(
        GoverningDocument, on_delete=models.CASCADE, related_name="charter_links"
    )

    class Meta:
        ordering = ["charter", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["charter", "position"], name="charter_document_link_one_per_entry"
            )
        ]

    def __str__(self) -> str:
        return f"{self.charter}: {self.document}"
