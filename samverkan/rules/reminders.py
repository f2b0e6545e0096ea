"""Reminders about findings with a deadline, run by the background worker (`tasks.py`).

Every day the whole charter check runs, one structure at a time, storing what it finds
(`samverkan.rules.checking`, which the pages read too), and each structure's reminders
are recorded and sent before the next is checked. Each stored finding that has a due date,
is due soon or overdue and is not accepted as a deviation reminds the people responsible for
it (`Responsible.user_ids`; where the rule names nobody with an account, the structure's
coordinators): one email per finding, due date and address. A finding first seen when
it is due soon is reminded of then, and not again once overdue, as long as its due date
stays; a new due date (a moved deadline, next year's booking) reminds again.

Some apps email about the same thing themselves, and each rule says so where it is
registered (`reminded_by_app`, see `samverkan.lib.findings.AppReminds`); this module knows no
app's rules. Where the app reminds everyone concerned (an overdue assignment, an unanswered
recommendation, a working group on and after its review date) no reminder goes from here.
Where it reminds only those responsible (approvers who have not answered are reminded every
second working day) the check writes to the structure's coordinators alone, once the finding
is overdue, so that someone follows it up: one email per due date, naming who the app
reminds.

All of these reminders – the meetings', the minutes', the cases' and these – use one
mechanism, `samverkan.lib.outbox`. The day's reminders are first recorded as rows, here
`FindingReminder`, unique per finding key, due date and address, so a second run, or a
second worker, adds nothing; then they are sent: each claimed by one worker, tried again
with backoff while the mail server does not take it, marked uncertain (and not sent again)
when the server may have taken it without answering, failed when its time has passed. A
reminder that did not go out is shown on the check's page and the coordinator's start page
(`reminders_needing_attention`). A reminder is written when it is sent, from the check as
it stands then: a finding put right or accepted meanwhile is not reminded of, and its row is
removed.
"""

from __future__ import annotations

import datetime
import itertools
import logging
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.utils import timezone

from samverkan.lib.findings import AppReminds, Finding, Severity, registry
from samverkan.lib.localtime import local, local_day
from samverkan.lib.mail import absolute, absolute_url, email_message, email_text
from samverkan.lib.outbox import needs_attention, send_pending
from samverkan.lib.swedish import date_text
from samverkan.rules.checking import check_structures
from samverkan.rules.models import FindingReminder
from samverkan.rules.stored import stored_findings
from samverkan.structure.models import Structure

logger = logging.getLogger(__name__)

# A reminder that has not gone out within this long says something nobody needs any more.
VALID_FOR = datetime.timedelta(days=7)
# Reminders that did not go out stay on the check's page this long.
SHOWN_FOR = datetime.timedelta(days=14)
REMINDED = (Severity.OVERDUE, Severity.DUE_SOON)
RECORD_BATCH = 2000
COORDINATOR = "koordinator för strukturen"

type Chosen = dict[tuple[str, datetime.date | None], list[Recipient]]


@dataclass(frozen=True)
class Recipient:
    email: str  # lower case
    name: str
    user_id: int
    role: str
    # Who the finding's own app reminds instead ("justerare (Cecilia Ek)"), for a coordinator.
    reminded_by_app: str = ""


def to_remind(found: Iterable[Finding], today: datetime.date) -> list[tuple[Finding, AppReminds]]:
    """The findings that remind from here, each with what its app reminds of itself: a due
    date, due soon or overdue, not reminded of by the app to everyone, and when the app
    reminds those responsible, overdue (the coordinators' reminder)."""
    chosen: list[tuple[Finding, AppReminds]] = []
    for finding in found:
        if finding.due_on is None or finding.severity not in REMINDED:
            continue
        reminds = registry.app_reminds(finding, today)
        if reminds == AppReminds.EVERYONE:
            continue
        if reminds == AppReminds.RESPONSIBLE and finding.severity != Severity.OVERDUE:
            continue
        chosen.append((finding, reminds))
    return chosen


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def recipients(found: Collection[tuple[Finding, AppReminds]]) -> Chosen:
    """Who is reminded of each finding, by (key, due date): the responsible users with an
    address, or else the structure's coordinators; only the coordinators who are not among
    the responsible when the app reminds those (two queries)."""
    user_ids = {
        uid
        for f, reminds in found
        if f.responsible and reminds == AppReminds.NOTHING
        for uid in f.responsible.user_ids
    }
    users = (
        {u.pk: u for u in User.objects.filter(pk__in=user_ids, is_active=True).exclude(email="")}
        if user_ids
        else {}
    )
    structure_ids = {f.structure_id for f, _ in found if f.structure_id}
    coordinators: dict[int, list[User]] = {}
    if structure_ids:
        through = User.coordinated_structures.through  # type: ignore[attr-defined]
        rows = (
            through.objects.filter(structure_id__in=structure_ids, user__is_active=True)
            .exclude(user__email="")
            .select_related("user")
            .order_by("user__last_name", "user__first_name", "user_id")
        )
        for row in rows:
            coordinators.setdefault(row.structure_id, []).append(row.user)
    result: Chosen = {}
    for finding, reminds in found:
        responsible = finding.responsible
        others = ""
        if reminds == AppReminds.RESPONSIBLE:
            held = set(responsible.user_ids) if responsible else set()
            chosen = [
                u for u in coordinators.get(finding.structure_id or 0, []) if u.pk not in held
            ]
            role, others = COORDINATOR, responsible.text() if responsible else ""
        else:
            chosen = [
                users[uid] for uid in (responsible.user_ids if responsible else ()) if uid in users
            ]
            role = responsible.role if responsible and chosen else COORDINATOR
            if not chosen and finding.structure_id:
                chosen = coordinators.get(finding.structure_id, [])
        seen: dict[str, Recipient] = {}
        for user in chosen:
            email = user.email.strip().lower()
            if email and email not in seen:
                seen[email] = Recipient(
                    email=email,
                    name=_name(user),
                    user_id=user.pk,
                    role=role,
                    reminded_by_app=others,
                )
        result[(finding.key, finding.due_on)] = list(seen.values())
    return result


# What a reminder reads of a stored finding: all but its rank and its stored key, which the
# order and `Finding.key` work out from the rest.
FINDING_COLUMNS = (
    "structure_id",
    "body_id",
    "rule",
    "severity",
    "due_on",
    "subject",
    "message",
    "citation",
    "url",
    "about",
    "responsible_role",
    "responsible_names",
    "responsible_user_ids",
)


def _plan(
    today: datetime.date, structure_ids: Collection[int] | None = None
) -> tuple[list[Finding], Chosen]:
    """The findings to remind of on `today`, with whom to remind of each: each structure
    (these, or every one) is checked afresh and stored, one at a time, and the reminders are
    read from what was stored, only the findings with a due date that is near or past."""
    check_structures(structure_ids, today=today)
    rows = (
        stored_findings(structure_ids=structure_ids, acknowledged=False)
        .filter(due_on__isnull=False, severity__in=REMINDED)
        .only(*FINDING_COLUMNS)
    )
    due = to_remind((row.finding() for row in rows.iterator(chunk_size=1000)), today)
    return [f for f, _ in due], recipients(due)


def _clock(
    today: datetime.date | None, now: datetime.datetime | None
) -> tuple[datetime.date, datetime.datetime]:
    """The day and moment of the run: `today` at 07.00 Swedish time when only the day is set."""
    if now is None:
        now = local(today, 7) if today is not None else timezone.now()
    return today or local_day(now), now


def _record(found: list[Finding], chosen: Chosen, now: datetime.datetime) -> None:
    rows = (
        FindingReminder(
            key=finding.key,
            due_on=finding.due_on,
            email=recipient.email,
            user_id=recipient.user_id,
            name=recipient.name,
            rule=finding.rule,
            structure_id=finding.structure_id,
            message=finding.message,
            next_attempt_at=now,
            expires_at=now + VALID_FOR,
        )
        for finding in found
        if finding.due_on is not None
        for recipient in chosen.get((finding.key, finding.due_on), [])
    )
    # In batches, never all at once: a first run in a national installation records some
    # 50,000 reminders, and a list of them all raised the worker above 200 MB.
    for batch in itertools.batched(rows, RECORD_BATCH):
        FindingReminder.objects.bulk_create(batch, ignore_conflicts=True)


@dataclass
class _Composer:
    """Writes each claimed reminder from the check as it stands; None if no longer needed.
    Given the findings when the daily run has just checked every structure; otherwise it
    checks a claimed reminder's structure again the first time it meets one of its rows."""

    found: dict[tuple[str, datetime.date | None], Finding] = field(default_factory=dict)
    chosen: Chosen = field(default_factory=dict)
    slugs: dict[int, str] = field(default_factory=dict)
    # The structures whose findings are in `found`; None: all of them.
    checked: set[int] | None = field(default_factory=set)

    @classmethod
    def of(
        cls, found: list[Finding], chosen: Chosen, checked: Collection[int] | None = None
    ) -> _Composer:
        """The writer for a check just made of these structures (every one when None)."""
        return cls(
            found={(f.key, f.due_on): f for f in found},
            chosen=chosen,
            checked=None if checked is None else set(checked),
        )

    def _check(
        self, row: FindingReminder, now: datetime.datetime
    ) -> dict[tuple[str, datetime.date | None], Finding]:
        structure_id = row.structure_id
        if self.checked is not None and structure_id is not None:
            if structure_id not in self.checked:
                due, chosen = _plan(local_day(now), [structure_id])
                self.found.update({(f.key, f.due_on): f for f in due})
                self.chosen.update(chosen)
                self.checked.add(structure_id)
        return self.found

    def __call__(self, row: FindingReminder, now: datetime.datetime) -> EmailMessage | None:
        finding = self._check(row, now).get((row.key, row.due_on))
        if finding is None or finding.due_on is None:
            return None  # put right, accepted, or given another due date meanwhile
        recipient = next(
            (r for r in self.chosen.get((row.key, row.due_on), []) if r.email == row.email), None
        )
        if recipient is None:
            return None  # no longer responsible for it
        overdue = finding.severity == Severity.OVERDUE
        due = date_text(finding.due_on)
        text = email_text(
            "finding_reminder",
            {
                "name": recipient.name,
                "finding": finding,
                "overdue": overdue,
                "due": due,
                "role": recipient.role,
                "reminded_by_app": recipient.reminded_by_app,
                "url": absolute(finding.url) if finding.url else "",
                "rules_url": self._rules_url(finding.structure_id),
            },
        )
        what = finding.subject or finding.message
        subject = f"Försenat: {what}" if overdue else f"Påminnelse: {what} senast {due}"
        return email_message(subject[:250], text, row.email)

    def _rules_url(self, structure_id: int | None) -> str:
        if structure_id is None:
            return absolute_url("rules:findings")
        if structure_id not in self.slugs:
            self.slugs.update(Structure.objects.filter(pk=structure_id).values_list("pk", "slug"))
        slug = self.slugs.get(structure_id)
        return absolute_url("rules:structure_findings", slug) if slug else ""


def record_finding_reminders(
    *,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
    structure_ids: Collection[int] | None = None,
) -> _Composer:
    """The daily task's first half for these structures (every one when None): the
    reminders due on `today` are recorded, none sent. Returns the writer for them, which
    knows the check just made."""
    today, now = _clock(today, now)
    due, chosen = _plan(today, structure_ids)
    _record(due, chosen, now)
    return _Composer.of(due, chosen, structure_ids)


def send_finding_reminders(
    *, today: datetime.date | None = None, now: datetime.datetime | None = None
) -> int:
    """Record the reminders due on `today` and send every reminder due, one structure at a
    time; returns how many were sent.

    Each structure is checked, its reminders recorded and sent, and what was read of it let
    go before the next: a first run in a national installation sends some 25,000 reminders,
    and holding the whole country's at once raised the worker above 200 MB. A
    structure whose check fails is logged and the others are still reminded; the first
    failure is raised at the end, so the run is seen to have failed. Due rows of no
    structure in the list (none are recorded so) are left to `retry_finding_reminders`."""
    fixed = now is not None or today is not None
    today, now = _clock(today, now)
    sent = 0
    failed: Exception | None = None
    for structure_id in list(Structure.objects.order_by("pk").values_list("pk", flat=True)):
        # The clock moves on with the run unless a day or time was given (a national first run
        # takes many minutes): a claim stamped with the run's start would look older than
        # its lease to the retry task running meanwhile, which would take it back.
        at = now if fixed else timezone.now()
        try:
            composer = record_finding_reminders(today=today, now=at, structure_ids=[structure_id])
            sent += send_pending(
                FindingReminder, composer, now=at, scope={"structure_id": structure_id}
            )
        except Exception as exc:
            logger.exception("Could not remind of structure %s's findings", structure_id)
            failed = failed or exc
    if failed is not None:
        raise failed
    return sent


def retry_finding_reminders(*, now: datetime.datetime | None = None) -> int:
    """Send the reminders due for another try. Returns the number sent."""
    return send_pending(FindingReminder, _Composer(), now=now or timezone.now())


def reminders_needing_attention(
    *, structure_ids: Collection[int] | None, now: datetime.datetime | None = None
) -> list[FindingReminder]:
    """Finding reminders in these structures (all, for None) that failed, are uncertain or
    are being retried, newest first; a failure stays listed for `SHOWN_FOR`."""
    now = now or timezone.now()
    rows = FindingReminder.objects.filter(needs_attention(), expires_at__gte=now - SHOWN_FOR)
    if structure_ids is not None:
        rows = rows.filter(structure_id__in=structure_ids)
    return list(rows.select_related("structure").order_by("-expires_at", "pk")[:50])
