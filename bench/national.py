"""National-scale installation for the page benchmark: builds a fresh database and fills it.

    .venv/bin/python bench/national.py --db postgres --scale 1.0   # ≈ 5 000 bodies, 150 000 meetings
    .venv/bin/python bench/national.py --db postgres --scale 0.05
    .venv/bin/python bench/national.py --db sqlite --scale 0.05

Not a test. It drops and creates the PostgreSQL database `samverkan_national` (or a SQLite
file in the temporary directory), migrates it and generates, all with `bulk_create`:
one structure per region (21, from the principals the migrations load) with eight regional
bodies each, local groups and working groups per municipality (17 per municipality at
scale 1.0), every body with a charter in force and composition rules, eight seats each,
ten years of meetings (three a year) with agenda items and a document, minutes with items
for the held ones, search entries, assignments and working groups, recommendations with a
decision per principal, cases with steps, deviations, indicators with ten years of values,
governing documents with implementations, reporting duties, activity plans and delivered
reports. The charter world is `rules_world.py`'s (shared with the charter check benchmark).
Finally it makes the personas `pages.py` logs in as and writes them, with a few sample
object ids, to a JSON file next to the database. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import time

from national_db import analyze, samples_path, use_database, write_samples
from rules_world import Size, World, build_structures, counts, grow

# Bodies per municipality at scale 1.0 (3 local groups and 14 working groups): with the
# 21 × 8 regional bodies, 290 × 17 + 168 = 5 098 bodies.
BODIES_PER_MUNICIPALITY = 17


def plan(scale: float) -> tuple[Size, float]:
    """Bodies per municipality at `scale`, and the share of municipalities that get them
    (below two per municipality only some municipalities get a local group and a working
    group, so that small scales stay small)."""
    per = BODIES_PER_MUNICIPALITY * scale
    if per < 2:
        return Size("skala", 1, 1, meetings_per_year=3), per / 2
    locals_ = min(3, max(1, round(per * 3 / BODIES_PER_MUNICIPALITY)))
    return Size("skala", locals_, max(1, round(per) - locals_), meetings_per_year=3), 1.0


def build(scale: float, seed: int) -> dict[str, float]:
    from national_domains import (
        add_cases,
        add_deviations,
        add_followup,
        add_governing,
        add_indicators,
    )
    from national_world import add_agendas_and_documents, add_minutes_items, add_search_entries

    from samverkan.lib.localtime import local_today

    today = local_today()
    rng = random.Random(seed)
    world = World(today=today, rng=rng)
    size, share = plan(scale)
    timings: dict[str, float] = {}

    def step(label: str, started: float) -> None:
        timings[label] = round(time.perf_counter() - started, 1)
        print(f"{label}: {timings[label]} s", flush=True)

    started = time.perf_counter()
    build_structures(world, size)
    if share < 1.0:
        # Only a share of each region's municipalities get groups (at least one each).
        for pk, (region, municipalities) in world.principals.items():
            keep = max(1, round(len(municipalities) * share))
            world.principals[pk] = (region, municipalities[:keep])
    grow(world, size)
    step("strukturer, grupper, ledamöter, möten, minnesanteckningar, uppdrag", started)
    started = time.perf_counter()
    add_agendas_and_documents(rng, agenda_items=9)
    add_minutes_items(rng, per_minutes=9)
    step("dagordningar, handlingar, punkter", started)
    started = time.perf_counter()
    add_cases(rng, world.structures, today)
    add_deviations(rng, world.structures, today, per_municipality=max(1, round(12 * scale)))
    add_indicators(rng, world.structures, today)
    add_governing(rng, world.structures, today)
    add_followup(rng, world.structures, today, report_sections(world, today))
    step("ärenden, avvikelser, statistik, styrdokument, uppföljning", started)
    started = time.perf_counter()
    add_search_entries(rng)
    step("sökposter", started)
    started = time.perf_counter()
    analyze()
    step("ANALYZE", started)
    started = time.perf_counter()
    # The pages read the stored charter check, as in production after the worker's first run.
    from django.core.management import call_command

    call_command("check_rules", store=True, verbosity=0)
    step("regelkontroll", started)
    return timings


def report_sections(world: World, today: datetime.date) -> list[object]:
    """The sections of one real report (facts as the service reads them), copied into every
    bulk report so that report pages render what a delivered report holds."""
    from samverkan.followup.services.report_sections import refreshed_sections, section_facts
    from samverkan.structure.models import Body

    body = Body.objects.filter(kind="local_group").order_by("pk").first()
    assert body is not None
    year = today.year - 1
    facts = section_facts(
        body=body,
        start=datetime.date(year, 1, 1),
        end=datetime.date(year, 12, 31),
        today=today,
        prefix="r0",
        public=True,
    )
    return list(refreshed_sections([], facts))


def row_counts() -> dict[str, int]:
    from samverkan.cases.models import Case, CaseStep
    from samverkan.deviations.models import Deviation
    from samverkan.followup.models import Activity, ActivityPlan, PeriodicReport
    from samverkan.governing.models import GoverningDocument, Implementation
    from samverkan.meetings.models import AgendaItem, Document
    from samverkan.minutes.models import MinutesEntry, MinutesItem
    from samverkan.search.models import SearchEntry
    from samverkan.statistics.models import IndicatorValue
    from samverkan.structure.models import Person

    return {
        **counts(),
        "personer": Person.objects.count(),
        "dagordningspunkter": AgendaItem.objects.count(),
        "handlingar": Document.objects.count(),
        "punkter i minnesanteckningar": MinutesItem.objects.count(),
        "beslut och noteringar": MinutesEntry.objects.count(),
        "sökposter": SearchEntry.objects.count(),
        "ärenden": Case.objects.count(),
        "ärendesteg": CaseStep.objects.count(),
        "avvikelser": Deviation.objects.count(),
        "indikatorvärden": IndicatorValue.objects.count(),
        "styrdokument": GoverningDocument.objects.count(),
        "implementeringar": Implementation.objects.count(),
        "aktivitetsplaner": ActivityPlan.objects.count(),
        "aktiviteter": Activity.objects.count(),
        "rapporter": PeriodicReport.objects.count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument(
        "--scale", type=float, default=1.0, help="1.0 ≈ 5 000 grupper och 150 000 möten"
    )
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if not 0 < args.scale <= 2:
        parser.error("--scale ska vara större än 0 och högst 2")
    started = time.perf_counter()
    print(f"Bygger en ny {args.db}-databas i skala {args.scale} …", flush=True)
    use_database(args.db, demo=False, fresh=True)
    print(f"migrerad: {time.perf_counter() - started:.1f} s", flush=True)
    timings = build(args.scale, args.seed)
    total = round(time.perf_counter() - started, 1)
    sizes = row_counts()
    samples = write_samples(
        args.db,
        demo=False,
        extra={"scale": args.scale, "build_seconds": total, "timings": timings, "rows": sizes},
    )
    print(json.dumps(sizes, ensure_ascii=False, indent=1))
    print(f"Klart på {total} s. Personer och exempel: {samples_path(args.db, False)}")
    print(json.dumps(samples["users"], ensure_ascii=False))


if __name__ == "__main__":
    main()
