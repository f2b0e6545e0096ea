from __future__ import annotations

import datetime
import random
import re
from typing import Any
from unittest import mock

from django.contrib.auth.models import AnonymousUser, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.search.index import (
    search_index_bulk_insert,
    search_index_remove,
    search_index_upsert,
)
from samverkan.search.models import SearchEntry, SearchSource
from samverkan.search.selectors import SearchResults, search
from samverkan.search.views import _number
from samverkan.structure.models import Body, Membership, Person, Role, Structure
from samverkan.testing.base import PASSWORD, BaseTestCase, Personas
from samverkan.testing.browser import BrowserTestCase

MINUTES_TEXT = (
    "Minnesanteckningar från länssamverkansgruppen.\n"
    "§ 4 Samverkansavtalet om hemsjukvård. Gruppen gick igenom samverkansavtalet och "
    "beslutade att rekommendera huvudmännen att anta det. Vårdplaneringen i Umeå "
    "fungerar bättre sedan förra året."
)

HOSTILE_QUERIES = [
    '"',
    '""',
    "AND OR NOT",
    "OR",
    "or or or",
    "*",
    "samverkan*",
    "(",
    ")",
    "NEAR",
    "NEAR(a b, 3)",
    "'; drop table search_searchentry; --",
    "title:hemsjukvård",
    "{title text}: vård",
    "^vård",
    "-",
    "--vård",
    "- -",
    "!vård & (hem | sjuk)",
    "vård:*",
    "\\",
    "\x00",
    "a\x00b",
    "\ud800",
    "%",
    "_",
    "🙂 vård",
    "ﬁnns",
    "x" * 5000,
    " ".join(["vård"] * 300),
]


def add_entry(
    *,
    source_id: int,
    structure: Structure,
    body: Body | None,
    title: str = "Minnesanteckningar",
    text: str = MINUTES_TEXT,
    public: bool = True,
    published_on: datetime.date = datetime.date(2026, 3, 12),
    source: str = SearchSource.MINUTES,
) -> SearchEntry:
    return search_index_upsert(
        source=source,
        source_id=source_id,
        structure=structure,
        body=body,
        title=title,
        text=text,
        url=f"/minnesanteckningar/{source_id}/",
        public=public,
        published_on=published_on,
    )


def titles(results: SearchResults) -> list[str]:
    return [hit.title for hit in results.hits]


class SearchIndexTests(BaseTestCase):
    def test_it_finds_the_definite_form_when_searching_the_bare_word(self) -> None:
        add_entry(source_id=1, structure=self.structure, body=self.body)
        results = search(query="samverkansavtal", user=AnonymousUser())
        self.assertEqual(results.total, 1)
        self.assertIn("<mark>samverkansavtalet</mark>", results.hits[0].snippet)

    def test_it_finds_the_bare_word_when_searching_the_definite_form(self) -> None:
        add_entry(
            source_id=1,
            structure=self.structure,
            body=self.body,
            title="Nytt samverkansavtal för hemsjukvård",
            text="Avtalet gäller från 1 januari.",
        )
        results = search(query="samverkansavtalet", user=AnonymousUser())
        self.assertEqual(titles(results), ["Nytt samverkansavtal för hemsjukvård"])
        self.assertEqual(
            results.hits[0].title_html, "Nytt <mark>samverkansavtal</mark> för hemsjukvård"
        )

    def test_it_finds_other_inflections_of_compounds(self) -> None:
        add_entry(source_id=1, structure=self.structure, body=self.body)
        for query in ["vårdplanering", "Vårdplaneringen", "hemsjukvården", "HEMSJUKVÅRDENS"]:
            with self.subTest(query=query):
                self.assertEqual(search(query=query, user=AnonymousUser()).total, 1)

    def test_it_needs_every_word(self) -> None:
        add_entry(source_id=1, structure=self.structure, body=self.body)
        self.assertEqual(search(query="hemsjukvård Umeå", user=AnonymousUser()).total, 1)
        self.assertEqual(search(query="hemsjukvård Skellefteå", user=AnonymousUser()).total, 0)

    def test_it_reads_phrases_exclusions_and_alternatives(self) -> None:
        add_entry(source_id=1, structure=self.structure, body=self.body)
        add_entry(
            source_id=2,
            structure=self.structure,
            body=self.body,
            title="Läkemedel",
            text="Läkemedelsgenomgångar i hemsjukvården.",
        )
        anonymous = AnonymousUser()
        self.assertEqual(search(query='"vårdplaneringen i umeå"', user=anonymous).total, 1)
        self.assertEqual(search(query='"umeå vårdplaneringen"', user=anonymous).total, 0)
        self.assertEqual(
            titles(search(query="hemsjukvård -samverkansavtal", user=anonymous)), ["Läkemedel"]
        )
        self.assertEqual(search(query="läkemedelsgenomgångar or umeå", user=anonymous).total, 2)

    def test_it_ignores_stop_words(self) -> None:
        add_entry(source_id=1, structure=self.structure, body=self.body)
        self.assertEqual(search(query="och", user=AnonymousUser()).total, 0)
        self.assertEqual(search(query="hemsjukvård och inte", user=AnonymousUser()).total, 1)

    def test_it_ranks_by_relevance_then_date(self) -> None:
        add_entry(
            source_id=1,
            structure=self.structure,
            body=self.body,
            title="Minnesanteckningar 2024",
            text="Övrigt: hemsjukvård nämndes.",
            published_on=datetime.date(2024, 5, 1),
        )
        add_entry(
            source_id=2,
            structure=self.structure,
            body=self.body,
            title="Hemsjukvård i länet",
            text="Hemsjukvården och hemsjukvårdens läkare i hela länet.",
            published_on=datetime.date(2023, 5, 1),
        )
        add_entry(
            source_id=3,
            structure=self.structure,
            body=self.body,
            title="Minnesanteckningar 2025",
            text="Övrigt: hemsjukvård nämndes.",
            published_on=datetime.date(2025, 5, 1),
        )
        results = search(query="hemsjukvård", user=AnonymousUser())
        self.assertEqual(
            titles(results),
            ["Hemsjukvård i länet", "Minnesanteckningar 2025", "Minnesanteckningar 2024"],
        )

    def test_it_filters_by_structure_body_and_year(self) -> None:
        add_entry(source_id=1, structure=self.structure, body=self.body, title="LSG 2026")
        add_entry(
            source_id=2,
            structure=self.structure,
            body=self.au,
            title="AU 2025",
            published_on=datetime.date(2025, 12, 31),
        )
        add_entry(
            source_id=3,
            structure=self.structure,
            body=None,
            title="Strukturen 2025",
            published_on=datetime.date(2025, 1, 1),
        )
        add_entry(
            source_id=4, structure=self.other_structure, body=self.other_body, title="Blekinge"
        )
        anonymous = AnonymousUser()

        def found(**filters: Any) -> set[str]:
            return set(titles(search(query="samverkansavtal", user=anonymous, **filters)))

        self.assertEqual(found(), {"LSG 2026", "AU 2025", "Strukturen 2025", "Blekinge"})
        self.assertEqual(found(structure=self.other_structure), {"Blekinge"})
        self.assertEqual(found(body=self.au), {"AU 2025"})
        self.assertEqual(found(year=2025), {"AU 2025", "Strukturen 2025"})
        self.assertEqual(found(structure=self.structure, year=2026), {"LSG 2026"})
        self.assertEqual(found(structure=self.other_structure, body=self.au), set())
        self.assertEqual(found(year=1999), set())
        self.assertEqual(found(year=0), set())
        self.assertEqual(found(year=100_000), set())

    def test_it_pages_through_the_hits(self) -> None:
        for i in range(25):
            add_entry(
                source_id=i,
                structure=self.structure,
                body=self.body,
                title=f"Möte {i:02}",
                published_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=i),
            )
        first = search(query="hemsjukvård", user=AnonymousUser(), limit=10)
        last = search(query="hemsjukvård", user=AnonymousUser(), limit=10, offset=20)
        self.assertEqual((first.total, len(first.hits)), (25, 10))
        self.assertEqual(first.hits[0].title, "Möte 24")
        self.assertEqual(titles(last), [f"Möte {i:02}" for i in range(4, -1, -1)])
        self.assertEqual(search(query="hemsjukvård", user=AnonymousUser(), offset=99).hits, [])

    def test_it_ranks_only_the_newest_hits_of_a_very_common_word(self) -> None:
        for i, title in enumerate(["Hemsjukvård", "Övrigt", "Övrigt", "Hemsjukvård", "Övrigt"]):
            add_entry(
                source_id=i,
                structure=self.structure,
                body=self.body,
                title=f"{title} {i}",
                text="Hemsjukvård.",
                published_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=i),
            )
        with mock.patch("samverkan.search.selectors.RANKED", 3):
            results = search(query="hemsjukvård", user=AnonymousUser())
            self.assertEqual((results.total, results.more), (3, True))
            # The three newest, the one with the word in its title first.
            self.assertEqual(titles(results), ["Hemsjukvård 3", "Övrigt 4", "Övrigt 2"])
            second = search(query="hemsjukvård", user=AnonymousUser(), limit=2, offset=2)
            self.assertEqual(titles(second), ["Övrigt 2"])
            narrower = search(query="hemsjukvård", user=AnonymousUser(), year=2026, body=self.au)
            self.assertEqual((narrower.total, narrower.more), (0, False))
        results = search(query="hemsjukvård", user=AnonymousUser())
        self.assertEqual((results.total, results.more), (5, False))
        self.assertEqual(titles(results)[:2], ["Hemsjukvård 3", "Hemsjukvård 0"])

    def test_it_asks_the_full_text_index_in_one_query(self) -> None:
        # FTS5 asked again for the rank of a list of ids evaluates the query once per id, and
        # PostgreSQL reads by date or asks its index month by month inside the query
        # (test_search_scale.py): one match in a row, one lookup in the index.
        add_entry(source_id=1, structure=self.structure, body=self.body)
        add_entry(source_id=2, structure=self.structure, body=self.body)
        with (
            mock.patch("samverkan.search.selectors.RANKED", 1),
            CaptureQueriesContext(connection) as captured,
        ):
            search(query="hemsjukvård", user=AnonymousUser())
        ranking = captured.captured_queries[-2]["sql"]
        if connection.vendor == "sqlite":
            self.assertEqual(len(re.findall(r'"search_searchentry_fts" MATCH', ranking)), 1)
        else:
            self.assertEqual(ranking.count("@@"), 2, ranking)
            self.assertIn("WITH RECURSIVE", ranking)

    def test_it_replaces_an_entry_and_removes_it(self) -> None:
        add_entry(source_id=7, structure=self.structure, body=self.body)
        entry = add_entry(
            source_id=7,
            structure=self.structure,
            body=self.body,
            title="Rättade minnesanteckningar",
            text="Läkemedelsgenomgångar.",
        )
        self.assertEqual(SearchEntry.objects.count(), 1)
        self.assertEqual(entry.title, "Rättade minnesanteckningar")
        self.assertEqual(search(query="samverkansavtal", user=AnonymousUser()).total, 0)
        self.assertEqual(search(query="läkemedelsgenomgång", user=AnonymousUser()).total, 1)

        search_index_remove(source=SearchSource.MINUTES, source_id=7)
        search_index_remove(source=SearchSource.MINUTES, source_id=7)
        self.assertEqual(SearchEntry.objects.count(), 0)
        self.assertEqual(search(query="läkemedelsgenomgång", user=AnonymousUser()).total, 0)

    def test_it_loads_many_entries_at_once(self) -> None:
        search_index_bulk_insert(
            entries=[
                SearchEntry(
                    source=SearchSource.DOCUMENT,
                    source_id=i,
                    structure=self.structure,
                    body=self.body,
                    title=f"Handling {i}",
                    text="Samverkansavtalet\x00 om hemsjukvård." if i % 2 else "Övrigt.",
                    url=f"/handlingar/{i}/",
                    public=True,
                    published_on=datetime.date(2026, 1, 1),
                )
                for i in range(5)
            ],
            batch_size=2,
        )
        results = search(query="samverkansavtal", user=AnonymousUser())
        self.assertEqual(sorted(titles(results)), ["Handling 1", "Handling 3"])

    def test_it_keeps_a_document_and_minutes_with_the_same_id_apart(self) -> None:
        add_entry(source_id=1, structure=self.structure, body=self.body)
        add_entry(source_id=1, structure=self.structure, body=self.body, source="document")
        search_index_remove(source=SearchSource.DOCUMENT, source_id=1)
        results = search(query="samverkansavtal", user=AnonymousUser())
        self.assertEqual([hit.source_label for hit in results.hits], ["Minnesanteckningar"])

    def test_it_forgets_the_entries_of_a_deleted_body(self) -> None:
        network = Body.objects.create(
            structure=self.structure,
            key="natverk",
            name="Nätverket",
            kind="network",
            level="regional",
            mandate="none",
        )
        add_entry(source_id=1, structure=self.structure, body=network)
        network.delete()
        self.assertEqual(search(query="samverkansavtal", user=AnonymousUser()).total, 0)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM search_searchentry_fts")
                self.assertEqual(cursor.fetchone()[0], 0)

    def test_it_stores_text_that_a_database_would_refuse(self) -> None:
        add_entry(
            source_id=1,
            structure=self.structure,
            body=self.body,
            title="Tr\x00asig \ud800 titel",
            text="Samverkansavtal\x00et",
        )
        entry = SearchEntry.objects.get()
        self.assertEqual(entry.title, "Trasig ? titel")
        self.assertEqual(search(query="samverkansavtal", user=AnonymousUser()).total, 1)

    def test_it_refuses_a_url_that_is_not_a_page(self) -> None:
        with self.assertRaises(ValueError):
            search_index_upsert(
                source=SearchSource.MINUTES,
                source_id=1,
                structure=self.structure,
                body=self.body,
                title="x",
                text="x",
                url="javascript:alert(1)",
                public=True,
                published_on=datetime.date(2026, 1, 1),
            )

    def test_it_finds_nothing_for_an_empty_query(self) -> None:
        add_entry(source_id=1, structure=self.structure, body=self.body)
        for query in ["", "   ", "\n\t", "-", '""', "!!!"]:
            with self.subTest(query=query), self.assertNumQueries(0):
                self.assertEqual(search(query=query, user=AnonymousUser()).total, 0)

    def test_it_survives_hostile_queries(self) -> None:
        add_entry(source_id=1, structure=self.structure, body=self.body)
        for query in HOSTILE_QUERIES:
            with self.subTest(query=query):
                results = search(query=query, user=self.admin)
                self.assertGreaterEqual(results.total, 0)
        self.assertEqual(search(query="samverkansavtal", user=AnonymousUser()).total, 1)

    def test_it_survives_random_queries(self) -> None:
        add_entry(source_id=1, structure=self.structure, body=self.body)
        alphabet = [*"\"'*()-^:{}[]+,.!&|~<>@\\/%_ \t\nORANDNEARNOT", "vård", "hem", "å", "OR"]
        chooser = random.Random(20261122)
        for _ in range(300):
            query = "".join(chooser.choice(alphabet) for _ in range(chooser.randint(1, 25)))
            with self.subTest(query=query):
                search(query=query, user=self.member_user, year=2026)


class SearchVisibilityTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        add_entry(source_id=1, structure=cls.structure, body=cls.body, title="Offentliga")
        add_entry(
            source_id=2, structure=cls.structure, body=cls.body, title="Interna LSG", public=False
        )
        add_entry(
            source_id=3,
            structure=cls.structure,
            body=None,
            title="Interna strukturen",
            public=False,
        )
        add_entry(
            source_id=4,
            structure=cls.other_structure,
            body=cls.other_body,
            title="Interna Blekinge",
            public=False,
        )

    def found(self, user: User | AnonymousUser) -> set[str]:
        return set(titles(search(query="samverkansavtalet", user=user)))

    def test_it_shows_anonymous_visitors_only_public_entries(self) -> None:
        self.assertEqual(self.found(AnonymousUser()), {"Offentliga"})

    def test_it_shows_members_their_bodys_internal_entries(self) -> None:
        self.assertEqual(self.found(self.member_user), {"Offentliga", "Interna LSG"})

    def test_it_hides_internal_entries_from_members_of_other_bodies(self) -> None:
        user = User.objects.create_user("au-ledamot", "au@example.se", PASSWORD)
        person = Person.objects.create(key="au-ledamot", first_name="Au", last_name="Ledamot")
        person.user = user
        person.save()
        Membership.objects.create(
            body=self.au,
            person=person,
            role=Role.MEMBER,
            principal=self.umea,
            start=datetime.date(2026, 1, 1),
        )
        self.assertEqual(self.found(user), {"Offentliga"})

    def test_it_hides_internal_entries_from_former_members(self) -> None:
        Membership.objects.filter(pk=self.vice.pk).update(end=datetime.date(2026, 1, 31))
        self.assertEqual(self.found(self.member_user), {"Offentliga"})

    def test_it_shows_the_coordinator_the_structures_internal_entries(self) -> None:
        self.assertEqual(
            self.found(self.coordinator), {"Offentliga", "Interna LSG", "Interna strukturen"}
        )

    def test_it_hides_other_structures_internal_entries_from_a_coordinator(self) -> None:
        self.assertEqual(self.found(self.other_coordinator), {"Offentliga", "Interna Blekinge"})

    def test_it_shows_an_admin_everything(self) -> None:
        self.assertEqual(len(self.found(self.admin)), 4)

    def test_it_counts_only_what_the_user_may_see(self) -> None:
        self.assertEqual(search(query="samverkansavtal", user=AnonymousUser()).total, 1)
        self.assertEqual(search(query="samverkansavtal", user=self.coordinator).total, 3)


class SearchQueryCountTests(BaseTestCase):
    def add_entries(self, count: int, start: int = 0) -> None:
        for i in range(start, start + count):
            add_entry(
                source_id=i,
                structure=self.structure if i % 2 else self.other_structure,
                body=self.body if i % 2 else self.other_body,
                public=bool(i % 3),
            )

    def queries(self, user: User | AnonymousUser) -> int:
        with CaptureQueriesContext(connection) as captured:
            results = search(query="samverkansavtal hemsjukvård", user=user)
        self.assertGreater(len(results.hits), 0)
        return len(captured)

    def test_it_takes_the_same_queries_for_5_and_50_entries(self) -> None:
        self.add_entries(5)
        # A fresh user object each time, so the coordinator lookup is not cached.
        few = [
            self.queries(AnonymousUser()),
            self.queries(User.objects.get(pk=self.coordinator.pk)),
        ]
        self.add_entries(45, start=5)
        many = [
            self.queries(AnonymousUser()),
            self.queries(User.objects.get(pk=self.coordinator.pk)),
        ]
        self.assertEqual(few, many)
        # The newest hits with their rank (which gives the count and the page) and the page's
        # rows; a logged-in user also their coordinated structures.
        with self.assertNumQueries(2):
            search(query="samverkansavtal", user=AnonymousUser())
        member = User.objects.get(pk=self.member_user.pk)
        with self.assertNumQueries(3):
            search(query="samverkansavtal", user=member)

    def test_it_renders_the_page_with_the_same_queries_for_5_and_50_entries(self) -> None:
        url = reverse("search:search") + "?q=samverkansavtalet&structure=" + str(self.structure.pk)
        self.add_entries(5)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        self.add_entries(45, start=5)
        # Structures, bodies, years, the ranked hits and the page's rows.
        with self.assertNumQueries(len(few)):
            response = self.client.get(url)
        self.assertEqual(len(few), 5)
        # Odd numbers (Västerbotten) up to 49 that are not public every third: 17.
        self.assertContains(response, "17 träffar")
        self.assertContains(response, 'class="search-hit"', count=17)
        self.assertContains(response, "<mark>")


class SearchPageTests(BaseTestCase):
    def test_it_shows_an_empty_form(self) -> None:
        response = self.client.get(reverse("search:search"))
        self.assertContains(response, "<title>Sök – Samverkan</title>", html=False)
        self.assertContains(response, '<label for="id_q">Sökord:</label>', html=True)
        self.assertContains(response, ">Alla strukturer</option>")
        # The groups come with the chosen structure (test_search_filters).
        self.assertContains(response, ">Alla grupper</option>")
        self.assertNotContains(response, "träff")

    def test_it_is_in_the_main_menu(self) -> None:
        response = self.client.get(reverse("public:home"))
        self.assertContains(response, f'<a href="{reverse("search:search")}">Sök</a>', html=True)

    def test_it_shows_hits_with_marked_snippets(self) -> None:
        add_entry(
            source_id=1,
            structure=self.structure,
            body=self.body,
            title="Minnesanteckningar 12 mars 2026",
        )
        response = self.client.get(reverse("search:search"), {"q": "samverkansavtal"})
        self.assertContains(response, "<title>Sök: samverkansavtal – Samverkan</title>")
        self.assertContains(response, "1 träff för ”samverkansavtal”")
        self.assertContains(response, "<mark>Samverkansavtalet</mark> om hemsjukvård")
        self.assertContains(response, 'href="/minnesanteckningar/1/"')
        self.assertContains(response, "Minnesanteckningar ·")
        self.assertContains(response, "Länssamverkansgruppen, Samverkan Västerbotten")
        self.assertContains(response, '<time datetime="2026-03-12">12 mars 2026</time>')
        self.assertNotContains(response, "Intern")

    def test_it_marks_internal_hits_for_those_who_see_them(self) -> None:
        add_entry(source_id=1, structure=self.structure, body=self.body, public=False)
        self.login(self.member_user)
        response = self.client.get(reverse("search:search"), {"q": "samverkansavtal"})
        self.assertContains(response, "<strong>Intern</strong>")

    def test_it_says_when_nothing_is_found(self) -> None:
        add_entry(source_id=1, structure=self.structure, body=self.body, public=False)
        response = self.client.get(
            reverse("search:search"), {"q": "samverkansavtal", "year": "2026"}
        )
        self.assertContains(response, "Inga träffar för ”samverkansavtal”")
        self.assertContains(response, "sök utan struktur, grupp och år")
        # A phrase keeps its own quotation marks and gets no second pair.
        response = self.client.get(reverse("search:search"), {"q": '"individuell plan"'})
        self.assertContains(response, "Inga träffar för &quot;individuell plan&quot;")
        self.assertNotContains(response, "”&quot;")

    def test_it_escapes_what_it_shows(self) -> None:
        add_entry(
            source_id=1,
            structure=self.structure,
            body=self.body,
            title="<script>alert('titel')</script> vård",
            text="<b>vård</b> & omsorg <script>alert(1)</script>",
        )
        response = self.client.get(reverse("search:search"), {"q": "<script> vård"})
        content = response.content.decode()
        self.assertNotIn("<script>alert", content)
        self.assertIn("&lt;b&gt;<mark>vård</mark>&lt;/b&gt; &amp; omsorg", content)
        self.assertIn("”&lt;script&gt; vård”", content)

    def test_it_pages_with_the_filters_kept(self) -> None:
        for i in range(25):
            add_entry(source_id=i, structure=self.structure, body=self.body)
        url = reverse("search:search")
        structure = str(self.structure.pk)
        response = self.client.get(url, {"q": "umeå", "structure": structure})
        self.assertContains(response, "25 träffar")
        self.assertContains(response, "Sida 1 av 2")
        self.assertContains(
            response, f'href="?q=ume%C3%A5&amp;structure={self.structure.pk}&amp;sida=2"'
        )
        second = self.client.get(url, {"q": "umeå", "structure": structure, "sida": "2"})
        self.assertContains(second, "Sida 2 av 2")
        self.assertContains(second, '<ol class="search-hits" start="21">')
        self.assertEqual(second.content.decode().count('class="search-hit"'), 5)
        beyond = self.client.get(url, {"q": "umeå", "sida": "9"})
        self.assertContains(beyond, "Det finns inga fler träffar på sidan 9.")
        for page in ["x", "-1", "0", "99999999999999999999"]:
            self.assertEqual(self.client.get(url, {"q": "umeå", "sida": page}).status_code, 200)

    def test_it_says_when_it_shows_the_best_of_the_newest(self) -> None:
        for i in range(5):
            add_entry(source_id=i, structure=self.structure, body=self.body)
        with mock.patch("samverkan.search.selectors.RANKED", 3):
            response = self.client.get(reverse("search:search"), {"q": "umeå"})
        self.assertContains(response, "Fler än 3 träffar för ”umeå”")
        self.assertContains(response, "de mest relevanta av de 3 nyaste")
        self.assertEqual(_number(2000), "2\u00a0000")

    def test_it_says_which_filter_it_does_not_know(self) -> None:
        add_entry(source_id=1, structure=self.structure, body=self.body)
        response = self.client.get(
            reverse("search:search"), {"q": "samverkansavtal", "body": "999999", "year": "x"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Välj ett giltigt alternativ", count=2)
        # The search runs without the filters it could not read.
        self.assertContains(response, "1 träff för")

    def test_it_survives_hostile_queries_on_the_page(self) -> None:
        add_entry(source_id=1, structure=self.structure, body=self.body)
        for query in HOSTILE_QUERIES:
            if "\ud800" in query:
                continue  # cannot be sent in a URL
            with self.subTest(query=query):
                response = self.client.get(reverse("search:search"), {"q": query})
                self.assertEqual(response.status_code, 200)


class SearchBrowserTests(Personas, BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.make_personas()
        for i, public in enumerate([True, True, False]):
            add_entry(
                source_id=i,
                structure=self.structure,
                body=self.body,
                title=f"Minnesanteckningar {i + 1}",
                public=public,
            )

    def test_it_searches_without_axe_violations(self) -> None:
        page = self.page
        page.goto(self.url(reverse("search:search") + "?q=samverkansavtalet"))
        self.assertEqual(page.title(), "Sök: samverkansavtalet – Samverkan")
        self.assertEqual(page.locator("mark").first.inner_text(), "Samverkansavtalet")
        self.assertTrue(page.get_by_role("heading", name="2 träffar för ”samverkansavtalet”"))
        self.screenshot("search")
        self.assert_accessible()

        page.get_by_label("Sökord").fill("vårdplanering")
        page.get_by_label("År").select_option("2026")
        # Choosing the structure loads its groups into the group filter (htmx).
        page.get_by_label("Struktur").select_option(label="Samverkan Västerbotten")
        page.get_by_label("Grupp").select_option(label="Länssamverkansgruppen")
        page.get_by_role("button", name="Sök", exact=True).click()
        page.wait_for_url("**/sok/?q=v%C3%A5rdplanering**")
        self.assertEqual(page.locator(".search-hit").count(), 2)
        self.assert_accessible()

        page.get_by_label("Sökord").fill("hjälpmedelsrådet")
        page.get_by_role("button", name="Sök", exact=True).click()
        page.get_by_role("heading", name="Inga träffar för ”hjälpmedelsrådet”").wait_for()
        self.assert_accessible()
