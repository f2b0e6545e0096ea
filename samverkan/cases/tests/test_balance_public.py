"""The public balanslista: anyone may read it, and it holds only what is public."""

from __future__ import annotations

from django.urls import reverse

from samverkan.cases.tests.test_balance_base import BalanceData

INTERNAL_TITLES = ("Internt ärende i LSG", "Internt ärende i AU", "Intern rekommendation från AU")


class PublicBalanceTests(BalanceData):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.make_case("Offentligt ärende", public=True)
        cls.make_case("Internt ärende i LSG")
        cls.make_case("Internt ärende i AU", body=cls.au)
        cls.make_recommendation("Offentlig rekommendation", decided=2)
        cls.make_recommendation("Intern rekommendation från AU", public=False)

    def page(self, *args: str, **query: str) -> str:
        name = "cases_public:body_balance_list" if len(args) > 1 else "cases_public:balance_list"
        response = self.client.get(reverse(name, args=args), query)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_anonymous_visitors_see_the_public_items_with_each_principals_decision(self) -> None:
        page = self.page(self.structure.slug)
        self.assertIn("Offentligt ärende", page)
        self.assertIn("Offentlig rekommendation", page)
        self.assertIn("2 av 6 huvudmän har beslutat", page)
        self.assertIn("Inte beslutat: Lycksele, Nordmaling, Skellefteå, Umeå", page)
        self.assertIn("Västerbotten: Antagen 2026-03-30", page)
        for title in INTERNAL_TITLES:
            self.assertNotIn(title, page)

    def test_it_links_a_recommendation_to_the_published_minutes_that_gave_it(self) -> None:
        page = self.page(self.structure.slug)
        url = reverse(
            "minutes_public:minutes",
            args=[self.structure.slug, self.body.key, self.published.pk],
        )
        self.assertIn(f'href="{url}"', page)

    def test_logged_in_members_also_see_only_public_items_here(self) -> None:
        self.login(self.coordinator)
        page = self.page(self.structure.slug)
        for title in INTERNAL_TITLES:
            self.assertNotIn(title, page)

    def test_a_body_whose_minutes_are_public_has_its_own_list(self) -> None:
        page = self.page(self.structure.slug, self.body.key)
        self.assertIn("Balanslista för Länssamverkansgruppen", page)
        self.assertIn("Offentlig rekommendation", page)
        self.assertNotIn("publicerar inte sina minnesanteckningar", page)

    def test_a_body_whose_minutes_are_not_public_says_so(self) -> None:
        page = self.page(self.structure.slug, self.au.key)
        self.assertIn("Länssamverkansgruppens AU publicerar inte sina minnesanteckningar.", page)
        self.assertIn("eftersom gruppens minnesanteckningar inte är offentliga", page)
        for title in INTERNAL_TITLES:
            self.assertNotIn(title, page)

    def test_the_structure_list_names_the_bodies_that_do_not_publish(self) -> None:
        page = self.page(self.structure.slug)
        self.assertIn("grupper publicerar inte sina minnesanteckningar", page)
        self.assertIn("<li>Länssamverkansgruppens AU</li>", page)

    def test_the_public_csv_holds_only_public_rows(self) -> None:
        response = self.client.get(
            reverse("cases_public:balance_list_csv", args=[self.structure.slug])
        )
        self.assertEqual(response.status_code, 200)
        text = response.content.decode("utf-8-sig")
        self.assertIn("Offentlig rekommendation", text)
        for title in INTERNAL_TITLES:
            self.assertNotIn(title, text)
        body_csv = self.client.get(
            reverse("cases_public:body_balance_list_csv", args=[self.structure.slug, self.au.key])
        )
        self.assertEqual(body_csv.status_code, 200)
        self.assertNotIn("Intern rekommendation", body_csv.content.decode("utf-8-sig"))

    def test_the_public_filters_take_a_body_key(self) -> None:
        page = self.page(self.structure.slug, body=self.council.key)
        self.assertIn("Balanslista för Samråd vård och omsorg", page)
        self.assertNotIn("Offentlig rekommendation", page)

    def test_unknown_structures_and_bodies_are_not_found(self) -> None:
        for url in (
            reverse("cases_public:balance_list", args=["finns-inte"]),
            reverse("cases_public:body_balance_list", args=[self.structure.slug, "finns-inte"]),
            reverse("cases_public:body_balance_list", args=[self.other_structure.slug, "lsg"]),
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
