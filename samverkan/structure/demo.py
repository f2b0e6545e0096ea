"""The demo: the four seed structures with fictional people, and logins to try every role."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from samverkan.structure import selectors
from samverkan.structure.importer import ImportReport, structure_import_file
from samverkan.structure.models import Person, Role

DEMO_PASSWORD = "demo"


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
    reports = [
        structure_import_file(path=path)
        for path in structure_files(directory)
        if _structure_key(path) not in existing
    ]
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        admin = User.objects.create_superuser("admin", "admin@samverkan.example", DEMO_PASSWORD)
    for user in demo_users():
        if not user.has_usable_password() or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
    return reports


def demo_users() -> list[User]:
    users: list[User] = []
    holders = selectors.first_role_holders(
        today=timezone.localdate(), roles=(Role.CHAIR, Role.SECRETARY, Role.MEMBER)
    )
    for structure in selectors.structures_with_coordinators():
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
    for structure in selectors.structures_with_coordinators():
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
