"""The periodic reports demo: Karlskrona's local group "Att växa upp" (003) reports on the last
finished term to its county group, delivered onto the county group's next meeting, and has
a draft for the current term; Västerbotten's patient-safety council (004) gives its yearly
summary of last year, public and delivered, to the county group.

Only on the demo's own bodies (those the structure files made, `samverkan.structure.demo`),
each once (marked with `DemoPart.FOLLOWUP` on the body), and never on a body that has
reports of its own already: loading twice changes nothing, and what users made is never
touched. Every report goes through the services, as the pages would.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction
from django.test.utils import override_settings

from samverkan.followup.models import PeriodicReport
from samverkan.followup.services import reports as services
from samverkan.lib.errors import DomainError
from samverkan.lib.localtime import local, local_today
from samverkan.lib.workdays import working_days_after
from samverkan.meetings.services import meeting_create
from samverkan.minutes.demo.load import QUIET_MAIL
from samverkan.structure.demo import demo_bodies, demo_mark
from samverkan.structure.models import Body, DemoPart, Membership, Role

# (structure slug, body key) of the reporting bodies the demo writes for.
KARLSKRONA = ("blekinge", "lokal-att-vaxa-upp-karlskrona")
PATIENT_SAFETY = ("vasterbotten", "patientsakerhet")

TERM_TEXTS = {
    "summary": (
        "Gruppen har mötts enligt uppdragsbeskrivningen och följt upp SIP, avvikelser och "
        "statistiken för barn och unga i Karlskrona. Samverkan kring skolfrånvaro och "
        "tidiga insatser behöver lyftas till länssamverkansgruppen."
    ),
    "meetings": "Både kommunen och regionen har varit företrädda på mötena.",
    "deviations": (
        "Avvikelserna gäller främst informationsöverföring vid utskrivning; rutinen gås "
        "igenom på nästa möte."
    ),
    "statistics": "Antalet genomförda SIP ökar, men väntetiden till första SIP är fortfarande lång.",
    "governing": (
        "Överenskommelsen om samordnad individuell plan är implementerad; riktlinjen för "
        "barn och unga med psykisk ohälsa planeras till hösten."
    ),
}
DRAFT_TEXTS = {
    "summary": "Utkast: terminens arbete sammanfattas efter sista mötet.",
    "meetings": "",
}
YEAR_SUMMARY = (
    "Samverkansrådet har under året arbetat med avvikelser i samverkan, gemensamma "
    "händelseanalyser och kvalitetsuppföljning vid utskrivning från slutenvården. Rådet "
    "har identifierat läkemedelsöverföring som ett gemensamt riskområde."
)
YEAR_DECISIONS = (
    "Rådet har rekommenderat huvudmännen en gemensam rutin för händelseanalys när en "
    "avvikelse berör båda huvudmännen."
)


def year_texts(report: PeriodicReport) -> dict[str, str]:
    """The council's texts, written from what the generated facts hold, so that a comment
    never contradicts the facts above it (no meetings registered, no deviations reported)."""
    facts = {s["key"]: s["facts_html"] for s in report.sections}
    met = "höll inga möten" not in facts.get("meetings", "")
    deviations = "Inga avvikelser rapporterades" not in facts.get("deviations", "")
    texts = {
        "summary": YEAR_SUMMARY,
        "meetings": (
            "Rådet har sammanträtt enligt arbetsordningen; alla huvudmän har deltagit."
            if met
            else "Rådets möten under året är inte registrerade i systemet; de finns i "
            "rådets egna minnesanteckningar."
        ),
        "deviations": (
            "Avvikelserna följs upp systematiskt; de flesta rör informationsöverföring och "
            "läkemedel. Inga enskilda avvikelser redovisas här."
            if deviations
            else "Inga avvikelser i samverkan rapporterades i systemet under året. Rådet "
            "följer ändå upp riskerna vid läkemedelsöverföring tillsammans med huvudmännen."
        ),
    }
    decisions = facts.get("decisions", "")
    if "Inga beslut är antecknade" not in decisions or "Rekommendationer" in decisions:
        texts["decisions"] = YEAR_DECISIONS
    return texts


@dataclass
class DemoReportsReport:
    made: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if not self.made and not self.refused:
            return "Demons rapporter finns redan."
        lines = ["Rapporter i demon:"] + [f"  {line}" for line in self.made]
        lines += [f"  Gick inte: {why}" for why in self.refused]
        return "\n".join(lines)


def last_finished_term(today: datetime.date) -> tuple[str, int]:
    return ("vt", today.year) if today.month >= 7 else ("ht", today.year - 1)


def current_term(today: datetime.date) -> tuple[str, int]:
    return ("vt", today.year) if today.month <= 6 else ("ht", today.year)


def _writer(body: Body, day: datetime.date, role: str) -> User | None:
    """The body's chair or secretary with a login, else a coordinator of its structure."""
    found = (
        Membership.objects.active_on(day)
        .filter(body=body, role=role, person__user__isnull=False)
        .select_related("person__user")
        .first()
    )
    if found is not None and found.person.user is not None:
        return found.person.user
    return body.structure.coordinators.order_by("username").first()


def _write(
    report: PeriodicReport,
    by: User | None,
    texts: dict[str, str] | Callable[[PeriodicReport], dict[str, str]],
) -> None:
    if callable(texts):
        texts = texts(report)
    services.report_texts_update(
        by=by,
        report=report,
        expected_version=report.lock_version,
        summary=texts.get("summary", ""),
        texts={k: v for k, v in texts.items() if k != "summary"},
    )


def _next_meeting(receiver: Body, today: datetime.date, by: User | None) -> None:
    """Late in the year the meetings demo has booked nothing more for the receiver; the
    report needs a coming meeting, so the demo plans the next one three weeks ahead."""
    if services.coming_meetings(receiver):
        return
    day = working_days_after(today, 15)
    meeting_create(
        body=receiver,
        starts_at=local(day, 9),
        ends_at=local(day, 12),
        by=by,
        place=f"{receiver.structure.region.name}, sammanträdesrum Samverkan",
    )


def _deliver(
    body: Body,
    period: str,
    year: int,
    texts: dict[str, str] | Callable[[PeriodicReport], dict[str, str]],
    today: datetime.date,
) -> PeriodicReport:
    chair = _writer(body, today, Role.CHAIR)
    secretary = _writer(body, today, Role.SECRETARY) or chair
    receiver = (
        services.reporting_duties(body)[0].to_body
        if services.reporting_duties(body)
        else body.parent
    )
    if receiver is not None:
        _next_meeting(receiver, today, body.structure.coordinators.order_by("username").first())
    report = services.generate_report(
        by=secretary, body=body, period=period, year=year, today=today
    )
    _write(report, secretary, texts)
    services.report_approve(by=chair, report=report, expected_version=report.lock_version)
    services.report_deliver(by=secretary, report=report, expected_version=report.lock_version)
    return report


def _attempt(result: DemoReportsReport, what: str, run: object) -> None:
    try:
        with transaction.atomic():
            made = run()  # type: ignore[operator]
    except DomainError as error:
        result.refused.append(f"{what}: {error.message}")
    else:
        result.made.append(f"{what}: {made.title} ({made.get_status_display().lower()})")


def demo_reports(*, today: datetime.date | None = None) -> DemoReportsReport:
    """Load the reports demo once on the demo's own bodies."""
    today = today or local_today()
    result = DemoReportsReport()
    bodies = {
        (b.structure.slug, b.key): b
        for b in demo_bodies(not_yet=DemoPart.FOLLOWUP)
        .filter(key__in=[KARLSKRONA[1], PATIENT_SAFETY[1]])
        .select_related("structure", "structure__region")
    }
    with override_settings(MAILERS=QUIET_MAIL):
        karlskrona = bodies.get(KARLSKRONA)
        if karlskrona is not None and not PeriodicReport.objects.filter(body=karlskrona).exists():
            period, year = last_finished_term(today)
            _attempt(
                result,
                karlskrona.name,
                lambda: _deliver(karlskrona, period, year, TERM_TEXTS, today),
            )
            now_period, now_year = current_term(today)

            def draft() -> PeriodicReport:
                by = _writer(karlskrona, today, Role.SECRETARY)
                report = services.generate_report(
                    by=by, body=karlskrona, period=now_period, year=now_year, today=today
                )
                _write(report, by, DRAFT_TEXTS)
                return report

            _attempt(result, karlskrona.name, draft)
        council = bodies.get(PATIENT_SAFETY)
        if (
            council is not None
            and services.reporting_duties(council)
            and not PeriodicReport.objects.filter(body=council).exists()
        ):
            _attempt(
                result,
                council.name,
                lambda: _deliver(council, "year", today.year - 1, year_texts, today),
            )
    demo_mark(DemoPart.FOLLOWUP, bodies=list(bodies.values()))
    return result
