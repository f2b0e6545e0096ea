"""The cases app's rules for the charter check (collected by `samverkan.lib.findings`).

- `cases.assignment_overdue`: an assignment still given or in progress after its due date.
- `cases.assignment_due_soon`: one due within `DUE_SOON` (today included).
- `cases.recommendation_unanswered`: a recommendation sent to the principals that some have
  not decided: overdue after the answer date, due soon within `DUE_SOON` of it; and one not
  sent at all `ROUTE_WITHIN` after its minutes were approved (noted: the charter sets no
  date, but the coordinators "ansvarar för att rekommendationer förmedlas").
- `cases.working_group_review`: a working group or preparation committee past its review
  date (overdue) or within `REVIEW_SOON` of it (due soon), unless it has ended.

Each rule reads in bulk: a fixed number of queries for the whole installation, however many
assignments, recommendations and groups there are.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable, Iterator
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse

from samverkan.cases.models import (
    OPEN_ASSIGNMENT_STATUSES,
    Assignment,
    DecisionState,
    PrincipalDecision,
    Recommendation,
    WorkingGroup,
)
from samverkan.lib.findings import AppReminds, Finding, Responsible, Severity, register
from samverkan.lib.localtime import local, local_day
from samverkan.lib.swedish import count_text, date_text
from samverkan.structure.models import Charter, Membership, Person, Role

ASSIGNMENT_OVERDUE = "cases.assignment_overdue"
ASSIGNMENT_DUE_SOON = "cases.assignment_due_soon"
RECOMMENDATION_UNANSWERED = "cases.recommendation_unanswered"
WORKING_GROUP_REVIEW = "cases.working_group_review"

DUE_SOON = datetime.timedelta(days=14)
# A review is prepared in the creating body's meeting: a month ahead gives it one.
REVIEW_SOON = datetime.timedelta(days=30)
ROUTE_WITHIN = datetime.timedelta(days=30)
# Sent to the principal's decision body and not yet decided there.
WAITING_STATES = (DecisionState.SENT, DecisionState.PREPARING)
# More principals than this are counted rather than named in a message.
NAMED_PRINCIPALS = 5

COORDINATOR = "koordinator"


# --- Shared reads ---------------------------------------------------------------------------


def _within[R: QuerySet[Any]](rows: R, field: str, structure_ids: Collection[int] | None) -> R:
    if structure_ids is None:
        return rows
    return rows.filter(**{f"{field}__in": list(structure_ids)})


def _user_name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def coordinators(structure_ids: Iterable[int]) -> dict[int, Responsible]:
    """Each structure's coordinators as the responsible role (one query)."""
    wanted = set(structure_ids)
    if not wanted:
        return {}
    through = User.coordinated_structures.through  # type: ignore[attr-defined]
    found: dict[int, list[User]] = {}
    rows = through.objects.filter(structure_id__in=wanted, user__is_active=True).select_related(
        "user"
    )
    for row in rows:
        found.setdefault(row.structure_id, []).append(row.user)
    result = {}
    for structure_id in wanted:
        users = sorted(found.get(structure_id, []), key=lambda u: (_user_name(u), u.pk))
        result[structure_id] = Responsible(
            role=COORDINATOR,
            names=tuple(_user_name(u) for u in users),
            user_ids=tuple(u.pk for u in users),
        )
    return result


def _citations(body_ids: Iterable[int]) -> dict[int, dict[str, str]]:
    """The citations of each body's charter in force (one query)."""
    wanted = set(body_ids)
    if not wanted:
        return {}
    return {
        body_id: citations or {}
        for body_id, citations in Charter.objects.in_force()
        .filter(body_id__in=wanted)
        .values_list("body_id", "citations")
    }


def _people(role: str, persons: Iterable[Person]) -> Responsible | None:
    unique = list({p.pk: p for p in persons}.values())
    if not unique:
        return None
    return Responsible(
        role=role,
        names=tuple(p.full_name for p in unique),
        user_ids=tuple(p.user_id for p in unique if p.user_id),
    )


def _in_days(days: int) -> str:
    if days <= 1:
        return "i morgon" if days == 1 else "i dag"
    return f"om {count_text(days, 'dag', 'dagar')}"


def _and_list(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " och " + parts[-1]


# --- Assignments ----------------------------------------------------------------------------


def _open_assignments(structure_ids: Collection[int] | None, due: Q) -> list[Assignment]:
    rows = (
        Assignment.objects.filter(due, status__in=OPEN_ASSIGNMENT_STATUSES)
        .select_related("given_by", "to_body", "to_person", "report_to")
        .prefetch_related("responsible")
        .order_by("due_on", "pk")
    )
    return list(_within(rows, "structure_id", structure_ids))


def _assignment_findings(
    rule: str, severity: Severity, assignments: list[Assignment], today: datetime.date
) -> Iterator[Finding]:
    citations = _citations(a.given_by_id for a in assignments)
    coordinated = coordinators(a.structure_id for a in assignments)
    for assignment in assignments:
        receiver = (
            assignment.to_body.name
            if assignment.to_body
            else (assignment.to_person.full_name if assignment.to_person else "")
        )
        to = f" till {receiver}" if receiver else ""
        due = date_text(assignment.due_on)
        report_to = assignment.report_to.name
        if severity == Severity.OVERDUE:
            late = count_text((today - assignment.due_on).days, "dag", "dagar")
            message = (
                f"Uppdraget ”{assignment.title}”{to} skulle ha återrapporterats till "
                f"{report_to} senast {due} och är {late} försenat."
            )
        else:
            message = (
                f"Uppdraget ”{assignment.title}”{to} ska återrapporteras till {report_to} "
                f"senast {due}, {_in_days((assignment.due_on - today).days)}."
            )
        people = list(assignment.responsible.all())
        if assignment.to_person is not None:
            people.append(assignment.to_person)
        quotes = citations.get(assignment.given_by_id, {})
        # A working group's delivery date is in the charter's words on working groups.
        order = ("working_groups", "cases") if assignment.to_body_id else ("cases",)
        yield Finding(
            rule=rule,
            severity=severity,
            message=message,
            structure_id=assignment.structure_id,
            body_id=assignment.to_body_id or assignment.given_by_id,
            subject=assignment.title,
            url=reverse("cases:assignment", args=[assignment.pk]),
            citation=next((quotes[k] for k in order if quotes.get(k)), ""),
            due_on=assignment.due_on,
            responsible=_people("ansvarig för uppdraget", people)
            or coordinated[assignment.structure_id],
            about=f"assignment:{assignment.pk}",
        )


# `cases.reminders.assignments` reminds those responsible, the assignee and the coordinators
# of an overdue assignment, once per due date; the check's reminder comes before it.
@register(ASSIGNMENT_OVERDUE, reminded_by_app=AppReminds.EVERYONE)
def assignment_overdue(
    *, today: datetime.date, structure_ids: Collection[int] | None = None
) -> Iterator[Finding]:
    """Uppdrag som inte är återrapporterade fast datumet har passerat."""
    found = _open_assignments(structure_ids, Q(due_on__lt=today))
    yield from _assignment_findings(ASSIGNMENT_OVERDUE, Severity.OVERDUE, found, today)


@register(ASSIGNMENT_DUE_SOON)
def assignment_due_soon(
    *, today: datetime.date, structure_ids: Collection[int] | None = None
) -> Iterator[Finding]:
    """Uppdrag som ska återrapporteras inom två veckor."""
    found = _open_assignments(structure_ids, Q(due_on__gte=today, due_on__lte=today + DUE_SOON))
    yield from _assignment_findings(ASSIGNMENT_DUE_SOON, Severity.DUE_SOON, found, today)


# --- Recommendations ------------------------------------------------------------------------


def _waiting_recommendations(
    today: datetime.date, structure_ids: Collection[int] | None
) -> list[Recommendation]:
    """Sent, with an answer date at most `DUE_SOON` away, that a principal has not decided;
    each with its waiting decisions as `waiting` (two queries)."""
    waiting = PrincipalDecision.objects.filter(state__in=WAITING_STATES)
    rows = (
        Recommendation.objects.filter(
            routed_at__isnull=False,
            answer_by__isnull=False,
            answer_by__lte=today + DUE_SOON,
        )
        .filter(Exists(waiting.filter(recommendation=OuterRef("pk"))))
        .select_related("body")
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=waiting.select_related("principal"),
                to_attr="waiting",
            )
        )
        .order_by("answer_by", "pk")
    )
    return list(_within(rows, "structure_id", structure_ids))


def _unrouted_recommendations(
    today: datetime.date, structure_ids: Collection[int] | None
) -> list[Recommendation]:
    """Not sent to the principals more than `ROUTE_WITHIN` after the minutes were approved
    (or, for minutes without an approval time, after the meeting)."""
    limit = today - ROUTE_WITHIN
    rows = (
        Recommendation.objects.filter(routed_at__isnull=True)
        .filter(
            Q(minutes__approved_at__lt=local(limit, 0))
            | Q(minutes__approved_at__isnull=True, decided_on__lt=limit)
        )
        .select_related("body", "minutes")
        .order_by("decided_on", "pk")
    )
    return list(_within(rows, "structure_id", structure_ids))


def _principal_names(decisions: list[PrincipalDecision]) -> str:
    # The region first, as the balanslista lists them, then the municipalities by name.
    ordered = sorted(decisions, key=lambda d: (d.principal.kind != "region", d.principal.name))
    names = [d.principal.name for d in ordered]
    if len(names) > NAMED_PRINCIPALS:
        rest = len(names) - NAMED_PRINCIPALS + 1
        names = [*names[: NAMED_PRINCIPALS - 1], f"{count_text(rest, 'huvudman', 'huvudmän')} till"]
    return _and_list(names)


# `cases.reminders.recommendations` reminds each principal's registrar before and after the
# answer date, with a copy to the coordinators (this rule's responsible).
@register(RECOMMENDATION_UNANSWERED, reminded_by_app=AppReminds.EVERYONE)
def recommendation_unanswered(
    *, today: datetime.date, structure_ids: Collection[int] | None = None
) -> Iterator[Finding]:
    """Rekommendationer som huvudmännen inte har besvarat eller som inte har expedierats."""
    waiting = _waiting_recommendations(today, structure_ids)
    unrouted = _unrouted_recommendations(today, structure_ids)
    both = [*waiting, *unrouted]
    citations = _citations(r.body_id for r in both)
    coordinated = coordinators(r.structure_id for r in both)

    def finding(recommendation: Recommendation, **values: Any) -> Finding:
        return Finding(
            rule=RECOMMENDATION_UNANSWERED,
            structure_id=recommendation.structure_id,
            body_id=recommendation.body_id,
            subject=recommendation.title,
            url=reverse("cases:recommendation", args=[recommendation.pk]),
            citation=citations.get(recommendation.body_id, {}).get("recommendations", ""),
            responsible=coordinated[recommendation.structure_id],
            about=f"recommendation:{recommendation.pk}",
            **values,
        )

    for recommendation in waiting:
        answer_by = recommendation.answer_by
        assert answer_by is not None  # filtered above
        what = (
            f"Rekommendationen ”{recommendation.title}” från {recommendation.body.name} väntar "
            f"på beslut från {_principal_names(recommendation.waiting)}"  # type: ignore[attr-defined]
        )
        if answer_by < today:
            severity = Severity.OVERDUE
            message = f"{what}; svaret skulle ha kommit senast {date_text(answer_by)}."
        else:
            severity = Severity.DUE_SOON
            message = (
                f"{what}; svar senast {date_text(answer_by)}, {_in_days((answer_by - today).days)}."
            )
        yield finding(recommendation, severity=severity, message=message, due_on=answer_by)

    for recommendation in unrouted:
        approved = recommendation.minutes.approved_at
        day = local_day(approved) if approved else recommendation.decided_on
        since = count_text((today - day).days, "dag", "dagar")
        yield finding(
            recommendation,
            severity=Severity.NOTED,
            message=(
                f"Rekommendationen ”{recommendation.title}” från {recommendation.body.name} "
                f"har inte expedierats till huvudmännen, {since} efter att "
                f"minnesanteckningarna justerades ({date_text(day)})."
            ),
        )


# --- Working groups -------------------------------------------------------------------------

REVIEW_ROLES = (Role.CHAIR, Role.SECRETARY)


def _leaders(body_ids: Iterable[int], today: datetime.date) -> dict[int, list[Person]]:
    """The chair and secretary of each body on `today` (one query)."""
    wanted = set(body_ids)
    found: dict[int, list[Person]] = {}
    if not wanted:
        return found
    seats = (
        Membership.objects.active_on(today)
        .filter(body_id__in=wanted, role__in=REVIEW_ROLES)
        .select_related("person")
        .order_by("role", "person__last_name", "person__first_name", "pk")
    )
    for seat in seats:
        found.setdefault(seat.body_id, []).append(seat.person)
    return found


def _review_reminded(finding: Finding, today: datetime.date) -> AppReminds:
    """From the review date on, `cases.reminders.assignments` reminds the creating body's chair
    and secretary and the coordinators, once; the check's reminder is the warning ahead."""
    due = finding.due_on is not None and finding.due_on <= today
    return AppReminds.EVERYONE if due else AppReminds.NOTHING


@register(WORKING_GROUP_REVIEW, reminded_by_app=_review_reminded)
def working_group_review(
    *, today: datetime.date, structure_ids: Collection[int] | None = None
) -> Iterator[Finding]:
    """Arbetsgrupper och beredningar som ska ses över inom en månad eller skulle ha setts över."""
    rows = (
        WorkingGroup.objects.filter(review_on__lte=today + REVIEW_SOON)
        .filter(Q(body__end_date__isnull=True) | Q(body__end_date__gte=today))
        .select_related("body", "created_by_body")
        .order_by("review_on", "pk")
    )
    groups = list(_within(rows, "body__structure_id", structure_ids))
    citations = _citations(g.created_by_body_id for g in groups)
    leaders = _leaders((g.created_by_body_id for g in groups), today)
    coordinated = coordinators(g.body.structure_id for g in groups)
    for group in groups:
        body, creator = group.body, group.created_by_body
        what = f"{body.name}, som {creator.name} har tillsatt,"
        review = date_text(group.review_on)
        if group.review_on < today:
            severity = Severity.OVERDUE
            ago = count_text((today - group.review_on).days, "dag", "dagar")
            message = f"{what} skulle ha setts över senast {review}, för {ago} sedan."
        else:
            severity = Severity.DUE_SOON
            message = (
                f"{what} ska ses över senast {review}, {_in_days((group.review_on - today).days)}."
            )
        yield Finding(
            rule=WORKING_GROUP_REVIEW,
            severity=severity,
            message=message,
            structure_id=body.structure_id,
            body_id=body.pk,
            subject=body.name,
            url=reverse("cases:working_group", args=[group.pk]),
            citation=citations.get(group.created_by_body_id, {}).get("working_groups", ""),
            due_on=group.review_on,
            responsible=_people(
                f"ordförande eller sekreterare i {creator.name}",
                leaders.get(group.created_by_body_id, []),
            )
            or coordinated[body.structure_id],
            about=f"working_group:{group.pk}",
        )
