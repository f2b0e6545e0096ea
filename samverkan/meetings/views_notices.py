"""Notice and attendance pages.

The meeting page merges `notices_context(meeting, user)` and includes
`meetings/notices/_panel.html`: send the notice and invite a guest (the coordinators and the
charter's conveners, `MeetingRights.convene`), see who got it, the attendance with who
stands in for whom (and report anyone's absence: the coordinators). The same panel is also a page of its own
(`arbeta/moten/<id>/kallelse/`). With htmx the panel's forms swap the panel in place; without
JavaScript they post and redirect back. A member reports their own absence on
`moten/<id>/franvaro/`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from samverkan.lib.errors import ConflictError, DomainError
from samverkan.lib.localtime import local_start
from samverkan.lib.swedish import when_text
from samverkan.lib.users import acting_user
from samverkan.lib.webforms import post_action, show_refusal
from samverkan.meetings.access import (
    can_manage_notices,
    get_attendee_for_edit,
    get_meeting_for_notices,
    get_own_attendance_for_edit,
    meeting_charter,
    meeting_rights,
)
from samverkan.meetings.attendance import (
    attendance_invite_guest,
    attendance_report_absence,
    attendance_withdraw_absence,
)
from samverkan.meetings.models import (
    CALLED_STATUSES,
    OPEN_STATUSES,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Meeting,
    Notice,
)
from samverkan.meetings.notice_preview import notice_preview
from samverkan.meetings.notices import notice_send
from samverkan.meetings.selectors import (
    DeadlineStatus,
    Recipient,
    attendance_label,
    attendance_list,
    deadline_status,
    meeting_notices,
    notice_recipients,
    stand_ins_for,
    substitute_preview,
)
from samverkan.structure.services import current_charter

PANEL = "meetings/notices/_panel.html"


class NoticeForm(forms.Form):
    reason = forms.CharField(
        label="Anledning till att kallelsen skickas efter sista dag för handlingarna",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Sparas med kallelsen och står i den.",
    )


class GuestForm(forms.Form):
    name = forms.CharField(label="Namn", max_length=200, help_text="För- och efternamn.")
    email = forms.EmailField(label="E-post", max_length=254)
    agenda_item = forms.ModelChoiceField(
        label="Punkt",
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label="Hela mötet",
        help_text="En adjungerad för en punkt får kallelsen med bara den punkten.",
    )

    def __init__(
        self, *args: Any, meeting: Meeting, items: list[AgendaItem] | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        field: Any = self.fields["agenda_item"]
        field.queryset = AgendaItem.objects.filter(meeting=meeting)
        if items is not None:
            # The agenda the meeting page has read already: no query of its own.
            field.choices = [("", field.empty_label)] + [(i.pk, str(i)) for i in items]


class AbsenceForm(forms.Form):
    note = forms.CharField(
        label="Meddelande (frivilligt)",
        required=False,
        max_length=300,
        help_text="Syns för koordinatorn.",
    )


def _is_htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request"))


def _next(request: HttpRequest, meeting: Meeting) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("meetings:meeting", kwargs={"meeting_id": meeting.pk})


# --- The panel -------------------------------------------------------------------------


@dataclass
class AttendanceRow:
    attendance: Attendance
    label: str
    stand_ins: list[Attendance] = field(default_factory=list)

    @property
    def invited(self) -> bool:
        return self.attendance.status == AttendanceStatus.INVITED


@dataclass
class NoticePanel:
    meeting: Meeting
    status: DeadlineStatus
    notices: list[Notice]
    rows: list[AttendanceRow]
    recipients: list[Recipient]
    can_convene: bool  # send the notice, invite guests
    can_manage: bool  # report and withdraw anyone's absence
    open: bool
    called: bool
    next: str
    notice_form: NoticeForm
    guest_form: GuestForm
    flash: str = ""
    error: str = ""

    @property
    def without_email(self) -> list[Recipient]:
        return [r for r in self.recipients if not r.email]


def notices_context(
    meeting: Meeting, user: Any, *, items: list[AgendaItem] | None = None, **overrides: Any
) -> dict[str, Any]:
    """The panel's context for the meeting page: a fixed number of queries, whatever the size.

    The meeting should come with `body__structure` selected.
    """
    charter = meeting_charter(meeting)
    notices = meeting_notices(meeting=meeting)
    attendances = attendance_list(meeting)
    stand_ins: dict[int, list[Attendance]] = {}
    for attendance in attendances:
        if attendance.stands_in_for_id:
            stand_ins.setdefault(attendance.stands_in_for_id, []).append(attendance)
    rows = [AttendanceRow(a, attendance_label(a), stand_ins.get(a.pk, [])) for a in attendances]
    panel = NoticePanel(
        meeting=meeting,
        status=deadline_status(meeting, charter),
        notices=notices,
        rows=rows,
        recipients=notice_recipients(meeting, called=attendances),
        can_convene=meeting_rights(user, meeting).convene,
        can_manage=can_manage_notices(user, meeting),
        open=meeting.status in OPEN_STATUSES and meeting.starts_at > timezone.now(),
        called=meeting.status in CALLED_STATUSES,
        next=reverse("meetings:meeting", kwargs={"meeting_id": meeting.pk}),
        notice_form=NoticeForm(prefix="notice"),
        guest_form=GuestForm(prefix="guest", meeting=meeting, items=items),
    )
    for name, value in overrides.items():
        setattr(panel, name, value)
    return {"notice_panel": panel}


def _panel_response(
    request: HttpRequest, meeting: Meeting, *, status: int = 200, **overrides: Any
) -> HttpResponse:
    """The panel alone for htmx, or the notice page around it."""
    overrides.setdefault("next", _next(request, meeting))
    context = notices_context(meeting, request.user, **overrides)
    if _is_htmx(request):
        return render(request, PANEL, context, status=status)
    context.update(
        {
            "meeting": meeting,
            "local_start": local_start(meeting),
            "rights": meeting_rights(request.user, meeting),
        }
    )
    return render(request, "meetings/notices/page.html", context, status=status)


def _done(request: HttpRequest, meeting: Meeting, text: str, *, ok: bool = True) -> HttpResponse:
    if _is_htmx(request):
        fresh = get_meeting_for_notices(request.user, meeting.pk)
        if not ok:
            return _panel_response(request, fresh, error=text)
        return _panel_response(request, fresh, flash=text)
    (messages.success if ok else messages.error)(request, text)
    return redirect(_next(request, meeting) + "#kallelse")


def _refused(request: HttpRequest, meeting: Meeting, text: str) -> HttpResponse:
    """A refusal before anything changed: the panel of the meeting as it was, with why."""
    if _is_htmx(request):
        return _panel_response(request, meeting, error=text)
    messages.error(request, text)
    return redirect(_next(request, meeting) + "#kallelse")


def _visit_notice(request: HttpRequest, meeting_id: int, person_id: int | None = None) -> str:
    return reverse("meetings:notice", args=[meeting_id])


def _preview_response(
    request: HttpRequest,
    meeting: Meeting,
    form: NoticeForm | None = None,
    *,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    """The notice as it would be sent now, with its warnings and the form that sends it."""
    reason = form.data.get("notice-reason", "") if form is not None and form.is_bound else ""
    if form is None:
        reason = request.GET.get("reason", "")
        form = NoticeForm(prefix="notice", initial={"reason": reason})
    preview = notice_preview(meeting=meeting, by=acting_user(request), reason=reason)
    return render(
        request,
        "meetings/notices/preview.html",
        {
            "meeting": meeting,
            "local_start": local_start(meeting),
            "rights": meeting_rights(request.user, meeting),
            "preview": preview,
            "form": form,
            "error": error,
            "next": _next(request, meeting),
            "open": meeting.status in OPEN_STATUSES and meeting.starts_at > timezone.now(),
        },
        status=status,
    )


@login_required
def notice_preview_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The notice as it will be sent, before it is: nothing is sent from here (GET)."""
    meeting = get_meeting_for_notices(request.user, meeting_id)
    return _preview_response(request, meeting)


@login_required
def notice(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The notice panel as a page (GET), or send the notice (POST from the preview).

    A POST without the preview's token sends nothing: it shows the preview, so that the
    notice only goes out once someone has seen what it says and to whom.
    """
    meeting = get_meeting_for_notices(request.user, meeting_id)
    if request.method != "POST":
        return _panel_response(request, meeting, next=request.get_full_path())
    form = NoticeForm(request.POST, prefix="notice")
    token = request.POST.get("token", "")
    if not token or not form.is_valid():
        return _preview_response(request, meeting, form)
    try:
        result = notice_send(
            meeting=meeting,
            by=acting_user(request),
            reason=form.cleaned_data["reason"],
            expected_token=token,
        )
    except ConflictError as exc:
        fresh = get_meeting_for_notices(request.user, meeting.pk)
        return _preview_response(request, fresh, form, error=exc.message, status=409)
    except DomainError as exc:
        show_refusal(form, exc.errors)
        return _preview_response(request, meeting, form)
    (messages.success if result.sent else messages.error)(request, result.message)
    return redirect(_next(request, meeting) + "#kallelse")


@login_required
@post_action(_visit_notice)
def invite_guest(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = get_meeting_for_notices(request.user, meeting_id)
    form = GuestForm(request.POST, prefix="guest", meeting=meeting)
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = attendance_invite_guest(
                meeting=meeting,
                by=acting_user(request),
                agenda_item=data["agenda_item"],
                name=data["name"],
                email=data["email"],
            )
        except DomainError as exc:
            show_refusal(form, exc.errors)
        else:
            return _done(request, meeting, result.message)
    return _panel_response(request, meeting, guest_form=form)


@login_required
@post_action(_visit_notice)
def absence_for(request: HttpRequest, meeting_id: int, person_id: int) -> HttpResponse:
    """The coordinator reports someone's absence from the attendance list."""
    meeting, person = get_attendee_for_edit(request.user, meeting_id, person_id)
    try:
        result = attendance_report_absence(
            meeting=meeting,
            person=person,
            by=acting_user(request),
            note=request.POST.get("note", "")[:300],
        )
    except DomainError as exc:
        return _refused(request, meeting, exc.message)
    return _done(request, meeting, result.message)


@login_required
@post_action(_visit_notice)
def absence_withdraw_for(request: HttpRequest, meeting_id: int, person_id: int) -> HttpResponse:
    """The coordinator withdraws someone's absence from the attendance list."""
    meeting, person = get_attendee_for_edit(request.user, meeting_id, person_id)
    try:
        result = attendance_withdraw_absence(
            meeting=meeting, person=person, by=acting_user(request)
        )
    except DomainError as exc:
        return _refused(request, meeting, exc.message)
    return _done(request, meeting, result.message)


# --- The member's own absence page --------------------------------------------------------


def _visit_my_absence(request: HttpRequest, meeting_id: int) -> str:
    return reverse("meetings_public:my_absence", args=[meeting_id])


@login_required
@post_action(_visit_my_absence)
def my_absence_withdraw(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A member withdraws their own absence before the meeting."""
    own = get_own_attendance_for_edit(request.user, meeting_id)
    try:
        result = attendance_withdraw_absence(
            meeting=own.meeting, person=own.person, by=acting_user(request)
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, result.message)
    return redirect("meetings_public:my_absence", meeting_id=own.meeting.pk)


@login_required
def my_absence(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A member reports their own absence from a meeting."""
    own = get_own_attendance_for_edit(request.user, meeting_id)
    meeting, person, attendance = own.meeting, own.person, own.attendance
    form = AbsenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = attendance_report_absence(
                meeting=meeting,
                person=person,
                by=acting_user(request),
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            show_refusal(form, exc.errors)
        else:
            messages.success(request, result.message)
            return redirect("meetings_public:my_absence", meeting_id=meeting.pk)
    charter = current_charter(meeting.body)
    preview = substitute_preview(meeting=meeting, person=person, charter=charter)
    return render(
        request,
        "meetings/notices/absence.html",
        {
            "meeting": meeting,
            "person": person,
            "attendance": attendance,
            "absent": attendance is not None and attendance.status == AttendanceStatus.ABSENT,
            "open": meeting.status in OPEN_STATUSES and meeting.starts_at > timezone.now(),
            "when": when_text(meeting.starts_at, meeting.ends_at, end_as_clock=True),
            "form": form,
            "rule": preview.rule,
            "called_by_member": bool(charter and charter.substitute_called_by_member),
            "citation": preview.citation,
            "substitutes": preview.substitutes,
            "stand_ins": stand_ins_for(attendance=attendance) if attendance else [],
            "is_seat": own.in_body,
        },
    )
