"""The charter check's registry: each domain app contributes its own rules.

Modelled on Django's system-check registry. An app's `findings.py` registers functions
that read its own data and yield `Finding`s, what is off by a charter's rule (a vacant seat,
a meeting not booked by the deadline, minutes waiting on an approver). `run_findings`
asks every registered rule; `collect` imports each installed app's `findings` module, so
nothing central imports the apps. A rule takes keyword arguments only: `today` (the Swedish
day to judge by) and `structure_ids` (only these structures, or all when None).

    from samverkan.lib.findings import Finding, Severity, register

    @register("structure.composition")
    def vacant_seats(*, today, structure_ids):
        ...
        yield Finding(rule="structure.composition", severity=Severity.NOTED, ...)

A rule whose own app already emails the people concerned says so where it is registered,
with `reminded_by_app` (see `AppReminds`), so that the charter check's reminder
(`samverkan.rules.reminders`) never says the same thing to the same people a second time
and needs to know nothing about any app:

    @register("cases.assignment_overdue", reminded_by_app=AppReminds.EVERYONE)
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from django.db import models

from samverkan.lib.registry import app_modules
from samverkan.lib.swedish import date_text


class Severity(models.TextChoices):
    """How urgent a finding is, in the order a coordinator should act on them."""

    OVERDUE = "overdue", "Försenat"
    DUE_SOON = "due_soon", "Snart dags"
    NOTED = "noted", "Att notera"


SEVERITY_ORDER = {Severity.OVERDUE: 0, Severity.DUE_SOON: 1, Severity.NOTED: 2}


@dataclass(frozen=True)
class Responsible:
    """Who should put a finding right: a role ("koordinator", "ordförande") and, where the
    system knows them, the people who hold it."""

    role: str
    names: tuple[str, ...] = ()
    # The users to remind (ids); not shown, not in the JSON.
    user_ids: tuple[int, ...] = ()

    def text(self) -> str:
        return f"{self.role} ({', '.join(self.names)})" if self.names else self.role


@dataclass(frozen=True)
class Finding:
    """One thing that is off by a charter's rule, said so that the reader can act on it."""

    rule: str  # the registered rule's code, such as "structure.composition"
    severity: Severity
    message: str  # Swedish, a whole sentence
    structure_id: int | None = None
    body_id: int | None = None
    subject: str = ""  # what it is about: a body, a meeting, minutes
    url: str = ""  # where it is put right
    citation: str = ""  # the charter's own words behind the rule
    due_on: datetime.date | None = None  # when it must be put right, if the rule says
    responsible: Responsible | None = None
    # What the finding is about, stable from day to day ("meeting:12", "body:4:2027"): with
    # the rule it names the finding for acknowledgements and for reminders sent once.
    about: str = ""

    @property
    def key(self) -> str:
        return f"{self.rule}|{self.about or f'body:{self.body_id}'}"

    def sort_key(self) -> tuple[int, datetime.date, str, str]:
        return (
            SEVERITY_ORDER[self.severity],
            self.due_on or datetime.date.max,
            self.subject,
            self.message,
        )


Rule = Callable[..., Iterable[Finding]]


class AppReminds(enum.Enum):
    """What a finding's own app already reminds of by email, as its rule declares: the
    charter check's reminder leaves that to the app."""

    # Nothing: the check reminds those responsible (or, with nobody known, the coordinators).
    NOTHING = "nothing"
    # The app reminds those responsible itself; the check tells only the structure's
    # coordinators, once it is overdue, so that someone can follow it up.
    RESPONSIBLE = "responsible"
    # The app reminds everyone concerned, coordinators included: the check sends nothing.
    EVERYONE = "everyone"


# A fixed answer for all of a rule's findings, or one per finding on the day of the check.
type RemindedByApp = AppReminds | Callable[[Finding, datetime.date], AppReminds]


@dataclass(frozen=True)
class RegisteredRule:
    code: str
    check: Rule
    description: str
    reminded_by_app: RemindedByApp = AppReminds.NOTHING

    def app_reminds(self, finding: Finding, today: datetime.date) -> AppReminds:
        """What the rule's app reminds of for `finding` on `today`."""
        if isinstance(self.reminded_by_app, AppReminds):
            return self.reminded_by_app
        return self.reminded_by_app(finding, today)


def deadline_stated(message: str, due_on: datetime.date | None) -> bool:
    """Whether `message` already says the deadline `due_on` in words ("… senast 3 mars
    2027", also as "tisdag 3 mars 2027"), so that a page showing the finding need not repeat
    it."""
    return due_on is not None and date_text(due_on) in message


def _first_paragraph(doc: str) -> str:
    """The docstring's first paragraph as one line: a rule described over two lines of its
    docstring is described in full (its first line alone ended mid-sentence, "… eller")."""
    paragraph = doc.strip().split("\n\n")[0]
    return " ".join(paragraph.split())


class FindingsRegistry:
    def __init__(self) -> None:
        self._rules: dict[str, RegisteredRule] = {}

    def register(
        self,
        code: str,
        *,
        description: str = "",
        reminded_by_app: RemindedByApp = AppReminds.NOTHING,
    ) -> Callable[[Rule], Rule]:
        """Register `check` under `code`; registering the same code twice replaces it.
        `reminded_by_app` says what the rule's own app already reminds of by email."""

        def decorator(check: Rule) -> Rule:
            text = description or _first_paragraph(check.__doc__ or "")
            self._rules[code] = RegisteredRule(code, check, text, reminded_by_app)
            return check

        return decorator

    def rules(self) -> list[RegisteredRule]:
        return sorted(self._rules.values(), key=lambda r: r.code)

    def app_reminds(self, finding: Finding, today: datetime.date) -> AppReminds:
        """What the app of `finding`'s rule reminds of on `today` (nothing, for a rule not
        registered)."""
        rule = self._rules.get(finding.rule)
        return rule.app_reminds(finding, today) if rule else AppReminds.NOTHING

    def run(
        self,
        *,
        today: datetime.date,
        structure_ids: Collection[int] | None = None,
        codes: Collection[str] | None = None,
    ) -> list[Finding]:
        """Every registered rule's findings, most urgent first."""
        found: list[Finding] = []
        for rule in self.rules():
            if codes is not None and rule.code not in codes:
                continue
            found.extend(rule.check(today=today, structure_ids=structure_ids))
        return sorted(found, key=Finding.sort_key)


registry = FindingsRegistry()
register = registry.register


def collect() -> list[RegisteredRule]:
    """Import every installed app's `findings` module and return the registered rules."""
    app_modules("findings")
    return registry.rules()


def run_findings(
    *,
    today: datetime.date,
    structure_ids: Collection[int] | None = None,
    codes: Collection[str] | None = None,
) -> list[Finding]:
    collect()
    return registry.run(today=today, structure_ids=structure_ids, codes=codes)
