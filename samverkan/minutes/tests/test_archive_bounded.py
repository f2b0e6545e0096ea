"""A structure's minutes archive stays bounded at national scale: its body filter offers at
most `LIMIT` groups (`structure/bodypicker.py`) with a search beside it (841 local groups made
a 60 kB list), and it pages without counting the archive, with the same queries however many
groups it has."""

from __future__ import annotations

from django.urls import reverse

from samverkan.minutes.tests.test_public import PublicMinutesTestCase
from samverkan.structure.bodypicker import LIMIT
from samverkan.structure.tests.local_groups import ManyLocalGroups


class BoundedArchiveTests(ManyLocalGroups, PublicMinutesTestCase):
    url = reverse("minutes_public:structure_archive", args=["vasterbotten"])

    def test_the_body_filter_lists_a_bounded_number_and_searches_the_rest(self) -> None:
        minutes = self.published()
        with self.assertNumQueries(5):
            small = self.client.get(self.url).content.decode()
        self.assertIn('<option value="lsg">Länssamverkansgruppen</option>', small)
        self.assertNotIn('name="grupp_sok"', small)  # a short list needs no search

        self.add_local_groups(10)  # 60 groups more
        with self.assertNumQueries(5):
            large = self.client.get(self.url).content.decode()
        listed = large.split('<select name="body"', 1)[1].split("</select>", 1)[0]
        self.assertEqual(listed.count("<option value="), LIMIT + 1)  # and "Alla"
        self.assertIn('name="grupp_sok"', large)
        self.assertIn("Skriv en del av namnet för att hitta en som inte syns och välj Visa", large)
        self.assertIn(self.urls(minutes)["minutes"], large)

        # The search finds a group the list left out; a chosen group stays in the list.
        found = self.client.get(self.url, {"grupp_sok": "Arbetsgrupp 10 Skellefteå"}).content
        self.assertIn(b'value="grupp-2482-9"', found)
        chosen = self.client.get(self.url, {"body": "grupp-2482-9", "grupp_sok": "Umeå"})
        self.assertContains(chosen, '<option value="grupp-2482-9" selected>')
        self.assertContains(chosen, "Inga publicerade minnesanteckningar matchar urvalet.")

    def test_a_page_past_the_last_says_so_and_years_run_from_the_first_minutes(self) -> None:
        first = self.published()
        year = first.meeting.starts_at.year
        content = self.client.get(self.url, {"sida": "5"}).content.decode()
        self.assertIn("Inga publicerade minnesanteckningar matchar urvalet.", content)
        self.assertIn(f'<option value="{year}">{year}</option>', content)
        self.assertNotIn(f'<option value="{year - 1}">', content)
        self.assertEqual(self.client.get(self.url, {"sida": "x"}).status_code, 200)
