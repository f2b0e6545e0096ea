"""Page benchmark: every main page, feed and API list, measured in process.

    .venv/bin/python bench/pages.py --db postgres                  # the database national.py built
    .venv/bin/python bench/pages.py --db postgres --demo           # a fresh demo, loaded as `make demo`
    .venv/bin/python bench/pages.py --db postgres --repeat 20 --only arbeta

Not a test. It measures with Django's test client in the same process (logged in with
`force_login` as the personas national.py made: an admin, a structure's coordinator, a local
group's chair and secretary), so the figures are the view, the templates and the queries,
without a server or a network. For each page: the number of queries (from the first, warm-up
request, `CaptureQueriesContext`), the median and 95th percentile of `--repeat` requests in
milliseconds and the response size in bytes. It prints one JSON object per page and at the
end a Markdown table. A page that does not answer 200 is reported with its status and counts
as a finding. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from national_db import samples_path, use_database, write_samples

DEMO_COMMANDS = [
    "load_demo",
    "load_demo_meetings",
    "load_demo_minutes",
    "load_demo_cases",
    "load_demo_deviations",
    "load_demo_statistics",
    "load_demo_governing",
    "load_demo_activity_plans",
    "load_demo_reports",
]


@dataclass(frozen=True)
class Page:
    page: str
    url: str
    user: str  # persona, "" for anonymous


@dataclass
class Result:
    page: str
    url: str
    user: str
    status: int
    queries: int
    median_ms: float
    p95_ms: float
    bytes: int


def pages(s: dict[str, Any]) -> list[Page]:
    """The pages to measure, with the sample objects of `s` filled in; a page whose object
    the database does not have is left out."""
    slug, key, county = s["structure"], s["body"], s["county_body"]
    body = f"/s/{slug}/g/{key}"
    work = f"/arbeta/s/{slug}/g/{key}"

    def when(value: Any, page: str, url: str, user: str) -> list[Page]:
        return [Page(page, url, user)] if value else []

    return [
        # Public pages, anonymous.
        Page("start", "/", ""),
        Page("struktur (organisationsschema)", f"/s/{slug}/", ""),
        Page("grupp", f"{body}/", ""),
        Page("huvudmän", "/huvudman/", ""),
        Page("arkiv grupp", f"{body}/minnesanteckningar/", ""),
        Page("arkiv struktur", f"/s/{slug}/minnesanteckningar/", ""),
        *when(
            s["minutes_id"],
            "minnesanteckningar publika",
            f"{body}/minnesanteckningar/{s['minutes_id']}/",
            "",
        ),
        *when(s["held_meeting_id"], "möte publikt", f"{body}/moten/{s['held_meeting_id']}/", ""),
        Page("kalender struktur", f"/s/{slug}/moten/", ""),
        Page("kalender grupp", f"{body}/moten/", ""),
        Page("iCal struktur", f"/s/{slug}/kalender.ics", ""),
        Page("iCal grupp", f"{body}/kalender.ics", ""),
        Page("Atom struktur", f"/s/{slug}/minnesanteckningar/flode.atom", ""),
        Page("sök utan fråga", "/sok/", ""),
        # A word common in the demo and at national scale (the demo has no "samverkansavtalet").
        Page("sök vanligt ord", "/sok/?q=uppf%C3%B6ljning", ""),
        Page("sök fras", "/sok/?q=%22samordnad+individuell+plan%22", ""),
        Page("sök inloggad", "/sok/?q=hemsjukv%C3%A5rden", "coordinator"),
        Page("statistik", f"/statistik/{slug}/", ""),
        *when(s["indicator_id"], "indikator", f"/statistik/{slug}/{s['indicator_id']}/", ""),
        Page("styrdokument", f"/styrdokument/{slug}/", ""),
        Page("balanslista publik", f"/balanslista/{slug}/", ""),
        *when(
            s["report_id"],
            "rapport publik",
            f"/s/{slug}/g/{s.get('report_body') or key}/rapporter/{s['report_id']}/",
            "",
        ),
        # Working pages.
        Page("arbeta start koordinator", "/arbeta/", "coordinator"),
        Page("arbeta start ordförande", "/arbeta/", "chair"),
        # The parts of the start page that load after it (work/home.py).
        Page("arbeta start avvikelser", "/arbeta/start/avvikelser/", "coordinator"),
        Page("arbeta start väntar", "/arbeta/start/vantar/", "coordinator"),
        Page("arbeta start påminnelser", "/arbeta/start/paminnelser/", "coordinator"),
        Page("arbeta start mitt", "/arbeta/start/mitt/", "chair"),
        Page("arbeta struktur", f"/arbeta/s/{slug}/", "coordinator"),
        Page("arbeta grupp", f"{work}/", "coordinator"),
        Page("årsplanering grupp", f"{work}/moten/", "coordinator"),
        Page("möten struktur", f"/arbeta/s/{slug}/moten/", "coordinator"),
        *when(s["meeting_id"], "arbeta möte", f"/arbeta/moten/{s['meeting_id']}/", "chair"),
        *when(
            s["held_meeting_id"],
            "arbeta hållet möte",
            f"/arbeta/moten/{s['held_meeting_id']}/",
            "secretary",
        ),
        *when(
            s["minutes_id"],
            "arbeta minnesanteckningar",
            f"/arbeta/minnesanteckningar/{s['minutes_id']}/",
            "secretary",
        ),
        Page("mina minnesanteckningar", "/arbeta/minnesanteckningar/", "secretary"),
        Page("ärenden", f"/arbeta/arenden/{slug}/", "coordinator"),
        *when(s["case_id"], "ärende", f"/arbeta/arenden/arende/{s['case_id']}/", "coordinator"),
        Page("balanslista", f"/arbeta/balanslista/{slug}/", "coordinator"),
        Page("rekommendationer", f"/arbeta/rekommendationer/{slug}/", "coordinator"),
        Page("uppdrag", f"/arbeta/uppdrag/{slug}/", "coordinator"),
        Page("arbetsgrupper", f"/arbeta/arbetsgrupper/{slug}/", "coordinator"),
        Page("avvikelser", f"/arbeta/avvikelser/{slug}/", "coordinator"),
        Page(
            "avvikelser sammanställning",
            f"/arbeta/avvikelser/{slug}/sammanstallning/",
            "coordinator",
        ),
        Page("regelkontroll", f"/arbeta/regler/{slug}/", "coordinator"),
        Page("statistik arbeta", f"/arbeta/statistik/{slug}/", "coordinator"),
        Page("styrdokument arbeta", f"/arbeta/styrdokument/{slug}/", "coordinator"),
        Page(
            "implementeringsmatris",
            f"/arbeta/styrdokument/{slug}/g/{county}/matris/",
            "coordinator",
        ),
        Page("aktivitetsplaner", f"/arbeta/aktivitetsplaner/{slug}/", "coordinator"),
        *when(
            s["plan_id"],
            "aktivitetsplan",
            f"/arbeta/aktivitetsplaner/plan/{s['plan_id']}/",
            "coordinator",
        ),
        Page("rapporter", f"/arbeta/rapporter/s/{slug}/", "coordinator"),
        Page("rapporter grupp", f"{work}/rapporter/", "chair"),
        *when(
            s["any_report_id"],
            "rapport arbeta",
            f"/arbeta/rapporter/{s['any_report_id']}/",
            "coordinator",
        ),
        Page("historik", "/arbeta/historik/", "admin"),
        # API lists.
        Page("API minutes anonym", "/api/v1/minutes", ""),
        Page("API minutes koordinator", "/api/v1/minutes", "coordinator"),
        Page("API meetings", "/api/v1/meetings", "coordinator"),
        Page("API bodies", "/api/v1/bodies", "coordinator"),
        Page("API people", "/api/v1/people", "coordinator"),
        Page("API memberships", "/api/v1/memberships", "coordinator"),
        Page("API cases", "/api/v1/cases", "coordinator"),
        Page("API recommendations", "/api/v1/recommendations", "coordinator"),
        Page("API assignments", "/api/v1/assignments", "coordinator"),
        Page("API deviations", "/api/v1/deviations", "coordinator"),
        Page("API indicators", "/api/v1/indicators", "coordinator"),
        Page("API governing-documents", "/api/v1/governing-documents", "coordinator"),
        Page("API activity-plans", "/api/v1/activity-plans", "coordinator"),
        Page("API reports", "/api/v1/reports", "coordinator"),
        Page("API findings", "/api/v1/findings", "coordinator"),
        Page("API charters", "/api/v1/charters", "coordinator"),
    ]


def content_length(response: Any) -> int:
    if getattr(response, "streaming", False):
        return sum(len(part) for part in response.streaming_content)
    return len(response.content)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(page: Page, clients: dict[str, Any], repeat: int) -> Result:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = clients[page.user]
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page.url, secure=True)
    # Read now: the next request's `request_started` empties the connection's query log.
    queries = len(captured)
    size = content_length(response)
    times = []
    for _ in range(repeat if response.status_code == 200 else 0):
        started = time.perf_counter()
        again = client.get(page.url, secure=True)
        content_length(again)
        times.append((time.perf_counter() - started) * 1000)
    return Result(
        page=page.page,
        url=page.url,
        user=page.user or "anonym",
        status=response.status_code,
        queries=queries,
        median_ms=round(statistics.median(times), 1) if times else 0.0,
        p95_ms=round(percentile(times, 0.95), 1) if times else 0.0,
        bytes=size,
    )


def build_demo(db: str) -> dict[str, Any]:
    from django.core.management import call_command

    started = time.perf_counter()
    for command in DEMO_COMMANDS:
        call_command(command, verbosity=0)
    # As `make demo` ends: the charter check stored, which the working pages read.
    call_command("check_rules", store=True, verbosity=0)
    from national_db import analyze

    analyze()
    return write_samples(db, demo=True, extra={"build_seconds": time.perf_counter() - started})


THROUGHPUT_PAGES = [
    "start",
    "struktur (organisationsschema)",
    "grupp",
    "minnesanteckningar publika",
    "kalender struktur",
    "sök vanligt ord",
]


def measure_throughput(samples: dict[str, Any], seconds: float) -> list[dict[str, Any]]:
    """The main public pages under load, as a share of the hello-world view's rate."""
    from django.db import connection
    from national_load import throughput

    settings = connection.settings_dict
    url = (
        f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
        if connection.vendor == "postgresql"
        else ""
    )
    if not url:
        print("Genomströmningen mäts bara mot PostgreSQL.")
        return []
    by_name = {p.page: p.url for p in pages(samples) if not p.user}
    county = f"/s/{samples['structure']}/g/{samples['county_body']}/"
    chosen = [(name, by_name[name]) for name in THROUGHPUT_PAGES if name in by_name]
    chosen.insert(3, ("länsgrupp", county))
    # The same pages with the page cache off (rendered each time) and on (served from it),
    # each run against its own server's hello world.
    uncached = throughput(chosen, url, seconds=seconds, page_cache=False)
    cached = throughput(chosen, url, seconds=seconds, page_cache=True)
    rates = []
    for off, on in zip(uncached, cached, strict=True):
        rates.append(
            {
                "page": off["page"],
                "url": off["url"],
                "rps_uncached": off["rps"],
                "ratio_uncached": off["ratio"],
                "rps_cached": on["rps"],
                "ratio_cached": on["ratio"],
                "not_200": off.get("not_200", 0) + on.get("not_200", 0),
            }
        )
    print()
    print("| sida | utan cache förfrågningar/s | andel | med cache förfrågningar/s | andel |")
    print("|---|---:|---:|---:|---:|")
    for r in rates:
        print(
            f"| {r['page']} | {r['rps_uncached']:.0f} | {100 * r['ratio_uncached']:.1f} % "
            f"| {r['rps_cached']:.0f} | {100 * r['ratio_cached']:.1f} % |"
        )
    from samverkan.public.pagecache import page_scope

    # Search is never cached (its index is written outside the history, see pagecache.py).
    cacheable = [r for r in rates[1:] if page_scope(r["url"].split("?")[0]) is not None]
    if cacheable:
        print(
            f"\nLägsta andel av hello world: utan cache "
            f"{100 * min(r['ratio_uncached'] for r in rates[1:]):.1f} % (mål 10 %), med cache "
            f"{100 * min(r['ratio_cached'] for r in cacheable):.1f} % (mål 40 %, sidor som "
            "cachas)"
        )
    for r in rates:
        print(json.dumps(r, ensure_ascii=False))
    return rates


def table(results: list[Result], title: str) -> str:
    lines = [
        f"**{title}**",
        "",
        "| sida | som | status | frågor | median ms | p95 ms | kB |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.page} | {r.user} | {r.status} | {r.queries} | {r.median_ms:.0f} | "
            f"{r.p95_ms:.0f} | {r.bytes / 1024:.0f} |"
        )
    return "\n".join(lines)


def compare(before_path: str, after_path: str) -> str:
    """A Markdown table of two runs saved with --json: queries, median and size, before →
    after, with the pages whose query count differs marked."""
    before, after = (json.loads(Path(p).read_text()) for p in (before_path, after_path))
    old = {(r["page"], r["user"]): r for r in before["results"]}

    def label(run: dict[str, Any]) -> str:
        samples = run["samples"]
        size = "demon" if samples.get("demo") else f"skala {samples.get('scale')}"
        return (
            f"{size} ({samples['counts']['bodies']} grupper, {samples['counts']['meetings']} möten)"
        )

    lines = [
        f"**{label(before)} → {label(after)}**",
        "",
        "| sida | som | frågor | median ms | × | kB |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for r in after["results"]:
        b = old.get((r["page"], r["user"]))
        if b is None or b["status"] != 200 or r["status"] != 200:
            continue
        mark = " **≠**" if b["queries"] != r["queries"] else ""
        factor = r["median_ms"] / b["median_ms"] if b["median_ms"] else 0.0
        lines.append(
            f"| {r['page']} | {r['user']} | {b['queries']} → {r['queries']}{mark} | "
            f"{b['median_ms']:.0f} → {r['median_ms']:.0f} | {factor:.1f} | "
            f"{b['bytes'] / 1024:.0f} → {r['bytes'] / 1024:.0f} |"
        )
    return "\n".join(lines)


def persona_clients(samples: dict[str, Any]) -> dict[str, Any]:
    """A test client per persona in the samples, logged in, and "" for anonymous. A page that
    fails answers 500 and is reported, instead of ending the run."""
    from django.contrib.auth.models import User
    from django.test import Client

    clients: dict[str, Any] = {"": Client(raise_request_exception=False)}
    for persona, username in samples["users"].items():
        client = Client(raise_request_exception=False)
        client.force_login(User.objects.get(username=username))
        clients[persona] = client
    return clients


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument(
        "--demo", action="store_true", help="bygg en ny databas med demon och mät den"
    )
    parser.add_argument(
        "--keep", action="store_true", help="med --demo: mät den demo som redan är byggd"
    )
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--only", default="", help="bara sidor vars adress innehåller detta")
    parser.add_argument("--json", default="", help="skriv också resultaten till denna fil")
    parser.add_argument(
        "--throughput",
        action="store_true",
        help="mät också förfrågningar per sekund med gunicorn mot en hello world-vy",
    )
    parser.add_argument("--seconds", type=float, default=5.0, help="sekunder per sida")
    parser.add_argument(
        "--compare",
        nargs=2,
        metavar=("FÖRE.json", "EFTER.json"),
        help="jämför två körningar sparade med --json (ingen databas behövs)",
    )
    args = parser.parse_args()
    if args.compare:
        print(compare(*args.compare))
        return
    # The times are of rendering a page: anonymous public pages would otherwise be answered
    # from the page cache after the first request. Cached serving is what --throughput
    # measures (its servers set PAGE_CACHE themselves).
    os.environ["PAGE_CACHE"] = "0"
    path = samples_path(args.db, args.demo)
    rebuild = args.demo and not (args.keep and path.exists())
    use_database(args.db, demo=args.demo, fresh=rebuild)
    if rebuild:
        samples = build_demo(args.db)
    else:
        if not path.exists():
            sys.exit(f"{path} saknas: bygg först med bench/national.py --db {args.db}")
        samples = json.loads(path.read_text())
    from django.core import signals
    from django.db import close_old_connections

    # One connection for the whole run, as a server with persistent connections has, and so
    # that the queries of a request can be counted after it.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)

    clients = persona_clients(samples)
    chosen = [p for p in pages(samples) if args.only in p.url and p.user in clients]
    results = []
    for page in chosen:
        result = measure(page, clients, args.repeat)
        results.append(result)
        print(json.dumps(asdict(result), ensure_ascii=False), flush=True)
    if args.json:
        with open(args.json, "w") as out:
            json.dump(
                {"samples": samples, "results": [asdict(r) for r in results]},
                out,
                ensure_ascii=False,
                indent=1,
            )
    size = "demon" if args.demo else f"skala {samples.get('scale')}"
    counts = samples.get("counts", {})
    print()
    print(
        table(
            results,
            f"{args.db}, {size}: {counts.get('bodies')} grupper, {counts.get('meetings')} möten, "
            f"median av {args.repeat}",
        )
    )
    if args.throughput:
        rates = measure_throughput(samples, args.seconds)
        if args.json:
            with open(args.json) as saved:
                data = json.load(saved)
            data["throughput"] = rates
            with open(args.json, "w") as out:
                json.dump(data, out, ensure_ascii=False, indent=1)
    failed = [r for r in results if r.status != 200]
    if failed:
        print(
            "\nSidor som inte svarade 200: " + ", ".join(f"{r.page} ({r.status})" for r in failed)
        )


if __name__ == "__main__":
    main()
