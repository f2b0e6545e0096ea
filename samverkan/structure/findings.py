"""The structure's rules for the charter check (collected by `samverkan.lib.findings`).

Composition, terms ending, reporting duties and charter revision are here; the chair and
vice chair rules are in `findings_leadership.py`, registered by importing it below. The
rule that needs the meetings (`structure.no_chair_for_meeting`) cannot live in the
structure, which is below the meetings: it is in `samverkan/minutes/findings.py`.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager

from django.db.models import Q
from django.urls import reverse

from samverkan.lib.findings import Finding, Responsible, Severity, register
from samverkan.lib.swedish import count_text, date_text
from samverkan.structure import (
    findings_leadership,  # noqa: F401  (registers the chair rules)
    selectors,
)
from samverkan.structure.findings_support import (
    and_list,
    body_url,
    capitalised,
    charters_in_force,
    cite,
    coordinator_of,
    coordinators,
    in_sentence,
    people_responsible,
)
from samverkan.structure.models import (
    SEAT_ROLES,
    Charter,
    CharterStatus,
    CompositionRole,
    Membership,
    Person,
    PrincipalKind,
    ReportFrequency,
    ReportingDuty,
    Role,
    RoleLink,
    RoleLinkKind,
    Substitutes,
)
from samverkan.structure.rules import SeatCount

COMPOSITION = "structure.composition"
TERM_ENDING = "structure.term_ending"
REPORTING_DUE = "structure.reporting_due"
CHARTER_REVISION = "structure.charter_revision"

# A term ending or a charter's revision this close is due soon; a report from 30 days ahead.
TERM_WINDOW = datetime.timedelta(days=60)
REVISION_WINDOW = datetime.timedelta(days=60)
REPORT_WINDOW = datetime.timedelta(days=30)

# A seat's noun by the composition rule's role, in the singular and plural.
SEAT_NOUNS: dict[str, tuple[str, str]] = {
    CompositionRole.MEMBER: ("ledamot", "ledamöter"),
    CompositionRole.PERMANENTLY_CO_OPTED: ("ständigt adjungerad", "ständigt adjungerade"),
    CompositionRole.CO_OPTED: ("adjungerad", "adjungerade"),
}
# Who holds the seats of a rule for a kind of principal taken together.
KIND_TOGETHER: dict[str, str] = {
    PrincipalKind.REGION: "regionen",
    PrincipalKind.MUNICIPALITY: "kommunerna tillsammans",
    PrincipalKind.ORGANISATION: "andra organisationer tillsammans",
}


# --- Composition ----------------------------------------------------------------------------


def _who(seat: SeatCount) -> str:
    return seat.principal.name if seat.principal else KIND_TOGETHER[seat.rule.principal_kind]


def _deviation(seat: SeatCount) -> str:
    """What is off with one rule's seats: "Skellefteå kommun saknar en ledamot"."""
    one, many = SEAT_NOUNS[seat.rule.role]
    if not seat.rule.optional and seat.low is not None and seat.held < seat.low:
        return f"{_who(seat)} saknar {count_text(seat.low - seat.held, one, many)}"
    return f"{_who(seat)} har {count_text(seat.held - (seat.high or 0), one, many)} för mycket"


def _substitutes_missing(charter: Charter, seat: SeatCount) -> str:
    """ "Umeå kommun saknar två ersättare", where the charter gives the seats substitutes."""
    if charter.substitutes == Substitutes.NOT_ALLOWED or not seat.substitutes_missing:
        return ""
    return (
        f"{_who(seat)} saknar {count_text(seat.held - seat.substitutes, 'ersättare', 'ersättare')}"
    )


@register(COMPOSITION)
def composition(
    *, today: datetime.date, structure_ids: Collection[int] | None = None
) -> Iterator[Finding]:
    """Sammansättningen avviker från uppdragsbeskrivningen: platser vakanta eller för många,
    ständigt adjungerade som saknas, ersättare som saknas."""
    for item in selectors.composition_seats(today=today, structure_ids=structure_ids):
        body, charter = item.body, item.charter
        off = [_deviation(seat) for seat in item.seats if not seat.ok]
        substitutes = [t for seat in item.seats if (t := _substitutes_missing(charter, seat))]
        if not off and not substitutes:
            continue
        sentences = []
        if off:
            sentences.append(
                f"{body.name} har inte den sammansättning som uppdragsbeskrivningen anger: "
                + and_list(off)
                + "."
            )
        if substitutes:
            lead = "Ersättare saknas också" if off else f"{body.name} saknar ersättare"
            sentences.append(f"{lead}: {and_list(substitutes)}.")
        yield Finding(
            rule=COMPOSITION,
            severity=Severity.NOTED,
            message=" ".join(sentences),
            structure_id=body.structure_id,
            body_id=body.pk,
            subject=body.name,
            url=reverse("work:body", args=[body.structure.slug, body.key]),
            citation=cite(charter, "composition") or cite(charter, "substitutes"),
        )


# --- Terms ending ------------------------------------------------------------------------


def _years(n: int) -> str:
    """'ett år' (neuter, where `count_text` says 'en'), 'fyra år'."""
    return "ett år" if n == 1 else count_text(n, "år", "år")


@register(TERM_ENDING)
def term_ending(
    *, today: datetime.date, structure_ids: Collection[int] | None = None
) -> Iterator[Finding]:
    """Nomineringar för en bestämd tid som snart slutar utan att någon efterträdare är utsedd."""
    until = today + TERM_WINDOW
    nominated = charters_in_force(
        today=today, structure_ids=structure_ids, member_term_years__isnull=False
    )
    links = RoleLink.objects.filter(
        charter__status=CharterStatus.IN_FORCE, term_years__isnull=False
    ).exclude(Q(charter__body__end_date__lt=today) | Q(to_body__end_date__lt=today))
    if structure_ids is not None:
        links = links.filter(charter__body__structure_id__in=structure_ids)
    linked = list(links.select_related("charter__body", "to_body__structure"))
    rows = (
        Membership.objects.filter(
            Q(
                body_id__in=[c.body_id for c in nominated],
                ex_officio_for__isnull=True,
                role__in=SEAT_ROLES,
            )
            | Q(
                body_id__in=[link.to_body_id for link in linked],
                ex_officio_for_id__in=[link.charter.body_id for link in linked],
            )
        )
        .exclude(end__lt=today)
        .select_related("person", "principal")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    own: dict[int, list[Membership]] = {}
    ex_officio: dict[tuple[int, int], list[Membership]] = {}
    for m in rows:
        if m.ex_officio_for_id is None:
            own.setdefault(m.body_id, []).append(m)
        else:
            ex_officio.setdefault((m.body_id, m.ex_officio_for_id), []).append(m)
    responsible = coordinators(
        structure_ids={c.body.structure_id for c in nominated}
        | {link.to_body.structure_id for link in linked}
    )
    for charter in nominated:
        seats = own.get(charter.body_id, [])
        for end in sorted({m.end for m in seats if m.end and m.end <= until}):
            found = _nominations_ending(charter, seats, end, responsible)
            if found is not None:
                yield found
    for link in linked:
        seats = ex_officio.get((link.to_body_id, link.charter.body_id), [])
        for end in sorted({m.end for m in seats if m.end and m.end <= until}):
            day_after = end + datetime.timedelta(days=1)
            if any(m.is_active(day_after) for m in seats):
                continue
            yield _link_ending(link, [m for m in seats if m.end == end], end, responsible)


def _nominations_ending(
    charter: Charter,
    seats: list[Membership],
    end: datetime.date,
    responsible: dict[int, Responsible],
) -> Finding | None:
    """The members whose nomination ends on `end`, if their principal has fewer successors."""
    body = charter.body
    day_after = end + datetime.timedelta(days=1)
    on_end = {m.person_id for m in seats if m.is_active(end)}
    after = [m for m in seats if m.is_active(day_after)]
    continuing = {m.person_id for m in after}
    leaving: dict[int, dict[int, Membership]] = {}
    for m in seats:
        if m.end == end and m.person_id not in continuing:
            leaving.setdefault(m.principal_id, {}).setdefault(m.person_id, m)
    listed: list[Membership] = []
    missing = 0
    for principal_id, people in leaving.items():
        successors = {
            m.person_id
            for m in after
            if m.principal_id == principal_id and m.person_id not in on_end
        }
        if len(people) > len(successors):
            missing += len(people) - len(successors)
            listed.extend(people.values())
    if not missing:
        return None
    names = and_list([f"{m.person} ({m.principal.name})" for m in listed])
    tail = (
        "och ingen efterträdare är utsedd"
        if missing == len(listed)
        else f"och efterträdare saknas för {count_text(missing, 'av dem', 'av dem')}"
    )
    return Finding(
        rule=TERM_ENDING,
        severity=Severity.DUE_SOON,
        message=(
            f"Ledamöterna i {body.name} nomineras för {_years(charter.member_term_years or 0)}. "
            f"Nomineringen av {names} slutar {date_text(end)} {tail}."
        ),
        structure_id=body.structure_id,
        body_id=body.pk,
        subject=body.name,
        url=body_url(body),
        citation=cite(charter, "members"),
        due_on=end,
        responsible=coordinator_of(responsible, body.structure_id),
        about=f"body:{body.pk}:term:{end.isoformat()}",
    )


def _link_ending(
    link: RoleLink,
    ending: list[Membership],
    end: datetime.date,
    responsible: dict[int, Responsible],
) -> Finding:
    """A seat held by virtue of a role elsewhere ("Ordförande i Hjälpmedelsrådet ingår som
    ordinarie medlem i Länsamverkansgruppen och nomineras för ett år i taget") ends."""
    source, body = link.charter.body, link.to_body
    role = Role(link.role).label if link.role in Role.values else link.role
    kind = RoleLinkKind(link.kind).label if link.kind in RoleLinkKind.values else link.kind
    names = and_list(sorted({str(m.person) for m in ending}))
    return Finding(
        rule=TERM_ENDING,
        severity=Severity.DUE_SOON,
        message=(
            f"{role} i {source.name} {kind} {body.name} och nomineras för "
            f"{_years(link.term_years or 0)} i taget. Nomineringen av {names} slutar "
            f"{date_text(end)} och ingen är nominerad efter det."
        ),
        structure_id=body.structure_id,
        body_id=body.pk,
        subject=body.name,
        url=body_url(body),
        citation=cite(link.charter, "role_links"),
        due_on=end,
        responsible=coordinator_of(responsible, body.structure_id),
        about=f"body:{body.pk}:ex-officio:{source.pk}:{end.isoformat()}",
    )


# --- Reporting duties ------------------------------------------------------------------------

# Which reports are delivered is for the app that records them (follow-up, above the
# structure): it registers a check here from its `AppConfig.ready()`. A check takes the
# (reporting duty id, due date) pairs asked about and returns those delivered, reading them in
# bulk. Until one is registered, the rule can only say what falls due soon.
ReportCheck = Callable[
    [Collection[tuple[int, datetime.date]]], Collection[tuple[int, datetime.date]]
]


class ReportDeliveries:
    def __init__(self) -> None:
        self._checks: dict[str, ReportCheck] = {}

    def register(self, name: str, check: ReportCheck) -> None:
        """Ask `check` which reports are delivered; registering a name again replaces it."""
        self._checks[name] = check

    def unregister(self, name: str) -> None:
        self._checks.pop(name, None)

    @contextmanager
    def none_registered(self) -> Iterator[None]:
        """Ask no app while inside (a test of the rule on its own); then as before."""
        saved = dict(self._checks)
        self._checks.clear()
        try:
            yield
        finally:
            self._checks.clear()
            self._checks.update(saved)

    @property
    def known(self) -> bool:
        return bool(self._checks)

    def delivered(
        self, wanted: Collection[tuple[int, datetime.date]]
    ) -> set[tuple[int, datetime.date]]:
        done: set[tuple[int, datetime.date]] = set()
        for check in self._checks.values():
            done.update(check(wanted))
        return done


report_deliveries = ReportDeliveries()


def due_dates(frequency: str, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last due date before `today` and the next one from it: a report per term by 30
    June and 31 December, a yearly one by 31 December."""
    mid, end = datetime.date(today.year, 6, 30), datetime.date(today.year, 12, 31)
    last_year_end = datetime.date(today.year - 1, 12, 31)
    if frequency == ReportFrequency.PER_TERM:
        return (last_year_end, mid) if today <= mid else (mid, end)
    return last_year_end, end


def _reporters(
    duty: ReportingDuty, holders: dict[tuple[int, str], list[Membership]]
) -> list[Person]:
    """The people the duty's `reported_by` names ("Ordförande och sekreterare"), as they hold
    those roles in the reporting body today."""
    text = duty.reported_by.lower()
    people: list[Person] = []
    for word, role in (("ordförande", Role.CHAIR), ("sekreterare", Role.SECRETARY)):
        if word in text:
            people.extend(m.person for m in holders.get((duty.charter.body_id, role), []))
    return people


@register(REPORTING_DUE)
def reporting_due(
    *, today: datetime.date, structure_ids: Collection[int] | None = None
) -> Iterator[Finding]:
    """En återrapportering per termin eller per år som snart ska lämnas (eller inte lämnats)."""
    duties = ReportingDuty.objects.filter(
        charter__status=CharterStatus.IN_FORCE,
        frequency__in=[ReportFrequency.PER_TERM, ReportFrequency.YEARLY],
    ).exclude(charter__body__end_date__lt=today)
    if structure_ids is not None:
        duties = duties.filter(charter__body__structure_id__in=structure_ids)
    loaded = list(
        duties.select_related("charter__body__structure", "to_body").order_by(
            "charter__body__structure__name", "charter__body__position", "charter__body__name", "pk"
        )
    )
    holders: dict[tuple[int, str], list[Membership]] = {}
    for m in (
        Membership.objects.active_on(today)
        .filter(
            body_id__in=[d.charter.body_id for d in loaded], role__in=[Role.CHAIR, Role.SECRETARY]
        )
        .select_related("person")
    ):
        holders.setdefault((m.body_id, m.role), []).append(m)
    responsible = coordinators(structure_ids={d.charter.body.structure_id for d in loaded})
    wanted = {(d.pk, day) for d in loaded for day in due_dates(d.frequency, today)}
    delivered = report_deliveries.delivered(wanted) if report_deliveries.known else set()
    for duty in loaded:
        last, coming = due_dates(duty.frequency, today)
        if report_deliveries.known and (duty.pk, last) not in delivered:
            yield _report(duty, last, Severity.OVERDUE, holders, responsible)
        if coming - today <= REPORT_WINDOW and (duty.pk, coming) not in delivered:
            yield _report(duty, coming, Severity.DUE_SOON, holders, responsible)


def _report(
    duty: ReportingDuty,
    due: datetime.date,
    severity: Severity,
    holders: dict[tuple[int, str], list[Membership]],
    responsible: dict[int, Responsible],
) -> Finding:
    body = duty.charter.body
    what = in_sentence(duty.what) if duty.what else "en rapport"
    via = f" via {in_sentence(duty.via)}" if duty.via else ""
    how_often = ReportFrequency(duty.frequency).label
    if severity == Severity.OVERDUE:
        message = (
            f"{body.name} skulle ha lämnat {what} till {duty.to_body.name}{via} senast "
            f"{date_text(due)} ({how_often}), och ingen sådan rapport är registrerad."
        )
    else:
        message = (
            f"{body.name} ska lämna {what} till {duty.to_body.name}{via} senast "
            f"{date_text(due)} ({how_often})."
        )
    if duty.public:
        message += " Den är offentlig handling."
    people = _reporters(duty, holders)
    if people:
        who = people_responsible(in_sentence(duty.reported_by), people)
    else:
        who = coordinator_of(responsible, body.structure_id)
    return Finding(
        rule=REPORTING_DUE,
        severity=severity,
        message=message,
        structure_id=body.structure_id,
        body_id=body.pk,
        subject=body.name,
        url=body_url(body),
        citation=cite(duty.charter, "reporting"),
        due_on=due,
        responsible=who,
        about=f"reporting:{duty.pk}:{due.isoformat()}",
    )


# --- Charter revision ------------------------------------------------------------------------


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day if it has no such day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def interval_text(months: int) -> str:
    """'vartannat år', 'var 18:e månad'."""
    years, rest = divmod(months, 12)
    if not rest and years:
        ordinals = {1: "varje år", 2: "vartannat år", 3: "vart tredje år", 4: "vart fjärde år"}
        return ordinals.get(years, f"vart {years}:e år")
    if months == 1:
        return "varje månad"
    suffix = "a" if months % 10 in (1, 2) and months % 100 not in (11, 12) else "e"
    return f"var {months}:{suffix} månad"


@register(CHARTER_REVISION)
def charter_revision(
    *, today: datetime.date, structure_ids: Collection[int] | None = None
) -> Iterator[Finding]:
    """Uppdragsbeskrivningen ska revideras (nästa revidering, revideringsintervall) eller
    slutar gälla."""
    charters = charters_in_force(today=today, structure_ids=structure_ids)
    responsible = coordinators(structure_ids={c.body.structure_id for c in charters})
    for charter in charters:
        body = charter.body
        who = coordinator_of(responsible, body.structure_id)
        url = reverse("work:charter_rules", args=[body.structure.slug, body.key])
        name = f"Uppdragsbeskrivningen för {body.name}"
        revise_by, why = charter.next_revision, ""
        if revise_by is None and charter.revision_interval_months and charter.decided_on:
            revise_by = add_months(charter.decided_on, charter.revision_interval_months)
            why = (
                f" (beslutad {date_text(charter.decided_on)}, ska revideras "
                f"{interval_text(charter.revision_interval_months)})"
            )
        if revise_by is not None and revise_by - today <= REVISION_WINDOW:
            late = revise_by < today
            verb = "skulle ha reviderats" if late else "ska revideras"
            yield Finding(
                rule=CHARTER_REVISION,
                severity=Severity.OVERDUE if late else Severity.DUE_SOON,
                message=f"{name}{why} {verb} senast {date_text(revise_by)}.",
                structure_id=body.structure_id,
                body_id=body.pk,
                subject=body.name,
                url=url,
                citation=cite(charter, "revision"),
                due_on=revise_by,
                responsible=who,
                about=f"charter:{charter.pk}:revision",
            )
        ends = charter.valid_until
        if ends is not None and ends - today <= REVISION_WINDOW:
            if ends < today:
                text = (
                    f"{name} gällde till och med {date_text(ends)}; gruppen saknar en gällande "
                    "uppdragsbeskrivning tills en ny är beslutad."
                )
            else:
                text = (
                    f"{name} gäller till och med {date_text(ends)}; en ny behöver beslutas "
                    "innan dess."
                )
            yield Finding(
                rule=CHARTER_REVISION,
                severity=Severity.OVERDUE if ends < today else Severity.DUE_SOON,
                message=capitalised(text),
                structure_id=body.structure_id,
                body_id=body.pk,
                subject=body.name,
                url=url,
                citation=cite(charter, "revision"),
                due_on=ends,
                responsible=who,
                about=f"charter:{charter.pk}:valid-until",
            )
