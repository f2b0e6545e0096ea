"""Working pages for minutes: the secretary writes, approvers approve or return, all by charter."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from samverkan.lib.errors import ConflictError, DomainError
from samverkan.lib.localtime import meeting_day
from samverkan.lib.swedish import when_text
from samverkan.lib.users import acting_user
from samverkan.lib.webforms import show_refusal
from samverkan.minutes import access
from samverkan.minutes.forms import (
    AddendumForm,
    AddItemForm,
    HeaderForm,
    HoldForm,
    ItemEditor,
    ReturnForm,
)
from samverkan.minutes.models import (
    ApprovalDecision,
    ApproverRole,
    HoldResolution,
    Minutes,
    MinutesApprover,
    MinutesItem,
    MinutesStatus,
)
from samverkan.minutes.render import items_with_parts
from samverkan.minutes.services import (
    allowed_entry_kinds,
    approver_slots,
    minutes_addendum_create,
    minutes_approve,
    minutes_item_add,
    minutes_item_remove,
    minutes_item_save,
    minutes_refresh_attendance,
    minutes_return,
    minutes_start,
    minutes_submit,
    minutes_update,
    minutes_verify,
    not_deciding_text,
    personnummer_hits,
    publication_hold_resolve,
)
from samverkan.structure.models import Membership, MinutesApproval, Person
from samverkan.structure.services import current_charter


def _people(minutes: Minutes) -> QuerySet[Person]:
    """Who can chair, write, adjust or own an action: the body's members and the attendees."""
    seated = (
        Membership.objects.active_on(meeting_day(minutes.meeting))
        .filter(body=minutes.meeting.body)
        .values("person_id")
    )
    return (
        Person.objects.filter(Q(pk__in=seated) | Q(attendances__meeting=minutes.meeting))
        .distinct()
        .order_by("last_name", "first_name")
    )


def _editors(
    minutes: Minutes, items: list[MinutesItem], people: QuerySet[Person]
) -> list[ItemEditor]:
    kinds = allowed_entry_kinds(minutes.meeting.body)
    everyone = list(people)
    return [ItemEditor(item, kinds=kinds, people=everyone) for item in items]


def _context(request: HttpRequest, minutes: Minutes, **extra: Any) -> dict[str, Any]:
    user = request.user
    body = minutes.meeting.body
    charter = current_charter(body)
    items = items_with_parts(minutes)
    can_write = access.can_write_minutes(user, body, minutes)
    editable = can_write and minutes.is_editable
    people = _people(minutes)
    rule = charter.minutes_approval if charter and minutes.is_editable else minutes.approval_rule
    approvers = list(minutes.approvers.select_related("person").order_by("round", "pk"))
    current_round = max((a.round for a in approvers), default=0)
    context: dict[str, Any] = {
        "minutes": minutes,
        "meeting": minutes.meeting,
        "body": body,
        "structure": body.structure,
        "charter": charter,
        "when": when_text(minutes.meeting.starts_at, minutes.meeting.ends_at),
        "items": items,
        "can_write": can_write,
        "editable": editable,
        "rule": rule,
        "rule_label": _rule_label(rule),
        "slots": approver_slots(minutes, rule) if minutes.is_editable else [],
        "approvers": [a for a in approvers if a.round == current_round],
        "earlier_rounds": [a for a in approvers if a.round != current_round],
        "my_part": access.pending_approver(user, minutes),
        "not_deciding": (
            not_deciding_text(body) if "decision" not in allowed_entry_kinds(body) else ""
        ),
        "published": access.is_published(minutes),
        "holds": list(minutes.holds.select_related("resolved_by")) if minutes.is_frozen else [],
        "addenda": list(minutes.addenda.select_related("meeting__body").order_by("pk"))
        if not minutes.is_addendum
        else [],
    }
    if editable:
        context["header_form"] = HeaderForm(
            people=people,
            needs_adjuster=rule == MinutesApproval.CHAIR_AND_ADJUSTER,
            initial={
                "chaired_by": minutes.chaired_by_id,
                "taken_by": minutes.taken_by_id,
                "adjuster": minutes.adjuster_id,
                "notes": minutes.notes,
                "lock_version": minutes.lock_version,
            },
        )
        context["editors"] = _editors(minutes, items, people)
        opened = request.GET.get("punkt", "")
        for editor in context["editors"]:
            editor.open = editor.open or str(editor.item.pk) == opened
        context["add_item_form"] = AddItemForm()
        context["identity_hits"] = personnummer_hits(minutes)
    if minutes.is_frozen:
        context["verified"] = minutes_verify(minutes, items)
        if can_write:
            context["hold_forms"] = {
                hold.pk: HoldForm(prefix=f"h{hold.pk}") for hold in context["holds"]
            }
            if not minutes.is_addendum:
                context["addendum_form"] = AddendumForm()
    if context["my_part"] is not None:
        context["return_form"] = ReturnForm()
    context.update(extra)
    return context


def _rule_label(rule: str) -> str:
    if rule == MinutesApproval.NONE:
        return "Ingen justering: minnesanteckningarna fastställs och skickas ut direkt"
    if rule in MinutesApproval.values and rule:
        return str(MinutesApproval(rule).label)
    return "Anges inte: minnesanteckningarna fastställs utan justering"


def _page(request: HttpRequest, minutes: Minutes, **extra: Any) -> HttpResponse:
    return render(request, "minutes/work/minutes.html", _context(request, minutes, **extra))


@login_required
@require_POST
def start(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access.get_meeting_for_minutes(request.user, meeting_id)
    existing = Minutes.objects.filter(meeting=meeting, addendum_to__isnull=True).first()
    if existing is not None:
        return redirect("minutes:minutes", existing.pk)
    try:
        minutes = minutes_start(meeting=meeting, by=acting_user(request))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("meetings:meeting", meeting.pk)
    messages.success(request, "Minnesanteckningarna är påbörjade utifrån dagordningen.")
    return redirect("minutes:minutes", minutes.pk)


@login_required
def minutes_page(request: HttpRequest, minutes_id: int) -> HttpResponse:
    minutes = access.get_minutes_for_read(request.user, minutes_id)
    if not access.is_insider(request.user, minutes):
        body = minutes.meeting.body
        return redirect("minutes_public:minutes", body.structure.slug, body.key, minutes.pk)
    if request.method != "POST":
        return _page(request, minutes)
    action = request.POST.get("action", "")
    handler = ACTIONS.get(action)
    if handler is None:
        messages.error(request, "Okänd åtgärd.")
        return redirect("minutes:minutes", minutes.pk)
    return handler(request, minutes)


def _writer(request: HttpRequest, minutes: Minutes) -> Minutes:
    return access.get_minutes_for_write(request.user, minutes.pk)


def _header(request: HttpRequest, minutes: Minutes) -> HttpResponse:
    minutes = _writer(request, minutes)
    form = HeaderForm(
        request.POST,
        people=_people(minutes),
        needs_adjuster="adjuster" in request.POST
        or minutes.approval_rule == MinutesApproval.CHAIR_AND_ADJUSTER,
    )
    if form.is_valid():
        data = form.cleaned_data
        changes = {k: data[k] for k in ("chaired_by", "taken_by", "adjuster", "notes") if k in data}
        try:
            minutes_update(
                minutes=minutes,
                expected_version=data["lock_version"],
                by=acting_user(request),
                **changes,
            )
        except ConflictError as exc:
            show_refusal(form, exc.errors)
            return _page(request, minutes, header_form=form, header_conflict=True)
        except DomainError as exc:
            show_refusal(form, exc.errors)
        else:
            messages.success(request, "Uppgifterna om mötet är sparade.")
            return redirect("minutes:minutes", minutes.pk)
    return _page(request, minutes, header_form=form)


def _refresh_attendance(request: HttpRequest, minutes: Minutes) -> HttpResponse:
    minutes = _writer(request, minutes)
    try:
        minutes_refresh_attendance(
            minutes=minutes,
            expected_version=_int(request.POST.get("lock_version")),
            by=acting_user(request),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Närvaron är hämtad på nytt från mötet.")
    return redirect("minutes:minutes", minutes.pk)


def _add_item(request: HttpRequest, minutes: Minutes) -> HttpResponse:
    minutes = _writer(request, minutes)
    form = AddItemForm(request.POST)
    if form.is_valid():
        try:
            item = minutes_item_add(
                minutes=minutes, by=acting_user(request), title=form.cleaned_data["title"]
            )
        except DomainError as exc:
            show_refusal(form, exc.errors)
        else:
            return redirect(
                reverse("minutes:minutes", args=[minutes.pk]) + f"?punkt={item.pk}#punkt-{item.pk}"
            )
    return _page(request, minutes, add_item_form=form)


def _submit(request: HttpRequest, minutes: Minutes) -> HttpResponse:
    minutes = _writer(request, minutes)
    try:
        minutes_submit(
            minutes=minutes,
            expected_version=_int(request.POST.get("lock_version")),
            by=acting_user(request),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if minutes.status == MinutesStatus.APPROVED:
            messages.success(request, "Minnesanteckningarna är fastställda och skickade.")
        else:
            messages.success(request, "Minnesanteckningarna är skickade för justering.")
    return redirect("minutes:minutes", minutes.pk)


def _approve(request: HttpRequest, minutes: Minutes) -> HttpResponse:
    try:
        minutes_approve(minutes=minutes, by=acting_user(request))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            "Du har justerat minnesanteckningarna."
            + (" Alla har justerat: de är nu låsta." if minutes.is_frozen else ""),
        )
    return redirect("minutes:minutes", minutes.pk)


def _return(request: HttpRequest, minutes: Minutes) -> HttpResponse:
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            minutes_return(
                minutes=minutes, by=acting_user(request), comment=form.cleaned_data["comment"]
            )
        except DomainError as exc:
            show_refusal(form, exc.errors)
        else:
            messages.success(request, "Minnesanteckningarna är återsända till sekreteraren.")
            return redirect("minutes:minutes", minutes.pk)
    return _page(request, minutes, return_form=form)


def _hold(request: HttpRequest, minutes: Minutes) -> HttpResponse:
    hold = access.get_hold_for_resolve(request.user, _int(request.POST.get("hold")) or 0)
    form = HoldForm(request.POST, prefix=f"h{hold.pk}")
    if form.is_valid():
        try:
            publication_hold_resolve(
                hold=hold,
                by=acting_user(request),
                resolution=form.cleaned_data["resolution"],
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Ställningstagandet är sparat.")
        return redirect("minutes:minutes", minutes.pk)
    forms = {h.pk: HoldForm(prefix=f"h{h.pk}") for h in minutes.holds.all()}
    forms[hold.pk] = form
    return _page(request, minutes, hold_forms=forms)


def _addendum(request: HttpRequest, minutes: Minutes) -> HttpResponse:
    minutes = _writer(request, minutes)
    form = AddendumForm(request.POST)
    if form.is_valid():
        try:
            addendum = minutes_addendum_create(
                original=minutes,
                by=acting_user(request),
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
            )
        except DomainError as exc:
            show_refusal(form, exc.errors)
        else:
            messages.success(
                request, "Tillägget är påbörjat. Skicka det för justering när det är klart."
            )
            return redirect("minutes:minutes", addendum.pk)
    return _page(request, minutes, addendum_form=form)


ACTIONS = {
    "header": _header,
    "refresh_attendance": _refresh_attendance,
    "add_item": _add_item,
    "submit": _submit,
    "approve": _approve,
    "return": _return,
    "hold": _hold,
    "addendum": _addendum,
}


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@login_required
@require_POST
def item(request: HttpRequest, item_id: int) -> HttpResponse:
    """Save or remove one item; htmx swaps just the item, a plain post returns to the page."""
    found = access.get_item_for_write(request.user, item_id)
    minutes = found.minutes
    anchor = reverse("minutes:minutes", args=[minutes.pk]) + f"?punkt={found.pk}#punkt-{found.pk}"
    if request.POST.get("action") == "remove":
        try:
            minutes_item_remove(
                by=acting_user(request),
                item=found,
                expected_version=_int(request.POST.get("lock_version")),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(anchor)
        messages.success(request, f"Punkten ”{found.title}” är borttagen.")
        return redirect("minutes:minutes", minutes.pk)
    people = _people(minutes)
    kinds = allowed_entry_kinds(minutes.meeting.body)
    fresh = items_with_parts(minutes)
    current = next((i for i in fresh if i.pk == found.pk), found)
    editor = ItemEditor(current, data=request.POST, kinds=kinds, people=people)
    saved = False
    if editor.is_valid():
        try:
            minutes_item_save(
                item=current,
                expected_version=editor.form.cleaned_data["lock_version"],
                by=acting_user(request),
                title=editor.form.cleaned_data["title"],
                notes=editor.form.cleaned_data["notes"],
                entries=editor.entry_values(),
                actions=editor.action_values(),
                follow_ups=editor.follow_up_values() if current.follows_up_previous else None,
            )
        except ConflictError as exc:
            # Keep the user's text, bound to the saved version, and show what was saved:
            # `current` was read in this request, after the other save.
            saved_item = current
            data = request.POST.copy()
            data[f"{editor.form.prefix}-lock_version"] = str(saved_item.lock_version)
            editor = ItemEditor(saved_item, data=data, kinds=kinds, people=people)
            editor.is_valid()
            editor.add_error(exc.message)
            editor.conflict = True
            editor.saved_item = saved_item
        except DomainError as exc:
            editor.add_error(exc.message)
        else:
            saved = True
    if saved and not request.headers.get("HX-Request"):
        messages.success(request, f"Punkten ”{current.title}” är sparad.")
        return redirect(anchor)
    if saved:
        refreshed = next(i for i in items_with_parts(minutes) if i.pk == found.pk)
        editor = ItemEditor(refreshed, kinds=kinds, people=people)
        editor.open = True
    number = next((n for n, i in enumerate(fresh, start=1) if i.pk == found.pk), 0)
    context = {
        "editor": editor,
        "minutes": minutes,
        "number": number,
        "saved": saved,
    }
    if request.headers.get("HX-Request"):
        return render(request, "minutes/work/_item_form.html", context)
    return _page(request, minutes, editors=_replace_editor(request, minutes, editor))


def _replace_editor(request: HttpRequest, minutes: Minutes, bound: ItemEditor) -> list[ItemEditor]:
    editors = _editors(minutes, items_with_parts(minutes), _people(minutes))
    return [bound if e.item.pk == bound.item.pk else e for e in editors]


@login_required
def my_approvals(request: HttpRequest) -> HttpResponse:
    """Minutes waiting for the user's justering, and minutes the user writes that are not done."""
    user = acting_user(request)
    waiting = (
        MinutesApprover.objects.filter(
            person__user=user,
            decision=ApprovalDecision.PENDING,
            minutes__status=MinutesStatus.PENDING,
        )
        .select_related("minutes__meeting__body")
        .order_by("requested_at")
    )
    mine = access.writable_minutes(user).select_related("meeting__body__structure", "taken_by")
    writing = mine.filter(status__in=[MinutesStatus.DRAFT, MinutesStatus.RETURNED]).order_by(
        "meeting__starts_at"
    )
    held = (
        mine.filter(holds__resolution=HoldResolution.UNRESOLVED, published_at__isnull=True)
        .distinct()
        .order_by("meeting__starts_at")
    )
    return render(
        request,
        "minutes/work/mine.html",
        {
            "waiting": waiting,
            "writing": writing,
            "held": held,
            "roles": dict(ApproverRole.choices),
        },
    )
