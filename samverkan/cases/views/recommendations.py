"""Working pages for recommendations to the principals: a structure's list, a
recommendation's page with the principals' decisions, and one address per action on it
(choosing the principals, routing with a preview, recording a principal's decision).
The register of decision bodies is in `views/decision_bodies.py`.

A refused action shows the page again with the user's input and the reason beside the
field and at the top; an accepted one redirects back with a message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from samverkan.cases.access import (
    get_decision_for_edit,
    get_decision_for_read,
    get_recommendation_for_read,
    get_recommendation_for_routing,
    is_coordinator,
)
from samverkan.cases.forms_recommendations import DecisionForm, RouteForm
from samverkan.cases.models import (
    DECIDED_STATES,
    DecisionBody,
    DecisionReminder,
    DecisionState,
    PrincipalDecision,
)
from samverkan.cases.reminders.recommendations import (
    after_day,
    before_day,
    reminders_by_decision,
)
from samverkan.cases.selectors.recommendations import (
    decided_text,
    decision_bodies_of,
    decision_counts,
    principal_choices,
    recommendation_with_decisions,
    recommendations_listed,
)
from samverkan.cases.services.principal_decisions import (
    decision_file_response,
    decision_record,
)
from samverkan.cases.services.recommendations import (
    Outgoing,
    recommendation_route,
    recommendation_set_principals,
    route_plan,
)
from samverkan.lib.errors import ConflictError, DomainError
from samverkan.lib.users import acting_user
from samverkan.lib.webforms import post_action, show_refusal
from samverkan.structure.access import get_structure_for_read
from samverkan.structure.models import Principal

# --- The list ----------------------------------------------------------------------------


@login_required
@require_safe
def recommendation_list(request: HttpRequest, structure_slug: str) -> HttpResponse:
    structure = get_structure_for_read(structure_slug)
    open_only = request.GET.get("oppna") == "1"
    body_id = request.GET.get("organ", "")
    body = int(body_id) if body_id.isdigit() else None
    bodies = list(structure.bodies.filter(recommendations__isnull=False).distinct())
    recommendations = list(
        recommendations_listed(
            viewer=request.user, structure=structure, body=body, open_only=open_only
        )
    )
    return render(
        request,
        "cases/recommendation_list.html",
        {
            "structure": structure,
            "recommendations": recommendations,
            "bodies": bodies,
            "body_id": body,
            "open_only": open_only,
            "can_manage": is_coordinator(request.user, structure),
        },
    )


# --- The page ----------------------------------------------------------------------------


@dataclass
class DecisionRow:
    decision: PrincipalDecision
    # The body it was or will be sent to: the chosen one, or the principal's default.
    body: DecisionBody | None
    reminders: list[DecisionReminder] = field(default_factory=list)
    form: DecisionForm | None = None
    conflict: bool = False

    @property
    def decided(self) -> bool:
        return self.decision.state in DECIDED_STATES


def _context(request: HttpRequest, recommendation_id: int, **extra: Any) -> dict[str, Any]:
    user = request.user
    recommendation = recommendation_with_decisions(recommendation_id=recommendation_id)
    decisions = list(recommendation.decisions.all())
    manage = is_coordinator(user, recommendation.structure)
    bodies = decision_bodies_of(principal_ids=[d.principal_id for d in decisions])
    reminders = reminders_by_decision(decision_ids=[d.pk for d in decisions]) if manage else {}
    bound: DecisionForm | None = extra.pop("bound_decision", None)
    rows = []
    for decision in decisions:
        choices = bodies.get(decision.principal_id, [])
        row = DecisionRow(
            decision=decision,
            body=decision.decision_body or next((b for b in choices if b.is_default), None),
            reminders=reminders.get(decision.pk, []),
        )
        if manage:
            if bound is not None and bound.decision.pk == decision.pk:
                row.form = bound
                row.conflict = bool(extra.get("decision_conflict"))
            else:
                row.form = DecisionForm(decision=decision)
        rows.append(row)
    decided, total = decision_counts(recommendation)
    minutes = recommendation.minutes
    context: dict[str, Any] = {
        "recommendation": recommendation,
        "structure": recommendation.structure,
        "rows": rows,
        "decided_text": decided_text(decided, total),
        "can_manage": manage,
        "published": minutes.published_at is not None,
        "minutes_url": (
            reverse(
                "minutes_public:minutes",
                args=[recommendation.structure.slug, recommendation.body.key, minutes.pk],
            )
            if minutes.published_at is not None
            else reverse("minutes:minutes", args=[minutes.pk])
        ),
    }
    if recommendation.answer_by:
        context["before_day"] = before_day(recommendation.answer_by)
        context["after_day"] = after_day(recommendation.answer_by)
    if manage:
        context["principal_choices"] = principal_choices(recommendation=recommendation)
        context["route_form"] = RouteForm(
            decisions=decisions,
            bodies=bodies,
            initial={
                "lock_version": recommendation.lock_version,
                "answer_by": recommendation.answer_by,
            },
        )
    context.update(extra)
    return context


def _page(request: HttpRequest, recommendation_id: int, **extra: Any) -> HttpResponse:
    return render(
        request, "cases/recommendation_page.html", _context(request, recommendation_id, **extra)
    )


def _back(recommendation_id: int, anchor: str = "") -> HttpResponse:
    url = reverse("cases:recommendation", args=[recommendation_id])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _visit(request: HttpRequest, recommendation_id: int) -> str:
    return reverse("cases:recommendation", args=[recommendation_id])


def _visit_decision(request: HttpRequest, decision_id: int) -> str:
    decision = get_decision_for_edit(request.user, decision_id)
    return reverse("cases:recommendation", args=[decision.recommendation_id])


@login_required
@require_safe
def recommendation_page(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    get_recommendation_for_read(request.user, recommendation_id)
    return _page(request, recommendation_id)


# --- Choosing the principals -------------------------------------------------------------


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit() and len(v) < 19]


@login_required
@post_action(_visit)
def recommendation_principals(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    recommendation = get_recommendation_for_routing(request.user, recommendation_id)
    # Principals already sent to are shown ticked but cannot be unticked (disabled boxes
    # are not posted), so they are kept here; the service refuses removing them anyway.
    kept = recommendation.decisions.exclude(state=DecisionState.NOT_SENT, sent_on__isnull=True)
    ids = set(_ids(request.POST.getlist("principals"))) | set(
        kept.values_list("principal_id", flat=True)
    )
    version = _ids([request.POST.get("lock_version", "")])
    try:
        recommendation_set_principals(
            recommendation=recommendation,
            principals=list(Principal.objects.filter(pk__in=ids)),
            expected_version=version[0] if version else None,
            by=acting_user(request),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return _page(request, recommendation_id, principals_error=exc.message)
    messages.success(request, "Huvudmännen som rekommendationen gäller är sparade.")
    return _back(recommendation_id, "huvudman")


# --- Routing (expediera) -----------------------------------------------------------------


def _preview_values(form: RouteForm) -> list[tuple[str, str]]:
    """The form's answers as hidden fields, so that the preview's button sends the same."""
    data = form.cleaned_data
    values = [
        ("answer_by", data["answer_by"].isoformat()),
        ("lock_version", str(data["lock_version"])),
    ]
    values += [("principals", p) for p in data["principals"]]
    values += [(name, str(data[name])) for _, name in form.body_fields if data.get(name)]
    return values


@login_required
@post_action(_visit)
def route(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    recommendation = get_recommendation_for_routing(request.user, recommendation_id)
    current = recommendation_with_decisions(recommendation_id=recommendation_id)
    decisions = list(current.decisions.all())
    bodies = decision_bodies_of(principal_ids=[d.principal_id for d in decisions])
    form = RouteForm(request.POST, decisions=decisions, bodies=bodies)
    if not form.is_valid():
        messages.error(request, "Rekommendationen är inte expedierad; se uppgifterna nedan.")
        return _page(request, recommendation_id, route_form=form)
    wanted = set(form.cleaned_data["principals"])
    principals = [d.principal for d in decisions if str(d.principal_id) in wanted]
    chosen = form.chosen_bodies(bodies)
    user = acting_user(request)
    if "send" not in request.POST:
        try:
            plan: list[Outgoing] = route_plan(
                recommendation=current,
                answer_by=form.cleaned_data["answer_by"],
                principals=principals,
                decision_bodies=chosen,
                by=user,
            )
        except DomainError as exc:
            show_refusal(form, exc.errors)
            messages.error(request, exc.message)
            return _page(request, recommendation_id, route_form=form)
        return _page(
            request,
            recommendation_id,
            route_form=form,
            preview=plan,
            preview_values=_preview_values(form),
        )
    try:
        result = recommendation_route(
            recommendation=recommendation,
            answer_by=form.cleaned_data["answer_by"],
            principals=principals,
            decision_bodies=chosen,
            expected_version=form.cleaned_data["lock_version"],
            by=user,
        )
    except DomainError as exc:
        show_refusal(form, exc.errors)
        messages.error(request, exc.message)
        return _page(request, recommendation_id, route_form=form)
    if result.not_reached:
        messages.warning(request, result.message)
    else:
        messages.success(request, result.message)
    return _back(recommendation_id, "huvudman")


# --- Recording a principal's decision ----------------------------------------------------


@login_required
@post_action(_visit_decision)
def decision(request: HttpRequest, decision_id: int) -> HttpResponse:
    found = get_decision_for_edit(request.user, decision_id)
    form = DecisionForm(request.POST, request.FILES, decision=found)
    name = found.principal.name
    if form.is_valid():
        data = form.cleaned_data
        try:
            decision_record(
                decision=found,
                expected_version=data["lock_version"],
                by=acting_user(request),
                state=data["state"],
                decided_on=data["decided_on"],
                registry_number=data["registry_number"],
                paragraph=data["paragraph"],
                link=data["link"],
                note=data["note"],
                file=data.get("file"),
                remove_file=bool(data.get("remove_file")),
            )
        except ConflictError as exc:
            # Keep what was written, bound to the version now saved, beside what that says.
            saved = PrincipalDecision.objects.get(pk=found.pk)
            posted = request.POST.copy()
            posted[f"{form.prefix}-lock_version"] = str(saved.lock_version)
            form = DecisionForm(posted, decision=saved)
            form.is_valid()
            form.add_error(None, exc.message)
            messages.error(request, exc.message)
            return _page(
                request, found.recommendation_id, bound_decision=form, decision_conflict=True
            )
        except DomainError as exc:
            show_refusal(form, exc.errors)
            messages.error(request, f"Beslutet för {name} sparades inte: {exc.message}")
        else:
            messages.success(request, f"Beslutet för {name} är registrerat.")
            return _back(found.recommendation_id, f"beslut-{found.pk}")
    else:
        messages.error(request, f"Beslutet för {name} sparades inte; se uppgifterna nedan.")
    return _page(request, found.recommendation_id, bound_decision=form)


@require_safe
def decision_file(request: HttpRequest, decision_id: int) -> FileResponse:
    """The file of a principal's decision, for whoever may read the recommendation (anyone,
    once its minutes are published: a decision by a principal is a public document)."""
    return decision_file_response(get_decision_for_read(request.user, decision_id))
