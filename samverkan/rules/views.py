"""The charter check's working pages: the findings of the whole installation (admins) or of
the coordinator's structures, one structure's findings, and one address per action
(accepting a finding as a deviation, withdrawing that)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from samverkan.lib.errors import DomainError
from samverkan.lib.findings import Severity, collect
from samverkan.lib.localtime import local_today
from samverkan.lib.swedish import count_text
from samverkan.lib.users import acting_user
from samverkan.lib.webforms import post_action, show_refusal
from samverkan.rules import access
from samverkan.rules.forms import AcknowledgeForm, FilterForm, WithdrawForm
from samverkan.rules.models import Acknowledgement
from samverkan.rules.reminders import reminders_needing_attention
from samverkan.rules.selectors import (
    ShownFinding,
    current_findings,
    filter_shown,
    finding_places,
    open_and_acknowledged,
    severity_counts,
)
from samverkan.rules.services import acknowledgement_withdraw, finding_acknowledge
from samverkan.structure.models import Structure

# A page lists at most this many findings to act on: the filters narrow a longer list.
SHOWN_AT_MOST = 200
SEVERITY_WORDS = {
    Severity.OVERDUE: ("försenad", "försenade"),
    Severity.DUE_SOON: ("snart dags", "snart dags"),
    Severity.NOTED: ("att notera", "att notera"),
}


@dataclass
class Row:
    shown: ShownFinding
    structure: Structure | None
    body_name: str
    can_acknowledge: bool
    # The rule in words (its description), not its code.
    rule_text: str = ""
    form: AcknowledgeForm | None = None
    opened: bool = False  # the form was refused: shown open, with the reason

    @property
    def finding(self) -> Any:
        return self.shown.finding

    @property
    def acknowledgement(self) -> Acknowledgement | None:
        return self.shown.acknowledgement


@dataclass(frozen=True)
class Refusal:
    """A refused acceptance, shown again beside the finding it was for."""

    data: Any
    errors: dict[str, list[str]]


def _counts_text(shown: list[ShownFinding]) -> str:
    counts = severity_counts(shown)
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
    everything = current_findings(today=today, structure_ids=scope)
    structures, body_names = finding_places(everything)
    bodies = sorted(
        {
            (f.finding.body_id, body_names.get(f.finding.body_id, ""))
            for f in everything
            if f.finding.body_id
        },
        key=lambda pair: (pair[1], pair[0]),
    )
    rules = collect()
    rule_texts = {rule.code: rule.description.rstrip(".") for rule in rules}
    filter_form = FilterForm(request.GET or None, bodies=bodies, rules=rules)
    filters = filter_form.filters()
    shown = filter_shown(everything, filters)
    to_act, accepted = open_and_acknowledged(shown)
    here = request.get_full_path() if request.method == "GET" else ""
    if refusal is not None:
        here = str(refusal.data.get("next", ""))

    def row(index: int, item: ShownFinding) -> Row:
        finding = item.finding
        found = Row(
            shown=item,
            structure=structures.get(finding.structure_id) if finding.structure_id else None,
            body_name=body_names.get(finding.body_id, "") if finding.body_id else "",
            can_acknowledge=access.can_acknowledge(user, finding.structure_id)
            and finding.structure_id is not None,
            rule_text=rule_texts.get(finding.rule, ""),
        )
        if found.can_acknowledge and not item.acknowledged:
            auto_id = f"avvikelse-{index}-%s"
            if refusal is not None and refusal.data.get("key") == finding.key:
                found.form = AcknowledgeForm(refusal.data, auto_id=auto_id)
                found.form.is_valid()
                show_refusal(found.form, refusal.errors)
                found.opened = True
            else:
                found.form = AcknowledgeForm(
                    initial={"key": finding.key, "next": here}, auto_id=auto_id
                )
        return found

    rows = [row(i, item) for i, item in enumerate(to_act[:SHOWN_AT_MOST])]
    per_structure = []
    if structure is None:
        for pk, found in sorted(structures.items(), key=lambda p: p[1].name):
            mine = [s for s in everything if s.finding.structure_id == pk and not s.acknowledged]
            per_structure.append((found, _counts_text(mine)))
    return render(
        request,
        "rules/findings.html",
        {
            "structure": structure,
            "today": today,
            "summary": _counts_text([s for s in shown if not s.acknowledged]),
            "filter_form": filter_form,
            "filtered": filters.any,
            "rows": rows,
            "more": max(len(to_act) - SHOWN_AT_MOST, 0),
            "to_act_count": len(to_act),
            "accepted": [row(len(rows) + i, item) for i, item in enumerate(accepted)],
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
