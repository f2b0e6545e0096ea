"""Loading the 21 regions and 290 municipalities from SCB's reference data (CC0)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.utils.text import slugify

DATA_DIR = Path(__file__).resolve().parent / "data"

# Most regions are "Region <county>"; these are named otherwise.
REGION_NAME_EXCEPTIONS = {
    "04": "Region Sörmland",
    "06": "Region Jönköpings län",
    "08": "Region Kalmar län",
    "14": "Västra Götalandsregionen",
    "18": "Region Örebro län",
    "23": "Region Jämtland Härjedalen",
}


def reference_rows() -> list[dict[str, str]]:
    """Principal rows (kind, name, short_name, scb_code, county_code, slug) from the CSV files."""
    rows: list[dict[str, str]] = []
    with open(DATA_DIR / "counties.csv", encoding="utf-8") as f:
        for county in csv.DictReader(f):
            code = county["county_code"]
            short = county["county_name_short"]
            name = REGION_NAME_EXCEPTIONS.get(code, f"Region {short}")
            rows.append(
                {
                    "kind": "region",
                    "name": name,
                    "short_name": short,
                    "scb_code": code,
                    "county_code": code,
                    "slug": slugify(f"region-{short}"),
                }
            )
    with open(DATA_DIR / "municipalities.csv", encoding="utf-8") as f:
        for m in csv.DictReader(f):
            short = m["municipality_name_short"]
            rows.append(
                {
                    "kind": "municipality",
                    "name": m["municipality_name"],
                    "short_name": short,
                    "scb_code": m["municipality_code"],
                    "county_code": m["county_code"],
                    "slug": slugify(f"{short}-kommun"),
                }
            )
    # Håbo and Habo fold to the same slug; the later one gets its code appended.
    seen: set[str] = set()
    for row in rows:
        if row["slug"] in seen:
            row["slug"] = f"{row['slug']}-{row['scb_code']}"
        seen.add(row["slug"])
    return rows


def load_reference_principals(principal_model: Any) -> int:
    """Create missing regions and municipalities, update names; returns how many were written."""
    written = 0
    existing = {(p.kind, p.scb_code): p for p in principal_model.objects.exclude(scb_code="")}
    for row in reference_rows():
        current = existing.get((row["kind"], row["scb_code"]))
        if current is None:
            principal_model.objects.create(**row)
            written += 1
        elif any(getattr(current, k) != v for k, v in row.items()):
            for k, v in row.items():
                setattr(current, k, v)
            current.save()
            written += 1
    return written
