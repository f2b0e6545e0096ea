from __future__ import annotations

from django.test import SimpleTestCase

from samverkan.lib.personnummer import find_identity_numbers, luhn_ok


class IdentityNumberTests(SimpleTestCase):
    # Skatteverket's published test numbers.
    def test_it_finds_a_personnummer_in_every_common_form(self) -> None:
        for written in (
            "811228-9874",
            "8112289874",
            "19811228-9874",
            "198112289874",
            "811228 - 9874",
        ):
            hits = find_identity_numbers(f"Patienten {written} skrevs ut.")
            self.assertEqual([h.kind for h in hits], ["personnummer"], written)

    def test_it_finds_a_person_over_a_hundred_with_a_plus(self) -> None:
        self.assertEqual(len(find_identity_numbers("Född 1912: 121212+1212")), 1)

    def test_it_finds_a_samordningsnummer(self) -> None:
        hits = find_identity_numbers("Samordningsnummer 701063-2391 i ärendet.")
        self.assertEqual([h.kind for h in hits], ["samordningsnummer"])

    def test_it_ignores_random_ten_digit_numbers_and_dates(self) -> None:
        for text in (
            "Telefon 0701740605 och 070-174 06 05.",
            "Diarienummer 2024-123456.",
            "Ordernummer 8112289875 (fel kontrollsiffra).",
            "Datum 2026-11-22 och 811340-1234 (ogiltig dag).",
            "Summa 1234567890 kronor.",
        ):
            self.assertEqual(find_identity_numbers(text), [], text)

    def test_it_reports_positions(self) -> None:
        text = "a 811228-9874 b"
        [hit] = find_identity_numbers(text)
        self.assertEqual(text[hit.start : hit.end], "811228-9874")

    def test_luhn(self) -> None:
        self.assertTrue(luhn_ok("8112289874"))
        self.assertFalse(luhn_ok("8112289875"))
