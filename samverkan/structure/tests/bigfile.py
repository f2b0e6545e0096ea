"""A generated structure file of any number of bodies, for the import's query-count tests
and for measuring the import at national scale.

The file is shaped like a real county's: a county group with a charter and, under it, local
groups in the county's municipalities, each with a charter (meeting rules, composition,
standing agenda, a reporting duty, a role link) and five members, one a substitute.
"""

from __future__ import annotations

from typing import Any

import yaml

# Västerbotten's municipalities (SCB codes), which the migrations load.
MUNICIPALITIES = [
    "2401",
    "2403",
    "2404",
    "2409",
    "2417",
    "2418",
    "2421",
    "2422",
    "2425",
    "2460",
    "2462",
    "2463",
    "2480",
    "2481",
    "2482",
]


def _charter(index: int, *, version: str = "1") -> dict[str, Any]:
    return {
        "version": version,
        "title": f"Uppdragsbeskrivning för lokal samverkansgrupp {index}",
        "purpose": "Samverkan mellan kommunen och regionen om vård och omsorg.",
        "goals": ["Trygg hemgång", "Samordnad individuell plan"],
        "rules": {
            "meetings": {"min_per_year": 4, "booking_deadline": "11-30"},
            "documents": {"lead_time": 10, "unit": "working_days"},
            "composition": [
                {"principal_kind": "municipality", "min": 1, "max": 4},
                {"principal_kind": "region", "min": 1, "max": 4},
            ],
            "standing_agenda": [
                "Mötets öppnande",
                {"title": "Föregående minnesanteckningar", "previous_minutes": True},
                "Övriga frågor",
            ],
            "reporting": [{"to": "parent", "frequency": "yearly", "what": "Verksamhetsberättelse"}],
            "role_links": [{"role": "chair", "kind": "member_of", "to": "parent"}],
            "minutes": {"public": True},
        },
    }


def structure_file(bodies: int, *, key: str = "stor", version: str = "1") -> str:
    """The YAML text of a structure with `bodies` bodies (one county group, the rest local
    groups); `version` is every charter's version, so that a new one supersedes them."""
    people: list[dict[str, Any]] = []
    body_specs: list[dict[str, Any]] = []

    def person(code: str) -> str:
        number = len(people)
        people.append(
            {
                "key": f"{key}-p{number}",
                "first_name": "Pia",
                "last_name": f"Person {number}",
                "title": "Enhetschef",
                "employer": code,
                "email": f"p{number}@{key}.example",
            }
        )
        return f"{key}-p{number}"

    def members(municipality: str) -> list[dict[str, Any]]:
        chair = person(municipality)
        return [
            {"person": chair, "role": "chair", "principal": municipality, "start": "2024-01-01"},
            {"person": person("24"), "role": "vice_chair", "principal": "24"},
            {"person": person(municipality), "role": "member", "principal": municipality},
            {"person": person("24"), "role": "member", "principal": "24"},
            {
                "person": person(municipality),
                "role": "substitute",
                "principal": municipality,
                "substitute_for": chair,
            },
        ]

    body_specs.append(
        {
            "key": "lan",
            "name": "Länsgruppen",
            "kind": "county_group",
            "level": "regional",
            "mandate": "recommends",
            "charter": {"version": version, "rules": {"meetings": {"min_per_year": 6}}},
            "members": members("2480"),
        }
    )
    for index in range(1, bodies):
        municipality = MUNICIPALITIES[index % len(MUNICIPALITIES)]
        body_specs.append(
            {
                "key": f"lokal-{index}",
                "name": f"Lokal samverkansgrupp {index}",
                "kind": "local_group",
                "level": "local",
                "parent": "lan",
                "municipality": municipality,
                "mandate": "recommends",
                "charter": _charter(index, version=version),
                "members": members(municipality),
            }
        )
    data = {
        "structure": {"key": key, "name": f"Stor struktur {key}", "region": "24"},
        "people": people,
        "coordinators": [f"{key}-p0"],
        "bodies": body_specs,
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
