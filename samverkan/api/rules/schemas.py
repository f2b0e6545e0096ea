"""The findings' response: one object per finding, rendered from
`samverkan.rules.records.FindingRecord`, the same record `manage.py check_rules --json`
prints (a test checks that the fields are the same)."""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from samverkan.lib.findings import Severity


class FindingOut(Schema):
    rule: str = Field(description="Regelns stabila kod, t.ex. `cases.assignment_overdue`")
    severity: Severity = Field(
        description="`overdue` (försenat), `due_soon` (snart dags) eller `noted` (att notera)"
    )
    structure: str | None = Field(description="Strukturens slug")
    body: int | None = Field(description="Gruppens id")
    body_name: str
    subject: str = Field(description="Vad avvikelsen gäller")
    message: str = Field(description="Vad som avviker, på svenska")
    citation: str = Field(description="Uppdragsbeskrivningens egna ord bakom regeln")
    due: datetime.date | None = Field(description="När det ska vara åtgärdat, om regeln säger")
    responsible: str = Field(description="Vem som ansvarar: rollen och personerna")
    url: str = Field(description="Sidan där det åtgärdas")
    key: str = Field(
        description="Regeln och vad avvikelsen gäller, samma från dag till dag (för att "
        "känna igen den i nästa körning)"
    )
    acknowledged: bool = Field(description="Accepterad som avvikelse av en koordinator")
    acknowledged_reason: str = Field(description="Skälet, om den är accepterad")
