"""What the audit trail keeps of meetings: the meeting, its agenda, documents, notices and
attendance, each shown in the history on the meeting's page. The services record their
changes with these."""

from __future__ import annotations

from typing import Any

from samverkan.audit.registry import track
from samverkan.lib.localtime import meeting_day
from samverkan.meetings.models import AgendaItem, Attendance, Document, Meeting, Notice
from samverkan.structure.services.history import structure_of_body


def structure_of_meeting(obj: Any) -> int | None:
    """The structure of the meeting an object belongs to, without a query when it is loaded."""
    if type(obj)._meta.get_field("meeting").is_cached(obj) and obj.meeting is not None:
        return structure_of_body(obj.meeting)
    return (
        Meeting.objects.filter(pk=obj.meeting_id)
        .values_list("body__structure_id", flat=True)
        .first()
    )


def _on_meeting(obj: Any) -> tuple[str, int | None]:
    return "meeting", obj.meeting_id


track(
    Meeting,
    key="meeting",
    label="Möte",
    fields={
        "title": "Rubrik",
        "starts_at": "Börjar",
        "ends_at": "Slutar",
        "place": "Plats",
        "video_link": "Videolänk",
        "form": "Mötesform",
        "status": "Status",
        "convener": "Sammankallande",
    },
    structure=structure_of_body,
    name=lambda m: f"{m.title or m.body.name}, {meeting_day(m).isoformat()}",
)

track(
    AgendaItem,
    key="agenda_item",
    label="Punkt på dagordningen",
    fields={
        "position": "Plats i dagordningen",
        "kind": "Typ",
        "title": "Rubrik",
        "owner": "Ansvarig",
        "presenter": "Föredragande",
        "planned_minutes": "Planerad tid (minuter)",
        "description": "Kort ärendebeskrivning",
        "proposal": "Förslag till åtgärd",
        "question": "Frågeställning",
    },
    scope=_on_meeting,
    structure=structure_of_meeting,
    # Positions count from 0 in the database and from 1 on the agenda.
    formats={"position": lambda position: str(position + 1)},
)

track(
    Document,
    key="document",
    label="Handling",
    fields={
        "title": "Titel",
        "agenda_item": "Punkt",
        "original_name": "Filnamn",
        "content_type": "Filtyp",
        "size": "Storlek (byte)",
        "sha256": "Kontrollsumma (SHA-256)",
        "version": "Version",
        "replaces": "Ersätter",
        "public": "Offentlig",
        "registry_number": "Diarienummer",
        "late": "Efter sista dag för handlingar",
    },
    scope=_on_meeting,
    structure=structure_of_meeting,
)

track(
    Notice,
    key="notice",
    label="Kallelse",
    fields={
        "subject": "Ämne",
        "late": "Efter sista dag för handlingar",
        "late_reason": "Anledning",
        # Who it was sent to, as text: the rows of who got it are kept with the notice.
        "recipients": "Kallade",
    },
    scope=_on_meeting,
    structure=structure_of_meeting,
)

track(
    Attendance,
    key="attendance",
    label="Närvaro",
    fields={
        "person": "Person",
        "role": "Roll",
        "status": "Status",
        "stands_in_for": "Ersätter",
        "agenda_item": "Inbjuden till punkt",
        "note": "Meddelande",
    },
    scope=_on_meeting,
    structure=structure_of_meeting,
    name=lambda a: f"{a.person} – {a.get_role_display().lower()}",
)
