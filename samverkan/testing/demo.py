"""The whole demo loaded once for all the tests about it.

Loading the demo (the four seed structures, a year of meetings, their minutes, the cases,
the deviations and the statistics)
takes close to a minute; each app's checks of what its part of the demo shows are written
as mixins in `<app>/tests/demo_checks.py` and run together in one class
(`samverkan/rules/tests/test_whole_demo.py`), so the suite loads it once per database.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.test import TestCase
from django.utils import timezone

from samverkan.cases.demo import DemoCasesReport, demo_cases
from samverkan.deviations.demo import DemoDeviationsReport, demo_deviations
from samverkan.followup.demo_plans import DemoPlansReport, demo_activity_plans
from samverkan.followup.demo_reports import DemoReportsReport, demo_reports
from samverkan.governing.demo import load_demo_governing
from samverkan.meetings.demo import demo_meetings
from samverkan.meetings.models import Meeting, MeetingStatus
from samverkan.minutes.demo import DemoReport, demo_minutes
from samverkan.minutes.models import Minutes
from samverkan.statistics.demo import load_demo_statistics
from samverkan.structure.demo import demo_load
from samverkan.structure.importer import ImportReport


class WholeDemoTestCase(TestCase):
    today: datetime.date
    structures_loaded: list[ImportReport]
    meetings_made: int
    minutes_report: DemoReport
    # The cases demo holds meetings of its own and writes their minutes too.
    minutes_before_cases: int
    cases_report: DemoCasesReport
    deviations_report: DemoDeviationsReport
    statistics_lines: list[str]
    governing_lines: list[str]
    plans_report: DemoPlansReport
    reports_report: DemoReportsReport

    @classmethod
    def setUpTestData(cls) -> None:
        cls.structures_loaded = demo_load()
        # The demos are made relative to the real day, since the planning refuses the past.
        cls.today = timezone.localdate()
        cls.meetings_made = demo_meetings(today=cls.today)
        cls.minutes_report = demo_minutes(today=cls.today)
        cls.minutes_before_cases = Minutes.objects.count()
        cls.cases_report = demo_cases(today=cls.today)
        cls.deviations_report = demo_deviations(today=cls.today)
        cls.statistics_lines = load_demo_statistics(today=cls.today)
        cls.governing_lines = load_demo_governing(today=cls.today)
        cls.plans_report = demo_activity_plans(today=cls.today)
        cls.reports_report = demo_reports(today=cls.today)

    def require_held_meetings(self, at_least: int = 40) -> None:
        """Early in the year few meetings are held yet, so not every state can be shown."""
        held = Meeting.objects.filter(status=MeetingStatus.HELD).count()
        if held < at_least:
            self.skipTest(f"Bara {held} hållna möten hittills i år.")


# The apps' mixins type-check against the test case they are mixed into.
if TYPE_CHECKING:
    DemoChecks = WholeDemoTestCase
else:
    DemoChecks = object
