"""Demo minutes: this year's held meetings get minutes written from their agendas.

Everything goes through the minutes services, as a secretary and the approvers would do it
in the working pages: the draft is started from the agenda, each item is written, the
minutes are sent for approval by the charter's rule and approved by the approvers' own
logins, so the charter decides what is justerat, frozen and published. Actions from earlier
minutes are followed up in later ones (some done, some continuing).

A few bodies show the other states of the workflow on their latest meeting: a draft, minutes
waiting for one approver (a reminder is due), minutes returned with a comment, approved
minutes held from publication by a personnummer; one body's first minutes are corrected by
an approved addendum, and one held number is masked so the public version shows the mask.

The services stamp everything with the time they run. So that the pages tell a true story
(approved a few days after the meeting, not all on the day the demo was loaded), the demo
then moves those timestamps back to days after each meeting; no content is touched, so every
approved text still verifies against its SHA-256.

Meetings that already have minutes are skipped, so loading the demo twice changes nothing.
"""

from __future__ import annotations

import contextlib
import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F
from django.test.utils import override_settings
from django.utils import timezone

from samverkan.lib.errors import DomainError
from samverkan.lib.localtime import local, meeting_day
from samverkan.lib.swedish import day_text
from samverkan.lib.workdays import is_working_day, working_days_after
from samverkan.meetings.models import AgendaItemKind, Meeting, MeetingStatus
from samverkan.minutes.models import (
    ActionFollowUp,
    ApprovalDecision,
    EntryKind,
    FollowUpOutcome,
    HoldResolution,
    Minutes,
    MinutesApprover,
    MinutesItem,
    MinutesStatus,
    PublicationHold,
)
from samverkan.minutes.reminders import is_due
from samverkan.minutes.services import (
    ActionIn,
    EntryIn,
    FollowUpIn,
    allowed_entry_kinds,
    minutes_addendum_create,
    minutes_approve,
    minutes_item_add,
    minutes_item_save,
    minutes_return,
    minutes_start,
    minutes_submit,
    minutes_update,
    publication_hold_resolve,
)
from samverkan.structure.models import (
    Body,
    Charter,
    Mandate,
    Membership,
    MinutesApproval,
    Person,
    Role,
)

# Emails the services send (approval requests, distribution, held publication) stay in
# memory while the demo loads, instead of flooding the console of `make run`.
QUIET_MAIL = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

# A valid personnummer written by mistake: the held minutes keep it until someone decides.
HELD_NUMBER = "19121212-1212"
# Another one, already masked by the secretary, so the public version shows the mask.
MASKED_NUMBER = "19811218-9876"

APPROVERS_BY_RULE: dict[str, int] = {
    MinutesApproval.CHAIR_AND_ADJUSTER: 2,
    MinutesApproval.CHAIR_AND_VICE_CHAIR: 2,
    MinutesApproval.VICE_CHAIR: 1,
    MinutesApproval.CHAIR: 1,
}

# The states shown on a body's latest meeting (or, for "masked", its first), and which
# bodies of the seeds show them best; any other body that fits will do.
PENDING, RETURNED, HELD, DRAFT, MASKED = "pending", "returned", "held", "draft", "masked"
PREFERRED = {
    PENDING: [("vasterbotten", "samrad"), ("vasterbotten", "lsg")],
    RETURNED: [("vasterbotten", "beredning-vuxna-aldre"), ("vasterbotten", "beredning-barn-unga")],
    HELD: [("blekinge", "lokal-mitt-i-livet-karlshamn")],
    DRAFT: [("blekinge", "lokal-att-aldras-karlshamn"), ("vasterbotten", "lsg")],
    MASKED: [("blekinge", "lokal-att-vaxa-upp-karlshamn")],
}
ADDENDUM_PREFERRED = [("vasterbotten", "patientsakerhet"), ("vasterbotten", "lsg")]
# Minutes waiting for approval or returned were sent at least this long ago.
WAITING_DAYS = 10


# --- What is written -------------------------------------------------------------------

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


# --- Who does it -----------------------------------------------------------------------


def _user_for(person: Person) -> User:
    """The person's login, made without a password if they have none (as the demo does)."""
    if person.user is not None:
        return person.user
    username = person.email.lower() or person.key
    user = User.objects.filter(username=username).first() or User.objects.create_user(
        username=username,
        email=person.email,
        first_name=person.first_name,
        last_name=person.last_name,
    )
    person.user = user
    person.save(update_fields=["user"])
    return user


@dataclass
class BodyPlan:
    body: Body
    charter: Charter | None
    meetings: list[Meeting]
    fresh: bool  # no held meeting has minutes yet
    states: dict[int, str] = field(default_factory=dict)  # meeting pk -> special state
    # Every meeting the body has, held or booked, for "Nästa möte".
    starts: list[datetime.datetime] = field(default_factory=list)

    def next_day(self, meeting: Meeting) -> datetime.date | None:
        later = [s for s in self.starts if s > meeting.starts_at]
        return timezone.localdate(min(later)) if later else None

    @property
    def approvers(self) -> int:
        rule = self.charter.minutes_approval if self.charter else ""
        return APPROVERS_BY_RULE.get(rule, 0)

    @property
    def public(self) -> bool:
        return bool(self.charter and self.charter.minutes_public)

    @property
    def key(self) -> tuple[str, str]:
        return (self.body.structure.slug, self.body.key)


def _people(body: Body, day: datetime.date) -> dict[str, list[Person]]:
    people: dict[str, list[Person]] = {}
    memberships = (
        Membership.objects.active_on(day)
        .filter(body=body)
        .select_related("person", "person__user")
        .order_by("person__last_name", "person__first_name")
    )
    for m in memberships:
        people.setdefault(m.role, []).append(m.person)
    return people


def _writer(taken_by: Person | None, body: Body) -> User | None:
    """The secretary's login if they have one, else a coordinator of the structure."""
    if taken_by is not None and taken_by.user is not None:
        return taken_by.user
    coordinator = body.structure.coordinators.order_by("username").first()
    return coordinator or User.objects.filter(is_superuser=True).order_by("pk").first()


# --- Choosing the special states -------------------------------------------------------


def _pick(
    plans: list[BodyPlan], state: str, used: set[int], fits: Callable[[BodyPlan], bool]
) -> BodyPlan | None:
    preferred = PREFERRED.get(state, [])
    candidates = [p for p in plans if p.fresh and p.body.pk not in used and fits(p)]
    candidates.sort(key=lambda p: preferred.index(p.key) if p.key in preferred else len(preferred))
    return candidates[0] if candidates else None


def _choose_states(plans: list[BodyPlan], today: datetime.date) -> None:
    used: set[int] = set()

    def waited(p: BodyPlan) -> bool:
        return meeting_day(p.meetings[-1]) <= today - datetime.timedelta(days=WAITING_DAYS)

    choices: list[tuple[str, Callable[[BodyPlan], bool], bool]] = [
        (PENDING, lambda p: p.approvers == 2 and waited(p), True),
        (RETURNED, lambda p: p.approvers >= 1 and waited(p), True),
        (HELD, lambda p: p.public and p.approvers == 0 and len(p.meetings) >= 2, True),
        (DRAFT, lambda p: len(p.meetings) >= 2, True),
        (MASKED, lambda p: p.public and len(p.meetings) >= 2, False),
    ]
    for state, fits, latest in choices:
        plan = _pick(plans, state, used, fits)
        if plan is None:
            continue
        used.add(plan.body.pk)
        meeting = plan.meetings[-1] if latest else plan.meetings[0]
        plan.states[meeting.pk] = state


# --- Writing one set of minutes --------------------------------------------------------


def _standing_notes(title: str, variant: int) -> str:
    lowered = title.lower()
    for needle, texts in STANDING_NOTES:
        if needle in lowered:
            return texts[variant % len(texts)]
    return NO_NOTES


def _parent_name(body: Body) -> str:
    return body.parent.name if body.parent_id and body.parent else "uppdragsgivaren"


def _case_entries(body: Body, texts: CaseTexts, variant: int) -> list[EntryIn]:
    allowed = allowed_entry_kinds(body)
    parent = _parent_name(body)
    if body.mandate == Mandate.NOT_DECISION_MAKING or EntryKind.DECISION not in allowed:
        entries = [EntryIn(EntryKind.PROPOSAL, texts.proposal.format(parent=parent))]
        if variant % 2:
            entries.append(EntryIn(EntryKind.FEEDBACK, texts.feedback.format(parent=parent)))
    elif body.mandate == Mandate.RECOMMENDS:
        entries = [
            EntryIn(EntryKind.RECOMMENDATION, texts.recommendation),
            EntryIn(EntryKind.DECISION, texts.decision),
        ]
    else:
        entries = [EntryIn(EntryKind.DECISION, texts.decision)]
        if variant % 3 == 1:
            entries.append(EntryIn(EntryKind.RECOMMENDATION, texts.recommendation))
    return [e for e in entries if e.kind in allowed]


def _case_actions(
    meeting: Meeting,
    texts: CaseTexts,
    people: dict[str, list[Person]],
    owner: Person | None,
    n: int,
    next_day: datetime.date | None,
) -> list[ActionIn]:
    day = meeting_day(meeting)
    # Six weeks, or the week before the next meeting if that comes sooner.
    first_due = day + datetime.timedelta(days=42)
    if next_day and day + datetime.timedelta(days=14) < next_day - datetime.timedelta(days=7):
        first_due = min(first_due, next_day - datetime.timedelta(days=7))
    seated = people.get(Role.MEMBER, []) + people.get(Role.VICE_CHAIR, [])
    writers = (
        people.get(Role.SECRETARY, [])
        + people.get(Role.COORDINATOR, [])
        + people.get(Role.PROCESS_LEADER, [])
    )
    first_owner = owner or (writers[0] if writers else None) or (seated[0] if seated else None)
    actions = [
        ActionIn(
            text=texts.actions[0],
            due_on=first_due,
            owner=first_owner,
            owner_name="" if first_owner else "Gruppens sekreterare",
        )
    ]
    if n % 2 == 0:
        second_owner = seated[n % len(seated)] if seated else None
        actions.append(
            ActionIn(
                text=texts.actions[1],
                due_on=day + datetime.timedelta(days=28),
                owner=second_owner,
                owner_name="" if second_owner else "Respektive huvudman",
            )
        )
    return actions


def _follow_ups(item: MinutesItem, day: datetime.date, n: int) -> list[FollowUpIn]:
    follow_ups = []
    rows = item.follow_ups.select_related("action").order_by("action__due_on", "action_id")
    for j, row in enumerate(rows):
        action = row.action
        earlier = ActionFollowUp.objects.filter(
            action=action, item__minutes__status=MinutesStatus.APPROVED
        ).count()
        if earlier >= 2 and action.pk % 3 == 0:
            outcome, note = FollowUpOutcome.CANCELLED, CANCELLED_NOTE
        elif earlier >= 2:
            outcome, note = FollowUpOutcome.DONE, "Klart, efter förlängd tid."
        elif action.due_on <= day and (j + n) % 3 != 2:
            outcome, note = FollowUpOutcome.DONE, DONE_NOTES[(j + n) % len(DONE_NOTES)]
        else:
            outcome = FollowUpOutcome.CONTINUES
            note = CONTINUES_NOTES[(j + n) % len(CONTINUES_NOTES)]
        follow_ups.append(FollowUpIn(action_id=action.pk, outcome=outcome, note=note))
    return follow_ups


def _sensitive_sentence(number: str) -> str:
    return (
        f"En avvikelse om en patient ({number}) som skrevs ut utan att hemtjänsten fått "
        "planeringsmeddelande gicks igenom. Händelsen utreds av regionen."
    )


def _write_items(
    minutes: Minutes,
    plan: BodyPlan,
    people: dict[str, list[Person]],
    by: User | None,
    n: int,
    *,
    state: str,
    partial: bool = False,
) -> None:
    meeting = minutes.meeting
    body = meeting.body
    day = meeting_day(meeting)
    next_day = plan.next_day(meeting)
    items = list(minutes.items.select_related("agenda_item").order_by("position", "pk"))
    number = {HELD: HELD_NUMBER, MASKED: MASKED_NUMBER}.get(state, "")
    sensitive_done = False
    for index, item in enumerate(items):
        if partial and index >= max(2, len(items) // 2):
            break  # the secretary has not got further yet
        agenda = item.agenda_item
        entries: list[EntryIn] | None = None
        actions: list[ActionIn] | None = None
        follow_ups: list[FollowUpIn] | None = None
        if item.follows_up_previous:
            follow_ups = _follow_ups(item, day, n)
            notes = "Föregående mötesanteckningar gicks igenom och lades till handlingarna."
            if follow_ups:
                notes += " Åtgärderna följdes upp enligt nedan."
        elif agenda is not None and agenda.kind == AgendaItemKind.CASE:
            texts = CASE_TEXTS.get(agenda.title, GENERIC_CASE)
            presenter = agenda.owner.full_name if agenda.owner else "Ordföranden"
            notes = f"{presenter} föredrog ärendet. {texts.notes}"
            entries = _case_entries(body, texts, n)
            actions = _case_actions(meeting, texts, people, agenda.owner, n, next_day)
        else:
            notes = _standing_notes(item.title, n + index)
            if number and "avvikelse" in item.title.lower():
                notes = f"{notes}\n{_sensitive_sentence(number)}"
                sensitive_done = True
            if "senaste protokollen" in item.title.lower() and n % 2:
                entries = [
                    EntryIn(EntryKind.INFORMATION, "Protokollen finns i gruppens dokumentarkiv.")
                ]
        minutes_item_save(
            item=item,
            expected_version=item.lock_version,
            by=by,
            notes=notes,
            entries=entries,
            actions=actions,
            follow_ups=follow_ups,
        )
    if partial:
        return
    other = minutes_item_add(minutes=minutes, by=by, title="Övriga frågor")
    notes = OTHER_QUESTIONS[n % len(OTHER_QUESTIONS)]
    if number and not sensitive_done:
        notes = f"{notes}\n{_sensitive_sentence(number)}"
    minutes_item_save(item=other, expected_version=other.lock_version, by=by, notes=notes)
    if next_day is not None:
        last = minutes_item_add(minutes=minutes, by=by, title="Nästa möte")
        minutes_item_save(
            item=last,
            expected_version=last.lock_version,
            by=by,
            notes=f"Nästa möte hålls {day_text(next_day)}.",
        )


def _header(
    minutes: Minutes,
    plan: BodyPlan,
    people: dict[str, list[Person]],
    n: int,
    state: str,
    by: User | None,
) -> None:
    """Who wrote the minutes, who chaired and, where the charter asks for it, who adjusts."""
    changes: dict[str, object] = {}
    if minutes.taken_by is None:
        writers = people.get(Role.COORDINATOR, []) + people.get(Role.PROCESS_LEADER, [])
        if writers:
            changes["taken_by"] = writers[n % len(writers)]
    chair = minutes.chaired_by
    if chair is None and plan.approvers:
        chair = next(iter(people.get(Role.VICE_CHAIR, [])), None)
        if chair is not None:
            changes["chaired_by"] = chair
    rule = plan.charter.minutes_approval if plan.charter else ""
    if rule == MinutesApproval.CHAIR_AND_ADJUSTER:
        members = [p for p in people.get(Role.MEMBER, []) if chair is None or p.pk != chair.pk]
        if state == PENDING:
            # The approver still to answer has a demo login, so the approval can be tried.
            with_login = [p for p in members if p.user and p.user.has_usable_password()]
            members = with_login or members
            adjuster = members[0] if members else None
        else:
            adjuster = members[n % len(members)] if members else None
        if adjuster is not None:
            changes["adjuster"] = adjuster
    if changes:
        minutes_update(minutes=minutes, expected_version=minutes.lock_version, by=by, **changes)


# --- Timestamps ------------------------------------------------------------------------


class Clock:
    """Moments after a meeting: about a day apart, squeezed in before `now` if need be."""

    def __init__(self, meeting: Meeting, now: datetime.datetime) -> None:
        self.start = meeting.ends_at
        self.step = min(datetime.timedelta(days=1), (now - self.start) / 12)

    def at(self, steps: float) -> datetime.datetime:
        return self.start + self.step * steps


def _approver_rows(minutes: Minutes) -> list[MinutesApprover]:
    return list(minutes.approvers.order_by("round", "pk"))


def _backdate(minutes: Minutes, now: datetime.datetime, *, state: str) -> None:
    """Move the service's timestamps to days after the meeting; no content changes."""
    clock = Clock(minutes.meeting, now)
    stamps: dict[str, datetime.datetime | None] = {"created_at": clock.at(0.1)}
    approvers = _approver_rows(minutes)
    if state == PENDING:
        requested = _reminder_due_request(minutes.meeting, now)
        stamps["submitted_at"] = requested
        answered = min(requested + datetime.timedelta(hours=26), now)
        for row in approvers:
            MinutesApprover.objects.filter(pk=row.pk).update(
                requested_at=requested, decided_at=answered if row.decided_at else None
            )
    elif minutes.submitted_at is not None:
        stamps["submitted_at"] = clock.at(2)
        returned = minutes.status == MinutesStatus.RETURNED
        for k, row in enumerate(approvers):
            # A return ends the round for every approver at once.
            decided = clock.at(3 if returned else 3 + k)
            MinutesApprover.objects.filter(pk=row.pk).update(
                requested_at=clock.at(2), decided_at=decided if row.decided_at else None
            )
        if minutes.approved_at is not None:
            approved = clock.at(2 + len(approvers)) if approvers else clock.at(2.01)
            stamps["approved_at"] = approved
            if minutes.published_at is not None:
                stamps["published_at"] = approved
    Minutes.objects.filter(pk=minutes.pk).update(**stamps)


def _reminder_due_request(meeting: Meeting, now: datetime.datetime) -> datetime.datetime:
    """A request day after the meeting on which an approval reminder falls due next working day."""
    today = timezone.localdate(now)
    target = today if is_working_day(today) else working_days_after(today, 1)
    day = today - datetime.timedelta(days=1)
    first = meeting_day(meeting) + datetime.timedelta(days=1)
    while day >= first:
        if is_working_day(day) and is_due(day, target):
            return local(day, 10)
        day -= datetime.timedelta(days=1)
    return Clock(meeting, now).at(2)


# --- The whole demo --------------------------------------------------------------------


def _plans(now: datetime.datetime) -> list[BodyPlan]:
    charters = {c.body_id: c for c in Charter.objects.in_force()}
    with_minutes = set(
        Minutes.objects.filter(addendum_to__isnull=True).values_list("meeting_id", flat=True)
    )
    held = (
        Meeting.objects.filter(status=MeetingStatus.HELD, starts_at__lt=now)
        .select_related("body", "body__structure", "body__parent")
        .order_by("body__structure__slug", "body__position", "starts_at")
    )
    plans: dict[int, BodyPlan] = {}
    for meeting in held:
        plan = plans.get(meeting.body_id)
        if plan is None:
            plan = plans[meeting.body_id] = BodyPlan(
                body=meeting.body, charter=charters.get(meeting.body_id), meetings=[], fresh=True
            )
        if meeting.pk in with_minutes:
            plan.fresh = False
        else:
            plan.meetings.append(meeting)
    starts = (
        Meeting.objects.filter(body_id__in=plans)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("starts_at")
        .values_list("body_id", "starts_at")
    )
    for body_id, starts_at in starts:
        plans[body_id].starts.append(starts_at)
    return [p for p in plans.values() if p.meetings]


def _submit_and_approve(
    minutes: Minutes, by: User | None, *, state: str, plan: BodyPlan, n: int
) -> None:
    minutes_submit(minutes=minutes, expected_version=minutes.lock_version, by=by)
    pending = list(
        minutes.approvers.filter(decision=ApprovalDecision.PENDING)
        .select_related("person", "person__user")
        .order_by("pk")
    )
    if state == RETURNED and pending:
        item = minutes.items.filter(agenda_item__kind=AgendaItemKind.CASE).first()
        where = f"§ {_item_number(minutes, item)} {item.title}" if item else "Ärendet"
        what = (
            f"förslaget till {_parent_name(plan.body)}"
            if plan.body.mandate == Mandate.NOT_DECISION_MAKING
            else "beslutet"
        )
        minutes_return(
            minutes=minutes,
            by=_user_for(pending[0].person),
            comment=(
                f"{where}: {what} behöver säga vad gruppen kom fram till, inte bara vad som "
                "diskuterades. Ange också vem som sammankallar arbetsgruppen."
            ),
        )
        return
    for approver in pending[:1] if state == PENDING else pending:
        minutes_approve(minutes=minutes, by=_user_for(approver.person))


def _item_number(minutes: Minutes, item: MinutesItem | None) -> int:
    ids = list(minutes.items.order_by("position", "pk").values_list("pk", flat=True))
    return ids.index(item.pk) + 1 if item and item.pk in ids else 0


def _resolve_mask(minutes: Minutes, by: User | None) -> None:
    if by is None:
        return
    for hold in minutes.holds.filter(resolution=HoldResolution.UNRESOLVED):
        publication_hold_resolve(
            hold=hold,
            by=by,
            resolution=HoldResolution.MASK,
            note="Personnumret ska inte stå i anteckningarna; det maskeras i den publicerade "
            "versionen.",
        )


def _addendum(plans: list[BodyPlan], made: list[int], now: datetime.datetime) -> int | None:
    """Correct the first approved minutes of a body whose charter asks for approval."""
    originals = {
        m.meeting.body_id: m
        for m in Minutes.objects.filter(
            pk__in=made, status=MinutesStatus.APPROVED, addendum_to__isnull=True
        )
        .select_related("meeting__body__structure")
        .order_by("-meeting__starts_at")
    }
    choices = [p for p in plans if p.body.pk in originals and p.approvers]
    if not choices:
        choices = [p for p in plans if p.body.pk in originals]
    if not choices:
        return None
    choices.sort(
        key=lambda p: (
            ADDENDUM_PREFERRED.index(p.key)
            if p.key in ADDENDUM_PREFERRED
            else len(ADDENDUM_PREFERRED)
        )
    )
    plan = choices[0]
    original = originals[plan.body.pk]
    by = _writer(original.taken_by, plan.body)
    case = original.items.filter(agenda_item__kind=AgendaItemKind.CASE).first()
    seated = _people(plan.body, meeting_day(original.meeting)).get(Role.MEMBER, [])
    who = seated[-1].full_name if seated else "En ledamot"
    number = _item_number(original, case)
    where = f"§ {number} {case.title}" if case else "ett av ärendena"
    addendum = minutes_addendum_create(
        original=original,
        by=by,
        title=f"Rättelse av § {number}" if case else "Rättelse",
        text=(
            f"Under {where} saknas att {who} anmälde jäv och inte deltog i behandlingen "
            "av ärendet. I övrigt gäller minnesanteckningarna oförändrade."
        ),
    )
    _submit_and_approve(addendum, by, state="", plan=plan, n=0)
    addendum.refresh_from_db()
    # The correction came two weeks after the original was approved.
    start = min(
        (original.approved_at or now) + datetime.timedelta(days=14),
        now - datetime.timedelta(hours=3),
    )
    stamps: dict[str, datetime.datetime | None] = {
        "created_at": start,
        "submitted_at": start + datetime.timedelta(minutes=20),
    }
    approvers = _approver_rows(addendum)
    for k, row in enumerate(approvers):
        MinutesApprover.objects.filter(pk=row.pk).update(
            requested_at=stamps["submitted_at"],
            decided_at=start + datetime.timedelta(hours=1 + k),
        )
    stamps["approved_at"] = start + datetime.timedelta(hours=len(approvers), minutes=30)
    if addendum.published_at is not None:
        stamps["published_at"] = stamps["approved_at"]
    Minutes.objects.filter(pk=addendum.pk).update(**stamps)
    return addendum.pk


@dataclass
class DemoReport:
    made: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    published: int = 0
    held: int = 0
    addenda: int = 0

    def summary(self) -> str:
        if not self.made:
            return "Demons minnesanteckningar finns redan."
        labels = [
            (MinutesStatus.APPROVED, "justerade eller fastställda"),
            (MinutesStatus.PENDING, "väntar på justering"),
            (MinutesStatus.RETURNED, "återsända"),
            (MinutesStatus.DRAFT, "utkast"),
        ]
        parts = [f"{self.statuses[s]} {label}" for s, label in labels if self.statuses[s]]
        return (
            f"Minnesanteckningar i demon: {self.made} nya – {', '.join(parts)}. "
            f"{self.published} publicerade, {self.held} stoppade för publicering "
            f"(personnummer), {self.addenda} tillägg."
        )


def demo_minutes(*, today: datetime.date | None = None) -> DemoReport:
    """Write minutes for the held meetings that have none; returns what was made."""
    now = timezone.now()
    today = today or timezone.localdate(now)
    made: list[int] = []
    with override_settings(MAILERS=QUIET_MAIL), transaction.atomic():
        plans = _plans(now)
        _choose_states(plans, today)
        for plan in plans:
            for n, meeting in enumerate(plan.meetings):
                state = plan.states.get(meeting.pk, "")
                made.append(_write_minutes(meeting, plan, n, state, now))
        addendum = _addendum(plans, made, now)
        if addendum is not None:
            made.append(addendum)
    report = DemoReport()
    created = Minutes.objects.filter(pk__in=made)
    # Distribution is recorded when the transaction commits; it went out with the approval.
    created.filter(distributed_at__isnull=False).update(distributed_at=F("approved_at"))
    for minutes in created:
        report.made += 1
        report.statuses[minutes.status] += 1
        report.published += minutes.published_at is not None
        report.addenda += minutes.addendum_to_id is not None
    report.held = created.filter(holds__resolution=HoldResolution.UNRESOLVED).distinct().count()
    return report


def _write_minutes(
    meeting: Meeting, plan: BodyPlan, n: int, state: str, now: datetime.datetime
) -> int:
    people = _people(plan.body, meeting_day(meeting))
    secretary = next(iter(people.get(Role.SECRETARY, [])), None)
    minutes = minutes_start(meeting=meeting, by=_writer(secretary, plan.body))
    by = _writer(minutes.taken_by, plan.body)
    _header(minutes, plan, people, n, state, by)
    _write_items(minutes, plan, people, by, n, state=state, partial=state == DRAFT)
    if state != DRAFT:
        # Should the charter's approvers not all be in place, the draft waits for them.
        with contextlib.suppress(DomainError):
            _submit_and_approve(minutes, by, state=state, plan=plan, n=n)
        minutes.refresh_from_db()
        if state == MASKED:
            _resolve_mask(minutes, by)
            minutes.refresh_from_db()
    _backdate(minutes, now, state=state)
    if state == MASKED:
        hold_time = Clock(meeting, now).at(2 + plan.approvers + 0.2)
        PublicationHold.objects.filter(minutes=minutes).update(resolved_at=hold_time)
        Minutes.objects.filter(pk=minutes.pk, published_at__isnull=False).update(
            published_at=hold_time
        )
    return minutes.pk
