"""The whole demo, loaded once, and each app's checks of what its part shows
(`<app>/tests/demo_checks.py`)."""

from __future__ import annotations

from samverkan.cases.tests import demo_checks as cases
from samverkan.deviations.tests import demo_checks as deviations
from samverkan.followup.tests import demo_checks_plans as plans
from samverkan.followup.tests import demo_checks_reports as reports
from samverkan.governing.tests import demo_checks as governing
from samverkan.meetings.tests import demo_checks as meetings
from samverkan.minutes.tests import demo_checks as minutes
from samverkan.rules.tests import demo_checks as rules
from samverkan.statistics.tests import demo_checks as statistics
from samverkan.structure.tests import demo_checks as structure
from samverkan.testing import demo


class WholeDemoTests(
    structure.StructureDemoChecks,
    meetings.MeetingsDemoChecks,
    minutes.MinutesDemoChecks,
    cases.CasesDemoChecks,
    deviations.DeviationsDemoChecks,
    statistics.StatisticsDemoChecks,
    governing.GoverningDemoChecks,
    plans.PlansDemoChecks,
    reports.ReportsDemoChecks,
    rules.RulesDemoChecks,
    demo.WholeDemoTestCase,
):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.set_up_rules_checks()
