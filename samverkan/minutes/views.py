"""Working pages for minutes: the secretary writes, approvers approve or return, all by charter.

One page shows the minutes; each action on it has its own URL and view. A refused action
shows the page again with the user's input and the reason; an accepted one redirects back.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from samverkan.lib.errors import ConflictError, DomainError
from samverkan.lib.swedish import when_text
from samverkan.lib.users import acting_user
from samverkan.lib.webforms import post_action, show_refusal
from samverkan.minutes import access, selectors, working_page
from samverkan.minutes.forms import (
    AddendumForm,
    AddItemForm,
    HeaderForm,
    HoldForm,
    ItemEditor,
    ReturnForm,
)
from samverkan.minutes.models import ApproverRole, Minutes, MinutesItem
from samverkan.minutes.render import items_with_parts
from samverkan.minutes.services import (
    allowed_entry_kinds,
    approver_slots,
    has_justering,
    minutes_addendum_create,
    minutes_item_add,
    minutes_item_remove,
    minutes_item_save,
    minutes_refresh_attendance,
    minutes_return,
    minutes_start,
    minutes_update,
    minutes_verify,
    not_deciding_text,
    personnummer_hits,
    publication_hold_resolve,
    status_text,
)
from samverkan.minutes.working_page import MinutesView, page_approvers, page_holds, page_people
from samverkan.structure.models import MinutesApproval, Person

# --- The page ----------------------------------------------------------------------------


def _editors(
    minutes: Minutes, items: list[MinutesItem], people: QuerySet[Person] | list[Person]
) -> list[ItemEditor]:
    kinds = allowed_entry_kinds(minutes.meeting.body)
    everyone = list(people)
    return [ItemEditor(item, kinds=kinds, people=everyone) for item in items]


def _context(request: HttpRequest, view: MinutesView, **extra: Any) -> dict[str, Any]:
    """The page's context in a fixed number of queries whatever the state (`working_page`):
    the minutes' state decides only which one of the people and the holds is read."""
    user = request.user
    minutes = view.minutes
    body = minutes.meeting.body
    charter = view.charter
    items = items_with_parts(minutes)
    approvers = page_approvers(minutes)
    for addendum in view.addenda:
        addendum.status_text = status_text(  # type: ignore[attr-defined]
            addendum, published=access.is_published(addendum)
        )
    can_write = view.can_write
    editable = can_write and minutes.is_editable
    # While the minutes are written, the people to choose; afterwards, the publication holds.
    people = page_people(minutes) if editable else None
    holds = [] if people is not None else page_holds(minutes)
    rule = charter.minutes_approval if charter and minutes.is_editable else minutes.approval_rule
    published = access.is_published(minutes)
    context: dict[str, Any] = {
        "minutes": minutes,
        "meeting": minutes.meeting,
        "body": body,
        "structure": body.structure,
        "charter": charter,
        "when": when_text(minutes.meeting.starts_at, minutes.meeting.ends_at, end_as_clock=True),
        "items": items,
        "can_write": can_write,
        "editable": editable,
        "rule": rule,
        "rule_label": _rule_label(rule),
        "slots": approver_slots(minutes, rule, holders=people.holders) if people else [],
        "approvers": approvers.current,
        "earlier_rounds": approvers.earlier,
        "my_part": approvers.pending_for(user, minutes),
        "not_deciding": (
            not_deciding_text(body) if "decision" not in allowed_entry_kinds(body) else ""
        ),
        "published": published,
        "status_text": status_text(minutes, published=published),
        "justering": has_justering(minutes.approval_rule),
        "holds": holds if minutes.is_frozen else [],
        "addenda": view.addenda if not minutes.is_addendum else [],
    }
    if people is not None:
        context["header_form"] = HeaderForm(
            people=people.listed,
            needs_adjuster=rule == MinutesApproval.CHAIR_AND_ADJUSTER,
            initial={
                "chaired_by": minutes.chaired_by_id,
                "taken_by": minutes.taken_by_id,
                "adjuster": minutes.adjuster_id,
                "notes": minutes.notes,
                "lock_version": minutes.lock_version,
            },
        )
        context["editors"] = _editors(minutes, items, people.listed)
        opened = request.GET.get("punkt", "")
        for editor in context["editors"]:
            editor.open = editor.open or str(editor.item.pk) == opened
        context["add_item_form"] = AddItemForm()
        context["identity_hits"] = personnummer_hits(minutes, items)
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
        return "Ingen justering: sekreteraren fastställer minnesanteckningarna"
    if rule in MinutesApproval.values and rule:
        return str(MinutesApproval(rule).label)
    return "Anges inte: sekreteraren fastställer minnesanteckningarna utan justering"


def _page(request: HttpRequest, minutes: Minutes, **extra: Any) -> HttpResponse:
    """The page as the answer to a refused action, with that action's bound form."""
    view = working_page.minutes_for_page(request.user, minutes.pk)
    return render(request, "minutes/work/minutes.html", _context(request, view, **extra))


def _back(minutes: Minutes) -> HttpResponse:
    return redirect("minutes:minutes", minutes.pk)


def _insiders(
    view: Callable[[HttpRequest, Minutes], HttpResponse],
) -> Callable[[HttpRequest, int], HttpResponse]:
    """The view gets the minutes if the user reads them as written (see `access.is_insider`);
    someone who may read only the published version is sent to the public page instead."""

    @functools.wraps(view)
    def with_minutes(request: HttpRequest, minutes_id: int) -> HttpResponse:
        minutes = access.get_minutes_for_read(request.user, minutes_id)
        if access.is_insider(request.user, minutes):
            return view(request, minutes)
        body = minutes.meeting.body
        return redirect("minutes_public:minutes", body.structure.slug, body.key, minutes.pk)

    return with_minutes


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _visit_meeting(request: HttpRequest, meeting_id: int) -> str:
    return reverse("meetings:meeting", args=[meeting_id])


def _visit_minutes(request: HttpRequest, minutes_id: int) -> str:
    return reverse("minutes:minutes", args=[minutes_id])


def _visit_item_minutes(request: HttpRequest, item_id: int) -> str:
    item = access.get_item_for_edit(request.user, item_id)
    return reverse("minutes:minutes", args=[item.minutes_id])


def _visit_hold_minutes(request: HttpRequest, hold_id: int) -> str:
    found = access.get_hold_for_edit(request.user, hold_id)
    return reverse("minutes:minutes", args=[found.minutes_id])


@login_required
@post_action(_visit_meeting)
def start(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access.get_meeting_for_minutes(request.user, meeting_id)
    existing = selectors.minutes_of_meeting(meeting=meeting)
    if existing is not None:
        return _back(existing)
    try:
        minutes = minutes_start(meeting=meeting, by=acting_user(request))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("meetings:meeting", meeting.pk)
    messages.success(request, "Minnesanteckningarna är påbörjade utifrån dagordningen.")
    return _back(minutes)


@login_required
@require_safe
def minutes_page(request: HttpRequest, minutes_id: int) -> HttpResponse:
    """The page for those who read the minutes as written (`_insiders`, read with the minutes
    in one query); someone who may read only the published version goes to the public page."""
    view = working_page.minutes_for_page(request.user, minutes_id)
    if not view.insider:
        body = view.minutes.meeting.body
        return redirect("minutes_public:minutes", body.structure.slug, body.key, minutes_id)
    return render(request, "minutes/work/minutes.html", _context(request, view))


# --- Writing -------------------------------------------------------------------------------


@login_required
@post_action(_visit_minutes)
def header(request: HttpRequest, minutes_id: int) -> HttpResponse:
    minutes = access.get_minutes_for_edit(request.user, minutes_id)
    form = HeaderForm(
        request.POST,
        people=selectors.minutes_people(minutes=minutes),
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
            return _back(minutes)
    return _page(request, minutes, header_form=form)


@login_required
@post_action(_visit_minutes)
def refresh_attendance(request: HttpRequest, minutes_id: int) -> HttpResponse:
    minutes = access.get_minutes_for_edit(request.user, minutes_id)
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
    return _back(minutes)


def _item_anchor(item: MinutesItem) -> str:
    """The page with the item open and in view."""
    return reverse("minutes:minutes", args=[item.minutes_id]) + f"?punkt={item.pk}#punkt-{item.pk}"


@login_required
@post_action(_visit_minutes)
def add_item(request: HttpRequest, minutes_id: int) -> HttpResponse:
    minutes = access.get_minutes_for_edit(request.user, minutes_id)
    form = AddItemForm(request.POST)
    if form.is_valid():
        try:
            item = minutes_item_add(
                minutes=minutes, by=acting_user(request), title=form.cleaned_data["title"]
            )
        except DomainError as exc:
            show_refusal(form, exc.errors)
        else:
            return redirect(_item_anchor(item))
    return _page(request, minutes, add_item_form=form)


@login_required
@post_action(_visit_item_minutes)
def item(request: HttpRequest, item_id: int) -> HttpResponse:
    """Save one item; htmx swaps just the item, a plain post returns to the page."""
    found = access.get_item_for_edit(request.user, item_id)
    minutes = found.minutes
    people = selectors.minutes_people(minutes=minutes)
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
        return redirect(_item_anchor(found))
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
    return _page(request, minutes, editors=_replace_editor(minutes, editor))


def _replace_editor(minutes: Minutes, bound: ItemEditor) -> list[ItemEditor]:
    editors = _editors(
        minutes, items_with_parts(minutes), selectors.minutes_people(minutes=minutes)
    )
    return [bound if e.item.pk == bound.item.pk else e for e in editors]


@login_required
@post_action(_visit_item_minutes)
def item_remove(request: HttpRequest, item_id: int) -> HttpResponse:
    found = access.get_item_for_edit(request.user, item_id)
    try:
        minutes_item_remove(
            by=acting_user(request),
            item=found,
            expected_version=_int(request.POST.get("lock_version")),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(_item_anchor(found))
    messages.success(request, f"Punkten ”{found.title}” är borttagen.")
    return _back(found.minutes)


# --- Approval ------------------------------------------------------------------------------


@login_required
@post_action(_visit_minutes)
@_insiders
def send_back(request: HttpRequest, minutes: Minutes) -> HttpResponse:
    """An approver returns the draft to the secretary with what must change."""
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
            return _back(minutes)
    return _page(request, minutes, return_form=form)


# --- After approval ------------------------------------------------------------------------


@login_required
@post_action(_visit_hold_minutes)
def hold(request: HttpRequest, hold_id: int) -> HttpResponse:
    """A writer decides on one possible personnummer that holds publication back."""
    found = access.get_hold_for_edit(request.user, hold_id)
    minutes = found.minutes
    form = HoldForm(request.POST, prefix=f"h{found.pk}")
    if form.is_valid():
        try:
            publication_hold_resolve(
                hold=found,
                by=acting_user(request),
                resolution=form.cleaned_data["resolution"],
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Ställningstagandet är sparat.")
        return _back(minutes)
    forms = {h.pk: HoldForm(prefix=f"h{h.pk}") for h in minutes.holds.all()}
    forms[found.pk] = form
    return _page(request, minutes, hold_forms=forms)


@login_required
@post_action(_visit_minutes)
def addendum(request: HttpRequest, minutes_id: int) -> HttpResponse:
    minutes = access.get_minutes_for_edit(request.user, minutes_id)
    form = AddendumForm(request.POST)
    if form.is_valid():
        try:
            created = minutes_addendum_create(
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
            return _back(created)
    return _page(request, minutes, addendum_form=form)


# --- The user's minutes --------------------------------------------------------------------


@login_required
def my_approvals(request: HttpRequest) -> HttpResponse:
    """Minutes waiting for the user's justering, and minutes the user writes that are not done."""
    mine = selectors.my_minutes(user=acting_user(request))
    return render(
        request,
        "minutes/work/mine.html",
        {
            "waiting": mine.waiting,
            "writing": mine.writing,
            "held": mine.held,
            "roles": dict(ApproverRole.choices),
        },
    )
