"""The start page after logging in ("Att göra") and the parts of it that load after it.

The page itself shows what a member looks for first and is cheap to read: their groups, the
reports they have to deliver and their coming meetings. The coordinator's findings, what
waits for them and the reminders that did not arrive, and the member's minutes to approve
and actions, each load from an address of their own as soon as the page is shown (htmx,
`hx-trigger="load"`; without JavaScript each is a link to the part as a page of its own).
So no request reads more than a dozen queries, and the same number however large the
installation is (`tests/test_todo_queries.py`). Each part is for the same users as the page:
a coordinator's parts for a coordinator (or an administrator), the member's for a user
who is a person in the register.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from samverkan.followup.selectors.reports import reports_to_deliver
from samverkan.lib.htmx import part_or_page
from samverkan.lib.localtime import local_today
from samverkan.lib.users import acting_user
from samverkan.structure.access import editable_structures
from samverkan.structure.models import Structure
from samverkan.work.reminders import undelivered_reminders
from samverkan.work.todo import (
    FINDINGS_SHOWN,
    coordinator_findings,
    coordinator_waiting,
)
from samverkan.work.todo_member import MemberTodo, coming_meetings, member_bodies, member_work


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The start page: the user's groups, reports due and coming meetings, and where the
    other parts load (`todo.py`)."""
    user = acting_user(request)
    now = timezone.now()
    today = local_today(now)
    mine = member_bodies(user=user, today=today)
    if mine.person is not None:
        mine.meetings = coming_meetings(person=mine.person, roles=mine.roles, now=now)
    return render(
        request,
        "work/home.html",
        {
            "structures": list(editable_structures(user)),
            "mine": mine,
            "my_bodies": mine.bodies,
            "reports_due": reports_to_deliver(user=user, today=today, roles=mine.roles),
        },
    )


def _part(request: HttpRequest, template: str, title: str, context: dict[str, Any]) -> HttpResponse:
    """The part alone for htmx to put in the page, or a page of its own for the link that
    stands in its place without JavaScript."""
    page_context = {**context, "part": template, "title": title}
    return part_or_page(request, template, "work/home_part.html", page_context)


def _coordinated(request: HttpRequest) -> list[Structure]:
    structures = list(editable_structures(acting_user(request)))
    if not structures:
        raise PermissionDenied("Den här delen av sidan Att göra är för koordinatorer.")
    return structures


def _member(request: HttpRequest) -> MemberTodo:
    mine = member_bodies(user=acting_user(request), today=local_today())
    if mine.person is None:
        raise PermissionDenied("Ditt konto är inte kopplat till någon person i strukturen.")
    return mine


@login_required
@require_safe
def findings(request: HttpRequest) -> HttpResponse:
    """The findings of the coordinator's structures as the charter check stored them."""
    structures = _coordinated(request)
    now = timezone.now()
    todo = coordinator_findings(structures=structures, now=now, today=local_today(now))
    return _part(
        request,
        "work/_todo_findings.html",
        "Avvikelser i dina strukturer",
        {"todo": todo, "structures": structures, "findings_shown": FINDINGS_SHOWN},
    )


@login_required
@require_safe
def waiting(request: HttpRequest) -> HttpResponse:
    """Notices, minutes, recommendations and assignments that wait for the coordinator."""
    structures = _coordinated(request)
    now = timezone.now()
    todo = coordinator_waiting(structures=structures, now=now, today=local_today(now))
    return _part(
        request,
        "work/_todo_coordinator.html",
        "Väntar på dig som koordinator",
        {"todo": todo, "structures": structures},
    )


@login_required
@require_safe
def reminders(request: HttpRequest) -> HttpResponse:
    """Reminders in the coordinator's structures that did not go out as they should."""
    structures = _coordinated(request)
    return _part(
        request,
        "work/_undelivered_reminders.html",
        "Påminnelser som inte kommit fram",
        {"undelivered": undelivered_reminders(structure_ids=[s.pk for s in structures])},
    )


@login_required
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    """Minutes the user approves or writes, and the actions and assignments they own."""
    todo = member_work(_member(request), today=local_today())
    return _part(
        request, "work/_todo_member.html", "Att justera, åtgärder och uppdrag", {"mine": todo}
    )
