"""Attendance: a member's absence and the substitutes called in their stead, and guests.

`attendance_report_absence` records a member's absence and, where the charter allows
substitutes, calls the member's substitutes with the notice and tells the coordinators.
`attendance_invite_guest` invites a guest (adjungerad) for one item or the whole meeting;
once the notice has gone out the guest gets it at once. Emails go out after the database
work, as in `notices.py`; who is called is read in `selectors.py`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from samverkan.audit.services import record_create, record_delete, record_update, snapshot
from samverkan.lib.errors import DomainError
from samverkan.lib.localtime import meeting_day
from samverkan.lib.mail import absolute_url, deliver, email_message, email_text
from samverkan.lib.swedish import day_text, when_text
from samverkan.lib.users import AnyUser
from samverkan.meetings.access import can_report_absence, require_convener
from samverkan.meetings.models import (
    ATTENDANCE_ROLE,
    CALLED_STATUSES,
    NOTICE_ROLES,
    AgendaItem,
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    Meeting,
    Notice,
)
from samverkan.meetings.notices import (
    NotReached,
    acting,
    email_of,
    lock_open_meeting,
    meeting_name,
    send_single_notice,
    sender_name,
)
from samverkan.meetings.selectors import (
    coordinator_addresses,
    recipient_for_attendance,
    stand_ins_for,
)
from samverkan.structure.models import (
    ROLE_ORDER,
    SEAT_ROLES,
    Charter,
    Membership,
    Person,
    Role,
    Substitutes,
)
from samverkan.structure.services import current_charter, person_create

# --- Absence and substitutes -----------------------------------------------------------


@dataclass
class AbsenceResult:
    attendance: Attendance
    substitutes: list[Attendance]
    informed: list[str]
    not_reached: list[NotReached]
    message: str
    already_reported: bool = False


def _substitute_rule_text(charter: Charter | None) -> str:
    """The charter's own words on substitutes, for the coordinator's email."""
    quote = (charter.citations or {}).get("substitutes", "") if charter else ""
    return f"Uppdragsbeskrivningen: ”{quote}”" if quote else ""


def _tell_coordinators(
    meeting: Meeting,
    day: datetime.date,
    *,
    user: User | None,
    person: Person,
    template: str,
    subject: str,
    context: dict[str, Any],
    not_reached: list[NotReached],
) -> list[str]:
    """Email the meeting's coordinators about `person` (an absence reported or withdrawn)
    and return the names of those told; those not reached are added to `not_reached`. The
    one acting is left out: they know already."""
    acting_email = email_of(user).lower() if user is not None else ""
    coordinators = [
        (name, address)
        for name, address in coordinator_addresses(meeting, day)
        if address.lower() != acting_email
    ]
    informed: list[str] = []
    if not coordinators:
        return informed
    text = email_text(
        template,
        {
            "person": person,
            "meeting_name": meeting_name(meeting),
            "reported_by": sender_name(user) if user and person.user_id != user.pk else "",
            "meeting_url": absolute_url("meetings:meeting", meeting_id=meeting.pk),
            **context,
        },
    )
    subject = f"{subject}: {person.full_name}, {meeting_name(meeting)}, {day_text(day)}"
    errors = deliver([email_message(subject, text, address) for _, address in coordinators])
    for (name, address), error in zip(coordinators, errors, strict=True):
        if error:
            not_reached.append(NotReached(name, address, error))
        else:
            informed.append(name)
    return informed


def attendance_report_absence(
    *, meeting: Meeting, person: Person, by: AnyUser | None, note: str = ""
) -> AbsenceResult:
    """Record that `person` will not attend. Where the charter allows substitutes, the
    person's substitutes are called with the notice; the coordinators are informed."""
    if by is not None and not can_report_absence(by, meeting, person):
        raise PermissionDenied(
            "Du kan bara anmäla din egen frånvaro. Koordinatorn kan anmäla frånvaro för andra."
        )
    user = acting(by)
    note = note.strip()[:300]
    new_substitutes: list[Attendance] = []
    with transaction.atomic():
        fresh = lock_open_meeting(meeting, "anmäla frånvaro")
        day = meeting_day(fresh)
        seats = list(
            Membership.objects.active_on(day)
            .filter(body_id=fresh.body_id, person=person)
            .exclude(role=Role.SUBSTITUTE)
        )
        seats.sort(key=lambda m: ROLE_ORDER.get(m.role, 99))
        attendance = (
            Attendance.objects.select_for_update(of=("self",))
            .select_related("stands_in_for__person")
            .filter(meeting=fresh, person=person)
            .first()
        )
        called_before = snapshot(attendance) if attendance is not None else None
        if attendance is None:
            if not seats:
                raise DomainError(
                    f"{person.full_name} är inte kallad till mötet och har inget uppdrag i "
                    f"{fresh.body.name} på mötesdagen.",
                    field="person",
                )
            attendance = Attendance.objects.create(
                meeting=fresh,
                person=person,
                membership=seats[0],
                role=ATTENDANCE_ROLE[Role(seats[0].role)],
            )
        if attendance.status == AttendanceStatus.ABSENT:
            return AbsenceResult(
                attendance=attendance,
                substitutes=stand_ins_for(attendance=attendance),
                informed=[],
                not_reached=[],
                message=f"{person.full_name} har redan anmält frånvaro till mötet.",
                already_reported=True,
            )
        attendance.status = AttendanceStatus.ABSENT
        attendance.reported_at = timezone.now()
        attendance.note = note
        attendance.save(update_fields=["status", "reported_at", "note"])
        if called_before is None:
            record_create(by=user, obj=attendance, note="Anmälde frånvaro.")
        else:
            record_update(by=user, obj=attendance, before=called_before, note="Anmälde frånvaro.")

        charter = current_charter(fresh.body)
        rule = charter.substitutes if charter else Substitutes.NOT_STATED
        seat_ids = [m.pk for m in seats if m.role in SEAT_ROLES]
        lines: list[str] = [f"{person.full_name} har anmält frånvaro."]
        skipped: list[str] = []
        if not seat_ids or attendance.role == AttendanceRole.SUBSTITUTE:
            pass
        elif rule == Substitutes.ALLOWED:
            substitutes = list(
                Membership.objects.active_on(day)
                .filter(body_id=fresh.body_id, role=Role.SUBSTITUTE, substitute_for__in=seat_ids)
                .select_related("person")
                .order_by("person__last_name", "person__first_name")
            )
            taken = {
                a.person_id: a
                for a in Attendance.objects.filter(
                    meeting=fresh, person__in=[s.person_id for s in substitutes]
                ).select_related("stands_in_for__person")
            }
            for sub in substitutes:
                if sub.person_id in taken or sub.person_id == person.pk:
                    other = taken.get(sub.person_id)
                    why = "är redan kallad till mötet"
                    if other is not None and other.status == AttendanceStatus.ABSENT:
                        why = "har också anmält frånvaro"
                    elif other is not None and other.stands_in_for is not None:
                        why = f"ersätter redan {other.stands_in_for.person.full_name}"
                    skipped.append(f"{sub.person.full_name} {why}")
                    continue
                new_substitutes.append(
                    Attendance.objects.create(
                        meeting=fresh,
                        person=sub.person,
                        membership=sub,
                        role=AttendanceRole.SUBSTITUTE,
                        stands_in_for=attendance,
                    )
                )
                record_create(
                    by=user,
                    obj=new_substitutes[-1],
                    note=f"Kallad som ersättare för {person.full_name}.",
                )
            if new_substitutes:
                names = ", ".join(a.person.full_name for a in new_substitutes)
                lines.append(
                    f"Ersättaren {names} är kallad med kallelsen."
                    if len(new_substitutes) == 1
                    else f"Ersättarna {names} är kallade med kallelsen."
                )
            elif not substitutes:
                lines.append(
                    f"Ingen ersättare är registrerad för {person.full_name} i {fresh.body.name}."
                )
            if skipped:
                lines.append("Inte kallad: " + "; ".join(skipped) + ".")
        elif rule == Substitutes.NOT_ALLOWED:
            quote = (charter.citations or {}).get("substitutes", "") if charter else ""
            lines.append(
                f"{fresh.body.name} har inga ersättare enligt uppdragsbeskrivningen"
                + (f": ”{quote}”" if quote else ".")
                + " Ingen kallas i stället."
            )
        else:
            lines.append(
                "Uppdragsbeskrivningen säger inget om ersättare, så ingen har kallats i stället."
            )

    # After the database work: tell the substitutes and the coordinators.
    not_reached: list[NotReached] = []
    for sub_attendance in new_substitutes:
        recipient = recipient_for_attendance(
            Attendance.objects.select_related(
                "person", "membership", "agenda_item", "stands_in_for__person"
            ).get(pk=sub_attendance.pk)
        )
        intro = f"{person.full_name} har anmält förhinder till mötet och du kallas som ersättare."
        _notice, missed = send_single_notice(
            fresh,
            recipient,
            by=user,
            subject=f"Kallelse som ersättare: {meeting_name(fresh)}, {when_text(fresh.starts_at, fresh.ends_at, end_as_clock=True)}",
            intro=intro,
        )
        not_reached.extend(missed)

    informed = _tell_coordinators(
        fresh,
        day,
        user=user,
        person=person,
        template="absence",
        subject="Frånvaro",
        context={
            "meeting": fresh,
            "when": when_text(fresh.starts_at, fresh.ends_at, end_as_clock=True),
            "note": note,
            "lines": lines[1:],
            "rule": _substitute_rule_text(charter),
        },
        not_reached=not_reached,
    )
    if informed:
        lines.append("Koordinatorn har informerats.")
    if not_reached:
        lines.append("Nådde inte: " + "; ".join(str(x) for x in not_reached) + ".")
    return AbsenceResult(
        attendance=attendance,
        substitutes=new_substitutes,
        informed=informed,
        not_reached=not_reached,
        message=" ".join(lines),
    )


@dataclass
class WithdrawResult:
    attendance: Attendance
    released: list[str]  # the substitutes no longer called, by name
    informed: list[str]
    not_reached: list[NotReached]
    message: str


def attendance_withdraw_absence(
    *, meeting: Meeting, person: Person, by: AnyUser | None
) -> WithdrawResult:
    """Undo a reported absence before the meeting: the absence reversed.

    The person is called again; the substitutes called in their stead are no longer called
    and are told so by email, and the coordinators are told, as they were of the absence.
    Refused once the meeting has begun, or if no absence is reported.
    """
    if by is not None and not can_report_absence(by, meeting, person):
        raise PermissionDenied(
            "Du kan bara återta din egen frånvaroanmälan. Koordinatorn kan återta andras."
        )
    user = acting(by)
    with transaction.atomic():
        fresh = lock_open_meeting(meeting, "återta frånvaroanmälan")
        attendance = (
            Attendance.objects.select_for_update(of=("self",))
            .filter(meeting=fresh, person=person)
            .first()
        )
        if attendance is None or attendance.status != AttendanceStatus.ABSENT:
            raise DomainError(
                f"{person.full_name} har ingen frånvaro anmäld till mötet.", field="person"
            )
        before = snapshot(attendance)
        attendance.status = AttendanceStatus.INVITED
        attendance.reported_at = None
        attendance.note = ""
        attendance.save(update_fields=["status", "reported_at", "note"])
        record_update(by=user, obj=attendance, before=before, note="Återtog frånvaroanmälan.")
        stand_ins = list(
            Attendance.objects.select_for_update(of=("self",))
            .filter(stands_in_for=attendance)
            .select_related("person")
        )
        for stand_in in stand_ins:
            record_delete(
                by=user,
                obj=stand_in,
                note=f"Kallas inte längre: {person.full_name} återtog sin frånvaroanmälan.",
            )
        Attendance.objects.filter(pk__in=[a.pk for a in stand_ins]).delete()
        called = fresh.status in CALLED_STATUSES
    when = when_text(fresh.starts_at, fresh.ends_at, end_as_clock=True)
    day = meeting_day(fresh)
    # After the database work: tell the substitutes, then the coordinators.
    not_reached: list[NotReached] = []
    released = [a.person for a in stand_ins]
    reply_to = email_of(user) if user is not None else ""
    to_substitutes = [
        (
            p,
            email_message(
                f"Du behövs inte som ersättare: {meeting_name(fresh)}, {day_text(day)}",
                email_text(
                    "substitute_released",
                    {
                        "person": p,
                        "member": person,
                        "meeting_name": meeting_name(fresh),
                        "when": when,
                        "called": called,
                    },
                ),
                p.email,
                reply_to,
            ),
        )
        for p in released
        if p.email
    ]
    not_reached += [
        NotReached(p.full_name, "", "saknar e-postadress") for p in released if not p.email
    ]
    errors = deliver([message for _, message in to_substitutes])
    for (p, _message), error in zip(to_substitutes, errors, strict=True):
        if error:
            not_reached.append(NotReached(p.full_name, p.email, error))
    lines = [f"{person.full_name} har återtagit sin frånvaroanmälan och är kallad till mötet igen."]
    if released:
        missed = {x.name for x in not_reached}
        names = ", ".join(p.full_name for p in released)
        told = [p.full_name for p in released if p.full_name not in missed]
        lines.append(
            (f"Ersättaren {names} kallas" if len(released) == 1 else f"Ersättarna {names} kallas")
            + " inte längre"
            + (f"; {', '.join(told)} har fått besked med e-post." if told else ".")
        )
    informed = _tell_coordinators(
        fresh,
        day,
        user=user,
        person=person,
        template="absence_withdrawn",
        subject="Återtagen frånvaro",
        context={"when": when, "lines": lines[1:]},
        not_reached=not_reached,
    )
    if informed:
        lines.append("Koordinatorn har informerats.")
    if not_reached:
        lines.append("Nådde inte: " + "; ".join(str(x) for x in not_reached) + ".")
    return WithdrawResult(
        attendance=attendance,
        released=[p.full_name for p in released],
        informed=informed,
        not_reached=not_reached,
        message=" ".join(lines),
    )


# --- Guests --------------------------------------------------------------------------


@dataclass
class GuestResult:
    attendance: Attendance
    notice: Notice | None
    not_reached: list[NotReached]
    message: str


def _guest_person(name: str, email: str, *, by: User | None) -> Person:
    email = email.strip()
    name = " ".join(name.split())
    if not email:
        raise DomainError("Ange gästens e-postadress; kallelsen skickas dit.", field="email")
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(f"{email} är ingen giltig e-postadress.", field="email") from None
    existing = Person.objects.filter(email__iexact=email).order_by("pk").first()
    if existing is not None:
        return existing
    first, _, last = name.partition(" ")
    if not first or not last:
        raise DomainError("Ange gästens för- och efternamn.", field="name")
    if len(first) > 100 or len(last) > 100:
        raise DomainError("Namnet är för långt.", field="name")
    return person_create(by=by, first_name=first, last_name=last, email=email)


def attendance_invite_guest(
    *,
    meeting: Meeting,
    by: AnyUser | None,
    agenda_item: AgendaItem | None = None,
    person: Person | None = None,
    name: str = "",
    email: str = "",
) -> GuestResult:
    """Invite a guest (adjungerad), for one item or the whole meeting.

    If the notice has gone out, the guest gets it at once (only their item); otherwise
    they get it with the notice.
    """
    if by is not None:  # None is the system itself, such as a command or the demo
        require_convener(by, meeting, "bjuda in gäster")
    user = acting(by)
    with transaction.atomic():
        fresh = lock_open_meeting(meeting, "bjuda in gäster")
        if agenda_item is not None and agenda_item.meeting_id != fresh.pk:
            raise DomainError("Punkten hör till ett annat möte.", field="agenda_item")
        guest = person if person is not None else _guest_person(name, email, by=acting(by))
        existing = Attendance.objects.filter(meeting=fresh, person=guest).first()
        if existing is not None:
            raise DomainError(
                f"{guest.full_name} är redan kallad till mötet "
                f"({existing.get_role_display().lower()}).",
                field="email",
            )
        if (
            Membership.objects.active_on(meeting_day(fresh))
            .filter(body_id=fresh.body_id, person=guest, role__in=NOTICE_ROLES)
            .exists()
        ):
            raise DomainError(
                f"{guest.full_name} sitter redan i {fresh.body.name} och kallas med kallelsen.",
                field="email",
            )
        attendance = Attendance.objects.create(
            meeting=fresh,
            person=guest,
            role=AttendanceRole.GUEST,
            agenda_item=agenda_item,
        )
        record_create(by=user, obj=attendance, note="Inbjuden gäst.")
        attendance = Attendance.objects.select_related(
            "person", "membership", "agenda_item", "stands_in_for__person"
        ).get(pk=attendance.pk)
        called = fresh.status in CALLED_STATUSES
    what = f"punkten ”{agenda_item.title}”" if agenda_item else "mötet"
    if not called:
        return GuestResult(
            attendance=attendance,
            notice=None,
            not_reached=[],
            message=f"{guest.full_name} är inbjuden till {what} och får kallelsen när den skickas.",
        )
    notice, not_reached = send_single_notice(
        fresh,
        recipient_for_attendance(attendance),
        by=user,
        subject=f"Inbjudan: {meeting_name(fresh)}, {when_text(fresh.starts_at, fresh.ends_at, end_as_clock=True)}",
        intro="",
    )
    message = f"{guest.full_name} är inbjuden till {what}"
    if not_reached:
        message += ", men kallelsen nådde inte fram: " + "; ".join(str(x) for x in not_reached)
        message += "."
    else:
        message += " och har fått kallelsen."
    return GuestResult(
        attendance=attendance, notice=notice, not_reached=not_reached, message=message
    )
