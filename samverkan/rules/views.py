"""The charter check's working pages: the findings of the whole installation (admins) or of
the coordinator's structures, one structure's findings, and one address per action
(accepting a finding as a deviation, withdrawing that)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from samverkan.lib.errors import DomainError
from samverkan.lib.findings import Severity, collect, deadline_stated
from samverkan.lib.localtime import local_today
from samverkan.lib.swedish import count_text
from samverkan.lib.users import acting_user
from samverkan.lib.webforms import post_action, show_refusal
from samverkan.rules import access
from samverkan.rules.checking import request_check
from samverkan.rules.forms import AcknowledgeForm, FilterForm, WithdrawForm
from samverkan.rules.models import Acknowledgement, StoredFinding
from samverkan.rules.reminders import reminders_needing_attention
from samverkan.rules.services import acknowledgement_withdraw, finding_acknowledge
from samverkan.rules.stored import (
    accepted_findings,
    as_stored,
    body_choices,
    check_status,
    open_counts,
    stored_findings,
)
from samverkan.structure.models import Structure

# A page lists this many findings to act on; the rest are on the next pages, or narrowed
# by the filters. Each has its form to accept it: 25 keep the largest structure's page
# (798 bodies in the filter) near 100 kB; 50 made it 159 kB.
PER_PAGE = 25
# Accepted findings shown; they are few (each is a coordinator's decision).
ACCEPTED_SHOWN = 100
SEVERITY_WORDS = {
    Severity.OVERDUE: ("försenad", "försenade"),
    Severity.DUE_SOON: ("snart dags", "snart dags"),
    Severity.NOTED: ("att notera", "att notera"),
}


@dataclass
class Row:
    finding: StoredFinding
    can_acknowledge: bool
    # The rule in words (its description), not its code.
    rule_text: str = ""
    acknowledgement: Acknowledgement | None = None
    form: AcknowledgeForm | None = None
    opened: bool = False  # the form was refused: shown open, with the reason

    @property
    def structure(self) -> Structure:
        return self.finding.structure

    @property
    def body_name(self) -> str:
        return self.finding.body.name if self.finding.body is not None else ""

    @property
    def due_in_message(self) -> bool:
        """Most findings say their deadline in the message ("… ska revideras senast 3 mars
        2027."): the page then does not say it again."""
        return deadline_stated(self.finding.message, self.finding.due_on)


@dataclass(frozen=True)
class Refusal:
    """A refused acceptance, shown again beside the finding it was for."""

    data: Any
    errors: dict[str, list[str]]


class _Counted(Paginator):  # type: ignore[type-arg]
    """A paginator told the count, which the page already has from its counts."""

    def __init__(self, rows: Any, per_page: int, count: int) -> None:
        super().__init__(rows, per_page)
        self.__dict__["count"] = count


def _counts_text(counts: dict[str, int]) -> str:
    parts = [
        count_text(counts[severity.value], *SEVERITY_WORDS[severity])
        for severity in Severity
        if counts[severity.value]
    ]
    return ", ".join(parts) if parts else "inga avvikelser"


def _page(
    request: HttpRequest, structure: Structure | None, refusal: Refusal | None = None
) -> HttpResponse:
    user = request.user
    scope = {structure.pk} if structure is not None else access.findings_scope(user)
    today = local_today()
    status = check_status(scope)
    if status.unasked:
        # A fresh installation or a new structure: the worker checks it now.
        request_check(status.unasked)
    elif scope is None and not status.checked:
        request_check(list(Structure.objects.values_list("pk", flat=True)))
    rules = collect()
    rule_texts = {rule.code: rule.description.rstrip(".") for rule in rules}
    single = scope is not None and len(scope) == 1
    bodies = body_choices(scope) if single else []
    filter_form = FilterForm(request.GET or None, bodies=bodies, rules=rules)
    filters = filter_form.filters()
    everything = open_counts(structure_ids=scope)
    counts = open_counts(structure_ids=scope, filters=filters) if filters.any else everything
    to_act_count = len(counts)
    paginator = _Counted(
        stored_findings(structure_ids=scope, filters=filters, acknowledged=False).select_related(
            "structure", "body"
        ),
        PER_PAGE,
        to_act_count,
    )
    page = paginator.get_page(request.GET.get("sida"))
    accepted = list(accepted_findings(structure_ids=scope, filters=filters)[:ACCEPTED_SHOWN])
    # Everyone let in here may accept the findings of the structures in view (a finding of no
    # structure: nobody, as before; the check stores each under its structure).
    here = request.get_full_path() if request.method == "GET" else ""
    if refusal is not None:
        here = str(refusal.data.get("next", ""))

    def row(index: int, item: StoredFinding, ack: Acknowledgement | None = None) -> Row:
        found = Row(
            finding=item,
            can_acknowledge=access.can_acknowledge(user, item.structure_id),
            rule_text=rule_texts.get(item.rule, ""),
            acknowledgement=ack,
        )
        if found.can_acknowledge and found.acknowledgement is None:
            auto_id = f"avvikelse-{index}-%s"
            if refusal is not None and refusal.data.get("key") == item.key:
                found.form = AcknowledgeForm(refusal.data, auto_id=auto_id)
                found.form.is_valid()
                show_refusal(found.form, refusal.errors)
                found.opened = True
            else:
                found.form = AcknowledgeForm(
                    initial={"key": item.key, "next": here}, auto_id=auto_id
                )
        return found

    rows = [row(i, item) for i, item in enumerate(page.object_list)]
    per_structure = []
    if structure is None and everything.by_structure:
        places = Structure.objects.filter(pk__in=everything.by_structure).order_by("name")
        for pk, name, slug in places.values_list("pk", "name", "slug"):
            per_structure.append((slug, name, _counts_text(everything.total(pk))))
    query = request.GET.copy()
    query.pop("sida", None)
    return render(
        request,
        "rules/findings.html",
        {
            "structure": structure,
            "today": today,
            "status": status,
            "summary": _counts_text(counts.total()),
            "filter_form": filter_form,
            "filtered": filters.any,
            "rows": rows,
            "page": page,
            "query": query.urlencode(),
            "to_act_count": to_act_count,
            "accepted": [row(len(rows) + i, as_stored(ack), ack) for i, ack in enumerate(accepted)],
            "accepted_more": len(accepted) >= ACCEPTED_SHOWN,
            "here": here,
            "per_structure": per_structure,
            "reminders": reminders_needing_attention(structure_ids=scope),
        },
    )


@login_required
@require_safe
def findings(request: HttpRequest) -> HttpResponse:
    """The whole installation for an admin; a coordinator's own structures."""
    return _page(request, None)


@login_required
@require_safe
def structure_findings(request: HttpRequest, structure_slug: str) -> HttpResponse:
    structure = access.get_structure_for_findings(request.user, structure_slug)
    return _page(request, structure)


def _back(request: HttpRequest, structure_slug: str, **kwargs: Any) -> str:
    return reverse("rules:structure_findings", args=[structure_slug])


def _next(request: HttpRequest, wanted: str, structure: Structure) -> str:
    """The list the form was on (with its filters), if it is one of these pages."""
    if (
        wanted
        and wanted.startswith(reverse("rules:findings"))
        and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()})
    ):
        return wanted
    return reverse("rules:structure_findings", args=[structure.slug])


@login_required
@post_action(_back)
def acknowledge(request: HttpRequest, structure_slug: str) -> HttpResponse:
    structure = access.get_structure_for_findings(request.user, structure_slug)
    form = AcknowledgeForm(request.POST)
    refused: dict[str, list[str]] = {}
    if form.is_valid():
        try:
            ack = finding_acknowledge(
                finding_key=form.cleaned_data["key"],
                reason=form.cleaned_data["reason"],
                by=acting_user(request),
                today=local_today(),
                structure_ids={structure.pk},
            )
        except DomainError as exc:
            refused = exc.errors
            show_refusal(form, exc.errors)
        else:
            messages.success(
                request,
                f"Avvikelsen är accepterad: {ack.subject or ack.message}. Den står nu under "
                "Accepterade avvikelser och ingen påminnelse skickas om den.",
            )
            return redirect(_next(request, form.cleaned_data.get("next", ""), structure))
    first = next((str(e) for texts in form.errors.values() for e in texts), "")
    messages.error(request, f"Avvikelsen kunde inte accepteras. {first}")
    # The page again, with the form beside its finding: its own errors come back when it
    # is validated there, the service's refusals are added.
    return _page(request, structure, Refusal(data=request.POST, errors=refused))


@login_required
@post_action(_back)
def withdraw(request: HttpRequest, structure_slug: str, acknowledgement_id: int) -> HttpResponse:
    structure = access.get_structure_for_findings(request.user, structure_slug)
    ack = access.get_acknowledgement_for_withdraw(request.user, structure, acknowledgement_id)
    form = WithdrawForm(request.POST)
    wanted = form.cleaned_data.get("next", "") if form.is_valid() else ""
    try:
        acknowledgement_withdraw(acknowledgement=ack, by=acting_user(request))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"Accepterandet är återkallat: {ack.subject or ack.message}. Avvikelsen står åter "
            "bland det som ska åtgärdas.",
        )
    return redirect(_next(request, wanted, structure))


def _asked(request: HttpRequest) -> None:
    messages.success(
        request,
        "En ny regelkontroll är beställd. Den körs i bakgrunden och brukar ta någon minut; "
        "ladda om sidan för att se resultatet.",
    )


@login_required
@post_action(lambda request: reverse("rules:findings"))
def check_now(request: HttpRequest) -> HttpResponse:
    """ "Kontrollera nu" for every structure on the overview: the worker checks them again."""
    scope = access.findings_scope(request.user)
    ids = list(Structure.objects.values_list("pk", flat=True)) if scope is None else sorted(scope)
    request_check(ids)
    _asked(request)
    return redirect("rules:findings")


@login_required
@post_action(_back)
def structure_check_now(request: HttpRequest, structure_slug: str) -> HttpResponse:
    """ "Kontrollera nu" for one structure: the worker checks it again."""
    structure = access.get_structure_for_findings(request.user, structure_slug)
    request_check([structure.pk])
    _asked(request)
    return redirect("rules:structure_findings", structure.slug)
