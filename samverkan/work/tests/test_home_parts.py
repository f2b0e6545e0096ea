"""The parts of the start page that load after it (`work/home.py`): each for the same users
as the page, and without JavaScript a page of its own behind a link in its place."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.urls import reverse

from samverkan.rules.checking import check_structures
from samverkan.work.tests.test_todo_base import TodoTestCase, later_parts

COORDINATORS = ("work:home_findings", "work:home_waiting", "work:home_reminders")


class StartPagePartsTests(TodoTestCase):
    def test_a_coordinator_s_page_links_each_part_it_loads(self) -> None:
        check_structures()
        self.login(self.coordinator)
        page = self.client.get(reverse("work:home")).content.decode()
        self.assertEqual(later_parts(page), [reverse(name) for name in COORDINATORS])
        # Without JavaScript: a link to each part in its place.
        self.assertIn(f'<a href="{reverse("work:home_findings")}">Visa avvikelserna</a>', page)
        # The part alone for htmx; a page of its own for the link.
        part = self.client.get(reverse("work:home_findings"), headers={"HX-Request": "true"})
        self.assertNotIn(b"<html", part.content)
        self.assertContains(part, 'id="avvikelser"')
        whole = self.client.get(reverse("work:home_findings"))
        self.assertContains(whole, "<h1>Att göra: avvikelser i dina strukturer</h1>")
        self.assertContains(whole, 'class="site-header"')
        reminders = self.client.get(reverse("work:home_reminders"))
        self.assertContains(reminders, "Alla påminnelser i dina strukturer har kommit fram.")

    def test_a_member_s_page_loads_their_own_work_after_it(self) -> None:
        self.login(self.member_user)
        page = self.client.get(reverse("work:home")).content.decode()
        self.assertEqual(later_parts(page), [reverse("work:home_mine")])
        self.assertIn("Dina kommande möten", page)  # on the page itself
        whole = self.client.get(reverse("work:home_mine"))
        self.assertContains(whole, "Inga minnesanteckningar väntar på din justering.")

    def test_each_part_is_for_the_users_the_page_shows_it_to(self) -> None:
        stranger = User.objects.create_user("okand", "okand@example.se", "x")
        for user in (self.member_user, stranger):
            self.login(user)
            for name in COORDINATORS:
                with self.subTest(user=user.username, part=name):
                    self.assertEqual(self.client.get(reverse(name)).status_code, 403)
        self.assertEqual(self.client.get(reverse("work:home_mine")).status_code, 403)
        self.client.logout()
        for name in (*COORDINATORS, "work:home_mine"):
            response = self.client.get(reverse(name))
            self.assertEqual(response.status_code, 302)
            self.assertIn(reverse("accounts:login"), response["Location"])
