"""Which changes of periodic reports the history keeps: the status and who moved it, where it
was delivered and whether it is public. The texts stay out: the report is the one place for
them, and a delivered report's PDF is its record."""

from __future__ import annotations

from samverkan.audit.registry import track
from samverkan.followup.models import PeriodicReport

track(
    PeriodicReport,
    key="periodic_report",
    label="Rapport",
    fields={
        "status": "Status",
        "to_body": "Till",
        "public": "Offentlig när den lämnats",
        "approved_by": "Godkänd av",
        "delivered_by": "Lämnad av",
        "agenda_item": "Dagordningspunkt",
    },
    structure=lambda r: r.body.structure_id,
)
