"""What the audit trail keeps of indicators; values are recorded as one part per action
(how many were entered, imported or fetched), not one row per value."""

from __future__ import annotations

from samverkan.audit.registry import track
from samverkan.statistics.models import Indicator

track(
    Indicator,
    key="indicator",
    label="Indikator",
    fields={
        "name": "Namn",
        "unit": "Enhet",
        "description": "Beskrivning",
        "source": "Källa",
        "kolada_kpi": "Kolada-nyckeltal",
        "public": "Publik",
        "level": "Nivå",
        "period_kind": "Period",
        "values": "Värden",
    },
    structure=lambda indicator: indicator.structure_id,
)
