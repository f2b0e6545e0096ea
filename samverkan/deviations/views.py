"""Working pages for deviations in collaboration, and the reporting page behind the
coordinator's link.

A refused action shows its page again with the reason beside the field and at the top;
a refused text with a personnummer is shown again to be corrected, and nothing is stored.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from samverkan.deviations import access, services
from samverkan.deviations.forms import (
    AnswerForm,
    CategoriesForm,
    EscalateForm,
    HandlerForm,
    LockForm,
    PublicReportForm,
    ReportForm,
    SettingsForm,
)
from samverkan.deviations.models import (
    Deviation,
    DeviationCategory,
    DeviationHandler,
    DeviationStatus,
)
from samverkan.deviations.selectors import (
    concerned_handler,
    deviation_summary,
    deviations_listed,
)
from samverkan.lib.errors import DomainError
from samverkan.lib.localtime import local_today
from samverkan.lib.mail import absolute_url
from samverkan.lib.users import acting_user
from samverkan.lib.webforms import post_action, show_refusal
from samverkan.structure.access import get_structure_for_edit, get_structure_for_read
from samverkan.structure.bodypicker import body_choice
from samverkan.structure.models import Body, Structure
from samverkan.structure.selectors import structure_principals

PER_PAGE = 50


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _categories(structure: Structure) -> list[DeviationCategory]:
    services.deviation_settings_of(structure)
    return list(DeviationCategory.objects.filter(structure=structure, active=True))


# --- Reporting ------------------------------------------------------------------------------


def _report(
    request: HttpRequest, structure: Structure, form: ReportForm, by: User | None
) -> Deviation | None:
    """The form's deviation, reported; None (with the reasons on the form) if refused."""
    if not form.is_valid():
        # An identity number is named now, beside the missing fields, not on the next try
        # after the reporter has filled them in.
        try:
            services.refuse_identity(
                {
                    f: str(form.data.get(f, ""))
                    for f in services.IDENTITY_CHECKED
                    if f in form.fields
                }
            )
        except services.IdentityInText as exc:
            show_refusal(form, exc.errors)
            messages.error(request, exc.message)
        return None
    data = form.cleaned_data
    principals = {p.pk: p for p in structure_principals(structure)}
    categories = {c.pk: c for c in _categories(structure)}
    try:
        return services.deviation_report(
            by=by,
            structure=structure,
            occurred_on=data["occurred_on"],
            reporting_principal=principals[data["reporting_principal"]],
            reporting_unit=data["reporting_unit"],
            concerned_principal=principals[data["concerned_principal"]],
            concerned_unit=data["concerned_unit"],
            routine=data["routine"],
            category=categories[data["category"]],
            description=data["description"],
            contact_name=data["contact_name"],
            contact_phone=data["contact_phone"],
            contact_email=data["contact_email"],
            reporter_email=data.get("reporter_email", ""),
        )
    except KeyError:
        form.add_error(None, "Välj bland strukturens huvudmän och kategorier.")
    except DomainError as exc:
        show_refusal(form, exc.errors)
        messages.error(request, exc.message)
    return None


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def deviation_new(request: HttpRequest, structure_slug: str) -> HttpResponse:
    user = acting_user(request)
    structure = get_structure_for_read(structure_slug)
    principals = structure_principals(structure)
    person = getattr(user, "person", None)
    initial: dict[str, Any] = {"occurred_on": local_today()}
    if person is not None and person.employer_id in {p.pk for p in principals}:
        initial["reporting_principal"] = person.employer_id
        initial["contact_name"] = person.full_name
        initial["contact_email"] = person.email
        initial["contact_phone"] = person.phone
    form = ReportForm(
        request.POST if request.method == "POST" else None,
        principals=principals,
        categories=_categories(structure),
        initial=initial,
    )
    if request.method == "POST":
        deviation = _report(request, structure, form, user)
        if deviation is not None:
            messages.success(
                request,
                f"Avvikelsen är rapporterad till {deviation.concerned_principal.name}, som ska "
                f"svara senast {deviation.answer_due:%Y-%m-%d}.",
            )
            return redirect("deviations:deviation", deviation.pk)
    return render(request, "deviations/deviation_new.html", {"structure": structure, "form": form})


@require_http_methods(["GET", "HEAD", "POST"])
def deviation_report_public(request: HttpRequest, token: str) -> HttpResponse:
    """The reporting page the coordinator hands out: no login, only this structure."""
    structure = access.structure_by_token(token)
    form = PublicReportForm(
        request.POST if request.method == "POST" else None,
        principals=structure_principals(structure),
        categories=_categories(structure),
        initial={"occurred_on": local_today()},
    )
    if request.method == "POST":
        deviation = _report(request, structure, form, None)
        if deviation is not None:
            return render(
                request,
                "deviations/report_thanks.html",
                {"structure": structure, "deviation": deviation, "token": token},
            )
    return render(
        request,
        "deviations/report_public.html",
        {"structure": structure, "form": form, "token": token},
    )


# --- Lists and summaries --------------------------------------------------------------------


@login_required
@require_safe
def deviation_list(request: HttpRequest, structure_slug: str) -> HttpResponse:
    user = request.user
    structure = get_structure_for_read(structure_slug)
    today = local_today()
    principals = structure_principals(structure)
    categories = list(DeviationCategory.objects.filter(structure=structure))
    status = request.GET.get("lage", "")
    status = status if status in DeviationStatus.values else ""
    category = _int(request.GET.get("kategori"))
    principal = _int(request.GET.get("huvudman"))
    overdue = request.GET.get("forsenad") == "1"
    period_from = _date(request.GET.get("fran"))
    period_to = _date(request.GET.get("till"))
    rows = deviations_listed(
        viewer=user,
        structure=structure,
        status=status or None,
        category=category,
        principal=principal,
        overdue=True if overdue else None,
        period_from=period_from,
        period_to=period_to,
        today=today,
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    return render(
        request,
        "deviations/deviation_list.html",
        {
            "structure": structure,
            "page": page,
            "today": today,
            "statuses": DeviationStatus.choices,
            "status": status,
            "categories": categories,
            "category": category,
            "principals": principals,
            "principal": principal,
            "overdue": overdue,
            "period_from": period_from,
            "period_to": period_to,
            "is_coordinator": access.is_coordinator(user, structure),
            "may_summarise": access.can_read_summary(user, structure),
            "query": query.urlencode(),
        },
    )


@login_required
@require_safe
def deviation_summary_page(request: HttpRequest, structure_slug: str) -> HttpResponse:
    user = request.user
    structure = get_structure_for_read(structure_slug)
    # A bounded list with a search (`structure/bodypicker.py`), and always the chosen body.
    body_id = _int(request.GET.get("grupp"))
    choice = body_choice(
        structure=structure, field="grupp", data=request.GET, keep=[body_id] if body_id else []
    )
    body = next((b for b in choice.bodies if b.pk == body_id), None)
    access.structure_for_summary(user, structure, body)
    today = local_today()
    period_from = _date(request.GET.get("fran"))
    period_to = _date(request.GET.get("till"))
    summary = deviation_summary(
        structure=structure,
        body=body,
        period_from=period_from,
        period_to=period_to,
        today=today,
        whole_months=not access.sees_details(user, structure),
    )
    # The filter's htmx fetches only the tables; the body search fetches the whole page
    # and picks the body list out of it.
    template = (
        "deviations/summary_tables.html"
        if request.headers.get("HX-Request") and request.headers.get("HX-Target") != "grupp"
        else "deviations/summary.html"
    )
    return render(
        request,
        template,
        {
            "structure": structure,
            "summary": summary,
            "bodies": choice.bodies,
            "body_choice": choice,
            "body": body,
        },
    )


# --- A deviation's page ---------------------------------------------------------------------


def _page(
    request: HttpRequest,
    deviation: Deviation,
    *,
    answer_form: AnswerForm | None = None,
    escalate_form: EscalateForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    may_answer = deviation.is_open and access.can_answer(user, deviation)
    may_manage = access.can_manage(user, deviation)
    lock = {"lock_version": deviation.lock_version}
    handler = concerned_handler(deviation)
    return render(
        request,
        "deviations/deviation_page.html",
        {
            "deviation": deviation,
            "overdue": deviation.is_overdue(local_today()),
            "handler": handler,
            # Whether the handler's email went out (the outbox's state), for those managing it.
            "notices": list(deviation.notices.order_by("pk")) if may_manage else [],
            "answer_form": answer_form or (AnswerForm(initial=lock) if may_answer else None),
            "escalate_form": escalate_form
            or (
                EscalateForm(initial=lock)
                if may_manage and deviation.status == DeviationStatus.RECEIVED
                else None
            ),
            "close_form": LockForm(initial=lock)
            if may_manage and deviation.status == DeviationStatus.ANSWERED
            else None,
        },
        status=status,
    )


@login_required
@require_safe
def deviation_page(request: HttpRequest, deviation_id: int) -> HttpResponse:
    return _page(request, access.get_deviation_for_read(request.user, deviation_id))


def _back(request: HttpRequest, deviation_id: int) -> str:
    return reverse("deviations:deviation", args=[deviation_id])


@login_required
@post_action(_back)
def deviation_answer(request: HttpRequest, deviation_id: int) -> HttpResponse:
    user = acting_user(request)
    deviation = access.get_deviation_for_answer(user, deviation_id)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.deviation_answer(
                by=user,
                deviation=deviation,
                investigation=form.cleaned_data["investigation"],
                measures=form.cleaned_data["measures"],
                expected_version=form.cleaned_data["lock_version"],
            )
        except DomainError as exc:
            show_refusal(form, exc.errors)
            messages.error(request, exc.message)
        else:
            messages.success(request, "Svaret är sparat och avvikelsen är besvarad.")
            return redirect("deviations:deviation", deviation.pk)
    return _page(request, deviation, answer_form=form, status=400)


@login_required
@post_action(_back)
def deviation_close(request: HttpRequest, deviation_id: int) -> HttpResponse:
    user = acting_user(request)
    deviation = access.get_deviation_for_manage(user, deviation_id)
    form = LockForm(request.POST)
    try:
        services.deviation_close(
            by=user,
            deviation=deviation,
            expected_version=form.cleaned_data["lock_version"] if form.is_valid() else None,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Avvikelsen är avslutad.")
    return redirect("deviations:deviation", deviation.pk)


@login_required
@post_action(_back)
def deviation_escalate(request: HttpRequest, deviation_id: int) -> HttpResponse:
    user = acting_user(request)
    deviation = access.get_deviation_for_manage(user, deviation_id)
    form = EscalateForm(request.POST)
    if form.is_valid():
        try:
            services.deviation_escalate(
                by=user,
                deviation=deviation,
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["lock_version"],
            )
        except DomainError as exc:
            show_refusal(form, exc.errors)
            messages.error(request, exc.message)
        else:
            messages.success(request, "Avvikelsen är lyft till gruppen som följer upp.")
            return redirect("deviations:deviation", deviation.pk)
    return _page(request, deviation, escalate_form=form, status=400)


# --- The structure's settings ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def deviation_settings(request: HttpRequest, structure_slug: str) -> HttpResponse:
    """Answer days, follow-up body, categories, handlers and the reporting link."""
    user = acting_user(request)
    structure = get_structure_for_edit(user, structure_slug)
    found = services.deviation_settings_of(structure)
    bodies = list(Body.objects.filter(structure=structure).order_by("position", "name"))
    principals = structure_principals(structure)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    data = request.POST if action else None
    settings_form = SettingsForm(
        data if action == "settings" else None,
        bodies=bodies,
        initial={"answer_days": found.answer_days, "follow_up_body": found.follow_up_body_id},
    )
    names = DeviationCategory.objects.filter(structure=structure, active=True)
    categories_form = CategoriesForm(
        data if action == "categories" else None,
        initial={"categories": "\n".join(c.name for c in names)},
    )
    handler_form = HandlerForm(data if action == "handler" else None, principals=principals)
    done = ""
    try:
        if action == "settings" and settings_form.is_valid():
            body_id = settings_form.cleaned_data["follow_up_body"]
            services.deviation_settings_set(
                by=user,
                structure=structure,
                answer_days=settings_form.cleaned_data["answer_days"],
                follow_up_body=next((b for b in bodies if b.pk == body_id), None),
            )
            done = "Inställningarna är sparade."
        elif action == "categories" and categories_form.is_valid():
            services.categories_set(
                by=user,
                structure=structure,
                names=categories_form.cleaned_data["categories"].splitlines(),
            )
            done = "Kategorierna är sparade."
        elif action == "handler" and handler_form.is_valid():
            principal = next(
                p for p in principals if p.pk == handler_form.cleaned_data["principal"]
            )
            username = handler_form.cleaned_data["username"].strip()
            handler_user = (
                User.objects.filter(username__iexact=username).first() if username else None
            )
            if username and handler_user is None:
                raise DomainError("Det finns inget konto med det användarnamnet.", field="username")
            services.handler_set(
                by=user, structure=structure, principal=principal, user=handler_user
            )
            done = f"Handläggaren för {principal.name} är sparad."
        elif action == "token":
            services.report_link_regenerate(by=user, structure=structure)
            done = "Rapportsidan har fått en ny länk; den gamla gäller inte längre."
    except DomainError as exc:
        form = {"settings": settings_form, "categories": categories_form}.get(action, handler_form)
        show_refusal(form, exc.errors)
        messages.error(request, exc.message)
    if done:
        messages.success(request, done)
        return redirect("deviations:settings", structure.slug)
    found.refresh_from_db()
    handlers = {
        h.principal_id: h
        for h in DeviationHandler.objects.filter(structure=structure).select_related("user")
    }
    return render(
        request,
        "deviations/settings.html",
        {
            "structure": structure,
            "report_url": absolute_url("deviations_public:report", found.report_token),
            "settings_form": settings_form,
            "categories_form": categories_form,
            "handler_form": handler_form,
            "handler_rows": [(p, handlers.get(p.pk)) for p in principals],
        },
        status=400 if action and not done else 200,
    )
