"""The governing documents' rules for the charter check (collected by
`samverkan.lib.findings`).

- `governing.revision_due`: a document whose next revision falls within `REVISION_SOON`
  (due soon) or has passed (overdue). Responsible: the structure's coordinators.
- `governing.implementation_overdue`: an implementation planned for a day that has passed
  and still not implemented (overdue). Responsible: the implementing body's chair and
  secretary, or the structure's coordinators where it has neither. Cited: the task of the
  implementing body's charter about implementing, where it has one.

A few queries for the whole installation, however many documents.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable, Iterator

from django.contrib.auth.models import User
from django.urls import reverse

from samverkan.governing.models import GoverningDocument, Implementation, ImplementationStatus
from samverkan.lib.findings import Finding, Responsible, Severity, register
from samverkan.lib.swedish import count_text, date_text
from samverkan.structure.models import Charter, Membership, Person, Role

REVISION_DUE = "governing.revision_due"
IMPLEMENTATION_OVERDUE = "governing.implementation_overdue"
REVISION_SOON = datetime.timedelta(days=60)
COORDINATOR = "koordinator"
LEADERS = "ordförande och sekreterare"
# A charter task about implementing (003's local groups: "Implementera nya nationella och
# regionala kunskapsstöd, … på uppdrag av länsamverkansgrupp") is quoted with the finding.
IMPLEMENT_WORD = "implementera"


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def _coordinators(structure_ids: set[int]) -> dict[int, Responsible]:
    through = User.coordinated_structures.through  # type: ignore[attr-defined]
    found: dict[int, list[User]] = {}
    if structure_ids:
        rows = through.objects.filter(
            structure_id__in=structure_ids, user__is_active=True
        ).select_related("user")
        for row in rows:
            found.setdefault(row.structure_id, []).append(row.user)
    return {
        sid: Responsible(
            role=COORDINATOR,
            names=tuple(_name(u) for u in found.get(sid, [])),
            user_ids=tuple(u.pk for u in found.get(sid, [])),
        )
        for sid in structure_ids
    }


def _leaders(body_ids: Iterable[int], today: datetime.date) -> dict[int, list[Person]]:
    """The chair and secretary of each body on `today` (one query)."""
    wanted = set(body_ids)
    found: dict[int, list[Person]] = {}
    if not wanted:
        return found
    seats = (
        Membership.objects.active_on(today)
        .filter(body_id__in=wanted, role__in=(Role.CHAIR, Role.SECRETARY))
        .select_related("person")
        .order_by("role", "person__last_name", "person__first_name", "pk")
    )
    for seat in seats:
        if all(p.pk != seat.person_id for p in found.get(seat.body_id, [])):
            found.setdefault(seat.body_id, []).append(seat.person)
    return found


def _implement_tasks(body_ids: Iterable[int]) -> dict[int, str]:
    """Per body: the task of its charter in force about implementing, quoted as the charter
    says it, where there is one; a charter without one is not quoted (one query)."""
    found: dict[int, str] = {}
    for charter in (
        Charter.objects.in_force().filter(body_id__in=set(body_ids)).only("body_id", "tasks")
    ):
        for task in charter.tasks if isinstance(charter.tasks, list) else []:
            if IMPLEMENT_WORD in str(task).casefold():
                found[charter.body_id] = str(task)
                break
    return found


@register(REVISION_DUE)
def revision_due(
    *, today: datetime.date, structure_ids: Collection[int] | None = None
) -> Iterator[Finding]:
    """Styrdokument som ska revideras inom 60 dagar eller skulle ha reviderats."""
    rows = GoverningDocument.objects.filter(
        next_revision__isnull=False, next_revision__lte=today + REVISION_SOON
    )
    if structure_ids is not None:
        rows = rows.filter(structure_id__in=list(structure_ids))
    documents = list(rows.order_by("next_revision", "pk"))
    if not documents:
        return
    coordinators = _coordinators({d.structure_id for d in documents})
    for document in documents:
        due = document.next_revision
        assert due is not None
        subject = f"Styrdokument: {document.title}"
        if due < today:
            severity = Severity.OVERDUE
            late = count_text((today - due).days, "dag", "dagar")
            message = (
                f"{document.title} skulle ha reviderats senast {date_text(due)}; revideringen "
                f"är {late} försenad."
            )
        else:
            severity = Severity.DUE_SOON
            message = f"{document.title} ska revideras senast {date_text(due)}."
        yield Finding(
            rule=REVISION_DUE,
            severity=severity,
            message=message,
            structure_id=document.structure_id,
            body_id=document.commissioned_by_id,
            subject=subject,
            url=reverse("governing:document", args=[document.pk]),
            due_on=due,
            responsible=coordinators[document.structure_id],
            about=f"governing_document:{document.pk}:{due.isoformat()}",
        )


@register(IMPLEMENTATION_OVERDUE)
def implementation_overdue(
    *, today: datetime.date, structure_ids: Collection[int] | None = None
) -> Iterator[Finding]:
    """Implementeringar som var planerade till ett datum som har passerat utan att vara gjorda."""
    rows = Implementation.objects.filter(
        status=ImplementationStatus.PLANNED, planned_on__lt=today
    ).select_related("document", "body")
    if structure_ids is not None:
        rows = rows.filter(document__structure_id__in=list(structure_ids))
    overdue = list(rows.order_by("planned_on", "pk"))
    if not overdue:
        return
    leaders = _leaders({row.body_id for row in overdue}, today)
    tasks = _implement_tasks(row.body_id for row in overdue)
    coordinators = _coordinators({row.document.structure_id for row in overdue})
    for row in overdue:
        planned = row.planned_on
        assert planned is not None
        people = leaders.get(row.body_id, [])
        responsible = (
            Responsible(
                role=LEADERS,
                names=tuple(p.full_name for p in people),
                user_ids=tuple(p.user_id for p in people if p.user_id),
            )
            if people
            else coordinators[row.document.structure_id]
        )
        late = count_text((today - planned).days, "dag", "dagar")
        yield Finding(
            rule=IMPLEMENTATION_OVERDUE,
            severity=Severity.OVERDUE,
            message=(
                f"{row.body.name} planerade att implementera {row.document.title} senast "
                f"{date_text(planned)}; implementeringen är {late} försenad."
            ),
            structure_id=row.document.structure_id,
            body_id=row.body_id,
            subject=row.document.title,
            url=reverse("governing:document", args=[row.document_id]) + f"#impl-{row.body_id}",
            citation=tasks.get(row.body_id, ""),
            due_on=planned,
            responsible=responsible,
            about=f"implementation:{row.pk}:{planned.isoformat()}",
        )
