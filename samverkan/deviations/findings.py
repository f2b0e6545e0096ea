"""The deviations' rule for the charter check (collected by `samverkan.lib.findings`).

- `deviations.answer_overdue`: a deviation not answered by its answer date (overdue), or
  due within `DUE_SOON` (due soon). Responsible: the concerned principal's handler, or the
  structure's coordinators where the principal has none.

Three queries for the whole installation, however many deviations.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterator

from django.contrib.auth.models import User
from django.urls import reverse

from samverkan.deviations.models import OPEN_STATUSES, Deviation, DeviationHandler
from samverkan.lib.findings import Finding, Responsible, Severity, register
from samverkan.lib.swedish import count_text, date_text

ANSWER_OVERDUE = "deviations.answer_overdue"
DUE_SOON = datetime.timedelta(days=7)
HANDLER = "avvikelsehandläggare"
COORDINATOR = "koordinator"


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


@register(ANSWER_OVERDUE)
def answer_overdue(
    *, today: datetime.date, structure_ids: Collection[int] | None = None
) -> Iterator[Finding]:
    """Avvikelser som inte är besvarade i tid (och de som ska besvaras inom en vecka)."""
    rows = Deviation.objects.filter(
        status__in=OPEN_STATUSES, answer_due__lte=today + DUE_SOON
    ).select_related("category", "concerned_principal", "reporting_principal")
    if structure_ids is not None:
        rows = rows.filter(structure_id__in=list(structure_ids))
    deviations = list(rows.order_by("answer_due", "pk"))
    if not deviations:
        return
    handlers = {
        (h.structure_id, h.principal_id): h.user
        for h in DeviationHandler.objects.filter(
            structure_id__in={d.structure_id for d in deviations}, user__is_active=True
        ).select_related("user")
    }
    coordinators = _coordinators({d.structure_id for d in deviations})
    for deviation in deviations:
        handler = handlers.get((deviation.structure_id, deviation.concerned_principal_id))
        responsible = (
            Responsible(role=HANDLER, names=(_name(handler),), user_ids=(handler.pk,))
            if handler
            else coordinators[deviation.structure_id]
        )
        subject = f"Avvikelse {deviation.pk} ({deviation.category.name})"
        due = date_text(deviation.answer_due)
        if deviation.answer_due < today:
            severity = Severity.OVERDUE
            late = count_text((today - deviation.answer_due).days, "dag", "dagar")
            message = (
                f"{subject} från {deviation.reporting_principal.name} skulle ha besvarats av "
                f"{deviation.concerned_principal.name} senast {due} och är {late} försenad."
            )
        else:
            severity = Severity.DUE_SOON
            message = (
                f"{subject} från {deviation.reporting_principal.name} ska besvaras av "
                f"{deviation.concerned_principal.name} senast {due}."
            )
        yield Finding(
            rule=ANSWER_OVERDUE,
            severity=severity,
            message=message,
            structure_id=deviation.structure_id,
            subject=subject,
            url=reverse("deviations:deviation", args=[deviation.pk]),
            due_on=deviation.answer_due,
            responsible=responsible,
            about=f"deviation:{deviation.pk}",
        )
