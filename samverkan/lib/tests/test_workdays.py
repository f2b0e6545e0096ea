from __future__ import annotations

import datetime

from django.test import SimpleTestCase

from samverkan.lib.workdays import (
    is_working_day,
    lead_deadline,
    non_working_reason,
    working_days_after,
    working_days_before,
    working_days_between,
)


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


class WorkingDayTests(SimpleTestCase):
    def test_it_knows_weekends_and_ordinary_days(self) -> None:
        self.assertTrue(is_working_day(d("2026-11-23")))  # måndag
        self.assertEqual(non_working_reason(d("2026-11-21")), "lördag")
        self.assertEqual(non_working_reason(d("2026-11-22")), "söndag")

    def test_it_knows_easter(self) -> None:
        # 2026: långfredag 3 april, annandag påsk 6 april; skärtorsdag is a working day.
        self.assertTrue(is_working_day(d("2026-04-02")))
        self.assertFalse(is_working_day(d("2026-04-03")))
        self.assertFalse(is_working_day(d("2026-04-06")))
        # Documents due 3 working days before Wednesday 8 April: Tue 7, Thu 2, Wed 1.
        self.assertEqual(working_days_before(d("2026-04-08"), 3), d("2026-04-01"))

    def test_it_knows_ascension(self) -> None:
        self.assertEqual(non_working_reason(d("2026-05-14")), "Kristi himmelsfärdsdag")
        self.assertEqual(working_days_before(d("2026-05-15"), 1), d("2026-05-13"))

    def test_it_knows_midsummer_eve_as_a_day_off(self) -> None:
        self.assertEqual(non_working_reason(d("2026-06-19")), "Midsommarafton")
        self.assertEqual(non_working_reason(d("2027-06-25")), "Midsommarafton")
        # Monday 22 June 2026, one working day before: Thursday 18 June.
        self.assertEqual(working_days_before(d("2026-06-22"), 1), d("2026-06-18"))

    def test_it_skips_christmas_to_epiphany(self) -> None:
        for day in ("2026-12-24", "2026-12-25", "2026-12-31", "2027-01-01", "2027-01-06"):
            self.assertFalse(is_working_day(d(day)), day)
        # Working days 21 Dec 2026 – 8 Jan 2027: 21, 22, 23, 28, 29, 30 Dec; 4, 5, 7, 8 Jan.
        self.assertEqual(working_days_between(d("2026-12-21"), d("2027-01-09")), 10)

    def test_it_crosses_a_year_boundary(self) -> None:
        # A meeting Thursday 14 January 2027 with 10 working days' lead:
        # Jan 13, 12, 11, 8, 7, 5, 4; Dec 30, 29, 28 → 28 December 2026.
        self.assertEqual(working_days_before(d("2027-01-14"), 10), d("2026-12-28"))
        self.assertEqual(working_days_after(d("2026-12-28"), 10), d("2027-01-14"))

    def test_it_computes_each_seeds_lead_time(self) -> None:
        meeting = d("2026-03-19")  # a Thursday with no holidays near
        # 004: Samråd and Länssamverkansgruppen, 10 working days.
        self.assertEqual(lead_deadline(meeting, 10, "working_days"), d("2026-03-05"))
        # 004: the beredningar and Hjälpmedelsrådet, 7 working days.
        self.assertEqual(lead_deadline(meeting, 7, "working_days"), d("2026-03-10"))
        # 004: the working committees, 6 working days.
        self.assertEqual(lead_deadline(meeting, 6, "working_days"), d("2026-03-11"))
        # 004: patient-safety council, about two weeks.
        self.assertEqual(lead_deadline(meeting, 2, "weeks"), d("2026-03-05"))
        # 001: local arenas, one week.
        self.assertEqual(lead_deadline(meeting, 1, "weeks"), d("2026-03-12"))
        self.assertEqual(lead_deadline(meeting, 5, "calendar_days"), d("2026-03-14"))

    def test_it_refuses_nonsense(self) -> None:
        with self.assertRaises(ValueError):
            working_days_before(d("2026-03-19"), 0)
        with self.assertRaises(ValueError):
            lead_deadline(d("2026-03-19"), 1, "months")
