"""Finding Swedish personal identity numbers in text, so that they are never published.

Personnummer and samordningsnummer (day + 60) in the forms YYMMDD-NNNN, YYMMDD+NNNN,
YYYYMMDD-NNNN, YYMMDDNNNN and YYYYMMDDNNNN, with a valid date and Luhn check digit.
A random ten-digit number is not a hit unless it passes both checks.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

_PATTERN = re.compile(
    r"(?<![\d-])"
    r"(?P<century>\d{2})?(?P<yy>\d{2})(?P<mm>\d{2})(?P<dd>\d{2})"
    r"\s?(?P<sep>[-+])?\s?"
    r"(?P<serial>\d{3})(?P<check>\d)"
    r"(?![\d])"
)


@dataclass(frozen=True)
class IdentityNumberHit:
    start: int
    end: int
    text: str
    kind: str  # "personnummer" or "samordningsnummer"


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _valid_date(century: str | None, yy: str, mm: str, dd: str) -> bool:
    day = int(dd)
    if day > 60:
        day -= 60
    years = [int(century + yy)] if century else [1900 + int(yy), 2000 + int(yy)]
    for year in years:
        try:
            datetime.date(year, int(mm), day)
        except ValueError:
            continue
        return True
    return False


def find_identity_numbers(text: str) -> list[IdentityNumberHit]:
    """Every valid personnummer or samordningsnummer in `text`, in order."""
    hits: list[IdentityNumberHit] = []
    for match in _PATTERN.finditer(text):
        century = match["century"]
        if century is not None and century not in ("18", "19", "20"):
            continue
        if not _valid_date(century, match["yy"], match["mm"], match["dd"]):
            continue
        digits = match["yy"] + match["mm"] + match["dd"] + match["serial"] + match["check"]
        if not luhn_ok(digits):
            continue
        kind = "samordningsnummer" if int(match["dd"]) > 60 else "personnummer"
        hits.append(IdentityNumberHit(match.start(), match.end(), match.group(0), kind))
    return hits
