"""What the meetings demo shows; run in `samverkan/rules/tests/test_whole_demo.py`."""

from __future__ import annotations

from samverkan.meetings.demo import demo_meetings
from samverkan.meetings.models import Meeting
from samverkan.meetings.planning import booking_status
from samverkan.structure.models import Body
from samverkan.testing.demo import DemoChecks


class MeetingsDemoChecks(DemoChecks):
    def test_meetings_demo_gives_a_year_of_meetings_and_next_years_plan(self) -> None:
        today = self.today
        self.assertGreater(self.meetings_made, 100)
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
