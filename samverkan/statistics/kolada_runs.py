"""Fetching every Kolada indicator that is due, for the command and the scheduled task."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from samverkan.lib.errors import DomainError
from samverkan.lib.localtime import local_today
from samverkan.statistics import services
from samverkan.statistics.models import Indicator

logger = logging.getLogger(__name__)
# Kolada publishes most key figures once a year; asking about monthly is plenty.
REFETCH_AFTER = datetime.timedelta(days=28)


@dataclass
class FetchReport:
    done: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def kolada_indicators(
    *, structure: str | None = None, indicator: int | None = None, due_only: bool = False
) -> list[Indicator]:
    found = Indicator.objects.exclude(kolada_kpi="").select_related(
        "structure", "structure__region"
    )
    if structure:
        found = found.filter(structure__slug=structure)
    if indicator:
        found = found.filter(pk=indicator)
    if due_only:
        found = found.filter(
            Q(kolada_fetched_at__isnull=True)
            | Q(kolada_fetched_at__lt=timezone.now() - REFETCH_AFTER)
        )
    return list(found.order_by("structure__name", "name"))


def fetch_all(
    *,
    structure: str | None = None,
    indicator: int | None = None,
    years: list[int] | None = None,
    due_only: bool = False,
) -> FetchReport:
    """Each indicator in its own transaction: one that fails leaves the others fetched."""
    report = FetchReport()
    years = years or services.default_years(local_today())
    for found in kolada_indicators(structure=structure, indicator=indicator, due_only=due_only):
        name = f"{found.structure.name}: {found.name} ({found.kolada_kpi})"
        try:
            stored = services.fetch_from_kolada(indicator=found, by=None, years=years)
        except DomainError as exc:
            logger.warning("Kolada: %s gick inte att hämta: %s", name, exc.message)
            report.failed.append(f"{name}: {exc.message}")
        else:
            report.done.append(f"{name}: {stored.text}")
    return report
