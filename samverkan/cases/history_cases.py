"""What the audit trail keeps of cases: the case itself (its texts, where it is and its
state), each handling of it by a body (`CaseStep`, shown on the case's page) and a
structure's registry number format."""

from __future__ import annotations

from typing import Any

from samverkan.audit.registry import track
from samverkan.cases.models import Case, CaseNumbering, CaseStep


def _structure_of_case(obj: Any) -> int | None:
    """The structure of the case a step belongs to, without a query when the case is loaded."""
    if type(obj)._meta.get_field("case").is_cached(obj):
        return int(obj.case.structure_id)
    return Case.objects.filter(pk=obj.case_id).values_list("structure_id", flat=True).first()


track(
    Case,
    key="case",
    label="Ärende",
    fields={
        "number": "Diarienummer",
        "title": "Rubrik",
        "description": "Kort ärendebeskrivning",
        "proposal": "Förslag till åtgärd",
        "question": "Frågeställning",
        "raised_in": "Väckt i",
        "raised_via": "Väckt",
        "raised_by": "Väckt av",
        "network_name": "Nätverk",
        "line_manager": "Linjechef",
        "raised_on": "Väckt den",
        "status": "Status",
        "current_body": "Hos",
        "closed_on": "Avslutat den",
    },
    structure=lambda case: case.structure_id,
)

track(
    CaseStep,
    key="case_step",
    label="Ärendets behandling i en grupp",
    fields={
        "body": "Grupp",
        "role": "Roll",
        "received_on": "Inkom",
        "meeting": "Möte",
        "agenda_item": "Punkt på dagordningen",
        "minutes": "Minnesanteckningar",
        "outcome": "Utfall",
        "outcome_text": "Vad som bestämdes",
        "handled_on": "Behandlat",
        "note": "Kommentar",
    },
    scope=lambda step: ("case", step.case_id),
    structure=_structure_of_case,
    name=lambda step: f"{step.case.number}: {step.body.name}",
)

track(
    CaseNumbering,
    key="case_numbering",
    label="Format för diarienummer",
    fields={"pattern": "Format"},
    structure=lambda numbering: numbering.structure_id,
    name=lambda numbering: f"Diarienummer i {numbering.structure.name}",
)
