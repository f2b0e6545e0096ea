"""Search benchmark: a throw-away database with many minutes-like entries, then timed searches.

    .venv/bin/python bench/search_bench.py --db sqlite --n 100000
    .venv/bin/python bench/search_bench.py --db postgres --n 100000

Not a test. It builds its own database (a SQLite file in /tmp, or the PostgreSQL database
`samverkan_bench`, dropped and created again), loads it through the same bulk path the
index uses and times `samverkan.search.selectors.search` end to end: the count, the page
of hits and the marked snippets. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from search_cpu import backend_cpu_seconds

ROOT = Path(__file__).resolve().parent.parent
SQLITE_PATH = str(Path(tempfile.gettempdir()) / "samverkan_search_bench.sqlite3")
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
POSTGRES_DATABASE = "samverkan_bench"

# --- Words --------------------------------------------------------------------------------

# Nouns as (indefinite, definite, definite plural); compounds as the field writes them.
NOUNS: list[tuple[str, str, str]] = [
    ("samverkansavtal", "samverkansavtalet", "samverkansavtalen"),
    ("vårdplanering", "vårdplaneringen", "vårdplaneringarna"),
    ("hemsjukvård", "hemsjukvården", "hemsjukvården"),
    ("överenskommelse", "överenskommelsen", "överenskommelserna"),
    ("läkemedelsgenomgång", "läkemedelsgenomgången", "läkemedelsgenomgångarna"),
    ("hjälpmedel", "hjälpmedlet", "hjälpmedlen"),
    ("rehabilitering", "rehabiliteringen", "rehabiliteringarna"),
    ("demensvård", "demensvården", "demensvården"),
    ("elevhälsa", "elevhälsan", "elevhälsan"),
    ("missbruksvård", "missbruksvården", "missbruksvården"),
    ("socialtjänst", "socialtjänsten", "socialtjänsterna"),
    ("primärvård", "primärvården", "primärvården"),
    ("äldreomsorg", "äldreomsorgen", "äldreomsorgen"),
    ("psykiatri", "psykiatrin", "psykiatrin"),
    ("närvård", "närvården", "närvården"),
    ("egenvård", "egenvården", "egenvården"),
    ("korttidsboende", "korttidsboendet", "korttidsboendena"),
    ("hemtjänst", "hemtjänsten", "hemtjänsterna"),
    ("patientsäkerhet", "patientsäkerheten", "patientsäkerheten"),
    ("avvikelse", "avvikelsen", "avvikelserna"),
    ("handlingsplan", "handlingsplanen", "handlingsplanerna"),
    ("riktlinje", "riktlinjen", "riktlinjerna"),
    ("kompetensförsörjning", "kompetensförsörjningen", "kompetensförsörjningen"),
    ("digitalisering", "digitaliseringen", "digitaliseringarna"),
    ("vårdcentral", "vårdcentralen", "vårdcentralerna"),
    ("ungdomsmottagning", "ungdomsmottagningen", "ungdomsmottagningarna"),
    ("suicidprevention", "suicidpreventionen", "suicidpreventionen"),
    ("beroendevård", "beroendevården", "beroendevården"),
    ("läkarmedverkan", "läkarmedverkan", "läkarmedverkan"),
    ("utskrivningsprocess", "utskrivningsprocessen", "utskrivningsprocesserna"),
    ("informationsöverföring", "informationsöverföringen", "informationsöverföringarna"),
    ("barnhälsovård", "barnhälsovården", "barnhälsovården"),
    ("mödrahälsovård", "mödrahälsovården", "mödrahälsovården"),
    ("uppdragsbeskrivning", "uppdragsbeskrivningen", "uppdragsbeskrivningarna"),
    ("verksamhetsplan", "verksamhetsplanen", "verksamhetsplanerna"),
    ("kostnadsfördelning", "kostnadsfördelningen", "kostnadsfördelningarna"),
    ("ledningssystem", "ledningssystemet", "ledningssystemen"),
    ("handledning", "handledningen", "handledningarna"),
    ("trygghetslarm", "trygghetslarmet", "trygghetslarmen"),
    ("betalningsansvar", "betalningsansvaret", "betalningsansvaren"),
    ("bostadsanpassning", "bostadsanpassningen", "bostadsanpassningarna"),
    ("boendestöd", "boendestödet", "boendestöden"),
    ("anhörigstöd", "anhörigstödet", "anhörigstöden"),
    ("vaccination", "vaccinationen", "vaccinationerna"),
    ("smittskydd", "smittskyddet", "smittskydden"),
    ("nutrition", "nutritionen", "nutritionerna"),
    ("fallprevention", "fallpreventionen", "fallpreventionerna"),
    ("tolkförmedling", "tolkförmedlingen", "tolkförmedlingarna"),
]
AREAS = [
    "barn och unga",
    "psykisk hälsa",
    "äldres hälsa",
    "funktionsnedsättning",
    "missbruk och beroende",
    "nära vård",
    "kommunal hälso- och sjukvård",
    "våld i nära relationer",
    "e-hälsa",
    "hjälpmedelsverksamheten",
]
ROLES = [
    "ordföranden",
    "sekreteraren",
    "socialchefen",
    "hälso- och sjukvårdsdirektören",
    "förvaltningschefen",
    "verksamhetschefen",
    "processledaren",
    "koordinatorn",
    "medicinskt ansvarig sjuksköterska",
    "MAS",
]
VERBS = [
    "diskuterade",
    "gick igenom",
    "följde upp",
    "informerades om",
    "tog del av",
    "beslutade om",
    "lyfte frågan om",
    "återrapporterade",
]
SENTENCES = [
    "Gruppen {verb} {def} och {def2}.",
    "{Role} redovisade läget för {def} i {town}.",
    "Beslut: gruppen rekommenderar huvudmännen att anta {def} för {area}.",
    "Uppföljningen av {pl} inom {area} visar att behovet har ökat under {year}.",
    "Arbetsgruppen för {area} återkommer med ett förslag om {indef} till nästa möte.",
    "Information om {def} lämnades av {role}.",
    "{Role} betonade att {def} och {def2} hänger ihop.",
    "Samverkan kring {indef} fungerar bättre i {town} än tidigare.",
    "En gemensam {indef} för regionen och kommunerna i länet tas fram under {year}.",
    "Frågan om {indef} lyfts till länssamverkansgruppen.",
    "Avvikelser inom {def} i {town} har minskat sedan förra mötet.",
    "Deltagarna var överens om att {def} ska följas upp i {month}.",
    "§ {n} {Indef}",
    "Nästa möte: {day} {month} {year} i {town}.",
    "{Role} från {town} anmälde förhinder.",
    "Samordnad individuell plan (SIP) används oftare inom {area}.",
    "Trygg och effektiv utskrivning från slutenvård: {def} i {town} följs upp.",
]
TOWNS = "Umeå Skellefteå Lycksele Vindeln Karlskrona Ronneby Malmö Lund Helsingborg Örebro Kumla Karlskoga".split()  # noqa: SIM905
MONTHS = "januari februari mars april maj juni augusti september oktober november december".split()  # noqa: SIM905
YEARS = list(range(2019, 2027))
# Some words are much more common than others (roughly Zipf); the last noun is rare.
NOUN_WEIGHTS = [1 / (rank + 1) ** 0.8 for rank in range(len(NOUNS) - 1)] + [0.0005]
SENTENCE_WEIGHTS = [0.3 if "SIP" in s else 1.0 for s in SENTENCES]

# What we time: a label, the query and its year filter.
QUERIES: list[tuple[str, str, int | None]] = [
    ("ett ord", "hemsjukvård", None),
    ("ett ord", "psykiatri", None),
    ("ett ord, ovanligt", "tolkförmedling", None),
    ("sammansatt, böjt", "samverkansavtalet", None),
    ("sammansatt, böjt", "vårdplaneringarna", None),
    ("sammansatt, böjt", "läkemedelsgenomgången", None),
    ("två ord", "hemsjukvård umeå", None),
    ("två ord", "rehabilitering korttidsboende", None),
    ("fras", '"samordnad individuell plan"', None),
    ("med år", "vårdplanering", 2024),
    ("med år", "samverkansavtalet umeå", 2022),
    ("utan träff", "kvantdator", None),
]


def sentence(chooser: random.Random) -> str:
    template = chooser.choices(SENTENCES, SENTENCE_WEIGHTS)[0]
    noun, noun2 = chooser.choices(NOUNS, NOUN_WEIGHTS, k=2)
    role = chooser.choice(ROLES)
    values = {
        "verb": chooser.choice(VERBS),
        "indef": noun[0],
        "Indef": noun[0].capitalize(),
        "def": noun[1],
        "def2": noun2[1],
        "pl": noun[2],
        "role": role,
        "Role": role[0].upper() + role[1:],
        "town": chooser.choice(TOWNS),
        "area": chooser.choice(AREAS),
        "year": chooser.choice(YEARS),
        "month": chooser.choice(MONTHS),
        "day": chooser.randint(1, 28),
        "n": chooser.randint(1, 14),
    }
    return template.format(**values)


# --- Database ------------------------------------------------------------------------------


def prepare_database(db: str, *, keep: bool = False) -> None:
    """A fresh, empty database for the benchmark (or, with `keep`, the last one, migrated),
    chosen before Django reads its settings."""
    os.environ["DEBUG"] = "0"  # or Django keeps every query in memory
    if db == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal") if not keep else ():
            Path(SQLITE_PATH + suffix).unlink(missing_ok=True)
        os.environ["SQLITE_PATH"] = SQLITE_PATH
        os.environ.pop("DATABASE_URL", None)
    else:
        import psycopg

        if not keep:
            with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE}")
                conn.execute(f"CREATE DATABASE {POSTGRES_DATABASE}")
        os.environ["DATABASE_URL"] = f"{POSTGRES_SERVER}/{POSTGRES_DATABASE}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
    # A throwaway database, not a site: any key will do, and DEBUG stays off (it would keep
    # every query in memory).
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "k7Qw2Zr9Lp4X" * 4)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


@dataclass
class World:
    structures: list[Any]
    bodies: list[Any]
    member: Any
    coordinator: Any


def build_world() -> World:
    from django.contrib.auth.models import User

    from samverkan.structure.models import Body, Membership, Person, Principal, Structure

    structures = []
    bodies = []
    for code, slug, name in [
        ("24", "vasterbotten", "Samverkan vård och omsorg i Västerbotten"),
        ("10", "blekinge", "Samverkan Blekinge"),
        ("12", "skane", "Samverkan Skåne"),
        ("18", "orebro", "Samverkan Örebro län"),
    ]:
        region = Principal.objects.get(kind="region", scb_code=code)
        structure = Structure.objects.create(name=name, slug=slug, region=region)
        structures.append(structure)
        names = [
            "Länssamverkansgruppen",
            "Länssamverkansgruppens AU",
            "Politiskt samråd",
            "Hjälpmedelsrådet",
            "Barn och unga",
            "Psykisk hälsa",
            "Äldres hälsa",
            "Nära vård",
            *(f"Lokal samverkansgrupp {town}" for town in TOWNS[:4]),
        ]
        for i, body_name in enumerate(names):
            bodies.append(
                Body.objects.create(
                    structure=structure,
                    key=f"grupp-{i}",
                    name=body_name,
                    kind="working_group",
                    level="regional",
                    mandate="none",
                    position=i,
                )
            )
    member = User.objects.create_user("ledamot", "ledamot@example.se", "bench")
    person = Person.objects.create(key="ledamot", first_name="Lea", last_name="Damot", user=member)
    region = structures[0].region
    for body in bodies[:3]:
        Membership.objects.create(
            body=body,
            person=person,
            role="member",
            principal=region,
            start=datetime.date(2019, 1, 1),
        )
    coordinator = User.objects.create_user("koordinator", "k@example.se", "bench")
    structures[0].coordinators.add(coordinator)
    return World(structures, bodies, member, coordinator)


def existing_world() -> World:
    """The structures, bodies and users a previous run built."""
    from django.contrib.auth.models import User

    from samverkan.structure.models import Body, Structure

    return World(
        list(Structure.objects.order_by("pk")),
        list(Body.objects.order_by("pk")),
        User.objects.get(username="ledamot"),
        User.objects.get(username="koordinator"),
    )


def load(world: World, n: int, words: int, seed: int) -> float:
    """Insert n entries through the index's bulk path; returns the seconds it took."""
    from samverkan.search.index import search_index_bulk_insert
    from samverkan.search.models import SearchEntry, SearchSource

    chooser = random.Random(seed)
    pool = [sentence(chooser) for _ in range(50_000)]
    started = time.perf_counter()
    batch: list[SearchEntry] = []
    kinds = ["Handlingsplan", "Rapport", "Överenskommelse", "Remissvar", "Lägesbild"]
    for i in range(n):
        body = chooser.choice(world.bodies)
        day = datetime.date(chooser.choice(YEARS), chooser.randint(1, 12), chooser.randint(1, 28))
        is_minutes = chooser.random() < 0.6
        length = max(20, int(chooser.gauss(words, words / 3)))
        sentences = chooser.choices(pool, k=length // 10)
        if is_minutes:
            title = f"Minnesanteckningar {body.name} {day.isoformat()}"
            source = SearchSource.MINUTES
        else:
            noun = chooser.choice(NOUNS)[0]
            title = f"{chooser.choice(kinds)}: {noun} inom {chooser.choice(AREAS)} {day.year}"
            source = SearchSource.DOCUMENT
        batch.append(
            SearchEntry(
                source=source,
                source_id=i,
                structure_id=body.structure_id,
                body=body,
                title=title,
                text="\n".join(sentences),
                url=f"/bench/{i}/",
                public=chooser.random() < 0.7,
                published_on=day,
            )
        )
        if len(batch) == 5000:
            search_index_bulk_insert(entries=batch, batch_size=1000)
            batch = []
            print(f"  {i + 1} rader", end="\r", flush=True)
    search_index_bulk_insert(entries=batch, batch_size=1000)
    elapsed = time.perf_counter() - started
    print(f"  {n} rader på {elapsed:.0f} s ({n / elapsed:.0f} rader/s)")
    return elapsed


# SQLite: the numbers 1 to %s.
NUMBERS = "WITH RECURSIVE k(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM k WHERE k < %s)"


def copy_entries(base: int, n: int) -> float:
    """Fill the index up to n entries with copies of the first `base` (their text and words)
    under new dates and visibility, in SQL: minutes instead of an hour for a million.

    The copies get new ids, source ids and addresses; a copy's vector keeps the words of its
    original and gets the marks of its own month, structure and body (index.MARKS_SQL). The
    GIN index is dropped during the copy and built again after it.
    """
    from django.db import connection, transaction

    from samverkan.search.index import MARKS_SQL

    started = time.perf_counter()
    copies = -(-(n - base) // base)
    first, years = YEARS[0], len(YEARS)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            cursor.execute("DROP INDEX search_vector_gin")
            cursor.execute(
                f"""
                INSERT INTO search_searchentry (id, source, source_id, structure_id, body_id,
                    title, text, url, public, published_on, indexed_at, search_vector)
                WITH e AS MATERIALIZED (
                    SELECT s.id + k * %(base)s AS id, s.source, s.source_id + k * %(base)s
                        AS source_id, s.structure_id, s.body_id, s.title, s.text,
                        random() < 0.7 AS public,
                        make_date(%(first)s + floor(random() * %(years)s)::int,
                            1 + floor(random() * 12)::int, 1 + floor(random() * 28)::int)
                        AS published_on,
                        ts_delete(s.search_vector, ARRAY(SELECT lexeme
                            FROM unnest(s.search_vector) WHERE left(lexeme, 1) = '_')) AS words
                    FROM search_searchentry AS s CROSS JOIN generate_series(1, %(copies)s) AS k
                    WHERE s.id <= %(base)s AND s.id + k * %(base)s <= %(n)s
                )
                SELECT e.id, e.source, e.source_id, e.structure_id, e.body_id, e.title, e.text,
                    '/bench/' || e.source_id || '/', e.public, e.published_on, now(),
                    e.words || {MARKS_SQL}
                FROM e
                """,  # noqa: S608 - MARKS_SQL is a constant of the index
                {"base": base, "n": n, "copies": copies, "first": first, "years": years},
            )
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('search_searchentry', 'id'), %s)", [n]
            )
            # The foreign keys are checked at commit; an index cannot be built before that.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "CREATE INDEX search_vector_gin ON search_searchentry USING gin (search_vector)"
            )
        else:
            cursor.execute(
                f"""
                {NUMBERS}
                INSERT INTO search_searchentry (id, source, source_id, structure_id, body_id,
                    title, text, url, public, published_on, indexed_at)
                SELECT s.id + k * %s, s.source, s.source_id + k * %s, s.structure_id,
                    s.body_id, s.title, s.text, '/bench/' || (s.source_id + k * %s) || '/',
                    abs(random() %% 10) < 7,
                    printf('%%04d-%%02d-%%02d', %s + abs(random() %% %s),
                        1 + abs(random() %% 12), 1 + abs(random() %% 28)),
                    datetime('now')
                FROM search_searchentry AS s, k WHERE s.id <= %s AND s.id + k * %s <= %s
                """,  # noqa: S608 - constants
                [copies, base, base, base, first, years, base, base, n],
            )
            cursor.execute(
                f"""
                {NUMBERS}
                INSERT INTO search_searchentry_fts (rowid, title, text)
                SELECT f.rowid + k * %s, f.title, f.text FROM search_searchentry_fts AS f, k
                WHERE f.rowid <= %s AND f.rowid + k * %s <= %s
                """,  # noqa: S608 - constants
                [copies, base, base, base, n],
            )
    elapsed = time.perf_counter() - started
    print(f"  {n - base} kopior på {elapsed:.0f} s")
    return elapsed


def tidy() -> str:
    """Statistics for the planner, and the size of what was built."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE search_searchentry")
            cursor.execute(
                "SELECT pg_size_pretty(pg_total_relation_size('search_searchentry')),"
                " pg_size_pretty(pg_relation_size('search_vector_gin'))"
            )
            total, gin = cursor.fetchone()
            return f"tabellen med index {total}, varav GIN-index {gin}"
        cursor.execute(
            "INSERT INTO search_searchentry_fts(search_searchentry_fts) VALUES('optimize')"
        )
        cursor.execute("ANALYZE")
    connection.close()
    size = Path(SQLITE_PATH).stat().st_size / 1024 / 1024
    return f"databasfilen {size:.0f} MB"


def explain(world: World) -> None:
    """The plan of the query that ranks the page, to see what drives it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from samverkan.search.selectors import search

    with CaptureQueriesContext(connection) as captured:
        search(query="samverkansavtalet", user=world.member)
    # The last two queries: the page's ids in order, then their rows.
    sql = captured.captured_queries[-2]["sql"]
    with connection.cursor() as cursor:
        # PostgreSQL's query begins with "SET LOCAL jit = off;" (samverkan.search.postgres).
        if sql.lstrip().startswith("SET "):
            setting, sql = sql.split(";", 1)
            cursor.execute(setting.replace("LOCAL ", ""))
        prefix = (
            "EXPLAIN QUERY PLAN "
            if connection.vendor == "sqlite"
            else "EXPLAIN (ANALYZE, BUFFERS) "
        )
        cursor.execute(prefix + sql)
        for row in cursor.fetchall():
            print("   ", row[-1])


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


Row = tuple[str, str, str, int, float, float, float | None]


def measure(world: World, repeat: int) -> list[Row]:
    from django.contrib.auth.models import AnonymousUser, User

    from samverkan.search.selectors import search

    rows = []
    for who in ("anonym", "ledamot", "koordinator"):
        for label, query, year in QUERIES:
            timings = []
            total = 0
            cpu_started = server_started = 0.0
            for attempt in range(repeat + 1):
                if who == "anonym":
                    user: Any = AnonymousUser()
                else:
                    # A new user object per request, as in a view: nothing cached.
                    user = User.objects.get(username=who)
                if attempt == 1:  # the first run warms the caches
                    cpu_started = time.process_time()
                    server_started = backend_cpu_seconds() or 0.0
                started = time.perf_counter()
                results = search(query=query, user=user, year=year)
                elapsed = (time.perf_counter() - started) * 1000
                total = results.total
                if attempt:
                    timings.append(elapsed)
            # CPU per search, Python and server, in ms (the user lookups included).
            server = backend_cpu_seconds()
            spent = None if server is None else time.process_time() - cpu_started + server
            cpu = None if spent is None else (spent - server_started) * 1000 / repeat
            shown = query + (f" (år {year})" if year else "")
            median, p95 = statistics.median(timings), percentile(timings, 0.95)
            rows.append((who, label, shown, total, median, p95, cpu))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--n", type=int, default=100_000, help="antal sökposter")
    parser.add_argument("--words", type=int, default=200, help="ord per post i genomsnitt")
    parser.add_argument("--repeat", type=int, default=20, help="körningar per fråga")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--distinct",
        type=int,
        help="skapa bara så många poster i Python, resten som kopior i SQL med nya datum"
        " och synlighet (en miljon poster på minuter i stället för en timme)",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="mät i databasen från en tidigare körning (migrerad, inte byggd på nytt)",
    )
    args = parser.parse_args()

    if args.keep:
        print(f"Mäter i den befintliga {args.db}-databasen …")
        prepare_database(args.db, keep=True)
        world = existing_world()
        seconds = 0.0
        size = tidy()
    else:
        print(f"Bygger {args.db}-databasen …")
        prepare_database(args.db)
        world = build_world()
        distinct = min(args.distinct or args.n, args.n)
        seconds = load(world, distinct, args.words, args.seed)
        if distinct < args.n:
            seconds += copy_entries(distinct, args.n)
        size = tidy()
    print(f"Klar: {size}.")
    print("Plan för frågan som rangordnar sidan (ledamot, 'samverkansavtalet'):")
    explain(world)

    rows = measure(world, args.repeat)
    print()
    print(
        f"{args.db}, {args.n} poster à ~{args.words} ord, inläsning {seconds:.0f} s, {size};"
        f" {args.repeat} körningar per fråga, tid för search() i ms (cpu: medeltal av"
        " processortiden per sökning i Python och i databasserverns process)"
    )
    print()
    print("| användare | slag | fråga | träffar | median ms | p95 ms | cpu ms |")
    print("|---|---|---|---:|---:|---:|---:|")
    for who, label, query, total, median, p95, cpu in rows:
        cpu_text = f"{cpu:.1f}" if cpu is not None else "–"
        print(f"| {who} | {label} | {query} | {total} | {median:.1f} | {p95:.1f} | {cpu_text} |")
    everything = [r[4] for r in rows]
    cpus = [r[6] for r in rows if r[6] is not None]
    print()
    print(
        f"Median av medianerna: {statistics.median(everything):.1f} ms;"
        f" högsta p95: {max(r[5] for r in rows):.1f} ms"
        + (f"; cpu-tid per sökning, median {statistics.median(cpus):.1f} ms" if cpus else "")
        + f"; belastning {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
