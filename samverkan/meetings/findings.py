"""The meetings' rules for the charter check (collected by `samverkan.lib.findings`).

Each rule reads the whole installation, or the structures asked for, in a fixed number of
queries whatever the number of bodies and meetings: the charters in force in one query,
the meetings counted per body and period in the database, and who is responsible only for
the bodies that have a finding. Meetings count when planned, called, moved or held; a
cancelled meeting does not.

- `meetings.per_year`, `meetings.per_quarter`: the charter's number of meetings a year
  (at least, at most) and a quarter.
- `meetings.next_year_booked`: next year's meetings booked by the charter's deadline
  ("Möten för nästkommande år bokas senast sista november").
- `meetings.documents_lead_time`, `meetings.notice_lead_time`: each coming meeting's
  documents and notice by the charter's lead time (working days skip Swedish holidays).
- `meetings.temporary_body_ended`: a temporary body with meetings booked after its end.
- `meetings.forms_revised`: meeting forms revised yearly, judged by the last revision the
  system knows of: the charter's decision date, a change of its meeting forms, or the
  review the body recorded ("Mötesformerna har setts över", `Body.meeting_forms_reviewed_on`).

What they read, and who is responsible, is in `findings_reading.py`.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterator

from django.db.models import Count, F, Max, Min, Q
from django.db.models.functions import TruncDate
from django.urls import reverse

from samverkan.audit.models import Change
from samverkan.audit.services import Action
from samverkan.lib.findings import Finding, Severity, register
from samverkan.lib.localtime import STOCKHOLM, local_day
from samverkan.lib.swedish import date_text, day_text
from samverkan.meetings.findings_reading import (
    Coming,
    a_year_after,
    booked_text,
    booking_deadline,
    charters_in_force,
    coming_meetings,
    first_meetings,
    judged,
    meeting_counts,
    meetings_text,
    plan_url,
    quarter_bounds,
    with_responsible,
    year_end,
    yearly_minimum,
)
from samverkan.meetings.models import CALLED_STATUSES, OPEN_STATUSES, Meeting
from samverkan.meetings.planning import prorated
from samverkan.structure.models import Charter, Duration
from samverkan.structure.rules_text import lead_text

PER_YEAR = "meetings.per_year"
PER_QUARTER = "meetings.per_quarter"
NEXT_YEAR_BOOKED = "meetings.next_year_booked"
DOCUMENTS = "meetings.documents_lead_time"
NOTICE = "meetings.notice_lead_time"
TEMPORARY_ENDED = "meetings.temporary_body_ended"
FORMS_REVISED = "meetings.forms_revised"

# "Due soon" windows, each the rule's own: a year short of meetings needs its last two
# months to book and call more (notices go out two weeks ahead, and December has the
# Christmas break); a quarter its last four weeks; the booking deadline and a yearly
# revision a month; a document or notice deadline two weeks.
YEAR_WARNING = datetime.timedelta(weeks=8)
QUARTER_WARNING = datetime.timedelta(weeks=4)
BOOKING_WARNING = datetime.timedelta(days=30)
FORMS_WARNING = datetime.timedelta(days=30)
# A charter change that revises the meeting forms.
FORM_FIELDS = ("meeting_form", "meeting_forms_revised_yearly", "guests_may_be_invited")
# The body page's form "Mötesformerna har setts över" (work/body.html).
FORMS_REVIEW_ANCHOR = "motesformer"


# --- Meetings per year and per quarter ----------------------------------------------------------


@register(PER_YEAR)
def per_year(
    *, today: datetime.date, structure_ids: Collection[int] | None = None
) -> Iterator[Finding]:
    """Antalet möten under året avviker från uppdragsbeskrivningens minsta eller högsta antal."""
    charters = charters_in_force(
        structure_ids,
        Q(meetings_min_per_year__isnull=False) | Q(meetings_max_per_year__isnull=False),
    )
    year = today.year
    counts = meeting_counts(charters, datetime.date(year - 1, 1, 1), datetime.date(year + 2, 1, 1))
    firsts = first_meetings(charters)
    pending: list[tuple[Charter, Finding]] = []

    def in_year(body_id: int, y: int) -> int:
        return sum(counts.get((body_id, y, q), 0) for q in (1, 2, 3, 4))

    for charter in charters:
        body = charter.body
        least, most = charter.meetings_min_per_year or 0, charter.meetings_max_per_year
        citation = (charter.citations or {}).get("meetings", "")
        base = {
            "rule": PER_YEAR,
            "structure_id": body.structure_id,
            "body_id": body.pk,
            "subject": body.name,
            "url": plan_url(body),
            "citation": citation,
        }
        # The year that ended: short of the minimum.
        last_year = year - 1
        held = in_year(body.pk, last_year)
        if (
            least
            and held < least
            and judged(
                charter,
                datetime.date(last_year, 1, 1),
                year_end(last_year),
                firsts.get(body.pk),
            )
        ):
            pending.append(
                (
                    charter,
                    Finding(
                        severity=Severity.OVERDUE,
                        message=f"{body.name} hade {meetings_text(held)} {last_year}; "
                        f"uppdragsbeskrivningen kräver minst {least} om året.",
                        due_on=year_end(last_year),
                        about=f"body:{body.pk}:{last_year}",
                        **base,
                    ),
                )
            )
        # This year: held and booked cannot reach the minimum, with the year's end near.
        now = in_year(body.pk, year)
        needed = prorated(least, body, year) if least else 0
        end = min(year_end(year), body.end_date or year_end(year))
        if needed and now < needed and today >= end - YEAR_WARNING and today <= end:
            pending.append(
                (
                    charter,
                    Finding(
                        severity=Severity.DUE_SOON,
                        message=f"{body.name} har {meetings_text(now)} hållna eller bokade "
                        f"{year}; uppdragsbeskrivningen kräver minst {least} om året. "
                        f"Boka {meetings_text(needed - now)} till före {date_text(end)}.",
                        due_on=end,
                        about=f"body:{body.pk}:{year}",
                        **base,
                    ),
                )
            )
        # This year and next: more than the maximum.
        for y in (year, year + 1):
            booked = in_year(body.pk, y)
            if most and booked > most:
                pending.append(
                    (
                        charter,
                        Finding(
                            severity=Severity.NOTED,
                            message=f"{body.name} har {booked_text(booked)} {y}, men "
                            f"uppdragsbeskrivningen säger högst {most} om året.",
                            about=f"body:{body.pk}:{y}",
                            **base,
                        ),
                    )
                )
    yield from with_responsible(pending, today)


@register(PER_QUARTER)
def per_quarter(
    *, today: datetime.date, structure_ids: Collection[int] | None = None
) -> Iterator[Finding]:
    """Ett kvartal har färre möten än uppdragsbeskrivningen kräver."""
    charters = charters_in_force(structure_ids, Q(meetings_min_per_quarter__isnull=False))
    quarter = (today.month - 1) // 3 + 1
    previous = (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)
    counts = meeting_counts(
        charters,
        quarter_bounds(*previous)[0],
        quarter_bounds(today.year, quarter)[1] + datetime.timedelta(days=1),
    )
    firsts = first_meetings(charters)
    pending: list[tuple[Charter, Finding]] = []
    for charter in charters:
        body = charter.body
        least = charter.meetings_min_per_quarter or 0
        base = {
            "rule": PER_QUARTER,
            "structure_id": body.structure_id,
            "body_id": body.pk,
            "subject": body.name,
            "url": plan_url(body),
            "citation": (charter.citations or {}).get("meetings", ""),
        }
        for (year, q), current in ((previous, False), ((today.year, quarter), True)):
            first, last = quarter_bounds(year, q)
            n = counts.get((body.pk, year, q), 0)
            if n >= least:
                continue
            name = f"kvartal {q} {year}"
            if current:
                if today < last - QUARTER_WARNING or (body.end_date and body.end_date < last):
                    continue
                finding = Finding(
                    severity=Severity.DUE_SOON,
                    message=f"{body.name} har {meetings_text(n)} hållna eller bokade under "
                    f"{name}; uppdragsbeskrivningen kräver minst {least} per kvartal. "
                    f"Kvartalet slutar {date_text(last)}.",
                    due_on=last,
                    about=f"body:{body.pk}:{year}-K{q}",
                    **base,
                )
            else:
                if not judged(charter, first, last, firsts.get(body.pk)):
                    continue
                finding = Finding(
                    severity=Severity.OVERDUE,
                    message=f"{body.name} hade {meetings_text(n)} under {name}; "
                    f"uppdragsbeskrivningen kräver minst {least} per kvartal.",
                    due_on=last,
                    about=f"body:{body.pk}:{year}-K{q}",
                    **base,
                )
            pending.append((charter, finding))
    yield from with_responsible(pending, today)


# --- Next year booked by the deadline ----------------------------------------------------------


@register(NEXT_YEAR_BOOKED)
def next_year_booked(
    *, today: datetime.date, structure_ids: Collection[int] | None = None
) -> Iterator[Finding]:
    """Nästa års möten är inte bokade senast den dag uppdragsbeskrivningen anger."""
    charters = charters_in_force(structure_ids, Q(booking_deadline_month__isnull=False))
    year = today.year + 1
    counts = meeting_counts(charters, datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1))
    pending: list[tuple[Charter, Finding]] = []
    for charter in charters:
        body = charter.body
        deadline = booking_deadline(charter, today.year)
        if today < deadline - BOOKING_WARNING:
            continue
        needed = prorated(yearly_minimum(charter), body, year)
        booked = sum(counts.get((body.pk, year, q), 0) for q in (1, 2, 3, 4))
        if not needed or booked >= needed:
            continue
        rule = (
            f"uppdragsbeskrivningen kräver minst {meetings_text(needed)}"
            if charter.meetings_min_per_year or charter.meetings_min_per_quarter
            else "uppdragsbeskrivningen kräver att året bokas i förväg"
        )
        if today > deadline:
            severity = Severity.OVERDUE
            when = f"sista dag att boka var {date_text(deadline)}"
        else:
            severity = Severity.DUE_SOON
            when = f"de ska vara bokade senast {date_text(deadline)}"
        pending.append(
            (
                charter,
                Finding(
                    rule=NEXT_YEAR_BOOKED,
                    severity=severity,
                    message=f"{body.name} har {booked_text(booked)} för {year}; {rule}, och {when}.",
                    structure_id=body.structure_id,
                    body_id=body.pk,
                    subject=body.name,
                    url=plan_url(body),
                    citation=(charter.citations or {}).get("booking", ""),
                    due_on=deadline,
                    about=f"body:{body.pk}:{year}",
                ),
            )
        )
    yield from with_responsible(pending, today)


def _meeting_subject(coming: Coming) -> str:
    return f"{coming.charter.body.name}, möte {date_text(coming.day)}"


def _lead_finding(coming: Coming, today: datetime.date, rule: str, what: str) -> Finding:
    """`what` ("Kallelsen", "Handlingarna") has not reached the members of a coming meeting."""
    body = coming.charter.body
    lead = lead_text(coming.charter)
    meeting = f"{body.name}s möte {day_text(coming.day)}"
    by = f"senast {day_text(coming.deadline)} ({lead} före mötet)"
    if today > coming.deadline:
        severity = Severity.OVERDUE
        message = f"{what} till {meeting} skulle ha nått ledamöterna {by} men har inte skickats."
        if rule == DOCUMENTS:
            message = f"{what} till {meeting} skulle ha nått ledamöterna {by}, men inga är inlagda."
    else:
        severity = Severity.DUE_SOON
        message = f"{what} till {meeting} ska nå ledamöterna {by}"
        message += "; kallelsen är inte skickad." if rule == NOTICE else "; inga är inlagda än."
    anchor = "#kallelse" if rule == NOTICE else "#handlingar"
    return Finding(
        rule=rule,
        severity=severity,
        message=message,
        structure_id=body.structure_id,
        body_id=body.pk,
        subject=_meeting_subject(coming),
        url=reverse("meetings:meeting", args=[coming.meeting.pk]) + anchor,
        citation=(coming.charter.citations or {}).get("documents", ""),
        due_on=coming.deadline,
        about=f"meeting:{coming.meeting.pk}",
    )


# Reminded by the check, not left to `meetings.reminders`: that reminds each item's owner of
# their own item's documents in the last working days; this finding is the convener's, about
# the meeting having no documents at all, a fortnight ahead.
@register(DOCUMENTS)
def documents_lead_time(
    *, today: datetime.date, structure_ids: Collection[int] | None = None
) -> Iterator[Finding]:
    """Handlingarna till ett kommande möte är inte inlagda inom uppdragsbeskrivningens tid."""
    pending = [
        (c.charter, _lead_finding(c, today, DOCUMENTS, "Handlingarna"))
        for c in coming_meetings(today, structure_ids, Q(has_documents=False))
    ]
    yield from with_responsible(pending, today)


@register(NOTICE)
def notice_lead_time(
    *, today: datetime.date, structure_ids: Collection[int] | None = None
) -> Iterator[Finding]:
    """Kallelsen till ett kommande möte är inte skickad inom uppdragsbeskrivningens tid."""
    pending = [
        (c.charter, _lead_finding(c, today, NOTICE, "Kallelsen"))
        for c in coming_meetings(
            today, structure_ids, Q(has_notice=False) & ~Q(status__in=CALLED_STATUSES)
        )
    ]
    yield from with_responsible(pending, today)


# --- Temporary bodies past their end ------------------------------------------------------------


@register(TEMPORARY_ENDED)
def temporary_body_ended(
    *, today: datetime.date, structure_ids: Collection[int] | None = None
) -> Iterator[Finding]:
    """En tillfällig grupp har möten bokade efter sitt slutdatum."""
    applying = charters_in_force(
        structure_ids, Q(body__duration=Duration.TEMPORARY, body__end_date__isnull=False)
    )
    charters = {c.body_id: c for c in applying}
    rows = (
        Meeting.objects.filter(body_id__in=applying.values("body_id"), status__in=OPEN_STATUSES)
        .annotate(day=TruncDate("starts_at", tzinfo=STOCKHOLM))
        .filter(day__gt=F("body__end_date"))
        .values("body_id")
        .annotate(n=Count("id"), first=Min("starts_at"))
        .order_by()
    )
    pending: list[tuple[Charter, Finding]] = []
    for row in rows:
        charter = charters[row["body_id"]]
        body = charter.body
        assert body.end_date is not None
        ended = body.end_date < today
        verb = "avslutades" if ended else "avslutas"
        pending.append(
            (
                charter,
                Finding(
                    rule=TEMPORARY_ENDED,
                    severity=Severity.OVERDUE if ended else Severity.NOTED,
                    message=f"{body.name} är en tillfällig grupp som {verb} "
                    f"{date_text(body.end_date)}, men har {booked_text(row['n'])} efter det "
                    f"(det första {day_text(local_day(row['first']))}). Ställ in dem eller "
                    "ändra slutdatumet.",
                    structure_id=body.structure_id,
                    body_id=body.pk,
                    subject=body.name,
                    url=plan_url(body),
                    citation=(charter.citations or {}).get("working_groups", ""),
                    due_on=body.end_date if ended else None,
                    about=f"body:{body.pk}",
                ),
            )
        )
    pending.sort(key=lambda item: (item[0].body.structure_id, item[0].body.name))
    yield from with_responsible(pending, today)


# --- Meeting forms revised yearly -----------------------------------------------------------


@register(FORMS_REVISED)
def forms_revised(
    *, today: datetime.date, structure_ids: Collection[int] | None = None
) -> Iterator[Finding]:
    """Mötesformerna ska revideras varje år, och det har gått ett år sedan den senaste."""
    charters = charters_in_force(structure_ids, Q(meeting_forms_revised_yearly=True))
    changed_forms = Q()
    for name in FORM_FIELDS:
        changed_forms |= Q(changes__has_key=name)
    # A change of the charter's meeting forms is a revision; so is a new charter's decision.
    changed = {
        row["scope_id"]: local_day(row["last"])
        for row in Change.objects.filter(
            object_type="charter",
            action=Action.UPDATE,
            scope_type="body",
            scope_id__in=charters.values("body_id"),
        )
        .filter(changed_forms)
        .values("scope_id")
        .annotate(last=Max("timestamp"))
        .order_by()
    }
    pending: list[tuple[Charter, Finding]] = []
    for charter in charters:
        body = charter.body
        reviewed = body.meeting_forms_reviewed_on
        # What each known day was, the recorded review first when two fall on the same day.
        known = [
            (day, how)
            for day, how in (
                (reviewed, "gruppen såg över dem"),
                (changed.get(body.pk), "mötesformerna ändrades"),
                (charter.decided_on, "uppdragsbeskrivningen beslutades"),
            )
            if day is not None
        ]
        if not known:
            continue  # nothing to judge by
        last = max(day for day, _ in known)
        how = next(how for day, how in known if day == last)
        due = a_year_after(last)
        if today < due - FORMS_WARNING:
            continue
        severity = Severity.OVERDUE if today > due else Severity.DUE_SOON
        pending.append(
            (
                charter,
                Finding(
                    rule=FORMS_REVISED,
                    severity=severity,
                    message=f"{body.name} ska revidera sina mötesformer varje år. Senast "
                    f"systemet känner till är {date_text(last)}, då {how}; nästa revidering "
                    f"{'skulle ha skett' if severity == Severity.OVERDUE else 'ska ske'} "
                    f"senast {date_text(due)}. När gruppen har sett över mötesformerna, "
                    "också om de får vara som de är: registrera det med ”Mötesformerna har "
                    "setts över” på gruppens sida.",
                    structure_id=body.structure_id,
                    body_id=body.pk,
                    subject=body.name,
                    # Where the review is recorded: the body page's form for it.
                    url=reverse("work:body", args=[body.structure.slug, body.key])
                    + f"#{FORMS_REVIEW_ANCHOR}",
                    citation=(charter.citations or {}).get("meeting_form", ""),
                    due_on=due,
                    about=f"body:{body.pk}",
                ),
            )
        )
    yield from with_responsible(pending, today)
