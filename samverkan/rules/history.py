"""What the audit trail keeps of acknowledged findings: who accepted which deviation and
why, and who withdrew it. Shown with the structure's history (its working page and
`GET /history?object_type=structure&object_id=…`)."""

from __future__ import annotations

from typing import Any

from samverkan.audit.registry import track
from samverkan.rules.models import Acknowledgement


def _page(ack: Any) -> tuple[str, int | None]:
    if ack.structure_id is None:
        return "finding_acknowledgement", ack.pk
    return "structure", ack.structure_id


track(
    Acknowledgement,
    key="finding_acknowledgement",
    label="Accepterad avvikelse",
    fields={
        "rule": "Regel",
        "subject": "Gäller",
        "message": "Avvikelse",
        "due_on": "Förfallodag",
        "reason": "Skäl",
        "withdrawn_at": "Återkallad",
    },
    scope=_page,
    structure=lambda ack: ack.structure_id,
    name=lambda ack: f"Accepterad avvikelse: {ack.subject or ack.rule}",
)
