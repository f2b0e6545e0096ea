"""Periodic reports (återrapportering): generate a draft from what the system knows for a
body and a period, edit its texts, approve, reopen, and deliver it onto the receiving body's
next agenda with its PDF/A frozen. One typed keyword-only function per action, the actor as
`by=`, an audit row per action, the lock version checked.

Periods: VT is 1 January–30 June, HT 1 July–31 December, a year the calendar year. The
receiver is the charter's reporting duty (structure.ReportingDuty) unless another body is
chosen: a duty "per termin" gives term reports, a yearly one year reports, and its `public`
makes the delivered report public (004: the patient-safety council's yearly summary "är
offentlig handling").
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import TextChoices
from django.urls import reverse
from django.utils import timezone

from samverkan.audit.services import record_create, record_update, snapshot
from samverkan.audit.values import Snapshot
from samverkan.followup import history_reports  # noqa: F401 - tracks the model's history
from samverkan.followup.models import PeriodicReport, ReportPeriod, ReportStatus
from samverkan.followup.services.report_pdf import period_label, report_pdf, report_pdf_name
from samverkan.followup.services.report_sections import refreshed_sections, section_facts
from samverkan.lib.errors import (
    RACE_MESSAGE,
    ConflictError,
    DomainError,
    refuse_stale,
    sync_saved,
)
from samverkan.lib.localtime import local_day, local_today
from samverkan.lib.swedish import date_text
from samverkan.lib.textcheck import check_text
from samverkan.meetings.models import AgendaItem, AgendaItemKind, Meeting, MeetingStatus
from samverkan.meetings.services import agenda_item_add
from samverkan.structure.models import Body, CharterStatus, ReportFrequency, ReportingDuty

STALE = (
    "Någon annan har ändrat rapporten sedan du öppnade den. Ladda om sidan och försök igen; "
    "inget sparades."
)
COMING = (MeetingStatus.PLANNED, MeetingStatus.CALLED, MeetingStatus.MOVED)
SUMMARY_MAX = 5000
TEXT_MAX = 20000


class PeriodKey(TextChoices):
    VT = "vt", "Vårterminen"
    HT = "ht", "Höstterminen"
    YEAR = "year", "Helåret"


class ReportExists(ConflictError):
    """A report for the same body, receiver and period exists already."""

    def __init__(self, message: str, existing: PeriodicReport) -> None:
        super().__init__(message, field="period")
        self.existing = existing


def period_bounds(period: str, year: int) -> tuple[str, datetime.date, datetime.date]:
    """(model period, first day, last day) for "vt", "ht" or "year" of `year`."""
    if not 2000 <= year <= 2100:
        raise DomainError("Ange ett år mellan 2000 och 2100.", field="year")
    if period == PeriodKey.VT:
        return ReportPeriod.TERM, datetime.date(year, 1, 1), datetime.date(year, 6, 30)
    if period == PeriodKey.HT:
        return ReportPeriod.TERM, datetime.date(year, 7, 1), datetime.date(year, 12, 31)
    if period == PeriodKey.YEAR:
        return ReportPeriod.YEAR, datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    raise DomainError("Välj vårtermin, hösttermin eller helår.", field="period")


def period_key_of(report: PeriodicReport) -> str:
    if report.period != ReportPeriod.TERM:
        return PeriodKey.YEAR
    return PeriodKey.VT if report.period_end.month == 6 else PeriodKey.HT


def reporting_duties(body: Body) -> list[ReportingDuty]:
    """The body's in-force charter's duties to report per term or yearly."""
    return list(
        ReportingDuty.objects.filter(
            charter__body=body,
            charter__status=CharterStatus.IN_FORCE,
            frequency__in=[ReportFrequency.PER_TERM, ReportFrequency.YEARLY],
        )
        .select_related("to_body")
        .order_by("pk")
    )


def _duty_for(body: Body, to_body: Body | None) -> ReportingDuty | None:
    duties = reporting_duties(body)
    if to_body is None:
        return duties[0] if duties else None
    return next((d for d in duties if d.to_body_id == to_body.pk), None)


def allowed_receivers(body: Body) -> list[Body]:
    """Whom `body` may report to: the receivers of its in-force charter's reporting duties,
    or, without such a duty, the body it reports to in the structure (its parent). A report
    to any other body would land on an agenda that never asked for it."""
    receivers: dict[int, Body] = {}
    for duty in reporting_duties(body):
        receivers.setdefault(duty.to_body_id, duty.to_body)
    if not receivers and body.parent_id is not None and body.parent is not None:
        receivers[body.parent.pk] = body.parent
    return list(receivers.values())


def _refuse_receiver(body: Body, receiver: Body) -> None:
    allowed = allowed_receivers(body)
    if receiver.pk in {b.pk for b in allowed}:
        return
    if not allowed:
        raise DomainError(
            f"{body.name} har ingen uppdragsgivare och ingen rapportering i "
            "uppdragsbeskrivningen, så det finns ingen grupp att lämna rapporten till.",
            field="to_body",
        )
    names = " eller ".join(b.name for b in allowed)
    raise DomainError(
        f"Till: {body.name} rapporterar till {names} enligt uppdragsbeskrivningen, inte "
        f"till {receiver.name}.",
        field="to_body",
    )


def _report_url(report: PeriodicReport) -> str:
    return reverse("followup:report", args=[report.pk])


@transaction.atomic
def generate_report(
    *,
    by: User | None,
    body: Body,
    period: str,
    year: int,
    to_body: Body | None = None,
    today: datetime.date | None = None,
) -> PeriodicReport:
    """A draft for `body` and the period, its facts read now and frozen in its sections."""
    today = today or local_today()
    kind, start, end = period_bounds(period, year)
    duty = _duty_for(body, to_body)
    receiver = to_body or (duty.to_body if duty else body.parent)
    if receiver is None:
        raise DomainError(
            f"{body.name} har ingen uppdragsgivare och ingen rapportering i "
            "uppdragsbeskrivningen; välj vilken grupp rapporten ska till.",
            field="to_body",
        )
    if receiver.pk == body.pk:
        raise DomainError("En grupp rapporterar inte till sig själv.", field="to_body")
    if receiver.structure_id != body.structure_id:
        raise DomainError("Välj en grupp i samma struktur.", field="to_body")
    _refuse_receiver(body, receiver)
    if duty is not None and duty.frequency == ReportFrequency.PER_TERM and kind != "term":
        raise DomainError(
            f"Period: uppdragsbeskrivningen säger en rapport per termin till {receiver.name}, "
            "så rapporten gäller en termin; välj vårtermin eller hösttermin.",
            field="period",
        )
    if duty is not None and duty.frequency == ReportFrequency.YEARLY and kind != "year":
        raise DomainError(
            f"Period: uppdragsbeskrivningen säger en rapport per år till {receiver.name}, så "
            "rapporten gäller ett helt år; välj helår.",
            field="period",
        )
    if start > today:
        raise DomainError("Perioden har inte börjat än.", field="period")
    existing = PeriodicReport.objects.filter(
        body=body, to_body=receiver, period_start=start, period_end=end
    ).first()
    if existing is not None:
        raise ReportExists(
            f"Det finns redan en rapport från {body.name} till {receiver.name} för perioden: "
            f"”{existing.title}” ({_report_url(existing)}). Öppna den i stället.",
            existing,
        )
    report = PeriodicReport(
        body=body,
        duty=duty,
        to_body=receiver,
        period=kind,
        period_start=start,
        period_end=end,
        public=bool(duty and duty.public),
        generated_at=timezone.now(),
        generated_by=by,
    )
    report.title = f"Rapport från {body.name} till {receiver.name}, {period_label(report)}"
    try:
        # Someone else generating the same period at the same moment: the constraint says no.
        with transaction.atomic():
            report.save()
    except IntegrityError as exc:
        raise ConflictError(RACE_MESSAGE, field="period") from exc
    report.sections = refreshed_sections(
        [],
        section_facts(
            body=body,
            start=start,
            end=end,
            today=today,
            prefix=f"r{report.pk}",
            public=report.public,
        ),
    )
    report.save(update_fields=["sections", "title"])
    record_create(by=by, obj=report)
    return report


def _locked(report: PeriodicReport, expected_version: int | None) -> PeriodicReport:
    fresh = (
        PeriodicReport.objects.select_for_update()
        .select_related("body", "to_body")
        .get(pk=report.pk)
    )
    refuse_stale(current=fresh.lock_version, expected=expected_version, message=STALE)
    return fresh


def _save(
    by: User | None,
    fresh: PeriodicReport,
    caller: PeriodicReport,
    before: Snapshot,
    note: str = "",
) -> PeriodicReport:
    fresh.lock_version += 1
    fresh.save()
    record_update(by=by, obj=fresh, before=before, note=note)
    sync_saved(caller, fresh)
    return caller


def _draft_only(report: PeriodicReport) -> None:
    if report.status != ReportStatus.DRAFT:
        raise DomainError(
            f"Rapporten är {report.get_status_display().lower()} och kan inte ändras. "
            "Öppna den igen som utkast först (om den inte redan lämnats).",
            field="status",
        )


@transaction.atomic
def report_regenerate(
    *,
    by: User | None,
    report: PeriodicReport,
    expected_version: int | None,
    today: datetime.date | None = None,
) -> PeriodicReport:
    """Read the facts again; the texts written so far are kept."""
    fresh = _locked(report, expected_version)
    _draft_only(fresh)
    before = snapshot(fresh)
    facts = section_facts(
        body=fresh.body,
        start=fresh.period_start,
        end=fresh.period_end,
        today=today or local_today(),
        prefix=f"r{fresh.pk}",
        public=fresh.public,
    )
    fresh.sections = refreshed_sections(fresh.sections, facts)
    fresh.generated_at = timezone.now()
    fresh.generated_by = by
    return _save(by, fresh, report, before, note="Uppgifterna hämtades på nytt")


@transaction.atomic
def report_texts_update(
    *,
    by: User | None,
    report: PeriodicReport,
    expected_version: int | None,
    summary: str | None = None,
    texts: Mapping[str, str] | None = None,
) -> PeriodicReport:
    """The summary and the sections' texts (by section key); only a draft."""
    fresh = _locked(report, expected_version)
    _draft_only(fresh)
    texts = dict(texts or {})
    keys = {s["key"] for s in fresh.sections}
    unknown = sorted(set(texts) - keys)
    if unknown:
        raise DomainError("Okända avsnitt: " + ", ".join(unknown), field="texts")
    if summary is not None:
        check_text(summary, field="summary", max_length=SUMMARY_MAX)
    for key, text in texts.items():
        check_text(text, field=f"text_{key}", max_length=TEXT_MAX)
    before = snapshot(fresh)
    if summary is not None:
        fresh.summary = summary.strip()
    fresh.sections = [
        {**s, "text": texts[s["key"]].strip()} if s["key"] in texts else s for s in fresh.sections
    ]
    return _save(by, fresh, report, before)


@transaction.atomic
def report_approve(
    *, by: User | None, report: PeriodicReport, expected_version: int | None
) -> PeriodicReport:
    fresh = _locked(report, expected_version)
    if fresh.status != ReportStatus.DRAFT:
        raise DomainError("Bara ett utkast kan godkännas.", field="status")
    if not fresh.summary.strip():
        raise DomainError(
            "Skriv en sammanfattning innan rapporten godkänns; den står på mottagarens dagordning.",
            field="summary",
        )
    before = snapshot(fresh)
    fresh.status = ReportStatus.APPROVED
    fresh.approved_at = timezone.now()
    fresh.approved_by = by
    return _save(by, fresh, report, before)


@transaction.atomic
def report_reopen(
    *, by: User | None, report: PeriodicReport, expected_version: int | None
) -> PeriodicReport:
    fresh = _locked(report, expected_version)
    if fresh.status != ReportStatus.APPROVED:
        raise DomainError(
            "Bara en godkänd rapport som inte lämnats kan öppnas igen.", field="status"
        )
    before = snapshot(fresh)
    fresh.status = ReportStatus.DRAFT
    fresh.approved_at = None
    fresh.approved_by = None
    return _save(by, fresh, report, before)


def coming_meetings(body: Body) -> list[Meeting]:
    """The receiving body's meetings still to come, first first."""
    return list(
        Meeting.objects.filter(body=body, status__in=COMING, starts_at__gte=timezone.now())
        .select_related("body")
        .order_by("starts_at", "pk")
    )


def agenda_description(report: PeriodicReport) -> str:
    """What the receiving body's agenda says about the report. The agenda of a meeting is
    public, so a report that is not public gives only where it can be read, never its
    summary; a public report's summary may stand (004: "är offentlig handling")."""
    if report.public:
        return report.summary
    return (
        f"Rapporten från {report.body.name} för {period_label(report)} finns för gruppens "
        "ledamöter under Rapporter."
    )


def period_ended(report: PeriodicReport, today: datetime.date | None = None) -> bool:
    return report.period_end < (today or local_today())


@transaction.atomic
def report_deliver(
    *,
    by: User | None,
    report: PeriodicReport,
    expected_version: int | None,
    meeting: Meeting | None = None,
    early: bool = False,
    today: datetime.date | None = None,
) -> PeriodicReport:
    """Put the report on the receiving body's next coming meeting (or the chosen one) and
    freeze its PDF/A. A report whose period has not ended is delivered only when the
    deliverer says so (`early`): its facts miss the rest of the period."""
    fresh = _locked(report, expected_version)
    if fresh.status != ReportStatus.APPROVED:
        raise DomainError(
            "Rapporten behöver godkännas innan den lämnas."
            if fresh.status == ReportStatus.DRAFT
            else "Rapporten är redan lämnad.",
            field="status",
        )
    if not period_ended(fresh, today) and not early:
        raise DomainError(
            f"Perioden slutar {date_text(fresh.period_end)}, så rapporten saknar det som "
            "händer resten av perioden. Bekräfta att den ska lämnas ändå.",
            field="early",
        )
    coming = coming_meetings(fresh.to_body)
    if meeting is None:
        if not coming:
            raise DomainError(
                f"{fresh.to_body.name} har inget kommande möte att ta upp rapporten på. Be "
                "koordinatorn planera ett möte och lämna rapporten sedan.",
                field="meeting",
            )
        meeting = coming[0]
    elif meeting.pk not in {m.pk for m in coming}:
        raise DomainError(f"Välj ett av {fresh.to_body.name}s kommande möten.", field="meeting")
    item: AgendaItem = agenda_item_add(
        by=by,
        meeting=meeting,
        kind=AgendaItemKind.INFORMATION,
        title=f"Rapport från {fresh.body.name}: {period_label(fresh)}",
        description=agenda_description(fresh),
    )
    before = snapshot(fresh)
    fresh.status = ReportStatus.DELIVERED
    fresh.delivered_at = timezone.now()
    fresh.delivered_by = by
    fresh.agenda_item = item
    fresh.pdf.save(report_pdf_name(fresh), ContentFile(report_pdf(fresh, draft=False)), save=False)
    return _save(
        by,
        fresh,
        report,
        before,
        note=f"Lämnad till mötet {date_text(local_day(meeting.starts_at))}",
    )


# --- The charter check's question -------------------------------------------------------------


def delivered_reports(
    wanted: Collection[tuple[int, datetime.date]],
) -> set[tuple[int, datetime.date]]:
    """Which (reporting duty id, due date) pairs have a delivered report: its period ends on
    the due date (30 June, 31 December). One query."""
    wanted = set(wanted)
    if not wanted:
        return set()
    found = (
        PeriodicReport.objects.filter(
            status=ReportStatus.DELIVERED,
            duty_id__in={duty for duty, _ in wanted},
            period_end__in={day for _, day in wanted},
        )
        .order_by()
        .values_list("duty_id", "period_end")
    )
    return {pair for pair in found if pair in wanted}
