from django.test import SimpleTestCase

from samverkan.lib.paging import page_number


class PageNumberTests(SimpleTestCase):
    def test_it_reads_the_page_asked_for_within_bounds(self) -> None:
        self.assertEqual(page_number("3", most=10), 3)
        self.assertEqual(page_number("0", most=10), 1)
        self.assertEqual(page_number("-4", most=10), 1)
        self.assertEqual(page_number("999", most=10), 10)

    def test_it_takes_the_first_page_for_anything_that_is_not_a_number(self) -> None:
        # "²" is a digit to str.isdigit() but not to int(): a check by isdigit answered 500.
        for asked in (None, "", "två", "²", "1.5", "9" * 5000):
            with self.subTest(asked=asked[:10] if asked else asked):
                self.assertEqual(page_number(asked, most=10), 1)
