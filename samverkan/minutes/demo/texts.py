"""What the demo's minutes say.

Notes for the standing items, the cases' decisions, recommendations and actions, and how
earlier actions are followed up.
"""

from __future__ import annotations

from dataclasses import dataclass

STANDING_NOTES: list[tuple[str, list[str]]] = [
    (
        "agenda",
        [
            "Dagens agenda godkändes utan ändringar.",
            "Dagens agenda godkändes med en övrig fråga om sommarens bemanning.",
            "Dagens agenda godkändes. Punkten om statistik flyttades fram på begäran av "
            "primärvården.",
        ],
    ),
    (
        "senaste protokollen",
        [
            "Protokollet från senaste LSVO gicks igenom. Länsamverkansgruppen har antagit "
            "handlingsplanen för psykisk hälsa. Kommunen informerade om rekrytering av "
            "sjuksköterskor till hemsjukvården; regionen om nytt journalsystem i primärvården.",
            "Från länsamverkansgruppen rapporterades att arbetet med gemensam "
            "samverkansöverenskommelse fortsätter. Primärvården informerade om utökade "
            "öppettider på vårdcentralen under hösten.",
            "LSVO har beslutat om gemensamma prioriteringar för året. Kommunen informerade "
            "om den nya organisationen inom socialtjänsten.",
        ],
    ),
    (
        "aktuella uppdrag",
        [
            "Uppdraget från länsamverkansgruppen om gemensam kartläggning av "
            "utskrivningsprocessen pågår. Gruppen lämnar sin del före sommaren.",
            "Inga nya uppdrag sedan förra mötet. Uppdraget om SIP-utbildning är genomfört "
            "och rapporteras som klart.",
            "Nytt uppdrag: att lokalt förankra länsgemensam rutin för läkemedelsgenomgångar. "
            "Gruppen planerar arbetet vid nästa möte.",
        ],
    ),
    (
        "implementering",
        [
            "Genomgång av hur den reviderade rutinen för samordnad vårdplanering har tagits "
            "emot i verksamheterna. Utbildningstillfällen är genomförda i kommunen och på "
            "vårdcentralen.",
            "Kunskapsstödet om ätstörningar är publicerat. Gruppen diskuterade hur det ska "
            "spridas till skolhälsovården.",
            "Överenskommelsen om hemsjukvård gäller från årsskiftet; informationsmaterial "
            "till personalen tas fram gemensamt.",
        ],
    ),
    (
        "uppföljning sip",
        [
            "Under perioden upprättades 38 SIP, varav 29 med brukarens medverkan. Andelen "
            "har ökat sedan förra mätningen.",
            "Statistiken visar färre SIP än samma period förra året. Gruppen tror att det "
            "beror på personalomsättning och följer upp vid nästa möte.",
            "Väntetiden till första SIP-mötet har minskat till i snitt tolv dagar.",
        ],
    ),
    (
        "avvikelser",
        [
            "Tre avvikelser i samverkan har rapporterats sedan förra mötet, alla om "
            "informationsöverföring vid utskrivning. De är utredda och åtgärdade.",
            "Inga nya avvikelser i samverkan sedan förra mötet.",
            "En avvikelse om läkemedelslista som inte följde med patienten vid utskrivning "
            "gicks igenom. Rutinen förtydligas.",
        ],
    ),
    (
        "rapportering",
        [
            "Till länsamverkansgruppen rapporteras att arbetet följer plan och att gruppen "
            "behöver stöd i frågan om IT-stöd för SIP.",
            "Inget särskilt att rapportera till länsamverkansgruppen denna gång.",
            "Gruppen rapporterar de lokala erfarenheterna av utskrivningsrutinen till "
            "länsamverkansgruppen.",
        ],
    ),
    (
        "kort information",
        [
            "Kommunen informerade om att hemtjänstens nattpatrull utökas. Primärvården "
            "informerade om influensavaccinationen, som börjar i oktober.",
            "Primärvården har fått ny verksamhetschef. Kommunen informerade om läget på "
            "korttidsboendet.",
            "Kommunen och primärvården informerade om sommarplaneringen; båda räknar med "
            "god bemanning.",
        ],
    ),
    (
        "protokoll från svom",
        [
            "Protokollen från SVOM och Fredagsgruppen gicks igenom. Inget kräver åtgärd på "
            "lokal nivå.",
            "Fredagsgruppen har tagit fram en ny mall för vårdplanering; arenan tar upp den "
            "vid nästa möte.",
            "SVOM har beslutat om gemensam uppföljning av utskrivningsklara dagar. Arenan "
            "bidrar med lokala siffror.",
        ],
    ),
]

NO_NOTES = "Punkten behandlades enligt utskickat underlag."

OTHER_QUESTIONS = [
    "Inga övriga frågor.",
    "Frågan om sommarens bemanning togs upp. Verksamheterna stämmer av sina planer med "
    "varandra före maj.",
    "Ordföranden tackade för ett gott samarbete under perioden.",
]


@dataclass(frozen=True)
class CaseTexts:
    notes: str
    decision: str
    recommendation: str
    proposal: str
    feedback: str
    actions: tuple[str, str]


CASE_TEXTS: dict[str, CaseTexts] = {
    "Samverkan vid utskrivning från slutenvård": CaseTexts(
        notes=(
            "Antalet utskrivningsklara patienter som väntar mer än tre "
            "dagar har ökat under hösten. Gruppen diskuterade orsakerna: sena "
            "planeringsmeddelanden, brist på korttidsplatser och utskrivningar inför helger."
        ),
        decision=(
            "En arbetsgrupp med företrädare för region, kommun och primärvård tar fram "
            "förslag på gemensam rutin till nästa möte."
        ),
        recommendation=(
            "Huvudmännen rekommenderas att följa upp utskrivningsklara dagar varje månad "
            "med den gemensamma mallen."
        ),
        proposal=(
            "Att {parent} ger en arbetsgrupp i uppdrag att ta fram förslag på gemensam "
            "rutin för utskrivning från slutenvård."
        ),
        feedback=(
            "Väntetiderna vid utskrivning har ökat, främst där korttidsplatserna är få; "
            "gruppen ber {parent} ta upp frågan om platser på länsnivå."
        ),
        actions=(
            "Sammankalla arbetsgruppen och ta fram förslag på gemensam rutin",
            "Sammanställ utskrivningsklara dagar per kommun för de senaste tre månaderna",
        ),
    ),
    "Uppföljning av samordnade individuella planer (SIP)": CaseTexts(
        notes=(
            "Underlaget visar att andelen SIP där brukaren deltagit har minskat och att "
            "skillnaderna mellan kommunerna är stora. Gruppen diskuterade hur brukaren kan "
            "bjudas in tidigare och hur mötena kan hållas digitalt."
        ),
        decision="Varje huvudman redovisar sina siffror och planerade åtgärder vid nästa möte.",
        recommendation=(
            "Huvudmännen rekommenderas att bjuda in brukaren till varje SIP-möte och att "
            "ange skälet när brukaren inte deltar."
        ),
        proposal=("Att {parent} tar upp gemensam utbildning i SIP för kommuner och primärvård."),
        feedback=(
            "Uppföljningen av SIP visar stora skillnader mellan kommunerna; gruppen ber "
            "{parent} om stöd för en gemensam utbildning."
        ),
        actions=(
            "Redovisa andelen SIP med brukarens medverkan och planerade åtgärder",
            "Ta fram en gemensam mall för redovisning av SIP",
        ),
    ),
    "Gemensam riktlinje för hemsjukvård": CaseTexts(
        notes=(
            "Remissversionen av den reviderade riktlinjen presenterades. Ändringarna gäller "
            "främst ansvaret vid läkemedelshantering och delegering. Synpunkter lämnades om "
            "att läkarmedverkan i ordinärt boende behöver beskrivas tydligare."
        ),
        decision="Remissversionen skickas till huvudmännen för synpunkter inom sex veckor.",
        recommendation=(
            "Huvudmännen rekommenderas att lämna synpunkter på remissversionen inom sex veckor."
        ),
        proposal="Att {parent} skickar remissversionen till huvudmännen för synpunkter.",
        feedback=(
            "Remissversionen behöver förtydligas om läkarmedverkan i ordinärt boende innan "
            "{parent} skickar den vidare."
        ),
        actions=(
            "Skicka remissversionen till huvudmännen",
            "Sammanställ inkomna synpunkter inför nästa möte",
        ),
    ),
}

GENERIC_CASE = CaseTexts(
    notes="Ärendet diskuterades utifrån utskickat underlag.",
    decision="Gruppen ställer sig bakom förslaget.",
    recommendation="Huvudmännen rekommenderas att ställa sig bakom förslaget.",
    proposal="Att {parent} ställer sig bakom förslaget.",
    feedback="Gruppen har behandlat ärendet enligt uppdraget från {parent}.",
    actions=("Återkom med ett samlat underlag", "Informera de egna verksamheterna"),
)

DONE_NOTES = [
    "Klart; redovisades vid mötet.",
    "Genomfört enligt plan.",
    "Klart. Underlaget finns bland mötets handlingar.",
]
CONTINUES_NOTES = [
    "Pågår; redovisas vid nästa möte.",
    "Försenat på grund av sjukdom; ny tidpunkt är nästa möte.",
    "Pågår enligt plan.",
]
CANCELLED_NOTE = "Avskrivs: frågan hanteras i stället i det länsgemensamma arbetet."


def sensitive_sentence(number: str) -> str:
    return (
        f"En avvikelse om en patient ({number}) som skrevs ut utan att hemtjänsten fått "
        "planeringsmeddelande gicks igenom. Händelsen utreds av regionen."
    )
