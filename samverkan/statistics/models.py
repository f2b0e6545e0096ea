"""Indicators a structure follows (SIPs held, utskrivningsklara, Kolada key figures) and
their values per principal and period.

A value's period is stored as the first day of its period (the month, the tertial or the
year; `samverkan.statistics.periods`), so one (indicator, principal, period) has one value
and a chart reads them in order with one query.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samverkan.structure.models import Principal, Structure


class IndicatorSource(models.TextChoices):
    MANUAL = "manual", _("Registreras för hand")
    IMPORT = "import", _("Importeras från fil")
    KOLADA = "kolada", _("Hämtas från Kolada")


class ValueSource(models.TextChoices):
    MANUAL = "manual", _("Formulär")
    IMPORT = "import", _("Fil")
    KOLADA = "kolada", _("Kolada")
    DEMO = "demo", _("Demo")


class IndicatorLevel(models.TextChoices):
    MUNICIPALITY = "municipality", _("Per kommun")
    REGION = "region", _("För regionen")
    BOTH = "both", _("Per kommun och för regionen")


class PeriodKind(models.TextChoices):
    MONTHLY = "monthly", _("Månad")
    TERM = "term", _("Tertial")
    YEARLY = "yearly", _("År")


class Indicator(models.Model):
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("namn"), max_length=200)
    unit = models.CharField(_("enhet"), max_length=60, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    source = models.CharField(
        _("källa"), max_length=20, choices=IndicatorSource.choices, default=IndicatorSource.MANUAL
    )
    kolada_kpi = models.CharField(
        _("Kolada-nyckeltal"), max_length=20, blank=True, help_text=_("T.ex. N20891")
    )
    public = models.BooleanField(_("publik"), default=False)
    level = models.CharField(
        _("nivå"),
        max_length=20,
        choices=IndicatorLevel.choices,
        default=IndicatorLevel.MUNICIPALITY,
    )
    period_kind = models.CharField(
        _("period"), max_length=20, choices=PeriodKind.choices, default=PeriodKind.YEARLY
    )
    # Counts of people below this are not shown publicly (small-count suppression, so that no
    # one can be singled out: "färre än 5"); the working pages show them.
    suppress_below = models.PositiveSmallIntegerField(
        _("visa inte publikt värden under"), null=True, blank=True
    )
    # When Kolada was last asked, so the daily task fetches each indicator about monthly.
    kolada_fetched_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["structure", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "name"], name="indicator_unique_name_per_structure"
            )
        ]

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    principal = models.ForeignKey(Principal, on_delete=models.PROTECT, related_name="+")
    period = models.DateField(_("period"), help_text=_("Periodens första dag"))
    value = models.DecimalField(_("värde"), max_digits=18, decimal_places=4)
    source = models.CharField(_("källa"), max_length=20, choices=ValueSource.choices)
    entered_at = models.DateTimeField(_("registrerat"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["indicator", "period", "principal"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "principal", "period"],
                name="indicator_value_once_per_principal_and_period",
            )
        ]
        indexes = [
            # A chart reads one indicator's values in period order.
            models.Index(fields=["indicator", "period"], name="indicator_value_chart"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.principal} {self.period} = {self.value}"
