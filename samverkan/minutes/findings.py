"""Minutes' rules for the charter check (collected by `samverkan.lib.findings`).

Besides the minutes' own rule, this module holds `structure.no_chair_for_meeting`: it is a
rule about the structure's chair and vice chair, but it needs the coming meetings, and the
structure may not read meetings (it sits below them). Minutes is the lowest app that may
read both whose rules module belongs to this part of the work, so the rule lives here under
the structure's code.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterator

from django.db.models import Count, Prefetch, Q
from django.urls import reverse

from samverkan.lib.findings import AppReminds, Finding, Responsible, Severity, register
from samverkan.lib.localtime import local, local_day, meeting_day
from samverkan.lib.swedish import count_text, date_text, day_text, month_name
from samverkan.lib.workdays import working_days_after
from samverkan.meetings.models import OPEN_STATUSES, Meeting, MeetingStatus
from samverkan.minutes.models import ApprovalDecision, Minutes, MinutesApprover, MinutesStatus
from samverkan.structure.findings_support import (
    body_url,
    cite,
    coordinator_of,
    coordinators,
    holds_on,
    people_responsible,
)
from samverkan.structure.models import (
    Body,
    ChairRotation,
    Charter,
    Convener,
    Membership,
    MinutesApproval,
    Role,
)

NO_CHAIR_FOR_MEETING = "structure.no_chair_for_meeting"
APPROVAL_OVERDUE = "minutes.approval_overdue"
# The responsible role of minutes waiting on approvers, whom `minutes.reminders` reminds.
APPROVERS = "justerare"

# Meetings this far ahead are checked for a chair and vice chair.
COMING = datetime.timedelta(days=60)
# Minutes of meetings older than this are history, not work: the rule reads no further back,
# which also keeps its reading bounded in an installation with years of meetings.
LOOKBACK = datetime.timedelta(days=365)

# The charter's rules that say the body has a chair, or a vice chair, even before anyone
# has held the role in the register.
CHAIR_APPROVALS = (
    MinutesApproval.CHAIR,
    MinutesApproval.CHAIR_AND_ADJUSTER,
    MinutesApproval.CHAIR_AND_VICE_CHAIR,
)
VICE_APPROVALS = (MinutesApproval.VICE_CHAIR, MinutesApproval.CHAIR_AND_VICE_CHAIR)
ROLE_WORDS: dict[str, str] = {Role.CHAIR: "ordförande", Role.VICE_CHAIR: "vice ordförande"}


def _charters(body_ids: Collection[int]) -> dict[int, Charter]:
    return {c.body_id: c for c in Charter.objects.in_force().filter(body_id__in=body_ids)}


# --- A chair and vice chair for the coming meetings ----------------------------------------


def expected_roles(charter: Charter | None, held: dict[str, list[Membership]]) -> list[str]:
    """The leading roles the body has: those someone has held, and those its charter names."""
    chair = bool(held.get(Role.CHAIR))
    vice = bool(held.get(Role.VICE_CHAIR))
    if charter is not None:
        chair = chair or (
            charter.chair_rotation == ChairRotation.YEARLY
            or charter.chair_and_vice_chair_from_different_principals
            or bool(charter.chair_principal_kind)
            or charter.convener in (Convener.CHAIR, Convener.CHAIR_AND_SECRETARY)
            or charter.chair_owns_agenda
            or charter.minutes_approval in CHAIR_APPROVALS
        )
        vice = vice or (
            charter.chair_and_vice_chair_from_different_principals
            or charter.minutes_approval in VICE_APPROVALS
        )
    return [role for role, wanted in ((Role.CHAIR, chair), (Role.VICE_CHAIR, vice)) if wanted]


@register(NO_CHAIR_FOR_MEETING)
def no_chair_for_meeting(
    *, today: datetime.date, structure_ids: Collection[int] | None = None
) -> Iterator[Finding]:
    """Ett kommande möte (inom 60 dagar) där gruppen saknar ordförande eller vice ordförande."""
    meetings = Meeting.objects.filter(
        status__in=OPEN_STATUSES,
        starts_at__gte=local(today, 0),
        starts_at__lt=local(today + COMING + datetime.timedelta(days=1), 0),
    ).exclude(body__end_date__lt=today)
    if structure_ids is not None:
        meetings = meetings.filter(body__structure_id__in=structure_ids)
    coming: dict[int, list[Meeting]] = {}
    bodies: dict[int, Body] = {}
    for meeting in meetings.select_related("body__structure").order_by("starts_at", "pk"):
        coming.setdefault(meeting.body_id, []).append(meeting)
        bodies[meeting.body_id] = meeting.body
    charters = _charters(list(bodies))
    held: dict[int, dict[str, list[Membership]]] = {}
    for m in Membership.objects.filter(
        body_id__in=list(bodies), role__in=[Role.CHAIR, Role.VICE_CHAIR]
    ).select_related("person"):
        held.setdefault(m.body_id, {}).setdefault(m.role, []).append(m)
    responsible = coordinators(structure_ids={b.structure_id for b in bodies.values()})
    ordered = sorted(bodies.values(), key=lambda b: (b.structure.name, b.position, b.name))
    for body in ordered:
        charter = charters.get(body.pk)
        roles = held.get(body.pk, {})
        wanted = expected_roles(charter, roles)
        lacking = [
            (
                meeting,
                [r for r in wanted if holds_on(roles.get(r, []), meeting_day(meeting)) is None],
            )
            for meeting in coming[body.pk]
        ]
        lacking = [(meeting, missing) for meeting, missing in lacking if missing]
        if not lacking:
            continue
        meeting, missing = lacking[0]
        yield _no_chair(
            body, charter, meeting, missing, roles, len(lacking) - 1, today, responsible
        )


def _no_chair(
    body: Body,
    charter: Charter | None,
    meeting: Meeting,
    missing: list[str],
    roles: dict[str, list[Membership]],
    more: int,
    today: datetime.date,
    responsible: dict[int, Responsible],
) -> Finding:
    day = meeting_day(meeting)
    nobody = " och ingen ".join(ROLE_WORDS[r] for r in missing)
    message = f"{body.name} har möte {day_text(day)} men ingen {nobody} den dagen"
    ended = [m.end for r in missing for m in roles.get(r, []) if m.end and m.end < day]
    if ended:
        last = max(ended)
        verb = "slutade" if last < today else "slutar"
        plural = "uppdragen" if len(missing) > 1 else "uppdraget"
        message += f" ({plural} {verb} {date_text(last)} och ingen efterträdare är utsedd)"
    message += ". Utse " + " och ".join(ROLE_WORDS[r] for r in missing) + " före mötet."
    if more:
        others = "ett möte" if more == 1 else count_text(more, "möte", "möten")
        message += f" Det gäller också {others} till inom 60 dagar."
    return Finding(
        rule=NO_CHAIR_FOR_MEETING,
        severity=Severity.DUE_SOON,
        message=message,
        structure_id=body.structure_id,
        body_id=body.pk,
        subject=body.name,
        url=body_url(body),
        citation=cite(charter, "leadership"),
        due_on=day,
        responsible=coordinator_of(responsible, body.structure_id),
        about=f"meeting:{meeting.pk}",
    )


# --- Minutes approved and published in time ----------------------------------------------


def _short_date(day: datetime.date, today: datetime.date) -> str:
    """'26 november', with the year only when it is not this year's."""
    text = f"{day.day} {month_name(day.month)}"
    return text if day.year == today.year else f"{text} {day.year}"


def _by(moment: datetime.datetime | None, today: datetime.date) -> bool:
    """Whether `moment` had happened by the end of `today` (the check may judge a past day)."""
    return moment is not None and local_day(moment) <= today


def _approvers_reminded(finding: Finding, today: datetime.date) -> AppReminds:
    """Approvers who have not answered are reminded every second working day by
    `minutes.reminders`: the check then tells only the coordinators, once overdue. A
    secretary holding the minutes up has no other reminder than the check's."""
    waiting = finding.responsible is not None and finding.responsible.role == APPROVERS
    return AppReminds.RESPONSIBLE if waiting else AppReminds.NOTHING


@register(APPROVAL_OVERDUE, reminded_by_app=_approvers_reminded)
def approval_overdue(
    *, today: datetime.date, structure_ids: Collection[int] | None = None
) -> Iterator[Finding]:
    """Minnesanteckningar som inte är justerade och publicerade inom strukturens gräns, och vem
    som håller upp dem."""
    minutes = (
        Minutes.objects.filter(addendum_to__isnull=True)
        .select_related("taken_by")
        .annotate(open_holds=Count("holds", filter=Q(holds__resolution="")))
        .prefetch_related(
            Prefetch(
                "approvers",
                queryset=MinutesApprover.objects.select_related("person").order_by("round", "pk"),
            )
        )
    )
    meetings = (
        Meeting.objects.filter(
            starts_at__gte=local(today - LOOKBACK, 0), starts_at__lt=local(today, 0)
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("body__structure")
        .prefetch_related(Prefetch("minutes", queryset=minutes, to_attr="originals"))
        .order_by("starts_at", "pk")
    )
    if structure_ids is not None:
        meetings = meetings.filter(body__structure_id__in=structure_ids)
    loaded = list(meetings)
    body_ids = {m.body_id for m in loaded}
    charters = _charters(body_ids)
    secretaries: dict[int, list[Membership]] = {}
    for s in Membership.objects.filter(body_id__in=body_ids, role=Role.SECRETARY).select_related(
        "person"
    ):
        secretaries.setdefault(s.body_id, []).append(s)
    responsible = coordinators(structure_ids={m.body.structure_id for m in loaded})
    for meeting in loaded:
        day = meeting_day(meeting)
        limit = meeting.body.structure.minutes_approval_days
        due = working_days_after(day, limit) if limit else day
        original = next((m for m in meeting.originals if _by(m.created_at, today)), None)
        charter = charters.get(meeting.body_id)
        state, who = _holding_up(original, today, secretaries.get(meeting.body_id, []), day)
        if state is None:
            continue
        body = meeting.body
        done = "justerade" if _needs_approval(original, charter) else "fastställda"
        if original.public if original is not None else bool(charter and charter.minutes_public):
            done += " och publicerade"
        message = (
            f"Minnesanteckningarna från mötet i {body.name} {day_text(day)} {state}. De ska "
            f"vara {done} senast {date_text(due)} "
            f"({count_text(limit, 'arbetsdag', 'arbetsdagar')} efter mötet)."
        )
        url = (
            reverse("minutes:minutes", args=[original.pk])
            if original is not None
            else reverse("meetings:meeting", args=[meeting.pk])
        )
        yield Finding(
            rule=APPROVAL_OVERDUE,
            severity=Severity.OVERDUE if today > due else Severity.DUE_SOON,
            message=message,
            structure_id=body.structure_id,
            body_id=body.pk,
            subject=f"{body.name}, möte {date_text(day)}",
            url=url,
            citation=cite(charter, "minutes"),
            due_on=due,
            responsible=who or coordinator_of(responsible, body.structure_id),
            about=f"meeting:{meeting.pk}:minutes",
        )


def _needs_approval(minutes: Minutes | None, charter: Charter | None) -> bool:
    rule = minutes.approval_rule if minutes is not None and minutes.submitted_at else None
    if rule is None:
        rule = charter.minutes_approval if charter is not None else MinutesApproval.NOT_STATED
    return rule not in (MinutesApproval.NONE, MinutesApproval.NOT_STATED)


def _holding_up(
    minutes: Minutes | None,
    today: datetime.date,
    secretaries: list[Membership],
    day: datetime.date,
) -> tuple[str | None, Responsible | None]:
    """Where the minutes stand on `today`, in words, and who is holding them up; no words
    when they are done (approved, and published if public)."""
    if minutes is None:
        secretary = holds_on(secretaries, day) or holds_on(secretaries, today)
        who = people_responsible("sekreterare", [secretary.person]) if secretary else None
        return "är inte påbörjade", who
    writer = people_responsible("sekreterare", [minutes.taken_by]) if minutes.taken_by else None
    if minutes.status == MinutesStatus.APPROVED and _by(minutes.approved_at, today):
        if not minutes.public or _by(minutes.published_at, today):
            return None, None
        held = (
            "; något som liknar ett personnummer väntar på beslut innan de kan publiceras"
            if minutes.open_holds  # type: ignore[attr-defined]
            else ""
        )
        return f"är justerade men inte publicerade{held}", None
    asked = [a for a in minutes.approvers.all() if _by(a.requested_at, today)]
    last_round = max((a.round for a in asked), default=0)
    waiting = [
        a
        for a in asked
        if a.round == last_round
        and (a.decision == ApprovalDecision.PENDING or not _by(a.decided_at, today))
    ]
    if waiting and _by(minutes.submitted_at, today):
        since = min(local_day(a.requested_at) for a in waiting)
        names = " och ".join(str(a.person) for a in waiting)
        return (
            f"väntar på justering av {names} sedan {_short_date(since, today)}",
            people_responsible(APPROVERS, [a.person for a in waiting]),
        )
    if minutes.status == MinutesStatus.RETURNED and last_round:
        writer_name = f" till {minutes.taken_by}" if minutes.taken_by else ""
        return f"har återsänts för ändring{writer_name}", writer
    writer_name = f" hos {minutes.taken_by}" if minutes.taken_by else ""
    return f"är ett utkast{writer_name}", writer
