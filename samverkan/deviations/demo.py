"""The deviations demo: deviations in the Blekinge local groups' municipalities and in
Västerbotten (followed up by the patient-safety council), some answered, some overdue.

Only in the demo's own structures (those the demo's structure files made, see
`samverkan.structure.demo`), and only in one that has no deviations yet: loading twice
changes nothing, and what users reported is never touched. Every deviation goes through
`services.deviation_report`, with its report day in the past, so the answer dates and the
overdue ones follow the structure's rules.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction
from django.test.utils import override_settings

from samverkan.deviations import services
from samverkan.deviations.models import Deviation, DeviationCategory
from samverkan.lib.errors import DomainError
from samverkan.lib.localtime import local, local_today
from samverkan.structure.demo import demo_mark, demo_structures
from samverkan.structure.models import (
    Body,
    BodyKind,
    DemoPart,
    Person,
    Principal,
    PrincipalKind,
    Structure,
)

QUIET_MAIL = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# The structures the issue names, and the body that follows their deviations up.
FOLLOW_UP = {"blekinge": "lsg-att-vaxa-upp", "vasterbotten": "patientsakerhet"}

# (category, what happened, the unit that reports it, the unit concerned), by direction.
TO_REGION = [
    (
        "Utskrivning",
        "Patienten skrevs ut en fredag kväll utan att hemsjukvården fick "
        "meddelande om utskrivning i förväg.",
        "Hemsjukvården",
        "Medicinkliniken, avd 3",
    ),
    (
        "Läkemedel",
        "Aktuell läkemedelslista saknades vid utskrivning; två läkemedel var "
        "utsatta utan att det framgick.",
        "Hemsjukvården",
        "Ortopedkliniken, avd 8",
    ),
    (
        "Informationsöverföring",
        "Omvårdnadsepikris kom tre dagar efter hemgång.",
        "Särskilt boende",
        "Geriatriken",
    ),
    (
        "SIP",
        "Kommunen kallade till SIP men regionen deltog inte och meddelade inte förhinder.",
        "Biståndsenheten",
        "Hälsocentralen",
    ),
    (
        "Hjälpmedel",
        "Förskrivet hjälpmedel levererades inte före hemgång.",
        "Hemtjänsten",
        "Rehabenheten",
    ),
]
TO_MUNICIPALITY = [
    (
        "Hemsjukvård",
        "Ordinerad insats i hemsjukvården utfördes inte under helgen.",
        "Hälsocentralen",
        "Hemsjukvården",
    ),
    (
        "SIP",
        "Kallelse till SIP skickades inte trots begäran från hälsocentralen.",
        "Vårdcentralen",
        "Socialtjänsten",
    ),
    (
        "Informationsöverföring",
        "Inskrivningsmeddelande besvarades inte inom en dag.",
        "Medicinkliniken, avd 3",
        "Biståndsenheten",
    ),
]
ANSWER = (
    "Händelsen är utredd med berörd enhet. Rutinen var känd men följdes inte vid "
    "personalbrist under helgen.",
    "Rutinen har gåtts igenom på arbetsplatsträff; checklistan används vid varje utskrivning "
    "och följs upp i lokal samverkansgrupp.",
)


@dataclass
class DemoDeviationsReport:
    loaded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if not self.loaded and not self.refused:
            return "Demons avvikelser finns redan."
        lines = ["Avvikelser i samverkan i demon:", *(f"  {line}" for line in self.loaded)]
        lines += [f"  Gick inte: {why}" for why in self.refused]
        if self.skipped:
            lines.append(
                f"  Har redan avvikelser och lämnades som de var: {', '.join(self.skipped)}."
            )
        return "\n".join(lines)


def _handler(structure: Structure, principal: Principal) -> User | None:
    """A person of the principal's with a login who sits in one of the structure's bodies."""
    person = (
        Person.objects.filter(
            employer=principal, user__isnull=False, memberships__body__structure=structure
        )
        .select_related("user")
        .order_by("last_name", "first_name")
        .first()
    )
    return person.user if person else None


def _pairs(structure: Structure) -> list[tuple[Principal, Body | None]]:
    """The municipalities to tell stories for: the local groups' (or, without local groups,
    the municipalities of the county), each with its local group."""
    locals_ = list(
        Body.objects.filter(
            structure=structure, kind=BodyKind.LOCAL_GROUP, municipality__isnull=False
        )
        .select_related("municipality")
        .order_by("name")
    )
    seen: dict[int, tuple[Principal, Body | None]] = {}
    for body in locals_:
        assert body.municipality is not None
        seen.setdefault(body.municipality.pk, (body.municipality, body))
    if not seen:
        for municipality in Principal.objects.filter(
            kind=PrincipalKind.MUNICIPALITY, county_code=structure.region.county_code
        ).order_by("name")[:5]:
            seen[municipality.pk] = (municipality, None)
    return list(seen.values())


def _load(structure: Structure, today: datetime.date, report: DemoDeviationsReport) -> None:
    rng = random.Random(structure.slug)
    follow_up = Body.objects.filter(
        structure=structure, key=FOLLOW_UP.get(structure.slug, "")
    ).first()
    services.deviation_settings_set(
        by=None, structure=structure, answer_days=60, follow_up_body=follow_up
    )
    region = structure.region
    pairs = _pairs(structure)
    for principal in [region, *(m for m, _ in pairs)]:
        user = _handler(structure, principal)
        if user is not None:
            services.handler_set(by=None, structure=structure, principal=principal, user=user)
    categories = {c.name: c for c in DeviationCategory.objects.filter(structure=structure)}
    made = answered = 0
    for index, (municipality, _body) in enumerate(pairs):
        stories = [(municipality, region, s) for s in rng.sample(TO_REGION, 3)]
        stories += [(region, municipality, s) for s in rng.sample(TO_MUNICIPALITY, 1)]
        for number, (reporting, concerned, story) in enumerate(stories):
            name, text, unit, concerned_unit = story
            # Spread over the last four months, the newest since the groups' last meeting:
            # the oldest are past their answer date.
            reported = today - datetime.timedelta(days=29 * number + index % 3)
            try:
                deviation = services.deviation_report(
                    by=None,
                    structure=structure,
                    occurred_on=reported - datetime.timedelta(days=2),
                    reporting_principal=reporting,
                    reporting_unit=f"{unit}, {reporting.short_name or reporting.name}",
                    concerned_principal=concerned,
                    concerned_unit=concerned_unit,
                    routine="Länsgemensam riktlinje för utskrivning från slutenvård",
                    category=categories[name],
                    description=text,
                    contact_name="Avvikelsesamordnare",
                    contact_email="avvikelser@example.se",
                    reporter_email="avvikelser@example.se",
                    today=reported,
                )
            except (DomainError, KeyError) as exc:
                report.refused.append(f"{structure.name}: {exc}")
                continue
            Deviation.objects.filter(pk=deviation.pk).update(reported_at=local(reported, 10))
            made += 1
            # Every other old one is answered; the rest of the old ones are overdue.
            if number >= 2 and (number + index) % 2 == 0:
                services.deviation_answer(
                    by=None, deviation=deviation, investigation=ANSWER[0], measures=ANSWER[1]
                )
                Deviation.objects.filter(pk=deviation.pk).update(
                    answered_at=local(reported + datetime.timedelta(days=40), 14)
                )
                answered += 1
    overdue = Deviation.objects.filter(
        structure=structure, status="received", answer_due__lt=today
    ).count()
    report.loaded.append(
        f"{structure.name}: {made} avvikelser, {answered} besvarade, {overdue} försenade"
        + (f"; följs upp av {follow_up.name}" if follow_up else "")
    )


def demo_deviations(*, today: datetime.date | None = None) -> DemoDeviationsReport:
    today = today or local_today()
    report = DemoDeviationsReport()
    waiting = demo_structures(not_yet=DemoPart.DEVIATIONS).filter(slug__in=FOLLOW_UP)
    for structure in waiting.select_related("region"):
        # The handlers' emails stay in memory instead of flooding `make run`'s console.
        with override_settings(MAILERS=QUIET_MAIL), transaction.atomic():
            demo_mark(DemoPart.DEVIATIONS, structures=[structure])
            # An installation whose demo ran before the marks: its deviations are the demo's.
            if Deviation.objects.filter(structure=structure).exists():
                report.skipped.append(structure.name)
                continue
            _load(structure, today, report)
    return report
