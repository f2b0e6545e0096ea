"""The accessibility statement (tillgänglighetsredogörelse) that the law asks the site to
publish, following DIGG's model. One row, edited by an administrator in the admin; its
default text is the statement as the site stands, with the known gaps listed."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

DIGG_NOTIFICATION_URL = "https://www.digg.se/tdosanmalan"

DEFAULT_GAPS = "\n".join(
    [
        "Handlingar som laddas upp till möten (PDF, Word och andra filer) granskas inte av "
        "webbplatsen och kan sakna rubriker, alternativtexter eller läsordning. Be om "
        "handlingen i ett annat format på adressen nedan.",
        "Några breda tabeller på arbetssidorna behöver rullas i sidled på en smal skärm.",
        "Personväljaren i formulären för uppdrag är en lång lista som kan vara svår att "
        "använda med skärmläsare.",
        "Videomöten hålls i andra tjänster, som webbplatsen bara länkar till.",
    ]
)

DEFAULT_ASSESSMENT = (
    "Vi har granskat webbplatsen själva: varje sida testas automatiskt med axe-core i "
    "webbläsaren vid 1280 och 390 pixlars bredd, sidorna kontrolleras mot Nu HTML Checker, "
    "och vi har gått igenom sidorna med enbart tangentbord och med skärmläsare."
)


def first_assessed() -> datetime.date:
    """The day the default statement was written (a callable: a fixed default is flagged)."""
    return datetime.date(2026, 11, 30)


class Compliance(models.TextChoices):
    FULL = "full", _("helt förenlig")
    PARTIAL = "partial", _("delvis förenlig")
    NONE = "none", _("inte förenlig")


class AccessibilityStatement(models.Model):
    organisation = models.CharField(
        _("organisation"), max_length=200, default="Region och kommuner i samverkan"
    )
    service = models.CharField(
        _("tjänst"),
        max_length=300,
        default="Samverkan – webbplatsen för samverkansstrukturer mellan region och kommuner",
    )
    compliance = models.CharField(
        _("förenlighet med lagkraven"),
        max_length=10,
        choices=Compliance.choices,
        default=Compliance.PARTIAL,
    )
    known_gaps = models.TextField(
        _("kända brister"), blank=True, default=DEFAULT_GAPS, help_text=_("En brist per rad.")
    )
    assessment = models.TextField(_("hur vi testat"), default=DEFAULT_ASSESSMENT)
    assessed_on = models.DateField(_("senast bedömd"), default=first_assessed)
    published_on = models.DateField(_("publicerad"), default=first_assessed)
    contact_email = models.EmailField(
        _("e-post för synpunkter"),
        blank=True,
        help_text=_(
            "Går till koordinatorerna. Tom: adressen i inställningen ACCESSIBILITY_CONTACT_EMAIL."
        ),
    )
    response_days = models.PositiveSmallIntegerField(_("svarstid i arbetsdagar"), default=5)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tillgänglighetsredogörelse")
        verbose_name_plural = _("tillgänglighetsredogörelse")

    def __str__(self) -> str:
        return f"Tillgänglighetsredogörelse för {self.service}"

    def gaps(self) -> list[str]:
        return [line.strip() for line in self.known_gaps.splitlines() if line.strip()]
