"""Who may read, write and approve minutes. Every lookup by pages and the API goes through here.

- Writers: admins, the structure's coordinators, the body's secretary, coordinator or
  process leader, and the person set as the minutes' secretary.
- Readers of unapproved or internal minutes: writers, the body's current members and
  the minutes' approvers. Nobody else learns that a draft exists.
- Everyone: approved minutes that the charter makes public, once published.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Case, CharField, Exists, F, OuterRef, Q, QuerySet, When
from django.http import Http404

from samverkan.lib.users import AnyUser
from samverkan.meetings.models import Meeting
from samverkan.minutes.models import (
    ApprovalDecision,
    Minutes,
    MinutesApprover,
    MinutesItem,
    MinutesStatus,
    PublicationHold,
)
from samverkan.structure.access import (
    body_roles,
    can_edit_structure,
    coordinated_structure_ids,
    get_body_by_id_for_read,
    is_admin,
)
from samverkan.structure.models import Body, Role

WRITER_ROLES = frozenset({Role.SECRETARY, Role.COORDINATOR, Role.PROCESS_LEADER})

MINUTES_RELATED = (
    "meeting",
    "meeting__body",
    # The working page names the commissioning body of one that does not decide.
    "meeting__body__parent",
    "meeting__body__structure",
    "taken_by",
    "chaired_by",
    "adjuster",
    "addendum_to",
)


def can_write_minutes(user: AnyUser, body: Body, minutes: Minutes | None = None) -> bool:
    if not user.is_authenticated:
        return False
    if can_edit_structure(user, body.structure):
        return True
    if body_roles(user).get(body.pk, set()) & WRITER_ROLES:
        return True
    return bool(
        minutes is not None
        and minutes.taken_by_id
        and minutes.taken_by is not None
        and minutes.taken_by.user_id == user.pk
    )


def is_approver(user: AnyUser, minutes: Minutes) -> bool:
    if not user.is_authenticated:
        return False
    return minutes.approvers.filter(person__user=user).exists()


def is_insider(user: AnyUser, minutes: Minutes) -> bool:
    """Writers, the body's members and the approvers: they read the minutes as written.

    Everyone else reads at most the published version, with masked numbers removed and
    without the approvers' working comments.
    """
    if not user.is_authenticated:
        return False
    body = minutes.meeting.body
    return (
        can_write_minutes(user, body, minutes)
        or body.pk in body_roles(user)
        or is_approver(user, minutes)
    )


def insider_condition(user: AnyUser, *, bodies: set[int] | None = None) -> Q:
    """`is_insider` as a condition on minutes, for reading many at once.

    Writers, the body's members and the approvers; an administrator is all of them. Nobody
    who is not logged in. `bodies`: the user's bodies (`body_roles`), when the caller has
    read them.
    """
    if is_admin(user):
        return Q(pk__isnull=False)
    if not user.is_authenticated:
        return Q(pk__isnull=True)
    approver = MinutesApprover.objects.filter(minutes=OuterRef("pk"), person__user_id=user.pk)
    return (
        Q(meeting__body_id__in=set(body_roles(user)) if bodies is None else bodies)
        | Q(meeting__body__structure_id__in=coordinated_structure_ids(user))
        | Q(taken_by__user_id=user.pk)
        | Q(Exists(approver))
    )


def with_shown_sha256(
    minutes: QuerySet[Minutes], user: AnyUser, *, bodies: set[int] | None = None
) -> QuerySet[Minutes]:
    """Each minutes with `shown_sha256`: the original's hash for those who may read the
    original, the published (masked) text's hash for everyone else. `bodies` as for
    `insider_condition`."""
    return minutes.annotate(
        shown_sha256=Case(
            When(insider_condition(user, bodies=bodies), then=F("sha256")),
            default=F("published_sha256"),
            output_field=CharField(),
        )
    )


def can_read_minutes(user: AnyUser, minutes: Minutes) -> bool:
    """Whether the user may read these minutes in some form, whatever their state."""
    return is_published(minutes) or is_insider(user, minutes)


def is_published(minutes: Minutes) -> bool:
    return bool(
        minutes.status == MinutesStatus.APPROVED and minutes.public and minutes.published_at
    )


# Approved, public by the charter, and published: what anyone may read.
PUBLISHED = Q(status=MinutesStatus.APPROVED, public=True, published_at__isnull=False)


def published_minutes() -> QuerySet[Minutes]:
    """Minutes anyone may read: approved, public by the charter, and published."""
    return Minutes.objects.filter(PUBLISHED)


def _own_or_approving(user: User, bodies: set[int] | None) -> Q:
    # Each condition on a row that occurs once per minutes or as a subquery of ids, never a
    # join that repeats rows: a join to the approvers needed DISTINCT over every column (the
    # frozen text, the attendance) of every minutes in the installation.
    own_bodies = Body.objects.filter(
        Q(pk__in=set(body_roles(user)) if bodies is None else bodies)
        | Q(structure_id__in=coordinated_structure_ids(user))
    )
    # Uncorrelated, so the database reads the user's few approvals once (a hashed subplan)
    # rather than probing the approvers for every minutes row.
    approving = MinutesApprover.objects.filter(person__user_id=user.pk)
    # The meeting is one row per minutes, and lists join it anyway to order by its time.
    return Q(meeting__body_id__in=own_bodies.values("pk")) | Q(
        pk__in=approving.values("minutes_id")
    )


def readable_minutes(user: AnyUser, *, bodies: set[int] | None = None) -> QuerySet[Minutes]:
    """All minutes the user may read: the published ones plus their own bodies' material.
    `bodies`: the user's bodies (`body_roles`), when the caller has read them."""
    if is_admin(user):
        return Minutes.objects.all()
    if not user.is_authenticated:
        return published_minutes()
    return Minutes.objects.filter(PUBLISHED | _own_or_approving(user, bodies))


def readable_minutes_apart(
    user: AnyUser, *, bodies: set[int] | None = None
) -> list[QuerySet[Minutes]]:
    """`readable_minutes` as parts that share no row, to count them each from its own index:
    the published minutes (`minutes_published_idx`) and the others the user may read
    (`minutes_unpublished_idx`, a few per body). Counting `readable_minutes` itself read
    every minutes in the installation, wide rows and all, or joined every meeting."""
    if is_admin(user) or not user.is_authenticated:
        return [readable_minutes(user)]
    return [
        published_minutes(),
        Minutes.objects.exclude(PUBLISHED).filter(_own_or_approving(user, bodies)),
    ]


def writable_minutes(user: AnyUser) -> QuerySet[Minutes]:
    """The minutes the user may write, as `can_write_minutes` decides, in one query."""
    if is_admin(user):
        return Minutes.objects.all()
    if not user.is_authenticated:
        return Minutes.objects.none()
    writer_bodies = [b for b, roles in body_roles(user).items() if roles & WRITER_ROLES]
    return Minutes.objects.filter(
        Q(meeting__body_id__in=writer_bodies)
        | Q(meeting__body__structure_id__in=coordinated_structure_ids(user))
        | Q(taken_by__user=user)
    )


MINUTES_NOT_FOUND = "Minnesanteckningarna finns inte."


def _load(minutes_id: int) -> Minutes:
    minutes = Minutes.objects.select_related(*MINUTES_RELATED).filter(pk=minutes_id).first()
    if minutes is None:
        raise Http404(MINUTES_NOT_FOUND)
    return minutes


def get_minutes_for_read(user: AnyUser, minutes_id: int) -> Minutes:
    """The minutes, if the user may read them in some form.

    Anyone else is answered exactly as for an id that does not exist, logged in or not: a
    refusal naming the body would tell outsiders that unpublished minutes exist.
    """
    minutes = _load(minutes_id)
    if can_read_minutes(user, minutes):
        return minutes
    raise Http404(MINUTES_NOT_FOUND)


def get_minutes_for_edit(user: AnyUser, minutes_id: int) -> Minutes:
    minutes = get_minutes_for_read(user, minutes_id)
    if not can_write_minutes(user, minutes.meeting.body, minutes):
        raise PermissionDenied(
            "Bara sekreteraren, gruppens koordinator eller processledare och strukturens "
            "koordinatorer skriver minnesanteckningarna."
        )
    return minutes


def get_item_for_edit(user: AnyUser, item_id: int) -> MinutesItem:
    item = MinutesItem.objects.select_related("minutes").filter(pk=item_id).first()
    if item is None:
        raise Http404("Punkten finns inte.")
    item.minutes = get_minutes_for_edit(user, item.minutes_id)
    return item


def get_meeting_for_minutes(user: AnyUser, meeting_id: int) -> Meeting:
    """The meeting, if the user may write its minutes."""
    meeting = (
        Meeting.objects.select_related("body", "body__structure").filter(pk=meeting_id).first()
    )
    if meeting is None:
        raise Http404("Mötet finns inte.")
    if not user.is_authenticated:
        raise PermissionDenied("Du behöver logga in.")
    if not can_write_minutes(user, meeting.body):
        raise PermissionDenied(
            f"Du kan inte skriva minnesanteckningar för {meeting.body.name}: det gör "
            "sekreteraren, gruppens koordinator eller processledare och strukturens koordinatorer."
        )
    return meeting


def pending_approver(user: AnyUser, minutes: Minutes) -> MinutesApprover | None:
    """The user's own open part in the current round of approval, if any."""
    if not user.is_authenticated or minutes.status != MinutesStatus.PENDING:
        return None
    return (
        minutes.approvers.select_related("person")
        .filter(person__user=user, decision=ApprovalDecision.PENDING)
        .first()
    )


def get_hold_for_edit(user: AnyUser, hold_id: int) -> PublicationHold:
    """A personnummer hit is internal even where the minutes are published: to anyone who
    does not read the minutes as written it does not exist."""
    hold = PublicationHold.objects.filter(pk=hold_id).first()
    minutes = _load(hold.minutes_id) if hold is not None else None
    if hold is None or minutes is None or not is_insider(user, minutes):
        raise Http404("Träffen finns inte.")
    hold.minutes = get_minutes_for_edit(user, hold.minutes_id)
    return hold


PUBLISHED_NOT_FOUND = "Minnesanteckningarna finns inte eller är inte publicerade."


def get_published_minutes_for_read(structure_slug: str, key: str, minutes_id: int) -> Minutes:
    """Published minutes of the body at this address, whoever asks; 404 for anything else.

    The public site shows nothing else, not even to the body's own members (they read drafts
    in the working pages), and tells a draft and a missing id alike.
    """
    minutes = (
        published_minutes()
        .select_related(*MINUTES_RELATED, "addendum_to__meeting")
        .filter(
            pk=minutes_id, meeting__body__structure__slug=structure_slug, meeting__body__key=key
        )
        .first()
    )
    if minutes is None or not is_published(minutes):
        raise Http404(PUBLISHED_NOT_FOUND)
    return minutes


def get_body_for_open_actions_read(user: AnyUser, body_id: int) -> Body:
    """The body, if the user may read its open actions: its members and those who write
    its minutes (secretaries and the structure's coordinators)."""
    body = get_body_by_id_for_read(body_id)
    if not (can_write_minutes(user, body) or body.pk in body_roles(user)):
        raise PermissionDenied(
            f"Öppna åtgärder visas för ledamöterna i {body.name} och strukturens koordinatorer."
        )
    return body
