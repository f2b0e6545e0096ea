from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.rules.checking import check_structures
from samverkan.structure.models import Body, Membership, Person, Role
from samverkan.testing.base import BaseTestCase


class PublicPageTests(BaseTestCase):
    def test_it_lists_structures_on_the_start_page(self) -> None:
        response = self.client.get("/")
        self.assertContains(response, "Samverkan Västerbotten")
        self.assertContains(response, 'lang="sv"')

    def test_it_lists_the_structures_with_their_number_of_groups(self) -> None:
        count = Body.objects.filter(structure=self.structure).count()
        self.assertContains(self.client.get("/"), f"{count} grupper")

    def test_it_lists_principals_regions_first_with_their_seats(self) -> None:
        region = Membership.objects.filter(principal__kind="region").first()
        municipality = Membership.objects.filter(principal__kind="municipality").first()
        assert region is not None and municipality is not None
        page = self.client.get(reverse("public:principals")).content.decode()
        self.assertLess(page.index("<h2>Region</h2>"), page.index("<h2>Kommun</h2>"))
        seats = Membership.objects.filter(principal=municipality.principal).count()
        link = reverse("public:principal", args=[municipality.principal.slug])
        self.assertIn(f'<a href="{link}">{municipality.principal.name}</a>', page)
        self.assertIn(f"({seats} {'plats' if seats == 1 else 'platser'})", page)

    def test_it_shows_the_tree_with_parents_above_children(self) -> None:
        response = self.client.get(reverse("public:structure", args=["vasterbotten"]))
        html = response.content.decode()
        self.assertLess(html.index("Samråd vård och omsorg"), html.index("Länssamverkansgruppen"))
        self.assertLess(
            html.index("Länssamverkansgruppen"), html.index("Länssamverkansgruppens AU")
        )

    def test_it_shows_rules_in_plain_swedish(self) -> None:
        response = self.client.get(reverse("public:body", args=["vasterbotten", "lsg"]))
        self.assertContains(response, "Möts minst tre gånger per år.")
        self.assertContains(
            response,
            "Handlingar ska vara ledamöterna tillhanda senast tio arbetsdagar före mötet.",
        )
        self.assertContains(response, "Nästa års möten ska vara bokade senast den 30 november.")
        self.assertContains(
            response, "Ordförande och vice ordförande representerar olika huvudmän."
        )
        self.assertContains(response, "Ordförande representerar den ena huvudmannen")

    def test_it_groups_members_by_principal_and_hides_contacts_from_anonymous(self) -> None:
        response = self.client.get(reverse("public:body", args=["vasterbotten", "lsg"]))
        self.assertContains(response, "Alice Berg")
        self.assertContains(response, "Umeå kommun")
        self.assertNotContains(response, "alice.berg@umea.example")
        self.assertNotContains(response, "070-174 06 05")
        self.assertContains(response, "Kontaktuppgifter visas för inloggade.")

    def test_it_shows_contacts_to_logged_in_users(self) -> None:
        self.login(self.member_user)
        response = self.client.get(reverse("public:body", args=["vasterbotten", "lsg"]))
        self.assertContains(response, "alice.berg@umea.example")
        self.assertContains(response, "070-174 06 05")

    def test_it_flags_seats_that_deviate_from_the_charter(self) -> None:
        response = self.client.get(reverse("public:body", args=["vasterbotten", "lsg"]))
        self.assertContains(response, "Sammansättningen avviker från uppdragsbeskrivningen")
        # Umeå has one of its two seats; the region one of four.
        self.assertContains(response, "<strong>Avviker</strong>")

    def test_it_keeps_ended_memberships_as_history(self) -> None:
        Membership.objects.filter(pk=self.chair.pk).update(
            end=datetime.date(2026, 3, 1), end_reason="Bytt tjänst"
        )
        response = self.client.get(reverse("public:body", args=["vasterbotten", "lsg"]))
        self.assertContains(response, "Tidigare uppdrag")
        # Why it ended is for logged-in users, as in the API (`end_reason`).
        self.assertNotContains(response, "Bytt tjänst")
        self.login(self.member_user)
        response = self.client.get(reverse("public:body", args=["vasterbotten", "lsg"]))
        self.assertContains(response, "Bytt tjänst")

    def test_it_lists_the_bodies_a_principal_sits_in(self) -> None:
        response = self.client.get(reverse("public:principal", args=[self.umea.slug]))
        self.assertContains(response, "Länssamverkansgruppen")
        self.assertContains(response, "Alice Berg, ordförande")
        self.assertNotContains(response, "alice.berg@umea.example")

    def test_it_answers_404_in_swedish_for_an_unknown_body(self) -> None:
        response = self.client.get(reverse("public:body", args=["vasterbotten", "finns-inte"]))
        self.assertEqual(response.status_code, 404)


class QueryCountTests(BaseTestCase):
    """Each page's query count is the same with 10 and with 200 bodies."""

    def grow(self, total: int) -> None:
        existing = Body.objects.filter(structure=self.structure).count()
        people = []
        for i in range(existing, total):
            body = Body.objects.create(
                structure=self.structure,
                key=f"grupp-{i}",
                name=f"Grupp {i}",
                kind="local_group",
                level="local",
                mandate="decides",
                parent=self.body,
                municipality=self.lycksele,
            )
            person = Person.objects.create(key=f"person-{i}", first_name="Per", last_name=f"Son{i}")
            people.append(person)
            Membership.objects.create(
                body=body, person=person, role=Role.MEMBER, principal=self.lycksele
            )
            Membership.objects.create(
                body=self.body, person=person, role=Role.MEMBER, principal=self.lycksele
            )

    def count(self, url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return len(ctx.captured_queries)

    def test_it_keeps_page_queries_constant(self) -> None:
        self.login(self.coordinator)
        urls = [
            "/",
            reverse("public:structure", args=["vasterbotten"]),
            reverse("public:body", args=["vasterbotten", "lsg"]),
            reverse("public:principal", args=[self.lycksele.slug]),
            reverse("public:principals"),
            reverse("work:structure", args=["vasterbotten"]),
            reverse("work:body", args=["vasterbotten", "lsg"]),
            reverse("work:home"),
        ]
        # The start page reads the stored charter check, as the worker leaves it.
        self.grow(10)
        check_structures()
        small = {url: self.count(url) for url in urls}
        self.grow(200)
        check_structures()
        large = {url: self.count(url) for url in urls}
        self.assertEqual(small, large)
