"""Charter check benchmark: a national-scale installation, then the whole check timed at two sizes.

    .venv/bin/python bench/check_rules_bench.py --db sqlite
    .venv/bin/python bench/check_rules_bench.py --db postgres
    .venv/bin/python bench/check_rules_bench.py --db postgres --large 6   # a reduced large size

Not a test. It builds its own database (a SQLite file in /tmp, or the PostgreSQL database
`samverkan_rules_bench`, dropped and created again) with one structure per region (21), the
290 municipalities the migrations load, every body with a charter in force, members and
ten years of meetings (held ones with approved minutes), assignments, working groups and
recommendations, all through `bulk_create`. It then runs the whole charter check
(`samverkan.lib.findings.run_findings`, every registered rule of every app) at the small
size, grows the installation to the large size and runs it again, and reports for each size
the time, the number of queries and the peak memory (tracemalloc, in a separate run so it
does not slow the timed one), and per rule the queries and time. It then runs the check as
the worker does (`samverkan.rules.checking.check_structures`: one structure at a time, the
findings stored) and reports its time, queries and peak memory too: the worker's memory is
bounded by the largest structure, not the installation. It fails (exit 1) if the whole
check's query count differs between the sizes. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

from rules_world import LOCAL_NAMES, Size, World, build_structures, counts, grow

ROOT = Path(__file__).resolve().parent.parent
SQLITE_PATH = str(Path(tempfile.gettempdir()) / "samverkan_rules_bench.sqlite3")
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
POSTGRES_DATABASE = "samverkan_rules_bench"

# --- Database ------------------------------------------------------------------------------


def prepare_database(db: str) -> None:
    """A fresh, empty database for the benchmark, chosen before Django reads its settings."""
    os.environ["DEBUG"] = "0"  # or Django keeps every query in memory
    if db == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(SQLITE_PATH + suffix).unlink(missing_ok=True)
        os.environ["SQLITE_PATH"] = SQLITE_PATH
        os.environ.pop("DATABASE_URL", None)
    else:
        import psycopg

        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE}")
            conn.execute(f"CREATE DATABASE {POSTGRES_DATABASE}")
        os.environ["DATABASE_URL"] = f"{POSTGRES_SERVER}/{POSTGRES_DATABASE}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
    # A throwaway database, not a site: any key will do.
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "r8Tz3Kq1Vn6Y" * 4)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def tidy() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# --- Measuring ------------------------------------------------------------------------------


@dataclass
class Measure:
    size: str
    counts: dict[str, int]
    seconds: float
    queries: int
    peak_mb: float
    findings: int
    per_rule: dict[str, tuple[int, float, int]]  # code → (queries, seconds, findings)
    # The worker's check: every structure on its own, the findings stored.
    worker_seconds: float = 0.0
    worker_queries: int = 0
    worker_peak_mb: float = 0.0
    stored: int = 0


def measure(size: Size, today: datetime.date) -> Measure:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from samverkan.lib.findings import collect, run_findings

    rules = collect()
    run_findings(today=today)  # warm-up: imports, caches, the database's own
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        found = run_findings(today=today)
    seconds = time.perf_counter() - start
    queries = len(captured)
    reset_queries()
    tracemalloc.start()
    run_findings(today=today)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    per_rule = {}
    for rule in rules:
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            found_here = list(rule.check(today=today, structure_ids=None))
        per_rule[rule.code] = (len(captured), time.perf_counter() - start, len(found_here))
    from samverkan.rules.checking import check_structures

    start = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        stored = check_structures(today=today)
    worker_seconds = time.perf_counter() - start
    worker_queries = len(captured)
    reset_queries()
    del captured
    tracemalloc.start()
    check_structures(today=today)
    _, worker_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return Measure(
        size=size.name,
        counts=counts(),
        seconds=seconds,
        queries=queries,
        peak_mb=peak / 2**20,
        findings=len(found),
        per_rule=per_rule,
        worker_seconds=worker_seconds,
        worker_queries=worker_queries,
        worker_peak_mb=worker_peak / 2**20,
        stored=stored,
    )


def report(db: str, measures: list[Measure]) -> None:
    print()
    print(f"Regelkontrollen, {db}: hela installationen med run_findings(), varje registrerad regel")
    print()
    print(
        "| storlek | grupper | möten | minnesanteckningar | avvikelser | tid s | frågor | minne MB |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for m in measures:
        print(
            f"| {m.size} | {m.counts['grupper']} | {m.counts['möten']} | "
            f"{m.counts['minnesanteckningar']} | {m.findings} | {m.seconds:.2f} | {m.queries} | "
            f"{m.peak_mb:.0f} |"
        )
    print()
    print(
        "Som bakgrundsarbetaren kör den (check_structures: en struktur i taget, avvikelserna "
        "sparade):"
    )
    print()
    print("| storlek | strukturer | sparade avvikelser | tid s | frågor | minne MB |")
    print("|---|---:|---:|---:|---:|---:|")
    for m in measures:
        print(
            f"| {m.size} | {m.counts.get('strukturer', '')} | {m.stored} | "
            f"{m.worker_seconds:.2f} | {m.worker_queries} | {m.worker_peak_mb:.0f} |"
        )
    print()
    print("Per regel (frågor / sekunder / avvikelser), liten → stor:")
    print()
    print("| regel | frågor | tid s | avvikelser |")
    print("|---|---|---|---|")
    small, large = measures[0], measures[-1]
    for code in sorted(large.per_rule):
        a = small.per_rule.get(code, (0, 0.0, 0))
        b = large.per_rule[code]
        mark = "" if a[0] == b[0] else " **(växer)**"
        print(f"| {code} | {a[0]} → {b[0]}{mark} | {a[1]:.2f} → {b[1]:.2f} | {a[2]} → {b[2]} |")
    print()
    for m in measures:
        print(f"{m.size}: " + ", ".join(f"{k} {v}" for k, v in m.counts.items()))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument(
        "--small", type=int, default=2, help="grupper per kommun i den lilla storleken (förval 2)"
    )
    parser.add_argument(
        "--large",
        type=int,
        default=17,
        help="grupper per kommun i den stora (förval 17: 290 × 17 + 21 × 8 = 5 098 grupper)",
    )
    parser.add_argument("--meetings", type=int, default=4, help="möten per grupp och år")
    parser.add_argument("--years", type=int, default=10, help="år med möten")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if not 2 <= args.small < args.large:
        parser.error("--small måste vara minst 2 och mindre än --large")

    def size(name: str, per_municipality: int) -> Size:
        # At least one working group per municipality at both sizes, so every rule has
        # something to read (a rule may skip a query when there is nothing at all).
        locals_ = min(per_municipality - 1, len(LOCAL_NAMES))
        return Size(
            name,
            locals_per_municipality=locals_,
            groups_per_municipality=per_municipality - locals_,
            meetings_per_year=args.meetings,
            years=args.years,
        )

    sizes = [size("liten", args.small), size("stor", args.large)]
    print(f"Bygger {args.db}-databasen …")
    prepare_database(args.db)
    from samverkan.lib.localtime import local_today

    today = local_today()
    world = World(today=today, rng=random.Random(args.seed))
    measures = []
    started = time.perf_counter()
    build_structures(world, sizes[0])
    for chosen in sizes:
        grow(world, chosen)
        tidy()
        print(
            f"{chosen.name}: {counts()['grupper']} grupper, byggt på "
            f"{time.perf_counter() - started:.0f} s; mäter …"
        )
        measures.append(measure(chosen, today))
    report(args.db, measures)
    if measures[0].queries != measures[-1].queries:
        print(
            f"\nFEL: antalet frågor växer med installationen "
            f"({measures[0].queries} → {measures[-1].queries})."
        )
        sys.exit(1)
    print(f"\nAntalet frågor är detsamma i båda storlekarna: {measures[0].queries}.")


if __name__ == "__main__":
    main()
