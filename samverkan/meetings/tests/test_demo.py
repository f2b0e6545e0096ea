from __future__ import annotations

from django.test import TestCase
from django.utils import timezone

from samverkan.meetings.demo import demo_meetings
from samverkan.meetings.models import Meeting
from samverkan.meetings.planning import booking_status
from samverkan.structure.demo import demo_load
from samverkan.structure.models import Body


class DemoMeetingTests(TestCase):
    def test_it_gives_the_demo_a_year_of_meetings_and_next_years_plan(self) -> None:
        demo_load()
        # The demo is made relative to the real day, since the planning refuses the past.
        today = timezone.localdate()
        made = demo_meetings(today=today)
        self.assertGreater(made, 100)
        lsg = Body.objects.get(structure__slug="vasterbotten", key="lsg")
        held = Meeting.objects.filter(body=lsg, status="held")
        if today.month >= 10:
            self.assertGreaterEqual(held.count(), 2)
        self.assertTrue(all(m.agenda_items.filter(kind="case").exists() for m in held))
        status = booking_status(body=lsg, year=today.year + 1, today=today)
        self.assertTrue(status.ok, status.message)
        # Blekinge's local groups meet at least six times; the standing items lead each agenda.
        local = Body.objects.get(structure__slug="blekinge", key="lokal-att-aldras-karlskrona")
        next_year = Meeting.objects.filter(body=local, starts_at__year=today.year + 1)
        self.assertGreaterEqual(next_year.count(), 6)
        first = next_year.first()
        assert first is not None
        self.assertEqual(first.agenda_items.first().title, "Godkännande av dagens agenda")
        self.assertEqual(demo_meetings(today=today), 0)
