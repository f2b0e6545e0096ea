"""Working pages for cases: a structure's cases, raising a case in a body, a case's page with
its whole way across bodies and meetings, and a structure's registry number format.

The case page shows the actions the viewer may do now, each posting to its own address; a
refused action shows the page again with the reason beside the field and at the top, an
accepted one goes back to the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from samverkan.cases import access
from samverkan.cases.forms_cases import (
    AgendaForm,
    AnswerForm,
    CaseEditForm,
    CloseForm,
    LiftForm,
    NumberingForm,
    PrepareForm,
    RaiseForm,
    ResolveForm,
)
from samverkan.cases.models import FINAL_CASE_STATUSES, Case, CaseStatus, CaseStep
from samverkan.cases.selectors.cases import (
    HANDLED,
    OPEN,
    bodies_near,
    case_recommendations,
    case_steps,
    case_timeline,
    case_years,
    cases_listed,
    coming_meetings,
)
from samverkan.cases.services import cases as services
from samverkan.cases.services import cases_steps as rules
from samverkan.cases.services.cases_numbering import (
    case_numbering_set,
    next_number_preview,
    numbering_of,
)
from samverkan.lib.errors import DomainError
from samverkan.lib.localtime import local_today
from samverkan.lib.users import acting_user
from samverkan.lib.webforms import post_action, show_refusal
from samverkan.meetings.models import Meeting
from samverkan.structure.access import (
    can_edit_structure,
    get_structure_for_edit,
    get_structure_for_read,
    remember_roles,
)
from samverkan.structure.bodypicker import body_choice
from samverkan.structure.models import Body, Membership

PER_PAGE = 50

# --- A structure's cases -------------------------------------------------------------------


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


@login_required
@require_safe
def case_list(request: HttpRequest, structure_slug: str) -> HttpResponse:
    user = request.user
    structure = get_structure_for_read(structure_slug)
    body = _int(request.GET.get("grupp"))
    # Bounded lists with a search (`structure/bodypicker.py`): the filter, and where to raise.
    body_filter = body_choice(structure=structure, field="grupp", data=request.GET, keep=[body])
    bodies = body_filter.bodies
    body = body if any(b.pk == body for b in bodies) else None
    year = _int(request.GET.get("ar"))
    state = request.GET.get("lage", "")
    status = state if state in CaseStatus.values else None
    state = state if state in (OPEN, HANDLED) or status else ""
    cases = cases_listed(
        viewer=user,
        structure=structure,
        body=body,
        status=status,
        state=state if not status else None,
        year=year,
    )
    page = Paginator(cases, PER_PAGE).get_page(request.GET.get("sida"))
    raisable = access.raisable_body_ids(user, structure)
    raise_choice = body_choice(structure=structure, field="vack", data=request.GET, only=raisable)
    query = request.GET.copy()
    query.pop("sida", None)
    return render(
        request,
        "cases/case_list.html",
        {
            "structure": structure,
            "page": page,
            "bodies": bodies,
            "body": body,
            "year": year,
            "years": case_years(structure=structure),
            "state": state,
            "states": [
                (OPEN, "Inte färdigbehandlade"),
                (HANDLED, "Färdigbehandlade"),
                *CaseStatus.choices,
            ],
            "body_filter": body_filter,
            "raise_choice": raise_choice,
            "is_coordinator": can_edit_structure(user, structure),
            "query": query.urlencode(),
        },
    )


# --- Raising a case -------------------------------------------------------------------------


@login_required
@require_safe
def case_new_choose(request: HttpRequest) -> HttpResponse:
    """The "Väck ärende" choice of a structure with many bodies: on to the chosen body's form,
    which checks that the user may raise a case there."""
    body = get_object_or_404(Body, pk=_int(request.GET.get("grupp")) or 0)
    return redirect("cases:case_new", body.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def case_new(request: HttpRequest, body_id: int) -> HttpResponse:
    """The body's "Väck ärende" form."""
    user = acting_user(request)
    body = access.get_body_for_raising(user, body_id)
    coordinator = access.is_coordinator(user, body.structure)
    members = (
        [
            m.person
            for m in Membership.objects.active_on(local_today())
            .filter(body=body)
            .select_related("person")
            .order_by("person__last_name", "person__first_name")
        ]
        if coordinator
        else []
    )
    people = {p.pk: p for p in members}
    form = RaiseForm(
        request.POST if request.method == "POST" else None,
        members=list(people.values()),
        coordinator=coordinator,
        initial={"raised_via": "member"},
    )
    if not coordinator:
        del form.fields["raised_by"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.case_raise(
                body=body,
                by=user,
                title=data["title"],
                description=data["description"],
                proposal=data["proposal"],
                question=data["question"],
                raised_via=data["raised_via"],
                raised_by=people.get(data.get("raised_by") or 0),
                network_name=data["network_name"],
                line_manager=data["line_manager"],
            )
        except DomainError as exc:
            show_refusal(form, exc.errors)
            messages.error(request, exc.message)
        else:
            messages.success(
                request, f"Ärendet är väckt i {body.name} med diarienummer {case.number}."
            )
            return redirect("cases:case", case.pk)
    return render(request, "cases/case_new.html", {"body": body, "form": form})


# --- A case's page --------------------------------------------------------------------------


@dataclass
class _Choices:
    """What the case's action forms offer, read once for the page."""

    step: CaseStep | None
    actions: frozenset[str]
    prepare: list[Body] = field(default_factory=list)
    lift: list[Body] = field(default_factory=list)
    answer: list[Body] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    lift_default: rules.LiftDefault | None = None
    answer_default: Body | None = None


def _choices(request: HttpRequest, case: Case, steps: list[CaseStep]) -> _Choices:
    """For someone who may move the case, the bodies and meetings its forms offer: read
    whatever the case's state (two queries), so that the page's count does not depend on it;
    the lift's default comes from the charter read with the case (`access.HOLDER_CHARTER`)."""
    step = rules.open_step(case, steps)
    if not access.can_edit_case(request.user, case):
        return _Choices(step, frozenset())
    actions = set(rules.case_actions(case, step))
    found = _Choices(step, frozenset())
    # The nearest bodies, not every body of the structure (hundreds at national scale).
    bodies = bodies_near(case=case, steps=steps)
    meetings = coming_meetings(body=case.current_body)
    if actions - {rules.EDIT, rules.RESOLVE, rules.CLOSE}:
        holder = case.current_body
        # Its own AU, committees and groups first, then those of the same commissioning body.
        near = {b.pk: (b.parent_id != holder.pk, b.parent_id != holder.parent_id) for b in bodies}
        found.prepare = sorted(
            (b for b in bodies if b.kind in rules.PREPARING_KINDS), key=lambda b: near[b.pk]
        )
        found.lift = found.answer = bodies
    if rules.AGENDA in actions:
        found.meetings = meetings
    if rules.LIFT in actions:
        charter = getattr(case, access.HOLDER_CHARTER, None)
        found.lift_default = rules.lift_default_of(case.current_body, charter)
        target = found.lift_default.body
        if target is not None and target.pk not in {b.pk for b in found.lift}:
            found.lift = [*found.lift, target]
    if rules.ANSWER in actions:
        found.answer_default = rules.answer_target(case, steps)
        if found.answer_default is None:
            actions.discard(rules.ANSWER)
    if rules.PREPARE in actions and not found.prepare:
        actions.discard(rules.PREPARE)
    if (
        rules.RESOLVE in actions
        and step is not None
        and step.role not in rules.ASKED_ROLES
        and not rules.can_decide(case.current_body)
    ):
        actions.discard(rules.RESOLVE)
    found.step, found.actions = step, frozenset(actions)
    return found


def _forms(case: Case, choices: _Choices, bound: dict[str, Form]) -> dict[str, Form]:
    version = {"lock_version": case.lock_version}
    makers: dict[str, Callable[[], Form]] = {
        rules.EDIT: lambda: CaseEditForm.of(case),
        rules.PREPARE: lambda: PrepareForm(bodies=choices.prepare, initial=version),
        rules.AGENDA: lambda: AgendaForm(meetings=choices.meetings, initial=version),
        rules.LIFT: lambda: LiftForm(
            bodies=choices.lift,
            initial={
                **version,
                "body": choices.lift_default.body.pk
                if choices.lift_default and choices.lift_default.body
                else "",
            },
        ),
        rules.ANSWER: lambda: AnswerForm(
            bodies=choices.answer,
            initial={
                **version,
                "body": choices.answer_default.pk if choices.answer_default else "",
            },
        ),
        rules.RESOLVE: lambda: ResolveForm(initial=version),
        rules.CLOSE: lambda: CloseForm(initial=version),
    }
    return {
        name: bound.get(name) or make() for name, make in makers.items() if name in choices.actions
    }


def _page(
    request: HttpRequest,
    case: Case,
    *,
    bound: dict[str, Form] | None = None,
    steps: list[CaseStep] | None = None,
) -> HttpResponse:
    steps = steps if steps is not None else case_steps(case=case)
    choices = _choices(request, case, steps)
    return render(
        request,
        "cases/case_page.html",
        {
            "case": case,
            "structure": case.structure,
            "timeline": case_timeline(case=case, viewer=request.user, steps=steps),
            "recommendations": case_recommendations(case=case, viewer=request.user, steps=steps),
            "finished": case.status in FINAL_CASE_STATUSES,
            "forms": _forms(case, choices, bound or {}),
            "choices": choices,
            "asked": choices.step is not None and choices.step.role in rules.ASKED_ROLES,
            "can_open_meetings": can_edit_structure(request.user, case.structure),
            "can_edit": access.can_edit_case(request.user, case),
        },
    )


@login_required
@require_safe
def case_page(request: HttpRequest, case_id: int) -> HttpResponse:
    # Access, the timeline's minutes and the recommendations each ask for the user's roles.
    remember_roles(request.user)
    return _page(request, access.get_case_for_read(request.user, case_id))


def _visit_case(request: HttpRequest, case_id: int) -> str:
    return reverse("cases:case", args=[case_id])


def _act(
    request: HttpRequest,
    case_id: int,
    name: str,
    make: Callable[[HttpRequest, _Choices], Form],
    do: Callable[[Case, dict[str, Any], _Choices], Case],
    done: str,
) -> HttpResponse:
    """One action: bind its form with the page's choices, call the service, and answer."""
    user = acting_user(request)
    case = access.get_case_for_edit(user, case_id)
    steps = case_steps(case=case)
    choices = _choices(request, case, steps)
    form = make(request, choices)
    if form.is_valid():
        try:
            do(case, form.cleaned_data, choices)
        except DomainError as exc:
            show_refusal(form, exc.errors)
            messages.error(request, exc.message)
        else:
            messages.success(request, done)
            return redirect("cases:case", case.pk)
    return _page(request, case, bound={name: form}, steps=steps)


def _body(bodies: list[Body], body_id: int | None) -> Body | None:
    return next((b for b in bodies if b.pk == body_id), None)


@login_required
@post_action(_visit_case)
def case_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    return _act(
        request,
        case_id,
        rules.EDIT,
        lambda r, c: CaseEditForm(r.POST, prefix="edit"),
        lambda case, data, c: services.case_update(
            case=case,
            by=acting_user(request),
            expected_version=data["lock_version"],
            **{k: data[k] for k in ("title", "description", "proposal", "question")},
        ),
        "Ärendet är sparat.",
    )


@login_required
@post_action(_visit_case)
def case_prepare(request: HttpRequest, case_id: int) -> HttpResponse:
    return _act(
        request,
        case_id,
        rules.PREPARE,
        lambda r, c: PrepareForm(r.POST, bodies=c.prepare),
        lambda case, data, c: services.case_send_for_preparation(
            case=case,
            to_body=_body(c.prepare, data["body"]) or case.current_body,
            by=acting_user(request),
            note=data["note"],
            expected_version=data["lock_version"],
        ),
        "Ärendet är skickat för beredning.",
    )


@login_required
@post_action(_visit_case)
def case_agenda(request: HttpRequest, case_id: int) -> HttpResponse:
    def put(case: Case, data: dict[str, Any], c: _Choices) -> Case:
        meeting = next(m for m in c.meetings if m.pk == data["meeting"])
        return services.case_put_on_agenda(
            case=case,
            meeting=meeting,
            by=acting_user(request),
            expected_version=data["lock_version"],
        )

    return _act(
        request,
        case_id,
        rules.AGENDA,
        lambda r, c: AgendaForm(r.POST, meetings=c.meetings),
        put,
        "Ärendet är satt på dagordningen.",
    )


@login_required
@post_action(_visit_case)
def case_lift(request: HttpRequest, case_id: int) -> HttpResponse:
    return _act(
        request,
        case_id,
        rules.LIFT,
        lambda r, c: LiftForm(r.POST, bodies=c.lift),
        lambda case, data, c: services.case_lift(
            case=case,
            to_body=_body(c.lift, data["body"]),
            role=data["role"],
            note=data["note"],
            by=acting_user(request),
            expected_version=data["lock_version"],
        ),
        "Ärendet är lyft.",
    )


@login_required
@post_action(_visit_case)
def case_answer(request: HttpRequest, case_id: int) -> HttpResponse:
    return _act(
        request,
        case_id,
        rules.ANSWER,
        lambda r, c: AnswerForm(r.POST, bodies=c.answer),
        lambda case, data, c: services.case_answer(
            case=case,
            to_body=_body(c.answer, data["body"]),
            text=data["text"],
            by=acting_user(request),
            expected_version=data["lock_version"],
        ),
        "Ärendet är besvarat.",
    )


@login_required
@post_action(_visit_case)
def case_resolve(request: HttpRequest, case_id: int) -> HttpResponse:
    return _act(
        request,
        case_id,
        rules.RESOLVE,
        lambda r, c: ResolveForm(r.POST),
        lambda case, data, c: services.case_resolve(
            case=case,
            text=data["text"],
            by=acting_user(request),
            expected_version=data["lock_version"],
        ),
        "Ärendet är avgjort.",
    )


@login_required
@post_action(_visit_case)
def case_close(request: HttpRequest, case_id: int) -> HttpResponse:
    return _act(
        request,
        case_id,
        rules.CLOSE,
        lambda r, c: CloseForm(r.POST),
        lambda case, data, c: services.case_close(
            case=case,
            text=data["text"],
            by=acting_user(request),
            expected_version=data["lock_version"],
        ),
        "Ärendet är avslutat.",
    )


# --- The registry number format ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def case_numbering(request: HttpRequest, structure_slug: str) -> HttpResponse:
    """The structure's registry number format, for its coordinators."""
    structure = get_structure_for_edit(request.user, structure_slug)
    numbering = numbering_of(structure)
    form = NumberingForm(
        request.POST if request.method == "POST" else None,
        initial={"pattern": numbering.pattern},
    )
    if request.method == "POST" and form.is_valid():
        try:
            case_numbering_set(
                structure=structure, pattern=form.cleaned_data["pattern"], by=acting_user(request)
            )
        except DomainError as exc:
            show_refusal(form, exc.errors)
            messages.error(request, exc.message)
        else:
            messages.success(request, "Formatet för diarienummer är sparat.")
            return redirect("cases:case_numbering", structure.slug)
    return render(
        request,
        "cases/case_numbering.html",
        {
            "structure": structure,
            "numbering": numbering,
            "saved": numbering.pk is not None,
            "next_number": next_number_preview(numbering, today=local_today()),
            "form": form,
        },
    )
