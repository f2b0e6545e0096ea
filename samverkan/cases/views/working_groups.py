"""Working pages for working groups: a structure's groups with their review dates and the
form that creates one, and a page per group with its members and its review."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from samverkan.cases import access
from samverkan.cases.forms_assignments import (
    MemberForm,
    OutsiderForm,
    ReviewedForm,
    WorkingGroupForm,
)
from samverkan.cases.models import OPEN_ASSIGNMENT_STATUSES, Assignment, WorkingGroup
from samverkan.cases.selectors.assignments import (
    structure_people,
    working_group_members,
    working_groups_listed,
)
from samverkan.cases.services.working_groups import (
    review_months,
    working_group_add_member,
    working_group_add_outsider,
    working_group_create,
    working_group_reviewed,
)
from samverkan.lib.errors import ConflictError, DomainError
from samverkan.lib.localtime import local_today
from samverkan.lib.paging import read_page
from samverkan.lib.swedish import date_text
from samverkan.lib.users import acting_user
from samverkan.lib.webforms import post_action, show_refusal
from samverkan.structure.bodypicker import LIMIT, BodyChoice, body_choice, search_of
from samverkan.structure.models import Charter, Principal, PrincipalKind, Structure
from samverkan.structure.selectors import structure_principals


def _may_edit(giving: set[int] | None, group: WorkingGroup) -> bool:
    """`giving`: `access.giving_body_ids` for the user, looked up once per page."""
    return giving is None or group.created_by_body_id in giving


PER_PAGE = 50
# Read without a count (one query whether or not there are groups); offsets stay bounded.
MAX_PAGE = 100


def _id(value: Any) -> int | None:
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) < 10 else None


def _assignment_choice(
    structure: Structure, giving: set[int] | None, source: Any, created_by: int | None
) -> BodyChoice:
    """The open assignments the form offers: of the chosen body when one is chosen (given by
    it or to it), else of the bodies the user may give from; at most `LIMIT`, earliest due
    first, narrowed by a search on the title, and always the one already chosen. One query."""
    found = Assignment.objects.filter(structure=structure, status__in=OPEN_ASSIGNMENT_STATUSES)
    if giving is not None:
        found = found.filter(Q(given_by_id__in=giving) | Q(to_body_id__in=giving))
    if created_by:
        found = found.filter(Q(given_by_id=created_by) | Q(to_body_id=created_by))
    search = search_of(source, "assignment")
    kept = _id(source.get("assignment")) or 0
    if search:
        found = found.filter(Q(title__icontains=search) | Q(pk=kept))
    rows = list(
        found.annotate(
            picker_first=Case(
                When(pk=kept, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        ).order_by("picker_first", "due_on", "pk")[: LIMIT + 1]
    )
    listed = sorted(rows[:LIMIT], key=lambda a: (a.due_on, a.pk))
    return BodyChoice(
        field="assignment", bodies=listed, search=search, more=len(rows) > LIMIT, noun="uppdrag"
    )


def _choices_of(field: Any, rows: list[Any]) -> None:
    """A model choice field's options from `rows` (the field's queryset, read already);
    the queryset still checks what is sent."""
    empty = [("", field.empty_label)] if field.empty_label is not None else []
    field.choices = empty + [(row.pk, field.label_from_instance(row)) for row in rows]


def _create_form(
    request: HttpRequest, structure: Structure, data: Any = None
) -> WorkingGroupForm | None:
    """The form that creates a working group. The body that creates it and the assignment
    it is for are bounded lists with a search (`structure/bodypicker.py`): a coordinator may
    choose among every body and open assignment of the structure."""
    giving = access.giving_body_ids(request.user, structure)
    source = data if data is not None else request.GET
    chosen = _id(source.get("created_by"))
    bodies = body_choice(
        structure=structure, field="created_by", data=source, keep=[chosen], only=giving
    )
    if not bodies.bodies and not bodies.search:
        return None
    in_list = chosen if chosen in bodies.ids else None
    assignments = _assignment_choice(structure, giving, source, in_list)
    form = WorkingGroupForm(
        data,
        bodies=bodies.bodies,
        assignments=Assignment.objects.filter(pk__in=assignments.ids).order_by("due_on", "pk"),
    )
    form.choices = {"created_by": bodies, "assignment": assignments}  # type: ignore[attr-defined]
    # The lists are drawn from the rows already read: two queries fewer, and the same number
    # whether or not any assignment is open (an empty list read nothing, a full one did).
    _choices_of(form.fields["created_by"], bodies.bodies)
    _choices_of(form.fields["assignment"], assignments.bodies)
    # Choosing the body narrows the assignments to its own (htmx fetches the list again).
    form.fields["created_by"].widget.attrs.update(
        {
            "data-hx-get": reverse("cases:working_groups", args=[structure.slug]),
            "data-hx-trigger": "change",
            "data-hx-include": "closest form",
            "data-hx-select": "#id_assignment",
            "data-hx-target": "#id_assignment",
            "data-hx-swap": "outerHTML",
        }
    )
    return form


def _list_page(request: HttpRequest, structure: Structure, **bound: Any) -> HttpResponse:
    today = local_today()
    listed = working_groups_listed(viewer=request.user, structure=structure.slug, today=today)
    page = read_page(listed, request.GET.get("sida"), size=PER_PAGE, most=MAX_PAGE)
    giving = access.giving_body_ids(request.user, structure)
    groups = page.rows
    editable = {g.pk for g in groups if _may_edit(giving, g)}
    return render(
        request,
        "cases/working_group_list.html",
        {
            "structure": structure,
            "today": today,
            "page": page,
            "query": "",
            "rows": [(g, g.pk in editable, g.review_on <= today) for g in groups],
            "create_form": bound.get("create_form") or _create_form(request, structure),
        },
    )


@login_required
@require_safe
def structure_working_groups(request: HttpRequest, structure_slug: str) -> HttpResponse:
    structure = get_object_or_404(Structure, slug=structure_slug)
    return _list_page(request, structure)


def _back_to_list(request: HttpRequest, structure_slug: str) -> str:
    return reverse("cases:working_groups", args=[structure_slug])


@login_required
@post_action(_back_to_list)
def create(request: HttpRequest, structure_slug: str) -> HttpResponse:
    structure = get_object_or_404(Structure, slug=structure_slug)
    form = _create_form(request, structure, request.POST)
    if form is None:
        return _list_page(request, structure)
    if form.is_valid():
        data = form.cleaned_data
        body = access.get_body_for_giving(request.user, data["created_by"].pk)
        try:
            group = working_group_create(
                by=acting_user(request),
                created_by=body,
                name=data["name"],
                kind=data["kind"],
                duration=data["duration"],
                end_date=data.get("end_date"),
                review_on=data.get("review_on"),
                assignment=data.get("assignment"),
                description=data.get("description", ""),
            )
        except DomainError as exc:
            show_refusal(form, exc.errors)
        else:
            messages.success(
                request,
                f"{group.body.name} är tillsatt; den ska ses över senast "
                f"{date_text(group.review_on)}.",
            )
            return redirect("cases:working_group", group.pk)
    return _list_page(request, structure, create_form=form)


# --- One working group ------------------------------------------------------------------


def _group_page(request: HttpRequest, working_group_id: int, **bound: Any) -> HttpResponse:
    group = access.get_working_group_for_read(request.user, working_group_id)
    structure = group.body.structure
    can_edit = _may_edit(access.giving_body_ids(request.user, structure), group)
    charter = Charter.objects.in_force().filter(body=group.created_by_body).first()
    outsiders = bool(charter and charter.working_groups_may_include_outsiders)
    context: dict[str, Any] = {
        "group": group,
        "structure": structure,
        "today": local_today(),
        "members": working_group_members(working_group=group),
        "can_edit": can_edit,
        "outsiders_allowed": outsiders,
        "months": review_months(group.created_by_body, group.body.kind),
    }
    if can_edit:
        context["review_form"] = bound.get("review_form") or ReviewedForm(
            initial={"lock_version": group.lock_version}
        )
        context["member_form"] = bound.get("member_form") or MemberForm(
            prefix="member",
            people=structure_people(structure=structure),
            principals=structure_principals(structure),
        )
        if outsiders:
            context["outsider_form"] = bound.get("outsider_form") or OutsiderForm(
                prefix="outsider", organisations=_organisations()
            )
    return render(request, "cases/working_group_page.html", context)


def _organisations() -> Any:
    return Principal.objects.filter(kind=PrincipalKind.ORGANISATION).order_by("name")


def _back(request: HttpRequest, working_group_id: int) -> str:
    return reverse("cases:working_group", args=[working_group_id])


@login_required
@require_safe
def working_group_page(request: HttpRequest, working_group_id: int) -> HttpResponse:
    return _group_page(request, working_group_id)


@login_required
@post_action(_back)
def reviewed(request: HttpRequest, working_group_id: int) -> HttpResponse:
    group: WorkingGroup = access.get_working_group_for_edit(request.user, working_group_id)
    form = ReviewedForm(request.POST)
    if form.is_valid():
        try:
            working_group_reviewed(
                by=acting_user(request),
                working_group=group,
                expected_version=form.cleaned_data.get("lock_version"),
                next_review_on=form.cleaned_data.get("next_review_on"),
            )
        except ConflictError as exc:
            form.add_error(None, exc.message)
        except DomainError as exc:
            show_refusal(form, exc.errors)
        else:
            messages.success(
                request,
                f"{group.body.name} är markerad som översedd; nästa översyn senast "
                f"{date_text(group.review_on)}.",
            )
            if request.POST.get("next") == "list":
                return redirect("cases:working_groups", group.body.structure.slug)
            return redirect("cases:working_group", group.pk)
    return _group_page(request, working_group_id, review_form=form)


@login_required
@post_action(_back)
def add_member(request: HttpRequest, working_group_id: int) -> HttpResponse:
    group = access.get_working_group_for_edit(request.user, working_group_id)
    structure = group.body.structure
    form = MemberForm(
        request.POST,
        prefix="member",
        people=structure_people(structure=structure),
        principals=structure_principals(structure),
    )
    if form.is_valid():
        try:
            membership = working_group_add_member(
                by=acting_user(request),
                working_group=group,
                person=form.cleaned_data["person"],
                principal=form.cleaned_data["principal"],
                function=form.cleaned_data.get("function", ""),
            )
        except DomainError as exc:
            show_refusal(form, exc.errors)
        else:
            messages.success(request, f"{membership.person} ingår nu i {group.body.name}.")
            return redirect("cases:working_group", group.pk)
    return _group_page(request, working_group_id, member_form=form)


@login_required
@post_action(_back)
def add_outsider(request: HttpRequest, working_group_id: int) -> HttpResponse:
    group = access.get_working_group_for_edit(request.user, working_group_id)
    form = OutsiderForm(request.POST, prefix="outsider", organisations=_organisations())
    if form.is_valid():
        data = form.cleaned_data
        try:
            membership = working_group_add_outsider(
                by=acting_user(request),
                working_group=group,
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data.get("email", ""),
                organisation=data.get("organisation"),
                organisation_name=data.get("organisation_name", ""),
                function=data.get("function", ""),
            )
        except DomainError as exc:
            show_refusal(form, exc.errors)
        else:
            messages.success(
                request,
                f"{membership.person} ({membership.principal}) ingår nu i {group.body.name}.",
            )
            return redirect("cases:working_group", group.pk)
    return _group_page(request, working_group_id, outsider_form=form)
