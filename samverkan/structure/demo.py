"""The demo: the four seed structures with fictional people, and logins to try every role."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from samverkan.structure import selectors
from samverkan.structure.importer import ImportReport, structure_import_file
from samverkan.structure.models import Body, DemoMark, DemoPart, Person, Role, Structure
from samverkan.structure.services import body_meeting_forms_reviewed

DEMO_PASSWORD = "demo"
# "Mötesformerna revideras varje år" (`meetings.forms_revised`): in the demo, two of
# Västerbotten's five bodies with that rule recorded their review a quarter ago; the other
# three show the finding, their last revision being the charters' decision in 2020.
REVIEWED_MEETING_FORMS = {"vasterbotten": ("lsg", "patientsakerhet")}
REVIEWED_DAYS_AGO = 90


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str


def structure_files(directory: Path | None = None) -> list[Path]:
    return sorted(Path(directory or settings.STRUCTURES_DIR).glob("*.yaml"))


def _user_for(person: Person) -> User:
    if person.user is not None:
        return person.user
    username = person.email.lower()
    user = User.objects.filter(username=username).first() or User.objects.create_user(
        username=username,
        email=person.email,
        first_name=person.first_name,
        last_name=person.last_name,
    )
    person.user = user
    person.save(update_fields=["user"])
    return user


def _structure_key(path: Path) -> str:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return str((data.get("structure") or {}).get("key", ""))


@transaction.atomic
def demo_load(*, directory: Path | None = None) -> list[ImportReport]:
    """Import the structure files not yet loaded, then give the demo people passwords.

    A structure already in the database is left as it is, so that `make run` keeps
    what was changed in the demo since; `import_structure` updates one on purpose.
    """
    existing = selectors.structure_slugs()
    files = {path: _structure_key(path) for path in structure_files(directory)}
    new = [path for path, key in files.items() if key not in existing]
    reports = [structure_import_file(path=path) for path in new]
    _record_reviews(structure_slugs={files[path] for path in new})
    _mark_structures(files)
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        admin = User.objects.create_superuser("admin", "admin@samverkan.example", DEMO_PASSWORD)
    for user in demo_users():
        if not user.has_usable_password() or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
    return reports


def _record_reviews(*, structure_slugs: set[str]) -> None:
    """The demo's recorded reviews of meeting forms, for the structures loaded just now."""
    on = timezone.localdate() - datetime.timedelta(days=REVIEWED_DAYS_AGO)
    for slug, keys in REVIEWED_MEETING_FORMS.items():
        if slug not in structure_slugs:
            continue
        bodies = Body.objects.filter(structure__slug=slug, key__in=keys).select_related("structure")
        for body in bodies:
            coordinator = body.structure.coordinators.order_by("pk").first()
            body_meeting_forms_reviewed(by=coordinator, body=body, on=on)


# --- What the demo made ---------------------------------------------------------------


def _body_keys(path: Path) -> set[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(b.get("key", "")) for b in data.get("bodies") or [] if isinstance(b, dict)}


def _mark_structures(files: dict[Path, str]) -> None:
    """Mark each seed structure and the bodies its file names as the demo's own, once.

    A structure loaded before there were marks is marked the first time it is seen, with
    the bodies its file names and not those users have added to it since."""
    marked = set(
        DemoMark.objects.filter(part=DemoPart.STRUCTURE, body__isnull=True).values_list(
            "structure__slug", flat=True
        )
    )
    for path, slug in files.items():
        structure = None if slug in marked else Structure.objects.filter(slug=slug).first()
        if structure is not None:
            bodies = Body.objects.filter(structure=structure, key__in=_body_keys(path))
            demo_mark(DemoPart.STRUCTURE, structures=[structure], bodies=bodies)


def demo_mark(
    part: DemoPart, *, structures: Iterable[Structure] = (), bodies: Iterable[Body] = ()
) -> None:
    """Note that the demo has done `part` for these structures and bodies."""
    DemoMark.objects.bulk_create(
        [DemoMark(structure=s, part=part) for s in structures]
        + [DemoMark(structure_id=b.structure_id, body=b, part=part) for b in bodies],
        ignore_conflicts=True,
    )


def demo_bodies(*, not_yet: DemoPart, made_by: DemoPart = DemoPart.STRUCTURE) -> QuerySet[Body]:
    """The demo's own bodies (those `made_by` has marked) for which `not_yet` is still to
    be done; a body created through the pages or the API is never among them."""
    made = DemoMark.objects.filter(part=made_by, body__isnull=False).values("body_id")
    done = DemoMark.objects.filter(part=not_yet, body__isnull=False).values("body_id")
    return Body.objects.filter(pk__in=made).exclude(pk__in=done)


def demo_structures(*, not_yet: DemoPart | None = None) -> QuerySet[Structure]:
    """The structures the demo's files made, without those `not_yet` was done for."""
    marks = DemoMark.objects.filter(body__isnull=True)
    found = Structure.objects.filter(
        pk__in=marks.filter(part=DemoPart.STRUCTURE).values("structure_id")
    )
    if not_yet is not None:
        found = found.exclude(pk__in=marks.filter(part=not_yet).values("structure_id"))
    return found


# --- Logins ----------------------------------------------------------------------------


def demo_users() -> list[User]:
    """The demo structures' coordinators and a chair, a secretary and a member of each."""
    users: list[User] = []
    holders = selectors.first_role_holders(
        today=timezone.localdate(), roles=(Role.CHAIR, Role.SECRETARY, Role.MEMBER)
    )
    demo = set(demo_structures().values_list("pk", flat=True))
    for structure in selectors.structures_with_coordinators():
        if structure.pk not in demo:
            continue
        users.extend(structure.coordinators.all())
        for role in (Role.CHAIR, Role.SECRETARY, Role.MEMBER):
            membership = holders.get((structure.pk, role))
            if membership is not None:
                users.append(_user_for(membership.person))
    return users


def demo_logins() -> list[tuple[str, str]]:
    """(username, what the login shows) for every demo login, for `make run` to print."""
    rows = [("admin", "administratör: får ändra allt")]
    with_accounts = selectors.memberships_with_accounts(today=timezone.localdate())
    demo = set(demo_structures().values_list("pk", flat=True))
    for structure in selectors.structures_with_coordinators():
        if structure.pk not in demo:
            continue
        coordinators = list(structure.coordinators.all())
        for user in coordinators:
            rows.append((user.username, f"koordinator för {structure.name}"))
        seen = {user.pk for user in coordinators}
        for m in with_accounts.get(structure.pk, []):
            account = m.person.user
            if account and account.has_usable_password() and account.pk not in seen:
                seen.add(account.pk)
                rows.append((account.username, f"{m.get_role_display().lower()} i {m.body.name}"))
    return rows
