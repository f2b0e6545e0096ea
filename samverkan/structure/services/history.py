"""What the audit trail keeps of the structure: the fields of each kind of object, in
Swedish, and how a charter's parts (composition, standing items, reporting, role links)
read when a list of them is replaced. The services record their changes with these."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from samverkan.audit.registry import track
from samverkan.structure.models import (
    Body,
    Charter,
    CompositionRule,
    DutyFrequency,
    Membership,
    Person,
    Principal,
    ReportingDuty,
    Role,
    RoleLink,
    StandingAgendaItem,
    Structure,
)


def structure_of_body(obj: Any, body_attr: str = "body") -> int | None:
    """The structure of the body an object belongs to, without a query when it is loaded."""
    if type(obj)._meta.get_field(body_attr).is_cached(obj):
        body = getattr(obj, body_attr)
        return body.structure_id if body is not None else None
    body_id = getattr(obj, f"{body_attr}_id")
    return Body.objects.filter(pk=body_id).values_list("structure_id", flat=True).first()


def _duties_text(duties: Any) -> str:
    if not isinstance(duties, list):
        return str(duties)
    lines = []
    for duty in duties:
        if not isinstance(duty, dict):
            lines.append(str(duty))
            continue
        frequency = duty.get("frequency") or DutyFrequency.CONTINUOUS
        how_often = dict(DutyFrequency.choices).get(frequency, frequency)
        due = f", senast {duty['due']}" if duty.get("due") else ""
        lines.append(f"{duty.get('who', '')}: {duty.get('what', '')} ({how_often}{due})")
    return "\n".join(lines)


# The groups of rules a citation quotes the charter for (schema.CITATION_KEYS), in words.
CITATION_LABELS = {
    "meetings": "Möten",
    "booking": "Bokning av mötestider",
    "documents": "Handlingar",
    "leadership": "Ordförande och ledning",
    "members": "Ledamöter",
    "composition": "Sammansättning",
    "substitutes": "Ersättare",
    "minutes": "Minnesanteckningar",
    "standing_agenda": "Stående punkter på dagordningen",
    "reporting": "Rapportering",
    "role_links": "Roller i andra grupper",
    "cases": "Ärenden",
    "working_groups": "Arbetsgrupper",
    "follow_up": "Uppföljning",
    "mandate": "Mandat",
    "revision": "Revidering",
    "meeting_form": "Mötesform",
    "duties": "Åtaganden",
    "recommendations": "Rekommendationer",
}


def _citations_text(citations: Any) -> str:
    if not isinstance(citations, dict):
        return str(citations)
    return "\n".join(
        f"{CITATION_LABELS.get(key, 'Citat')}: {text}" for key, text in citations.items()
    )


track(
    Structure,
    key="structure",
    label="Struktur",
    fields={
        "name": "Namn",
        "region": "Region",
        "description": "Beskrivning",
        "website": "Webbplats",
        "minutes_approval_days": "Minnesanteckningar justerade och publicerade inom "
        "(arbetsdagar efter mötet)",
    },
    structure=lambda s: s.pk,
)

track(
    Principal,
    key="principal",
    label="Huvudman",
    fields={
        "kind": "Sort",
        "name": "Namn",
        "short_name": "Kortnamn",
        "county_code": "Länskod",
        "org_type": "Typ av organisation",
    },
)

track(
    Body,
    key="body",
    label="Grupp",
    fields={
        "key": "Nyckel",
        "name": "Namn",
        "short_name": "Kortnamn",
        "kind": "Typ",
        "level": "Nivå",
        "parent": "Uppdragsgivare",
        "municipality": "Kommun",
        "mandate": "Mandat",
        "duration": "Varaktighet",
        "end_date": "Slutdatum",
        "chair_extended_until": "Ordförande och vice ordförande förlängda till och med",
        "meeting_forms_reviewed_on": "Mötesformerna senast översedda",
        "description": "Beskrivning",
    },
    structure=lambda b: b.structure_id,
)

CHARTER_LABELS = {
    "version": "Version",
    "status": "Status",
    "title": "Dokumentnamn",
    "registry_number": "Diarienummer",
    "document_owner": "Dokumentägare",
    "created_by_text": "Framtagen av",
    "decided_by": "Beslutad av",
    "decided_on": "Beslutsdatum",
    "valid_until": "Giltig till och med",
    "next_revision": "Nästa revidering",
    "revision_interval_months": "Revideras minst var N:e månad",
    "purpose": "Syfte",
    "goals": "Mål",
    "target_groups": "Målgrupper",
    "tasks": "Uppdrag",
    "mandate_text": "Mandat",
    "governing_documents": "Styrdokument",
    "sections": "Övriga rubriker",
    "meetings_min_per_year": "Minsta antal möten per år",
    "meetings_max_per_year": "Högsta antal möten per år",
    "meetings_min_per_quarter": "Minsta antal möten per kvartal",
    "meetings_planned_per_year": "Mötestider bokas ett år i taget",
    "booking_deadline_month": "Nästa års möten bokade senast: månad",
    "booking_deadline_day": "Nästa års möten bokade senast: dag",
    "meeting_form": "Mötesform i första hand",
    "meeting_forms_revised_yearly": "Mötesformerna revideras varje år",
    "guests_may_be_invited": "Andra företrädare kan bjudas in",
    "follows_parent_calendar": "Uppdragsgivarens mötestider styr planeringen",
    "document_lead_value": "Handlingar ute senast (antal)",
    "document_lead_unit": "Handlingar ute senast (enhet)",
    "document_lead_approximate": "Ungefärlig tid för handlingar",
    "items_need_description_and_proposal": "Ärenden kräver kort beskrivning och förslag",
    "items_need_description": "Ärenden kräver kort problemformulering",
    "documents_sent_by": "Handlingarna skickas ut av",
    "chair_rotation": "Ordförandeskap",
    "chair_rotation_extendable": "Ordförandeskapet kan förlängas",
    "chair_and_vice_chair_from_different_principals": "Ordförande och vice ordförande från "
    "olika huvudmän",
    "chair_principal_kind": "Huvudman som tillhandahåller ordförande",
    "chair_principal_kind_may_share": "Ordförandeskapet kan fördelas mellan huvudmännen",
    "convener": "Sammankallande",
    "chair_owns_agenda": "Ordförande ansvarar för dagordningen",
    "chair_term_years": "Ordförande nomineras för (år)",
    "substitutes": "Ersättare",
    "substitute_called_by_member": "Ledamoten kallar själv in sin ersättare",
    "members_need_mandate": "Representanter måste ha mandat",
    "member_term_years": "Ledamöter nomineras för (år)",
    "new_members_reported_to": "Nya ledamöter anmäls till",
    "minutes_taken_by": "Minnesanteckningar förs av",
    "minutes_approval": "Justering av minnesanteckningar",
    "minutes_public": "Offentlig handling efter justering",
    "minutes_published_at": "Publiceras på",
    "minutes_distributed_to_all": "Skickas till alla representanter och adjungerade",
    "minutes_template_required": "Skrivs med hjälp av mall",
    "decisions_followed_up_in_next_minutes": "Besluten följs upp i nästa mötes anteckningar",
    "keeps_balance_list": "För balanslista",
    "escalates_to": "Frågor av länsövergripande karaktär lyfts till",
    "may_appoint_working_groups": "Kan tillsätta arbetsgrupper",
    "working_groups_may_include_outsiders": "Arbetsgrupper kan ha med andra personer",
    "recommendations_routed_by": "Rekommendationer förmedlas av",
    "working_groups_review_months": "Arbetsgruppernas uppdrag ses över minst var N:e månad",
    "assignment_headings": "Rubriker i ett uppdrag till en arbetsgrupp",
    "assignment_needs_responsible": "Ansvariga utses när ett uppdrag beslutas",
    "internal_evaluation_yearly": "Gruppen utvärderar sitt arbete internt varje år",
    "mandate_review_by": "Uppdrag och mandat följs upp senast",
    "implementation_plan": "Implementeringsplan",
    "implementation_followup_on": "Implementeringen följs upp senast",
    "duties": "Åtaganden",
    "citations": "Citat ur uppdragsbeskrivningen",
    "notes": "Anteckningar",
    # The charter's parts, each a list replaced as a whole.
    "composition": "Sammansättning",
    "standing_items": "Stående punkter på dagordningen",
    "reporting": "Rapportering",
    "role_links": "Roller i andra grupper",
}

track(
    Charter,
    key="charter",
    label="Uppdragsbeskrivning",
    fields=CHARTER_LABELS,
    scope=lambda c: ("body", c.body_id),
    structure=structure_of_body,
    formats={"duties": _duties_text, "citations": _citations_text},
)

track(
    Person,
    key="person",
    label="Person",
    fields={
        "first_name": "Förnamn",
        "last_name": "Efternamn",
        "key": "Nyckel",
        "title": "Befattning",
        "employer": "Arbetsgivare",
        "email": "E-post",
        "phone": "Telefon",
    },
)

track(
    Membership,
    key="membership",
    # Not "Uppdrag": that is an assignment's name in the history's list of kinds.
    label="Plats i grupp",
    fields={
        "person": "Person",
        "role": "Roll",
        "principal": "Representerar",
        "substitute_for": "Ersättare för",
        "function": "Funktion",
        "ex_officio_for": "I egenskap av uppdrag i",
        "start": "Från",
        "end": "Till och med",
        "nominated_by": "Nominerad av",
        "end_reason": "Anledning till avslut",
    },
    # Shown on the body's page as well as the membership's own.
    scope=lambda m: ("body", m.body_id),
    structure=structure_of_body,
)


# --- A charter's parts as text --------------------------------------------------------


def _count(low: int | None, high: int | None) -> str:
    if low is None and high is None:
        return "antal anges inte"
    if low == high or high is None:
        return f"{low} platser" if low != 1 else "1 plats"
    if low is None:
        return f"högst {high} platser"
    return f"{low}–{high} platser"


def composition_text(rows: Iterable[CompositionRule]) -> str:
    lines = []
    for row in rows:
        who = row.principal.name if row.principal else row.get_principal_kind_display()
        if row.per_principal:
            who += " (var och en)"
        details = [_count(row.min_count, row.max_count), row.get_role_display().lower()]
        if row.with_substitutes:
            details.append("med ersättare")
        if row.functions:
            details.append(f"funktioner: {row.functions}")
        if row.appointed_by:
            details.append(f"utses av {row.appointed_by}")
        if row.optional:
            details.append("vid behov")
        lines.append(f"{who}: {', '.join(details)}")
    return "\n".join(lines)


def standing_items_text(items: Iterable[tuple[str, str]]) -> str:
    return "\n".join(
        f"{n}. {title}" + (f" ({condition})" if condition else "")
        for n, (title, condition) in enumerate(items, start=1)
    )


def reporting_text(rows: Iterable[ReportingDuty]) -> str:
    lines = []
    for row in rows:
        details = [row.get_frequency_display().lower()]
        details += [x for x in (row.what, row.reported_by and f"av {row.reported_by}") if x]
        if row.via:
            details.append(f"via {row.via}")
        details.append("offentlig" if row.public else "inte offentlig")
        lines.append(f"Till {row.to_body}: {', '.join(details)}")
    return "\n".join(lines)


def role_links_text(rows: Iterable[RoleLink]) -> str:
    roles = dict(Role.choices)
    return "\n".join(
        f"{roles.get(row.role, row.role)} – {row.get_kind_display().lower()} {row.to_body}"
        + (f", {row.term_years} år" if row.term_years else "")
        for row in rows
    )


PART_TEXTS: dict[str, Callable[[Any], str]] = {
    "composition": composition_text,
    "reporting": reporting_text,
    "role_links": role_links_text,
}
PART_RELATIONS = {"composition": "principal", "reporting": "to_body", "role_links": "to_body"}


def standing_pairs(items: Iterable[StandingAgendaItem]) -> list[tuple[str, str]]:
    return [(item.title, item.condition) for item in items]


PART_NAMES: dict[type[Any], str] = {
    CompositionRule: "composition",
    StandingAgendaItem: "standing_items",
    ReportingDuty: "reporting",
    RoleLink: "role_links",
}


def part_text(part: str, rows: Iterable[Any]) -> str:
    """One of a charter's parts as text, the rows as `PART_NAMES` names them."""
    if part == "standing_items":
        return standing_items_text(standing_pairs(rows))
    return PART_TEXTS[part](rows)
