"""Who may see and change a meeting and its parts. Every lookup by the pages goes through here.

- The coordinators of the meeting's structure (and admins) change the meeting, its agenda
  and its documents, send the notice, invite guests and report anyone's absence.
- Those the charter names as the body's conveners (`Charter.convener`, "sammankallande")
  call the meeting: they upload and replace its documents, send its notice (after the
  preview) and invite guests, as the coordinators do (`MeetingRights.convene`).
- A person called to a meeting, or holding a seat in its body, reports their own absence.
- A meeting's documents: public ones for anyone; internal ones for the body's members,
  those called to the whole meeting, coordinators and admins; a guest called for one item
  reads the internal documents of that item only.
- A personal calendar feed is read by whoever holds its secret address.
- A meeting's working page: the coordinators change everything on it. Those the charter
  makes conveners (`Charter.convener`: the chair, the chair and the secretary, or the
  process leaders) prepare its agenda, upload its documents, send its notice and invite
  guests; the chair where the chair owns the agenda prepares the agenda only. Everyone
  else with a role in the body, and anyone called to the meeting, reads it: the agenda, the
  documents they may read, the notice and attendance, the minutes (which the secretary
  writes and the approvers approve, `minutes.access`), and reports their own absence.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from samverkan.lib.localtime import meeting_day
from samverkan.lib.users import AnyUser
from samverkan.meetings.models import AgendaItem, Attendance, CalendarFeed, Document, Meeting
from samverkan.structure.access import (
    body_roles,
    can_edit_structure,
    coordinated_bodies,
    is_admin,
)
from samverkan.structure.choices import CharterStatus, Convener
from samverkan.structure.models import Charter, Membership, Person, Role, Structure

# --- Predicates ---------------------------------------------------------------------------


def can_manage_notices(user: AnyUser | None, meeting: Meeting) -> bool:
    """Coordinators of the meeting's structure (and admins): they report anyone's absence
    and read the notes with it. Who sends the notice and invites guests is
    `MeetingRights.convene`, which includes them."""
    if user is None:
        return False
    if _read_with_viewer(meeting, user):
        return is_admin(user) or bool(meeting.viewer_coordinates)  # type: ignore[attr-defined]
    return can_edit_structure(user, meeting.body.structure)


def can_report_absence(user: AnyUser | None, meeting: Meeting, person: Person) -> bool:
    """A person reports their own absence; a coordinator may report anyone's."""
    if user is None or not user.is_authenticated:
        return False
    return person.user_id == user.pk or can_manage_notices(user, meeting)


def require_convener(user: AnyUser, meeting: Meeting, what: str) -> None:
    """Refuse all but the meeting's coordinators, administrators and the charter's conveners
    (`MeetingRights.convene`): the services that upload, send the notice and invite guests."""
    if not user.is_authenticated:
        raise PermissionDenied("Du behöver logga in.")
    if not meeting_rights(user, meeting).convene:
        raise PermissionDenied(
            f"Du är inte koordinator för {meeting.body.structure.name} och sammankallar inte "
            f"{meeting.body.name} enligt uppdragsbeskrivningen, så du kan inte {what}."
        )


def require_coordinator(user: AnyUser, meeting: Meeting, what: str) -> None:
    """Refuse all but the meeting's coordinators (and administrators)."""
    if not user.is_authenticated:
        raise PermissionDenied("Du behöver logga in.")
    if not can_manage_notices(user, meeting):
        raise PermissionDenied(
            f"Du är inte koordinator för {meeting.body.structure.name} och kan inte {what}."
        )


def readable_documents(user: AnyUser, meeting: Meeting) -> Q:
    """Which of the meeting's documents `user` may read, as a filter."""
    public = Q(public=True)
    if not (user.is_authenticated and user.is_active):
        return public
    if is_admin(user) or can_edit_structure(user, meeting.body.structure):
        return Q()
    if meeting.body_id in body_roles(user):
        return Q()
    called = list(
        Attendance.objects.filter(meeting=meeting, person__user=user).values_list(
            "agenda_item_id", flat=True
        )
    )
    if not called:
        return public
    if None in called:
        return Q()
    return public | Q(agenda_item_id__in=called)


def readable_among(
    user: AnyUser, meeting: Meeting, rights: MeetingRights, documents: list[Document]
) -> list[Document]:
    """Those of the meeting's `documents` (read by the page) that `user` may read: the same
    as `readable_documents`, from the rights the page has, with one query for a guest called
    to some items only and none for anyone else."""
    if not user.is_authenticated:
        return [d for d in documents if d.public]
    if rights.edit or rights.in_body:
        return documents
    if not rights.called:
        return [d for d in documents if d.public]
    called = set(
        Attendance.objects.filter(meeting=meeting, person__user=user).values_list(
            "agenda_item_id", flat=True
        )
    )
    if None in called:
        return documents
    return [d for d in documents if d.public or d.agenda_item_id in called]


# The body's roles that convene its meetings and prepare their agenda, per the charter.
CONVENER_ROLES: dict[str, frozenset[str]] = {
    Convener.CHAIR: frozenset({Role.CHAIR}),
    Convener.CHAIR_AND_SECRETARY: frozenset({Role.CHAIR, Role.SECRETARY}),
    Convener.PROCESS_LEADERS: frozenset({Role.PROCESS_LEADER}),
}


def meeting_charter(meeting: Meeting) -> Charter | None:
    """The body's charter in force, kept on the meeting for the request: the rights, the
    page, its documents and its notice all ask (it was read four times a page)."""
    if not hasattr(meeting, "_charter_in_force"):
        meeting._charter_in_force = (  # type: ignore[attr-defined]
            Charter.objects.in_force().filter(body_id=meeting.body_id).first()
        )
    return meeting._charter_in_force  # type: ignore[attr-defined,no-any-return]


def convener_roles(meeting: Meeting) -> tuple[frozenset[str], frozenset[str]]:
    """The roles that call the meeting (documents, notice, guests, agenda) and those that
    prepare its agenda, under the body's charter in force. The chair who owns the agenda
    (`chair_owns_agenda`) prepares it without calling the meeting, unless also a convener."""
    charter = meeting_charter(meeting)
    if charter is None:
        return frozenset(), frozenset()
    convene = CONVENER_ROLES.get(charter.convener, frozenset())
    agenda = convene | {Role.CHAIR} if charter.chair_owns_agenda else convene
    return convene, agenda


@dataclass(frozen=True)
class MeetingRights:
    """What the user may do on the meeting's working page."""

    read: bool
    agenda: bool  # add, change, move and remove agenda items
    convene: bool  # upload documents, send the notice (after its preview), invite guests
    edit: bool  # everything else: time, place, cancel, anyone's absence
    in_body: bool  # holds a role in the body today
    called: bool  # is called to the meeting


def meeting_rights(user: AnyUser, meeting: Meeting) -> MeetingRights:
    """Kept on the meeting for the request: the lookup and the page both ask."""
    if not (user.is_authenticated and user.is_active):
        return MeetingRights(False, False, False, False, False, False)
    kept: tuple[object, MeetingRights] | None = getattr(meeting, "_rights", None)
    if kept is not None and kept[0] == user.pk:
        return kept[1]
    edit = can_manage_notices(user, meeting)
    if _read_with_viewer(meeting, user):
        roles: set[str] = {r for r in VIEWER_ROLES if getattr(meeting, f"viewer_{r}")}
        if meeting.viewer_in_body:  # type: ignore[attr-defined]
            roles.add(ANY_ROLE)
        called = bool(meeting.viewer_called)  # type: ignore[attr-defined]
    else:
        roles = body_roles(user).get(meeting.body_id, set())
        called = Attendance.objects.filter(meeting=meeting, person__user=user).exists()
    convene_roles, agenda_roles = convener_roles(meeting)
    rights = MeetingRights(
        read=edit or bool(roles) or called,
        agenda=edit or bool(roles & agenda_roles),
        convene=edit or bool(roles & convene_roles),
        edit=edit,
        in_body=bool(roles),
        called=called,
    )
    meeting._rights = (user.pk, rights)  # type: ignore[attr-defined]
    return rights


# --- Lookups ------------------------------------------------------------------------------


# The roles that `convener_roles` can name; `viewer_annotations` reads whether the reader
# holds each of them, and whether they hold any role (`ANY_ROLE`) in the body.
VIEWER_ROLES = (Role.CHAIR, Role.SECRETARY, Role.PROCESS_LEADER)
ANY_ROLE = "*"


def viewer_annotations(user_id: int) -> dict[str, Exists]:
    """The reader's standing for `meeting_rights`, read with the meeting instead of in three
    queries of its own (the structures they coordinate, their roles, their attendance): the
    same conditions as `coordinated_structure_ids`, `body_roles` and `called`."""
    held = Membership.objects.active_on(timezone.localdate()).filter(
        body_id=OuterRef("body_id"), person__user_id=user_id
    )
    found = {
        "viewer_coordinates": Exists(
            Structure.coordinators.through.objects.filter(
                structure_id=OuterRef("body__structure_id"), user_id=user_id
            )
        ),
        "viewer_called": Exists(
            Attendance.objects.filter(meeting_id=OuterRef("pk"), person__user_id=user_id)
        ),
        "viewer_in_body": Exists(held),
    }
    for role in VIEWER_ROLES:
        found[f"viewer_{role}"] = Exists(held.filter(role=role))
    return found


def _read_with_viewer(meeting: Meeting, user: AnyUser) -> bool:
    return user.is_authenticated and getattr(meeting, "_viewer_pk", None) == user.pk


def _meeting(meeting_id: int, *, viewer: AnyUser | None = None) -> Meeting:
    """The meeting with its body, structure and the body's charter in force (at most one,
    `charter_one_in_force_per_body`, so joined in the same query), and with `viewer`'s
    standing when given."""
    found = (
        Meeting.objects.annotate(
            charter_now=FilteredRelation(
                "body__charters", condition=Q(body__charters__status=CharterStatus.IN_FORCE)
            )
        )
        .select_related(  # type: ignore[misc]  # the stubs do not know filtered relations
            "body",
            "body__structure",
            "body__structure__region",
            "body__municipality",
            "convener",
            "charter_now",
        )
        .filter(pk=meeting_id)
    )
    viewer_pk: int | None = None
    if viewer is not None and viewer.is_authenticated:
        viewer_pk = viewer.pk
        found = found.annotate(**viewer_annotations(viewer.pk))
    meeting = found.first()
    if meeting is None:
        raise Http404("Mötet finns inte.")
    # Without a charter in force the joined row is empty and Django sets no attribute.
    meeting._charter_in_force = getattr(meeting, "charter_now", None)  # type: ignore[attr-defined]
    if viewer_pk is not None:
        meeting._viewer_pk = viewer_pk  # type: ignore[attr-defined]
    return meeting


def get_meeting_for_edit(user: AnyUser, meeting_id: int) -> Meeting:
    """The meeting, if the user may change it: admins and the structure's coordinators."""
    meeting = _meeting(meeting_id)
    require_coordinator(user, meeting, "ändra mötet")
    return meeting


def get_meeting_for_read(user: AnyUser, meeting_id: int) -> tuple[Meeting, MeetingRights]:
    """The meeting and the user's rights on its working page, if they may read it: the
    coordinators, everyone with a role in the body and those called to the meeting."""
    meeting = _meeting(meeting_id, viewer=user)
    if not user.is_authenticated:
        raise PermissionDenied("Du behöver logga in.")
    rights = meeting_rights(user, meeting)
    if not rights.read:
        raise PermissionDenied(
            f"Mötets arbetssida visas för dem som har ett uppdrag i {meeting.body.name}, de "
            f"som är kallade till mötet och koordinatorerna för {meeting.body.structure.name}. "
            "Tiden och platsen finns i gruppens offentliga kalender; tycker du att du borde "
            "ha ett uppdrag i gruppen, kontakta koordinatorn."
        )
    return meeting, rights


def get_meeting_for_agenda(user: AnyUser, meeting_id: int) -> Meeting:
    """The meeting, if the user may prepare its agenda: the coordinators and the charter's
    conveners in the body."""
    meeting = _meeting(meeting_id)
    if not user.is_authenticated:
        raise PermissionDenied("Du behöver logga in.")
    if not meeting_rights(user, meeting).agenda:
        raise PermissionDenied(
            f"Dagordningen för {meeting.body.name} förbereds av den som sammankallar gruppen "
            f"enligt uppdragsbeskrivningen och av koordinatorerna för "
            f"{meeting.body.structure.name}."
        )
    return meeting


def get_meeting_for_notices(user: AnyUser, meeting_id: int) -> Meeting:
    """The meeting, if the user may send its notice and invite guests: the coordinators and
    the charter's conveners (`MeetingRights.convene`)."""
    meeting = _meeting(meeting_id)
    require_convener(user, meeting, "kalla till mötet")
    return meeting


def get_meeting_for_documents(user: AnyUser, meeting_id: int) -> Meeting:
    """The meeting, if the user may upload its documents or new versions of them: the
    coordinators and the charter's conveners (`MeetingRights.convene`)."""
    meeting = _meeting(meeting_id)
    require_convener(user, meeting, "ladda upp handlingar till mötet")
    return meeting


def get_agenda_item_for_edit(user: AnyUser, item_id: int) -> AgendaItem:
    """The agenda item, with its meeting loaded for the page, if the user may change it."""
    item = AgendaItem.objects.filter(pk=item_id).first()
    if item is None:
        raise Http404("Punkten finns inte.")
    item.meeting = get_meeting_for_agenda(user, item.meeting_id)
    return item


def get_attendee_for_edit(user: AnyUser, meeting_id: int, person_id: int) -> tuple[Meeting, Person]:
    """The meeting and a person, for a coordinator reporting that person's absence."""
    meeting = _meeting(meeting_id)
    require_coordinator(user, meeting, "anmäla någon annans frånvaro")
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise Http404("Personen finns inte.")
    return meeting, person


@dataclass(frozen=True)
class OwnAttendance:
    """The user's own part in a meeting: their row, if called, and whether they hold a
    place in the body on the meeting day (substitutes are called only in someone's stead)."""

    meeting: Meeting
    person: Person
    attendance: Attendance | None
    in_body: bool


def get_own_attendance_for_edit(user: AnyUser, meeting_id: int) -> OwnAttendance:
    """The user's own attendance at the meeting, where they report their absence."""
    meeting = _meeting(meeting_id)
    person = Person.objects.filter(user=user).first() if user.is_authenticated else None
    if person is None:
        raise PermissionDenied(
            "Ditt konto är inte kopplat till någon person i strukturen, så du har ingen "
            "närvaro att anmäla. Kontakta koordinatorn."
        )
    attendance = (
        Attendance.objects.filter(meeting=meeting, person=person)
        .select_related("stands_in_for__person", "agenda_item")
        .first()
    )
    in_body = (
        Membership.objects.active_on(meeting_day(meeting))
        .filter(body_id=meeting.body_id, person=person)
        .exclude(role=Role.SUBSTITUTE)
        .exists()
    )
    if attendance is None and not in_body:
        raise Http404("Du är inte kallad till det här mötet.")
    return OwnAttendance(meeting, person, attendance, in_body)


DOCUMENT_NOT_FOUND = "Handlingen finns inte."


def get_document_for_read(user: AnyUser, document_id: int) -> Document:
    """A public document for anyone; an internal one only for those who may read it."""
    document = (
        Document.objects.select_related("meeting", "meeting__body", "meeting__body__structure")
        .filter(pk=document_id)
        .first()
    )
    # An internal document is, for anyone who may not read it, exactly like one that does
    # not exist: the same 404 and words, so that its title or existence does not leak.
    if (
        document is None
        or not Document.objects.filter(
            readable_documents(user, document.meeting), pk=document.pk
        ).exists()
    ):
        raise Http404(DOCUMENT_NOT_FOUND)
    return document


def get_calendar_feed_for_read(token: str) -> CalendarFeed:
    """The personal feed behind a secret address, if the address is current and its user
    active; anything else is as if it did not exist."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
        if token and len(token) <= 64
        else None
    )
    if feed is None:
        raise Http404("Kalenderadressen finns inte. Den kan ha ersatts av en ny.")
    return feed


# --- The API's lookups ----------------------------------------------------------------------


def video_link_condition(user: AnyUser) -> Q:
    """Which meetings' video links `user` may see, as a condition on meetings: as on the
    pages, those the meeting concerns. The coordinators of its structure (the working
    page), the body's members today and anyone called to it (the notice, the reminder and
    the personal calendar feed), and admins. A link can carry a passcode, so being logged
    in is not enough."""
    if is_admin(user):
        return Q(pk__isnull=False)
    if not (user.is_authenticated and user.is_active):
        return Q(pk__isnull=True)
    called = Attendance.objects.filter(meeting=OuterRef("pk"), person__user_id=user.pk)
    # Conditions on the meeting's own columns: no join to the body, which a list's count
    # would otherwise keep (a hash join over every meeting in the installation).
    return (
        Q(body_id__in=set(body_roles(user)))
        | Q(body_id__in=coordinated_bodies(user))
        | Q(Exists(called))
    )


def with_visible_video_links(meetings: QuerySet[Meeting], user: AnyUser) -> QuerySet[Meeting]:
    """Each meeting with `visible_video_link`: the link where `video_link_condition` lets
    `user` see it, empty otherwise."""
    return meetings.annotate(
        visible_video_link=Case(
            When(video_link_condition(user), then=F("video_link")),
            default=Value(""),
            output_field=CharField(),
        )
    )


def can_see_attendance(user: AnyUser, meeting: Meeting) -> bool:
    """Who is called and who is absent: coordinators of the structure, admins, and those
    with an assignment in the body."""
    if not (user.is_authenticated and user.is_active):
        return False
    return can_edit_structure(user, meeting.body.structure) or meeting.body_id in body_roles(user)


def get_meeting_by_id_for_read(user: AnyUser, meeting_id: int) -> Meeting:
    """Any meeting (they are public), with its video link as `with_visible_video_links`
    shows it to `user`."""
    meetings = Meeting.objects.select_related(
        "body", "body__structure", "body__structure__region", "convener"
    )
    meeting = with_visible_video_links(meetings, user).filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404("Mötet finns inte.")
    return meeting


def get_agenda_item_for_read(item_id: int) -> AgendaItem:
    """Any agenda item (they are public), with its owner."""
    item = AgendaItem.objects.select_related("owner").filter(pk=item_id).first()
    if item is None:
        raise Http404("Punkten finns inte.")
    return item


def get_meeting_for_notices_read(user: AnyUser, meeting_id: int) -> Meeting:
    """The meeting, if the user may preview its notice and read the notices sent, with
    their recipients: those who send them, the coordinators and the charter's conveners."""
    meeting = _meeting(meeting_id)
    if not meeting_rights(user, meeting).convene:
        raise PermissionDenied(
            f"Kallelserna visas bara för koordinatorerna för {meeting.body.structure.name} "
            f"och den som sammankallar {meeting.body.name}."
        )
    return meeting


def get_meeting_for_attendance_read(user: AnyUser, meeting_id: int) -> Meeting:
    """The meeting, if the user may read its attendance (`can_see_attendance`)."""
    meeting = _meeting(meeting_id)
    if not can_see_attendance(user, meeting):
        raise PermissionDenied(
            f"Närvaron visas bara för ledamöterna i {meeting.body.name} och koordinatorerna."
        )
    return meeting


def get_meeting_for_guests_edit(user: AnyUser, meeting_id: int) -> Meeting:
    """The meeting, if the user may invite guests to it: the coordinators and the
    charter's conveners (`MeetingRights.convene`)."""
    meeting = _meeting(meeting_id)
    require_convener(user, meeting, "bjuda in gäster")
    return meeting
