"""What the demo's cases, decisions and assignments say (fictional, in the seeds' language)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CaseText:
    title: str
    description: str
    proposal: str = ""
    question: str = ""


# Cases raised through the services in the last weeks, one per state the demo shows.
RAISED_TODAY = CaseText(
    "Väntetider till neuropsykiatrisk utredning för vuxna",
    "Vuxna som remitteras för neuropsykiatrisk utredning väntar över ett år. Socialtjänsten "
    "och vårdcentralerna får under tiden stödja personer utan utredning och diagnos.",
    "Att gruppen kartlägger hur många som väntar i kommunen och lyfter frågan till "
    "länsamverkansgruppen om väntetiderna är likartade i hela länet.",
)
FOR_PREPARATION = CaseText(
    "Uppföljning av hälso- och sjukvårdsavtalet 2027",
    "Hälso- och sjukvårdsavtalet mellan regionen och kommunerna ska följas upp under 2027. "
    "Ett förslag på indikatorer och tidplan behövs innan Samråd vård och omsorg tar ställning.",
    "Att arbetsutskottet bereder ett förslag på indikatorer och tidplan till nästa möte.",
)
ON_AGENDA = CaseText(
    "Gemensam handlingsplan för suicidprevention",
    "Länets kommuner och regionen har var sin plan för suicidprevention. Nationella "
    "strategin förutsätter ett gemensamt arbete, särskilt kring övergångar mellan vårdnivåer.",
    "Att Länssamverkansgruppen ger beredningarna i uppdrag att ta fram en gemensam "
    "handlingsplan till hösten 2027.",
)
NETWORK = CaseText(
    "Tillgång till demenssjuksköterska i glesbygdskommunerna",
    "Nätverket för demenssjuksköterskor i länet ser att flera inlandskommuner saknar "
    "demenssjuksköterska. Personer med demenssjukdom får då sin uppföljning på olika sätt "
    "beroende på var de bor.",
    "Att beredningen tar fram ett förslag på hur kommunerna kan dela på kompetensen.",
    "Kan kommuner utan egen demenssjuksköterska få stöd av en grannkommun eller regionen?",
)
NETWORK_NAME = "Länsnätverket för demenssjuksköterskor i Västerbotten"
SKANE_AGENDA = CaseText(
    "Hjälpmedel vid hemgång från sjukhus",
    "Patienter som skrivs ut till hemmet får ibland sina hjälpmedel först efter några dagar, "
    "vilket försenar hemgången eller gör den osäker.",
    "Att den operativa gruppen tar fram ett förslag på gemensam rutin för beställning av "
    "hjälpmedel före utskrivning.",
)
CLOSED = CaseText(
    "Parkering för hemsjukvårdens bilar vid vårdcentralen",
    "Hemsjukvårdens sjuksköterskor hittar inte parkering vid vårdcentralen när de hämtar "
    "läkemedel och material.",
    "Att kommunen och vårdcentralen kommer överens om reserverade platser.",
)
CLOSED_WHY = (
    "Löst direkt mellan kommunens fastighetsavdelning och vårdcentralen: två platser är "
    "reserverade från den 1 november. Ingen gemensam åtgärd behövs."
)
ANSWER = (
    "Frågan om korttidsplatser tas med i arbetet med den gemensamma utskrivningsrutinen, "
    "som Länssamverkansgruppen har rekommenderat huvudmännen. Beredningen följer upp "
    "utskrivningsklara dagar per kommun och återkommer om väntetiderna inte minskar."
)

LIFT_NOTE = (
    "Frågan är länsövergripande: gruppen beslutade vid mötet att lyfta den till {to}, "
    "som uppdragsbeskrivningen anger."
)

# What principals write about their decisions, by state.
CHANGED_NOTES = [
    "Antogs med tillägget att uppföljningen görs kvartalsvis i stället för månadsvis.",
    "Antogs med ändringen att kommunens egen mall används under en övergångsperiod.",
    "Antogs; nämnden vill att rekommendationen följs upp efter ett år.",
]
REJECTED_NOTE = (
    "Nämnden anser att kommunens befintliga rutin täcker behovet och antar inte rekommendationen."
)
NOT_DECIDING_NOTE = (
    "Frågan ligger inom förvaltningens ansvar; nämnden fattar inget eget beslut. "
    "Förvaltningschefen har informerat nämnden."
)
PREPARING_NOTE = "Ärendet bereds av förvaltningen och tas upp i nämnden i vår."

# Where each kind of decision body is, by the first word of its name, for registry numbers.
BODY_ABBREVIATIONS = {
    "Socialnämnden": "SN",
    "Vård- och omsorgsnämnden": "VON",
    "Äldrenämnden": "ÄN",
    "Individ- och familjeomsorgsnämnden": "IFN",
    "Hälso- och sjukvårdsnämnden": "HSN",
    "Regionstyrelsen": "RS",
}


@dataclass(frozen=True)
class AssignmentText:
    title: str
    main: str
    # By a word in the charter's heading (the first that fits; the most specific first).
    sections: tuple[tuple[str, str], ...] = ()
    report: str = ""


def fill_sections(headings: list[str], text: AssignmentText) -> list[dict[str, str]]:
    """The charter's headings, each with the text whose key it holds (the main text under
    the heading about the assignment itself)."""
    filled = []
    for heading in headings:
        lowered = heading.lower()
        found = next((t for key, t in text.sections if key in lowered), "")
        if not found and "uppdrag" in lowered:
            found = text.main
        filled.append({"heading": heading, "text": found or text.main})
    return filled


# Seed 001's eight headings, all filled in.
SORMLAND_ASSIGNMENT = AssignmentText(
    title="Lokal rutin för läkemedelsgenomgångar i hemsjukvården",
    main=(
        "Ta fram en lokal rutin för när och hur läkemedelsgenomgångar görs för patienter i "
        "kommunal hemsjukvård, och vem som kallar läkaren."
    ),
    sections=(
        (
            "bakgrund",
            "Avvikelser visar att läkemedelsgenomgångar inte blir av när patienten "
            "skrivs in i hemsjukvården. Ansvaret mellan vårdcentral och kommun är otydligt.",
        ),
        (
            "brukare",
            "Patienter i ordinärt boende med kommunal hemsjukvård och fem eller fler läkemedel.",
        ),
        ("mottagare", "Lokal arena – arenans ordförande tar emot rapporten."),
        (
            "återrapportering",
            "Skriftligt förslag till rutin, högst fyra sidor, senast vid arenans möte i april.",
        ),
        ("kontaktperson", "Arenans sekreterare och en representant för primärvården."),
        (
            "särskilt material",
            "Läkemedelsverkets föreskrifter om läkemedelsgenomgång och "
            "kommunens avvikelsesammanställning för året.",
        ),
        (
            "uppföljning",
            "Arenan följer upp efter sex månader hur många genomgångar som gjorts enligt rutinen.",
        ),
    ),
)
BLEKINGE_ASSIGNMENT = AssignmentText(
    title="Införa länsgemensam rutin för läkemedelsgenomgångar",
    main=(
        "Förankra den länsgemensamma rutinen för läkemedelsgenomgångar lokalt: informera "
        "verksamheterna, utse kontaktpersoner och rapportera hur införandet går."
    ),
    report=(
        "Rutinen är presenterad för hemtjänst, hemsjukvård och vårdcentralerna. "
        "Kontaktpersoner är utsedda i kommunen och på båda vårdcentralerna. Två "
        "utbildningstillfällen har hållits med sammanlagt 46 deltagare. Uppföljning av "
        "antalet genomgångar görs i mars."
    ),
)
OVERDUE_ASSIGNMENT = AssignmentText(
    title="Kartläggning av väntetider till barn- och ungdomspsykiatrin",
    main=(
        "Kartlägg väntetiderna till första besök i barn- och ungdomspsykiatrin per kommun, "
        "och vilket stöd elevhälsan och socialtjänsten ger under väntetiden."
    ),
    sections=(
        (
            "målsättning",
            "En samlad bild av väntetiderna per kommun som underlag för prioriteringar 2027.",
        ),
        (
            "funktioner som ingår",
            "Barn- och ungdomspsykiatrin, elevhälsan och socialtjänstens barn- och familjeenheter.",
        ),
        ("utses", "Beredningen utser en kontaktperson per huvudman."),
        ("återkoppling", "Skriftlig rapport till Länssamverkansgruppen."),
        (
            "preciserat",
            "Kartlägg väntetiderna till första besök per kommun och stödet under väntetiden.",
        ),
    ),
)
CLOSED_ASSIGNMENT = AssignmentText(
    title="Förslag på gemensam rutin för utskrivning från slutenvård",
    main=(
        "Ta fram förslag på gemensam rutin för samverkan vid utskrivning från slutenvård, "
        "med mall för uppföljning av utskrivningsklara dagar."
    ),
    sections=(
        (
            "målsättning",
            "Ingen patient ska vänta mer än tre dagar efter att ha bedömts utskrivningsklar.",
        ),
        (
            "funktioner som ingår",
            "Slutenvården, primärvården och kommunernas biståndshandläggare och hemsjukvård.",
        ),
        ("utses", "Beredningen utser deltagarna; regionen och tre kommuner ska vara med."),
        ("återkoppling", "Förslaget redovisas vid Länssamverkansgruppens möte."),
    ),
    report=(
        "Förslaget till gemensam rutin är klart och bifogat. Mallen för uppföljning av "
        "utskrivningsklara dagar har prövats i tre kommuner under maj."
    ),
)
WORKING_GROUP_ASSIGNMENT = AssignmentText(
    title="Gemensam rutin för läkemedelshantering i hemsjukvården",
    main=(
        "Ta fram en gemensam rutin för läkemedelshantering och delegering i hemsjukvården, "
        "utifrån den reviderade riktlinjen."
    ),
    sections=(
        ("målsättning", "En rutin som gäller i alla kommuner från den 1 september 2027."),
        ("funktioner som ingår", "MAS, distriktssköterskor och läkare i primärvården."),
        ("utses", "Beredningen tillsätter en tillfällig arbetsgrupp."),
        ("återkoppling", "Förslaget redovisas skriftligt till Länssamverkansgruppen."),
    ),
)
WORKING_GROUP_NAME = "Arbetsgrupp läkemedelshantering i hemsjukvården"
SKANE_WORKING_GROUP = "Arbetsgrupp samordnad individuell plan (SIP)"
SKANE_OUTSIDER = ("Gunilla", "Axelsson", "Brukarrådet i mellersta Skåne")
