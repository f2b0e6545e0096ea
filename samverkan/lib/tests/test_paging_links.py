from django.test import SimpleTestCase
from django.urls import reverse

from samverkan.lib.links import slug_links


class SlugLinksTests(SimpleTestCase):
    def test_it_makes_the_same_address_as_reverse(self) -> None:
        link = slug_links("public:principal")
        self.assertEqual(
            link("region-blekinge"), reverse("public:principal", args=["region-blekinge"])
        )

    def test_it_keeps_the_arguments_ahead_of_the_slug(self) -> None:
        link = slug_links("public:body", "blekinge")
        self.assertEqual(link("lsg-2"), reverse("public:body", args=["blekinge", "lsg-2"]))
        self.assertEqual(link("lokal-1"), "/s/blekinge/g/lokal-1/")


class RowPageTests(SimpleTestCase):
    def test_it_knows_the_total_only_where_the_page_tells_it(self) -> None:
        from samverkan.lib.paging import read_page

        rows = list(range(7))
        first = read_page(rows, None, size=5, most=10)
        self.assertEqual(
            (first.rows, first.has_next, first.known_total), ([0, 1, 2, 3, 4], True, None)
        )
        last = read_page(rows, "2", size=5, most=10)
        self.assertEqual((last.start_index, last.end_index, last.known_total), (6, 7, 7))
        past = read_page(rows, "3", size=5, most=10)
        self.assertEqual((past.rows, past.known_total, past.has_previous), ([], None, True))
        empty = read_page(list[int](), None, size=5, most=10)
        self.assertEqual(empty.known_total, 0)

    def test_it_stops_at_the_last_page_it_reads_and_says_more_follow(self) -> None:
        from samverkan.lib.paging import read_page

        page = read_page(list(range(30)), "99", size=5, most=2)
        self.assertEqual(page.number, 2)
        self.assertFalse(page.has_next)  # no link to a page that would show this one again
        self.assertTrue(page.cut_off)
        self.assertIsNone(page.known_total)
