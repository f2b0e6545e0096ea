"""Recommendations to the principals: made from approved minutes, the principals they
concern, and routing them (expediera) to each principal's decision body.

A recommendation entry in approved minutes becomes a `Recommendation` with one
`PrincipalDecision` per principal it concerns (`recommendations_from_minutes`, the hook the
minutes call when they are approved). The coordinator then chooses the principals
(`recommendation_set_principals`) and routes it with one action that emails each registrar
(`recommendation_route`; `route_plan` is the same without sending, for the preview).
Recording each principal's answer and the register of decision bodies are in
`principal_decisions.py`; the reminders about the answer date in `reminders/`.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from samverkan.audit.registry import track
from samverkan.audit.services import record_create, record_update, snapshot
from samverkan.cases.models import (
    DECIDED_STATES,
    CaseStep,
    DecisionBody,
    DecisionState,
    PrincipalDecision,
    Recommendation,
)
from samverkan.cases.selectors.recommendations import (
    default_decision_bodies,
    eligible_principal_ids,
    ordered_decisions,
)
from samverkan.lib.errors import DomainError, refuse_stale, sync_saved
from samverkan.lib.localtime import local_today, meeting_day
from samverkan.lib.mail import absolute_url, deliver, email_text
from samverkan.lib.swedish import date_text
from samverkan.minutes.models import EntryKind, Minutes, MinutesEntry
from samverkan.minutes.services import allowed_entry_kinds
from samverkan.structure.models import Principal
from samverkan.structure.selectors import participating_principals

logger = logging.getLogger(__name__)

STALE = (
    "Någon annan har ändrat rekommendationen sedan du öppnade den. Ladda om sidan och gör om "
    "det du ville; inget sparades."
)


def _names(principals: Sequence[Principal]) -> str:
    return ", ".join(sorted(p.name for p in principals)) or "–"


def _recommendation_structure(obj: Any) -> int | None:
    return obj.structure_id  # type: ignore[no-any-return]


def _decision_structure(obj: PrincipalDecision) -> int | None:
    if PrincipalDecision._meta.get_field("recommendation").is_cached(obj):
        return obj.recommendation.structure_id
    return (
        Recommendation.objects.filter(pk=obj.recommendation_id)
        .values_list("structure_id", flat=True)
        .first()
    )


track(
    Recommendation,
    key="recommendation",
    label="Rekommendation till huvudmännen",
    fields={
        "number": "Diarienummer",
        "title": "Rubrik",
        "text": "Rekommendation",
        "body": "Från",
        "case": "Ärende",
        "minutes": "Minnesanteckningar",
        "decided_on": "Beslutad",
        "answer_by": "Svar senast",
        "routed_at": "Expedierad",
        "principals": "Huvudmän",
    },
    structure=_recommendation_structure,
)

track(
    PrincipalDecision,
    key="principal_decision",
    label="Huvudmannens beslut",
    fields={
        "decision_body": "Beslutsinstans",
        "state": "Läge",
        "sent_on": "Expedierad",
        "sent_to": "Skickad till",
        "decided_on": "Beslutsdatum",
        "registry_number": "Huvudmannens diarienummer",
        "paragraph": "Paragraf",
        "link": "Länk till beslutet",
        # The file's name, given as a part: a stored file is not a value to copy.
        "file": "Fil med beslutet",
        "note": "Kommentar",
    },
    scope=lambda d: ("recommendation", d.recommendation_id),
    structure=_decision_structure,
    name=lambda d: f"{d.principal.name} om rekommendationen",
)

track(
    DecisionBody,
    key="decision_body",
    label="Beslutsinstans",
    fields={
        "principal": "Huvudman",
        "name": "Beslutsinstans",
        "registrar_email": "Registratorns e-post",
        "is_default": "Används som standard",
    },
)


# --- From approved minutes --------------------------------------------------------------


def recommendations_from_minutes(minutes: Minutes, by: User | None) -> None:
    """The hook approved minutes call (`minutes.approved.when_approved`). Approving minutes
    must never fail because of it: an unexpected error is logged and rolled back to a
    savepoint, and `recommendations_create_from_minutes` can be run again later (entries
    that already have a recommendation are skipped)."""
    try:
        with transaction.atomic():
            recommendations_create_from_minutes(minutes=minutes, by=by)
    except Exception:
        logger.exception("Could not make recommendations from minutes %s", minutes.pk)


def recommendations_create_from_minutes(
    *, minutes: Minutes, by: User | None
) -> list[Recommendation]:
    """Every recommendation entry of the approved minutes without a recommendation yet
    becomes one, with a decision row per principal of the structure (the region and every
    municipality) and each principal's default decision body. Runs the same number of
    queries however many principals there are (plus one history row per recommendation)."""
    entries = list(
        MinutesEntry.objects.filter(
            item__minutes_id=minutes.pk,
            kind=EntryKind.RECOMMENDATION,
            recommendation__isnull=True,
        )
        .select_related("item")
        .order_by("item__position", "position", "pk")
    )
    if not entries:
        return []
    source = Minutes.objects.select_related("meeting__body__structure").get(pk=minutes.pk)
    body = source.meeting.body
    if EntryKind.RECOMMENDATION not in allowed_entry_kinds(body):
        # The minutes app refuses these entries; one written before a mandate changed stays
        # text in the minutes rather than become a recommendation the body may not give.
        return []
    structure = body.structure
    agenda_ids = [e.item.agenda_item_id for e in entries if e.item.agenda_item_id]
    steps = (
        CaseStep.objects.filter(agenda_item_id__in=agenda_ids, case__structure=structure)
        .select_related("case")
        .only("agenda_item_id", "case__number", "case__structure_id", "case__title")
        if agenda_ids
        else []
    )
    case_of = {step.agenda_item_id: step.case for step in steps}
    principals = participating_principals(structure=structure)
    defaults = default_decision_bodies(principal_ids=[p.pk for p in principals])
    day = meeting_day(source.meeting)
    made = []
    for entry in entries:
        case = case_of.get(entry.item.agenda_item_id)
        made.append(
            Recommendation(
                structure=structure,
                body=body,
                case=case,
                minutes=source,
                entry=entry,
                number=case.number if case else "",
                title=(entry.item.title or "Rekommendation")[:300],
                text=entry.text,
                decided_on=day,
            )
        )
    made = Recommendation.objects.bulk_create(made)
    PrincipalDecision.objects.bulk_create(
        PrincipalDecision(
            recommendation=recommendation,
            principal=principal,
            decision_body=defaults.get(principal.pk),
        )
        for recommendation in made
        for principal in principals
    )
    for recommendation in made:
        record_create(
            by=by,
            obj=recommendation,
            parts={"principals": _names(principals)},
            note="Från justerade minnesanteckningar.",
        )
    return made


# --- The principals it concerns ---------------------------------------------------------


def _locked(recommendation: Recommendation, expected_version: int | None) -> Recommendation:
    current = (
        Recommendation.objects.select_for_update(of=("self",))
        .select_related("structure", "body__structure", "minutes")
        .get(pk=recommendation.pk)
    )
    refuse_stale(current=current.lock_version, expected=expected_version, message=STALE)
    return current


@transaction.atomic
def recommendation_set_principals(
    *,
    recommendation: Recommendation,
    principals: Sequence[Principal],
    expected_version: int | None,
    by: User | None,
) -> Recommendation:
    """The principals the recommendation concerns: a new one gets a decision row with its
    default decision body, one taken away loses its row. Only rows not yet sent can go."""
    current = _locked(recommendation, expected_version)
    wanted = {p.pk: p for p in principals}
    if not wanted:
        raise DomainError("Välj minst en huvudman som rekommendationen gäller.", field="principals")
    outside = [p for p in wanted.values() if p.pk not in eligible_principal_ids(current.structure)]
    if outside:
        raise DomainError(
            f"{_names(outside)} ingår inte i {current.structure.name}; välj bland "
            "strukturens huvudmän.",
            field="principals",
        )
    existing = {d.principal_id: d for d in current.decisions.select_related("principal")}
    removed = [d for pid, d in existing.items() if pid not in wanted]
    kept_back = [d.principal for d in removed if d.state != DecisionState.NOT_SENT or d.sent_on]
    if kept_back:
        raise DomainError(
            f"{_names(kept_back)} har redan fått rekommendationen eller har ett registrerat "
            "beslut och kan inte tas bort.",
            field="principals",
        )
    added = [p for pid, p in wanted.items() if pid not in existing]
    if not removed and not added:
        return current
    defaults = default_decision_bodies(principal_ids=[p.pk for p in added])
    before = snapshot(current)
    before_names = _names([d.principal for d in existing.values()])
    PrincipalDecision.objects.filter(pk__in=[d.pk for d in removed]).delete()
    PrincipalDecision.objects.bulk_create(
        PrincipalDecision(recommendation=current, principal=p, decision_body=defaults.get(p.pk))
        for p in added
    )
    current.lock_version += 1
    current.save(update_fields=["lock_version"])
    record_update(
        by=by,
        obj=current,
        before=before,
        parts={"principals": (before_names, _names(list(wanted.values())))},
    )
    sync_saved(recommendation, current)
    return current


# --- Routing (expediera) ----------------------------------------------------------------


@dataclass(frozen=True)
class Outgoing:
    """One principal's copy of the recommendation: where it goes and what it says."""

    decision: PrincipalDecision
    decision_body: DecisionBody
    subject: str
    text: str

    @property
    def address(self) -> str:
        return self.decision_body.registrar_email


@dataclass
class RouteResult:
    recommendation: Recommendation
    sent: list[Outgoing] = field(default_factory=list)
    # (principal's name, address, why) for a message the mail server did not take.
    not_reached: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def message(self) -> str:
        n = len(self.sent)
        text = f"Rekommendationen är expedierad till {n} {'huvudman' if n == 1 else 'huvudmän'}."
        if self.not_reached:
            text += (
                " Kom inte fram till: "
                + "; ".join(f"{name} ({address}): {why}" for name, address, why in self.not_reached)
                + ". Skicka till dem igen."
            )
        return text


def recommendation_url(recommendation: Recommendation) -> str:
    """Where a registrar reads it: the published minutes if they are, else the working page
    (which asks for a login)."""
    minutes = recommendation.minutes
    if minutes.published_at is not None:
        body = recommendation.body
        return absolute_url("minutes_public:minutes", body.structure.slug, body.key, minutes.pk)
    return absolute_url("cases:recommendation", recommendation.pk)


def addressee(decision_body_name: str, principal: Principal) -> str:
    """ "Socialnämnden, Umeå kommun": the principal's name once, whether or not the decision
    body's name already holds it."""
    if principal.name.lower() in decision_body_name.lower():
        return decision_body_name
    return f"{decision_body_name}, {principal.name}"


def routed_subject(recommendation: Recommendation) -> str:
    number = f" ({recommendation.number})" if recommendation.number else ""
    return f"Rekommendation från {recommendation.body.name}: {recommendation.title}{number}"


def routed_text(
    recommendation: Recommendation,
    decision: PrincipalDecision,
    decision_body: DecisionBody,
    *,
    answer_by: datetime.date,
    sender: str,
) -> str:
    return email_text(
        "recommendation_routed",
        {
            "recommendation": recommendation,
            "principal": decision.principal,
            "addressee": addressee(decision_body.name, decision.principal),
            "decided_on": date_text(recommendation.decided_on),
            "answer_by": date_text(answer_by),
            "url": recommendation_url(recommendation),
            "sender": sender,
        },
    )


def _sender(by: User | None) -> str:
    if by is None:
        return ""
    return by.get_full_name() or by.get_username()


def route_plan(
    *,
    recommendation: Recommendation,
    answer_by: datetime.date | None,
    principals: Sequence[Principal] | None = None,
    decision_bodies: Mapping[int, DecisionBody] | None = None,
    by: User | None,
    today: datetime.date | None = None,
) -> list[Outgoing]:
    """The messages routing would send, for the preview and the sending alike; refuses
    (DomainError) everything that would stop one of them, naming every principal concerned.
    Without `principals`, every principal not yet sent to; with them, those (again)."""
    today = today or local_today()
    if answer_by is None:
        raise DomainError("Ange det datum då huvudmännen senast ska svara.", field="answer_by")
    if answer_by <= today:
        raise DomainError(
            f"Svarsdatumet måste vara efter i dag ({date_text(today)}).", field="answer_by"
        )
    decisions = list(
        ordered_decisions(recommendation.decisions.select_related("principal", "decision_body"))
    )
    if not decisions:
        raise DomainError(
            "Rekommendationen gäller ingen huvudman; välj först vilka den gäller.",
            field="principals",
        )
    if principals is None:
        chosen = [d for d in decisions if d.state == DecisionState.NOT_SENT and not d.sent_on]
        if not chosen:
            raise DomainError(
                "Rekommendationen är redan expedierad till alla huvudmän den gäller. Välj "
                "vilka som ska få den igen.",
                field="principals",
            )
    else:
        ids = {p.pk for p in principals}
        unknown = [p for p in principals if p.pk not in {d.principal_id for d in decisions}]
        if unknown:
            raise DomainError(
                f"Rekommendationen gäller inte {_names(unknown)}; lägg först till dem bland "
                "huvudmännen.",
                field="principals",
            )
        chosen = [d for d in decisions if d.principal_id in ids]
        if not chosen:
            raise DomainError("Välj minst en huvudman att skicka till.", field="principals")
        decided = [d.principal for d in chosen if d.state in DECIDED_STATES]
        if decided:
            raise DomainError(
                f"{_names(decided)} har redan beslutat och får inte rekommendationen igen.",
                field="principals",
            )
    chosen_bodies = decision_bodies or {}
    defaults = default_decision_bodies(
        principal_ids=[d.principal_id for d in chosen if d.decision_body_id is None]
    )
    problems: list[str] = []
    planned: list[tuple[PrincipalDecision, DecisionBody]] = []
    for decision in chosen:
        body = (
            chosen_bodies.get(decision.principal_id)
            or decision.decision_body
            or defaults.get(decision.principal_id)
        )
        if body is not None and body.principal_id != decision.principal_id:
            problems.append(f"{body.name} är inte en beslutsinstans hos {decision.principal.name}")
        elif body is None:
            problems.append(f"{decision.principal.name} har ingen beslutsinstans")
        elif not body.registrar_email:
            problems.append(
                f"{body.name} ({decision.principal.name}) saknar registratorns e-postadress"
            )
        else:
            planned.append((decision, body))
    if problems:
        raise DomainError(
            "Rekommendationen skickades inte till någon: "
            + "; ".join(problems)
            + ". Lägg till det som saknas under Beslutsinstanser och försök igen.",
            field="principals",
        )
    subject = routed_subject(recommendation)
    sender = _sender(by)
    return [
        Outgoing(
            decision=decision,
            decision_body=body,
            subject=subject,
            text=routed_text(recommendation, decision, body, answer_by=answer_by, sender=sender),
        )
        for decision, body in planned
    ]


@transaction.atomic
def recommendation_route(
    *,
    recommendation: Recommendation,
    answer_by: datetime.date | None,
    principals: Sequence[Principal] | None = None,
    decision_bodies: Mapping[int, DecisionBody] | None = None,
    expected_version: int | None = None,
    by: User | None,
    today: datetime.date | None = None,
) -> RouteResult:
    """Expediera: email the recommendation to each chosen principal's decision body (its
    registrar) with the answer date, and mark those decisions sent. Every principal is
    checked first: if one lacks a decision body or an address nothing is sent. A message
    the mail server refuses leaves that principal unsent, to be sent again."""
    today = today or local_today()
    current = _locked(recommendation, expected_version)
    outgoing = route_plan(
        recommendation=current,
        answer_by=answer_by,
        principals=principals,
        decision_bodies=decision_bodies,
        by=by,
        today=today,
    )
    assert answer_by is not None  # route_plan refuses a missing date
    reply_to = [by.email] if by is not None and by.email else None
    errors = deliver(
        [
            EmailMessage(subject=o.subject, body=o.text, to=[o.address], reply_to=reply_to)
            for o in outgoing
        ]
    )
    result = RouteResult(recommendation=current)
    for planned, error in zip(outgoing, errors, strict=True):
        if error:
            result.not_reached.append((planned.decision.principal.name, planned.address, error))
        else:
            result.sent.append(planned)
    if not result.sent:
        raise DomainError(
            "Inget meddelande kom fram, så rekommendationen är inte expedierad: "
            + "; ".join(f"{name} ({address}): {why}" for name, address, why in result.not_reached),
            field="principals",
        )
    for planned in result.sent:
        decision = planned.decision
        before = snapshot(decision)
        if decision.state == DecisionState.NOT_SENT:
            decision.state = DecisionState.SENT
        decision.sent_on = today
        decision.sent_to = planned.address
        decision.decision_body = planned.decision_body
        PrincipalDecision.objects.filter(pk=decision.pk).update(
            state=decision.state,
            sent_on=today,
            sent_to=planned.address,
            decision_body=planned.decision_body,
            lock_version=F("lock_version") + 1,
        )
        decision.lock_version += 1
        decision.recommendation = current
        record_update(by=by, obj=decision, before=before, note="Expedierade rekommendationen.")
    before = snapshot(current)
    current.answer_by = answer_by
    current.routed_at = timezone.now()
    current.routed_by = by
    current.lock_version += 1
    current.save(update_fields=["answer_by", "routed_at", "routed_by", "lock_version"])
    record_update(
        by=by,
        obj=current,
        before=before,
        note=f"Expedierade till {_names([o.decision.principal for o in result.sent])}.",
    )
    sync_saved(recommendation, current)
    return result
