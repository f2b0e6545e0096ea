from __future__ import annotations

from django.test import SimpleTestCase

from samverkan.lib.swedish import lead_time_text
from samverkan.structure.models import CompositionRule
from samverkan.structure.rules_text import composition_line, every_months, inline


class RulesTextTests(SimpleTestCase):
    def test_it_says_intervals_in_swedish(self) -> None:
        self.assertEqual(every_months(12), "en gång per år")
        self.assertEqual(every_months(24), "vartannat år")
        self.assertEqual(every_months(36), "vart tredje år")
        self.assertEqual(every_months(6), "var sjätte månad")
        self.assertEqual(every_months(18), "var 18:e månad")

    def test_it_says_lead_times(self) -> None:
        self.assertEqual(lead_time_text(10, "working_days", False), "tio arbetsdagar")
        self.assertEqual(lead_time_text(1, "weeks", False), "en vecka")
        self.assertEqual(lead_time_text(2, "weeks", True), "ca två veckor")

    def test_it_counts_seats_in_the_right_number(self) -> None:
        one = CompositionRule(
            principal_kind="municipality", per_principal=True, min_count=1, max_count=1
        )
        self.assertEqual(composition_line(one), "Varje kommun: en ledamot.")
        at_least_one = CompositionRule(principal_kind="region", min_count=1)
        self.assertEqual(composition_line(at_least_one), "Regionen: minst en ledamot.")
        four = CompositionRule(
            principal_kind="region", min_count=4, max_count=4, with_substitutes=True
        )
        self.assertEqual(composition_line(four), "Regionen: fyra ledamöter med ersättare.")
        six = CompositionRule(principal_kind="municipality", min_count=6, max_count=6)
        self.assertEqual(composition_line(six), "Kommunerna tillsammans: sex ledamöter.")

    def test_it_writes_common_nouns_in_lower_case_mid_sentence(self) -> None:
        self.assertEqual(inline("Regional koordinatör"), "regional koordinatör")
        self.assertEqual(inline("Region Västerbotten"), "Region Västerbotten")
