"""Search over many entries: only the newest `RANKED + 1` hits are looked at, found month by
month in PostgreSQL, and what a visitor finds does not change for it."""

from __future__ import annotations

import datetime
import random
from typing import Any
from unittest import mock

from django.contrib.auth.models import AnonymousUser, User
from django.db import connection

from samverkan.lib.users import AnyUser
from samverkan.search.models import SearchEntry
from samverkan.search.selectors import SearchResults, search
from samverkan.search.tests.test_search import add_entry
from samverkan.testing.base import BaseTestCase

SIP = "Samordnad individuell plan (SIP) används oftare inom psykisk hälsa."
APART = "Planen för individuell uppföljning samordnad med kommunen."


def titles(results: SearchResults) -> list[str]:
    return [hit.title for hit in results.hits]


class NewestHitsTests(BaseTestCase):
    def test_it_finds_the_newest_hits_across_months_years_and_odd_dates(self) -> None:
        days = [
            datetime.date(1901, 6, 1),
            datetime.date(2019, 1, 31),
            datetime.date(2024, 12, 31),
            datetime.date(2025, 1, 1),
            datetime.date(2025, 1, 20),
            datetime.date(2026, 3, 1),
            datetime.date(2026, 3, 31),
            datetime.date(2099, 12, 1),
        ]
        for i, day in enumerate(days):
            add_entry(
                source_id=i,
                structure=self.structure,
                body=self.body,
                title=str(day),
                published_on=day,
            )
        anonymous = AnonymousUser()
        everything = search(query="hemsjukvård", user=anonymous)
        self.assertEqual((everything.total, everything.more), (8, False))
        # The same rank everywhere, so newest first, the odd dates included.
        self.assertEqual(titles(everything), [str(day) for day in reversed(days)])
        with mock.patch("samverkan.search.selectors.RANKED", 4):
            newest = search(query="hemsjukvård", user=anonymous)
            self.assertEqual((newest.total, newest.more), (4, True))
            self.assertEqual(titles(newest), [str(day) for day in reversed(days[-4:])])
            in_2025 = search(query="hemsjukvård", user=anonymous, year=2025)
            self.assertEqual((in_2025.total, in_2025.more), (2, False))
            self.assertEqual(titles(in_2025), ["2025-01-20", "2025-01-01"])
        # The oldest entry is found when it is the only hit.
        add_entry(
            source_id=99,
            structure=self.structure,
            body=self.body,
            title="Gammal",
            text="Tolkförmedling.",
            published_on=datetime.date(1901, 1, 2),
        )
        self.assertEqual(titles(search(query="tolkförmedlingen", user=anonymous)), ["Gammal"])

    def test_the_bound_still_finds_the_phrase_among_many_entries_with_its_words(self) -> None:
        # Many newer entries have all three words, but not as the phrase.
        for i in range(6):
            add_entry(
                source_id=i,
                structure=self.structure,
                body=self.body,
                title=f"Ord {i}",
                text=APART,
                published_on=datetime.date(2026, 6, 1) + datetime.timedelta(days=i),
            )
        add_entry(
            source_id=10,
            structure=self.structure,
            body=self.body,
            title="Fras",
            text=SIP,
            published_on=datetime.date(2020, 2, 2),
        )
        with mock.patch("samverkan.search.selectors.RANKED", 2):
            results = search(query='"samordnad individuell plan"', user=AnonymousUser())
            self.assertEqual((results.total, results.more, titles(results)), (1, False, ["Fras"]))
            words = search(query="samordnad individuell plan", user=AnonymousUser())
            self.assertEqual((words.total, words.more), (2, True))
            self.assertEqual(titles(words), ["Ord 5", "Ord 4"])

    def test_a_phrase_matches_its_words_in_other_inflections(self) -> None:
        add_entry(
            source_id=1,
            structure=self.structure,
            body=self.body,
            title="Böjd",
            text="Vi tog fram samordnade individuella planer för barnen.",
        )
        add_entry(source_id=2, structure=self.structure, body=self.body, title="Isär", text=APART)
        results = search(query='"samordnad individuell plan"', user=AnonymousUser())
        self.assertEqual(titles(results), ["Böjd"])
        self.assertIn("<mark>samordnade</mark> <mark>individuella</mark>", results.hits[0].snippet)
        compound = search(query='"samverkansavtalen om hemsjukvården"', user=AnonymousUser())
        self.assertEqual(compound.total, 0)
        add_entry(source_id=3, structure=self.structure, body=self.body, title="Avtal")
        compound = search(query='"samverkansavtalen om hemsjukvården"', user=AnonymousUser())
        self.assertEqual(titles(compound), ["Avtal"])

    def test_the_bound_keeps_access_and_filters(self) -> None:
        for i in range(4):
            add_entry(
                source_id=i,
                structure=self.structure,
                body=self.body,
                title=f"Intern {i}",
                public=False,
                published_on=datetime.date(2026, 5, 1),
            )
        add_entry(
            source_id=10,
            structure=self.structure,
            body=self.au,
            title="Offentlig AU",
            published_on=datetime.date(2020, 5, 1),
        )
        add_entry(
            source_id=11,
            structure=self.other_structure,
            body=self.other_body,
            title="Blekinge",
            published_on=datetime.date(2021, 5, 1),
        )
        with mock.patch("samverkan.search.selectors.RANKED", 2):
            anonymous = search(query="samverkansavtal", user=AnonymousUser())
            self.assertEqual(titles(anonymous), ["Blekinge", "Offentlig AU"])
            member = search(query="samverkansavtal", user=User.objects.get(pk=self.member_user.pk))
            self.assertEqual((member.total, member.more), (2, True))
            self.assertTrue(all(title.startswith("Intern") for title in titles(member)))
            by_body = search(query="samverkansavtal", user=self.admin, body=self.au)
            self.assertEqual(titles(by_body), ["Offentlig AU"])
            by_structure = search(
                query="samverkansavtal", user=self.admin, structure=self.other_structure
            )
            self.assertEqual(titles(by_structure), ["Blekinge"])

    def test_an_entry_moved_to_another_month_or_body_is_found_there(self) -> None:
        add_entry(source_id=1, structure=self.structure, body=self.body, title="Flyttad")
        add_entry(
            source_id=1,
            structure=self.structure,
            body=self.au,
            title="Flyttad",
            published_on=datetime.date(2023, 9, 9),
        )
        anonymous = AnonymousUser()
        self.assertEqual(search(query="umeå", user=anonymous, year=2026).total, 0)
        self.assertEqual(search(query="umeå", user=anonymous, body=self.body).total, 0)
        self.assertEqual(titles(search(query="umeå", user=anonymous, body=self.au)), ["Flyttad"])
        self.assertEqual(titles(search(query="umeå", user=anonymous, year=2023)), ["Flyttad"])

    def test_nobody_can_search_for_the_marks_of_month_structure_and_body(self) -> None:
        add_entry(source_id=1, structure=self.structure, body=self.body)
        for query in ["_m202603", "m202603", "202603", f"_s{self.structure.pk}", "_b", "_"]:
            with self.subTest(query=query):
                self.assertEqual(search(query=query, user=self.admin).total, 0)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT search_vector::text FROM search_searchentry")
                vector = cursor.fetchone()[0]
            self.assertIn("'_m202603'", vector)
            self.assertIn(f"'_s{self.structure.pk}'", vector)
            self.assertIn(f"'_b{self.body.pk}'", vector)


# PostgreSQL reads the newest entries by date while the hits are common and asks the GIN
# index month by month or year by year when they are rare (samverkan.search.postgres); these
# limits make it do each, and both together, with a handful of entries.
# (FIRST_ROWS, ROW_BUDGET)
READING = {
    "by date": (10_000, 10_000),
    "by index": (1, 1),
    "by date, then index": (3, 14),
}


class ReadingTests(BaseTestCase):
    """Whichever way PostgreSQL reads, a search finds what the rules say: the `RANKED + 1`
    newest hits the user may see (SQLite has one way; it must agree all the same)."""

    def add_entries(self) -> dict[int, dict[str, object]]:
        chooser = random.Random(14)
        bodies = [self.body, self.au, self.other_body]
        facts: dict[int, dict[str, object]] = {}
        for i in range(70):
            body = chooser.choice(bodies)
            # Eight years with a gap (2021), ties on some days, odd first and last days.
            day = chooser.choice(
                [
                    datetime.date(chooser.choice([2019, 2020, 2022, 2023, 2024, 2025, 2026]), 1, 1)
                    + datetime.timedelta(days=chooser.randrange(365)),
                    datetime.date(2026, 3, 31),
                    datetime.date(2025, 12, 31),
                ]
            )
            words = {
                "common": chooser.random() < 0.8,
                "rare": chooser.random() < 0.12,
                "phrase": chooser.random() < 0.3,
            }
            parts = ["Hemsjukvård." if words["common"] else "Övrigt."]
            if words["rare"]:
                parts.append("Tolkförmedling.")
            parts.append(SIP if words["phrase"] else APART)
            public = chooser.random() < 0.7
            add_entry(
                source_id=i,
                structure=body.structure,
                body=body,
                title=f"Post {i}",
                text=" ".join(parts),
                public=public,
                published_on=day,
            )
            facts[i] = {
                **words,
                "apart": True,
                "day": day,
                "public": public,
                "body": body.pk,
                "structure": body.structure_id,
            }
        return facts

    def test_it_finds_the_newest_hits_whichever_way_it_reads(self) -> None:
        facts = self.add_entries()
        ids = dict(SearchEntry.objects.values_list("source_id", "pk"))
        queries = {
            "hemsjukvården": "common",
            "tolkförmedlingen": "rare",
            '"samordnad individuell plan"': "phrase",
            "individuell samordnad": "apart",
            "kvantdator": None,
        }
        member = User.objects.get(pk=self.member_user.pk)
        users: dict[str, AnyUser] = {
            "anonym": AnonymousUser(),
            "ledamot": member,
            "admin": self.admin,
        }
        filters: dict[str, dict[str, Any]] = {
            "": {},
            "2025": {"year": 2025},
            "AU": {"body": self.au},
            "Blekinge": {"structure": self.other_structure},
        }

        def expected(word: str | None, who: str, options: dict[str, Any]) -> list[str]:
            found = [
                (fact["day"], ids[i], f"Post {i}")
                for i, fact in facts.items()
                if word is not None
                and fact[word]
                and (
                    who == "admin"
                    or fact["public"]
                    or (who == "ledamot" and fact["body"] == self.body.pk)
                )
                and ("year" not in options or fact["day"].year == options["year"])  # type: ignore[attr-defined]
                and ("body" not in options or fact["body"] == options["body"].pk)
                and ("structure" not in options or fact["structure"] == options["structure"].pk)
            ]
            return [title for _day, _pk, title in sorted(found, reverse=True)]

        for reading, (first_rows, budget) in READING.items():
            with (
                mock.patch.multiple(
                    "samverkan.search.postgres", FIRST_ROWS=first_rows, ROW_BUDGET=budget
                ),
                mock.patch("samverkan.search.selectors.RANKED", 6),
            ):
                for query, word in queries.items():
                    for who, user in users.items():
                        for label, options in filters.items():
                            with self.subTest(reading=reading, query=query, who=who, filter=label):
                                newest = expected(word, who, options)
                                results = search(query=query, user=user, limit=100, **options)
                                self.assertEqual(
                                    (results.total, results.more),
                                    (min(len(newest), 6), len(newest) > 6),
                                )
                                self.assertEqual(sorted(titles(results)), sorted(newest[:6]))
