"""Words the whole interface says one way."""

from __future__ import annotations

import re
from pathlib import Path

from django.test import SimpleTestCase

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


class WordingTests(SimpleTestCase):
    def test_downloads_say_ladda_ner_everywhere(self) -> None:
        # "Ladda ner", the common form, on every page, PDF and email (not "Ladda ned").
        found = [
            f"{path.relative_to(TEMPLATES)}:{number}"
            for path in sorted(TEMPLATES.rglob("*"))
            if path.is_file() and path.suffix in {".html", ".txt"}
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if re.search(r"\bladda\s+ned\b", line, re.IGNORECASE)
        ]
        self.assertEqual(found, [])
