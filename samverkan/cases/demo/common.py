"""What every part of the cases demo shares: the structure being loaded, who acts, and
moving the audit trail's timestamps to the day something happened."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction

from samverkan.audit.models import Change
from samverkan.lib.errors import DomainError
from samverkan.lib.localtime import local
from samverkan.lib.workdays import is_working_day, working_days_after
from samverkan.structure.models import Body, Membership, Person, Role, Structure


@dataclass
class Demo:
    """One structure being loaded: the day it is loaded on and who acts in it."""

    structure: Structure
    today: datetime.date
    coordinator: User | None
    rng: random.Random
    case_ids: list[int] = field(default_factory=list)
    # What a service refused, so a changed rule shows in the report instead of stopping it.
    refused: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, structure: Structure, today: datetime.date) -> Demo:
        coordinator = structure.coordinators.order_by("username").first()
        if coordinator is None:
            coordinator = User.objects.filter(is_superuser=True).order_by("pk").first()
        # Seeded by the structure, so every load of the demo tells the same story.
        return cls(structure, today, coordinator, random.Random(structure.slug))

    def body(self, key: str) -> Body | None:
        return Body.objects.filter(structure=self.structure, key=key).first()


def attempt(demo: Demo, what: str, run: Callable[[], object]) -> None:
    """Run one part of the story; if a service refuses it, roll that part back, note why
    and go on with the rest (the demo must not stop `make run`)."""
    try:
        with transaction.atomic():
            run()
    except DomainError as error:
        demo.refused.append(f"{what}: {error.message}")


@contextmanager
def dated(day: datetime.date, hour: int = 10) -> Iterator[None]:
    """The services stamp their audit rows with the moment they run; what happens inside
    this block happened on `day`, so its rows say so (the history tells the true story)."""
    mark = Change.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    yield
    Change.objects.filter(pk__gt=mark).update(timestamp=local(day, hour))


def working_day_on_or_after(day: datetime.date) -> datetime.date:
    return day if is_working_day(day) else working_days_after(day, 1)


def working_day_on_or_before(day: datetime.date) -> datetime.date:
    while not is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


def members_of(body: Body, day: datetime.date) -> list[Membership]:
    """Those who sit in `body` on `day`, chair first, then members by name."""
    order: dict[str, int] = {Role.CHAIR: 0, Role.VICE_CHAIR: 1, Role.MEMBER: 2, Role.SECRETARY: 3}
    rows = (
        Membership.objects.active_on(day)
        .filter(body=body, role__in=list(order))
        .select_related("person", "person__user", "principal")
    )
    return sorted(rows, key=lambda m: (order[m.role], m.person.last_name, m.person.first_name))


def member(body: Body, day: datetime.date, index: int = 0) -> Person | None:
    """A member of `body` on `day` (not the chair), chosen by `index`."""
    seated = [m.person for m in members_of(body, day) if m.role == Role.MEMBER]
    if not seated:
        seated = [m.person for m in members_of(body, day)]
    return seated[index % len(seated)] if seated else None


def chair(body: Body, day: datetime.date) -> Person | None:
    found = [m.person for m in members_of(body, day) if m.role == Role.CHAIR]
    return found[0] if found else member(body, day)


def acting_user(person: Person | None, demo: Demo) -> User | None:
    """The person's own login if they have one, else the coordinator acting for them."""
    if person is not None and person.user is not None:
        return person.user
    return demo.coordinator
