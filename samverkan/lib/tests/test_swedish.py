from __future__ import annotations

import datetime

from django.test import SimpleTestCase

from samverkan.lib.localtime import local
from samverkan.lib.swedish import count_text, day_text, lead_time_text, when_text

DAY = datetime.date(2027, 2, 11)


class WordingTests(SimpleTestCase):
    def test_it_words_a_meeting_within_one_day(self) -> None:
        self.assertEqual(day_text(DAY), "torsdag 11 februari 2027")
        self.assertEqual(
            when_text(local(DAY, 13), local(DAY, 15, 30)),
            "torsdag 11 februari 2027 kl. 13.00–15.30",
        )
        self.assertEqual(when_text(local(DAY, 9, 5)), "torsdag 11 februari 2027 kl. 09.05")

    def test_it_words_a_meeting_past_midnight_both_ways(self) -> None:
        ends = local(DAY + datetime.timedelta(days=1), 2)
        self.assertEqual(
            when_text(local(DAY, 22), ends),
            "torsdag 11 februari 2027 kl. 22.00 – fredag 12 februari 2027 kl. 02.00",
        )
        # Notices, reminders and the minutes' approved text have always said it this way.
        self.assertEqual(
            when_text(local(DAY, 22), ends, end_as_clock=True),
            "torsdag 11 februari 2027 kl. 22.00–02.00",
        )

    def test_it_words_counts_and_lead_times(self) -> None:
        self.assertEqual(count_text(1, "vecka", "veckor"), "en vecka")
        self.assertEqual(count_text(12, "vecka", "veckor"), "12 veckor")
        self.assertEqual(lead_time_text(10, "working_days"), "tio arbetsdagar")
        self.assertEqual(lead_time_text(2, "weeks", approximate=True), "ca två veckor")
        self.assertEqual(lead_time_text(1, "calendar_days"), "en dag")
