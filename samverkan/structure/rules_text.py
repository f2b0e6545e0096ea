"""A charter's rules in plain Swedish, each with the charter's own words where given."""

from __future__ import annotations

from dataclasses import dataclass

from samverkan.lib.swedish import lead_time_text, month_name, number_word
from samverkan.structure.models import (
    ChairRotation,
    Charter,
    CompositionRule,
    Convener,
    MeetingForm,
    MinutesApproval,
    MinutesTaker,
    PrincipalKind,
    ReportingDuty,
    RoleLink,
    StandingAgendaItem,
    Substitutes,
)


@dataclass(frozen=True)
class RuleLine:
    group: str
    text: str
    citation: str = ""
    # A list that belongs to the rule, such as the standing agenda items in order.
    items: tuple[str, ...] = ()


GROUP_TITLES = {
    "meetings": "Möten",
    "documents": "Handlingar",
    "leadership": "Ordförande och ledning",
    "members": "Ledamöter",
    "minutes": "Minnesanteckningar",
    "reporting": "Rapportering",
    "cases": "Ärenden och uppdrag",
    "follow_up": "Uppföljning och revidering",
    "duties": "Åtaganden",
}

KIND_PLURAL = {
    PrincipalKind.REGION: "regionen",
    PrincipalKind.MUNICIPALITY: "kommunerna",
    PrincipalKind.ORGANISATION: "andra organisationer",
}
KIND_EACH = {
    PrincipalKind.REGION: "regionen",
    PrincipalKind.MUNICIPALITY: "varje kommun",
    PrincipalKind.ORGANISATION: "varje organisation",
}


def times(n: int) -> str:
    return "en gång" if n == 1 else f"{number_word(n)} gånger"


# Words that start a common noun phrase and so are written in lower case mid-sentence,
# unlike names such as "Region Västerbotten".
_COMMON_STARTS = {
    "varje",
    "respektive",
    "kommunerna",
    "kommunen",
    "regionen",
    "länets",
    "regional",
    "regionala",
    "ordförande",
    "sekreterare",
    "koordinator",
    "koordinatorn",
    "processledarna",
    "mas/mar",
    "sammankallande",
}


def inline(text: str) -> str:
    """A phrase from the charter placed mid-sentence: "Regional koordinatör" → "regional koordinatör"."""
    first = text.split(" ", 1)[0].lower()
    return text[:1].lower() + text[1:] if first in _COMMON_STARTS else text


def every_months(n: int) -> str:
    """12 → "en gång per år", 6 → "var sjätte månad", 18 → "var 18:e månad"."""
    if n == 12:
        return "en gång per år"
    if n == 24:
        return "vartannat år"
    if n % 12 == 0:
        return f"vart {ORDINAL_NEUTER.get(n // 12, str(n // 12) + ':e')} år"
    return f"var {ORDINAL.get(n, str(n) + ':e')} månad"


ORDINAL = {2: "annan", 3: "tredje", 4: "fjärde", 6: "sjätte", 9: "nionde"}
ORDINAL_NEUTER = {3: "tredje", 4: "fjärde", 5: "femte"}


def years(n: int) -> str:
    return "ett år" if n == 1 else f"{number_word(n)} år"


def _range(low: int | None, high: int | None, noun: str) -> str:
    if low is not None and high is not None:
        return f"{number_word(low)} {noun}" if low == high else f"{low}–{high} {noun}"
    if low is not None:
        return f"minst {number_word(low)} {noun}"
    return f"högst {number_word(high or 0)} {noun}"


def lead_text(charter: Charter | None) -> str:
    """The charter's lead time in words: "tio arbetsdagar", "ca två veckor"."""
    if charter is None or not charter.document_lead_value or not charter.document_lead_unit:
        return ""
    return lead_time_text(
        charter.document_lead_value,
        charter.document_lead_unit,
        charter.document_lead_approximate,
    )


def composition_line(rule: CompositionRule) -> str:
    role = {
        "member": "ledamöter",
        "permanently_co_opted": "ständigt adjungerade",
        "co_opted": "adjungerade",
    }[rule.role]
    if rule.role == "member" and (
        rule.max_count == 1 or (rule.min_count == 1 and not rule.max_count)
    ):
        role = "ledamot"
    seats = (
        _range(rule.min_count, rule.max_count, role) if (rule.min_count or rule.max_count) else role
    )
    if rule.principal_id:
        who = rule.principal.name if rule.principal else ""
        text = f"{who}: {seats}"
    elif rule.per_principal:
        text = f"{KIND_EACH[PrincipalKind(rule.principal_kind)].capitalize()}: {seats}"
    else:
        plural = KIND_PLURAL[PrincipalKind(rule.principal_kind)].capitalize()
        text = (
            f"{plural}: {seats}"
            if rule.principal_kind == PrincipalKind.REGION
            else f"{plural} tillsammans: {seats}"
        )
    if rule.with_substitutes:
        text += " med ersättare"
    if rule.functions:
        text += f" ({rule.functions})"
    if rule.appointed_by:
        text += f", utsedda av {inline(rule.appointed_by)}"
    if rule.optional:
        text += ", vid behov"
    return text + "."


def frequency_sentences(c: Charter) -> list[str]:
    """How often the body meets, as the charter says: "Möts minst tre gånger per år."."""
    sentences = []
    if c.meetings_min_per_year and c.meetings_max_per_year:
        sentences.append(f"Möts {c.meetings_min_per_year}–{c.meetings_max_per_year} gånger per år.")
    elif c.meetings_min_per_year:
        sentences.append(f"Möts minst {times(c.meetings_min_per_year)} per år.")
    elif c.meetings_max_per_year:
        sentences.append(f"Möts högst {times(c.meetings_max_per_year)} per år.")
    if c.meetings_min_per_quarter:
        sentences.append(f"Möts minst {times(c.meetings_min_per_quarter)} per kvartal.")
    return sentences


def charter_rule_lines(
    charter: Charter,
    *,
    composition: list[CompositionRule],
    standing_items: list[StandingAgendaItem],
    reporting: list[ReportingDuty],
    role_links: list[RoleLink],
) -> list[RuleLine]:
    c = charter
    cite = c.citations or {}
    lines: list[RuleLine] = []

    def add(group: str, text: str, key: str | None = None) -> None:
        lines.append(RuleLine(group, text, cite.get(key or group, "")))

    # Meetings
    for text in frequency_sentences(c):
        add("meetings", text)
    if c.booking_deadline_month:
        day = c.booking_deadline_day or 1
        add(
            "meetings",
            f"Nästa års möten ska vara bokade senast den {day} "
            f"{month_name(c.booking_deadline_month)}.",
            "booking",
        )
    elif c.meetings_planned_per_year:
        add("meetings", "Mötestider planeras och bokas för ett år i taget.", "booking")
    if c.meeting_form:
        add(
            "meetings",
            f"Mötena hålls {MeetingForm(c.meeting_form).label} i största utsträckning.",
            "meeting_form",
        )
    if c.follows_parent_calendar:
        add("meetings", "Uppdragsgivarens agenda och mötestider styr planeringen.")
    if c.meeting_forms_revised_yearly:
        add("meetings", "Mötesformerna revideras årligen.", "meeting_form")
    if c.guests_may_be_invited:
        add("meetings", "Andra företrädare kan bjudas in när en fråga berör dem.")
    if standing_items:
        lines.append(
            RuleLine(
                "meetings",
                "Dagordningen har dessa stående punkter, i denna ordning:",
                cite.get("standing_agenda", ""),
                tuple(
                    item.title.rstrip(".")
                    + (f" ({item.condition})" if item.condition else "")
                    + (
                        " – här följs besluten och åtgärderna från föregående möte upp"
                        if item.reviews_previous_minutes
                        else ""
                    )
                    for item in standing_items
                ),
            )
        )

    # Documents
    if c.document_lead_value and c.document_lead_unit:
        amount = lead_time_text(
            c.document_lead_value, c.document_lead_unit, c.document_lead_approximate
        )
        add("documents", f"Handlingar ska vara ledamöterna tillhanda senast {amount} före mötet.")
    if c.items_need_description and not c.items_need_description_and_proposal:
        add(
            "documents",
            "Underlaget till varje ärende ska ha en kort problemformulering och, om det finns, "
            "ett lösningsförslag.",
        )
    if c.documents_sent_by:
        add("documents", f"Handlingarna skickas ut av {inline(c.documents_sent_by)}.")
    if c.items_need_description_and_proposal:
        add(
            "documents",
            "Varje ärende ska ha en kort ärendebeskrivning och ett förslag till åtgärd eller en "
            "frågeställning.",
        )

    # Leadership
    if c.chair_rotation == ChairRotation.YEARLY:
        text = "Ordförandeskapet växlar mellan huvudmännen varje kalenderår"
        text += ", eller längre efter beslut i gruppen." if c.chair_rotation_extendable else "."
        add("leadership", text)
    if c.chair_and_vice_chair_from_different_principals:
        add("leadership", "Ordförande och vice ordförande representerar olika huvudmän.")
    if c.chair_principal_kind:
        who = {"region": "Regionen", "municipality": "Kommunen", "organisation": "En organisation"}[
            c.chair_principal_kind
        ]
        text = f"{who} tillhandahåller ordförande"
        text += (
            "; uppdraget kan fördelas mellan kommun och region."
            if c.chair_principal_kind_may_share
            else "."
        )
        add("leadership", text)
    if c.convener:
        add("leadership", f"Sammankallande: {Convener(c.convener).label.lower()}.")
    if c.chair_owns_agenda:
        add("leadership", "Ordförande ansvarar för dagordningen.")
    if c.chair_term_years:
        add("leadership", f"Ordförande nomineras för {years(c.chair_term_years)} i taget.")
    for link in role_links:
        role = {
            "chair": "Ordförande",
            "vice_chair": "Vice ordförande",
            "member": "Ledamöterna",
            "coordinator": "Koordinatorn",
        }.get(link.role, link.role)
        text = f"{role} {link.get_kind_display()} {link.to_body.name}"
        if link.term_years:
            text += f" och nomineras för {years(link.term_years)} i taget"
        add("leadership", text + ".", "role_links")

    # Members
    for rule in composition:
        add("members", composition_line(rule), "composition")
    if c.substitutes == Substitutes.NOT_ALLOWED:
        add("members", "Inga ersättare vid frånvaro.", "substitutes")
    elif c.substitutes == Substitutes.ALLOWED:
        text = "Ledamöterna har ersättare."
        if c.substitute_called_by_member:
            text = "Ledamoten kallar själv in sin ersättare vid frånvaro och meddelar koordinatorn."
        add("members", text, "substitutes")
    if c.members_need_mandate:
        add("members", "Representanterna måste ha mandat att representera sin organisation.")
    if c.member_term_years:
        add("members", f"Ledamöterna nomineras för {years(c.member_term_years)}.")
    if c.new_members_reported_to:
        add("members", f"Nya ledamöter anmäls till {inline(c.new_members_reported_to)}.")

    # Minutes
    if c.minutes_taken_by:
        add(
            "minutes",
            f"Minnesanteckningar förs av: {MinutesTaker(c.minutes_taken_by).label.lower()}.",
        )
    if c.minutes_approval == MinutesApproval.NONE:
        add("minutes", "Minnesanteckningarna justeras inte; de distribueras direkt.")
    elif c.minutes_approval:
        add(
            "minutes",
            f"Minnesanteckningarna justeras av: {MinutesApproval(c.minutes_approval).label.lower()}.",
        )
    if c.minutes_public and c.minutes_approval == MinutesApproval.NONE:
        where = f" på {c.minutes_published_at}" if c.minutes_published_at else ""
        add("minutes", f"Minnesanteckningarna publiceras{where}.")
    elif c.minutes_public:
        text = "Minnesanteckningarna är offentlig handling efter justering"
        text += f" och publiceras på {c.minutes_published_at}." if c.minutes_published_at else "."
        add("minutes", text)
    elif c.minutes_published_at:
        add("minutes", f"Minnesanteckningarna publiceras på {c.minutes_published_at}.")
    if c.minutes_distributed_to_all:
        add("minutes", "Minnesanteckningarna skickas till alla representanter och adjungerade.")
    if c.minutes_template_required:
        add("minutes", "Minnesanteckningarna skrivs med hjälp av mall.")
    if c.decisions_followed_up_in_next_minutes:
        add("minutes", "Besluten följs upp genom genomgång av föregående mötes anteckningar.")

    # Reporting
    for duty in reporting:
        text = f"Rapporterar till {duty.to_body.name} {duty.get_frequency_display()}"
        if duty.what:
            text += f": {duty.what}"
        if duty.reported_by:
            text += f" (av {inline(duty.reported_by)})"
        if duty.via:
            text += f", via {inline(duty.via)}"
        text += "."
        if duty.public:
            text += " Sammanställningen är offentlig handling."
        add("reporting", text)

    # Cases and assignments
    if c.keeps_balance_list:
        add(
            "cases",
            "För en balanslista som visar vilka ärenden som är färdigbehandlade i rätt beslutsinstans.",
        )
    if c.escalates_to_id and c.escalates_to:
        add("cases", f"Frågor av länsövergripande karaktär lyfts till {c.escalates_to.name}.")
    if c.may_appoint_working_groups:
        text = "Kan tillsätta arbetsgrupper"
        if c.working_groups_review_months:
            text += "; deras uppdrag och bemanning ses över minst " + every_months(
                c.working_groups_review_months
            )
        add("cases", text + ".", "working_groups")
    if c.working_groups_may_include_outsiders:
        add(
            "cases",
            "Arbetsgrupper kan ha med andra personer än gruppens egna, med den kompetens "
            "uppdraget kräver.",
            "working_groups",
        )
    if c.recommendations_routed_by:
        add(
            "cases",
            f"Rekommendationer förmedlas till varje huvudmans beslutsinstans av "
            f"{inline(c.recommendations_routed_by)}, som också samlar in besluten.",
            "recommendations",
        )
    if c.assignment_headings:
        add(
            "cases",
            "Uppdragsbeskrivningar har rubrikerna: " + ", ".join(c.assignment_headings) + ".",
        )
    if c.assignment_needs_responsible:
        add(
            "cases",
            "När ett uppdrag beslutas utses ansvariga för att formulera uppdragsbeskrivningen.",
        )

    # Follow-up
    if c.revision_interval_months:
        text = f"Uppdrag och bemanning revideras vid behov och minst {every_months(c.revision_interval_months)}."
        add("follow_up", text, "revision")
    if c.next_revision:
        add("follow_up", f"Nästa revidering: {c.next_revision.isoformat()}.", "revision")
    if c.internal_evaluation_yearly:
        add("follow_up", "Gruppen följer upp och utvärderar sitt arbete internt varje år.")
    if c.mandate_review_by:
        add("follow_up", f"Uppdrag och mandat följs upp senast {c.mandate_review_by.isoformat()}.")
    if c.implementation_plan:
        text = f"Implementeringsplan: {c.implementation_plan}"
        if c.implementation_followup_on:
            text += f" Uppföljning senast {c.implementation_followup_on.isoformat()}."
        add("follow_up", text)
    for duty in c.duties or []:
        frequency = {
            "yearly": " varje år",
            "every_other_year": " vartannat år",
            "per_term": " varje termin",
        }.get(duty.get("frequency", ""), "")
        due = f" (senast {duty['due']})" if duty.get("due") else ""
        add("duties", f"{duty['who']}: {duty['what']}{frequency}{due}.")
    return lines


@dataclass(frozen=True)
class RuleGroup:
    title: str
    lines: list[RuleLine]
    # The charter's own words behind the group, each quote once.
    citations: list[str]


def grouped(lines: list[RuleLine]) -> list[RuleGroup]:
    out: list[RuleGroup] = []
    for key, title in GROUP_TITLES.items():
        chosen = [line for line in lines if line.group == key]
        if chosen:
            quotes = list(dict.fromkeys(line.citation for line in chosen if line.citation))
            out.append(RuleGroup(title, chosen, quotes))
    return out
