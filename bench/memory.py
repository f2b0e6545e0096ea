"""Memory benchmark: the task worker after a day's schedule, and a web worker after the pages.

    .venv/bin/python bench/memory.py --db postgres                  # the database national.py built
    .venv/bin/python bench/memory.py --db postgres --only reminders # tasks whose name has this
    .venv/bin/python bench/memory.py --db postgres --no-tracemalloc --json /tmp/minne.json

Not a test. Every figure comes from a process of its own (this script started again with
`--child`), so one measurement does not inherit another's memory:

- `idle`: Django set up and every app's `tasks` module imported, as `manage.py db_worker`
  holds them before its first task;
- one process per scheduled task (`samverkan.schedule.collect()`, every app's `SCHEDULE`):
  the task's function run once (`Task.call()`), its peak resident memory
  (`resource.getrusage(...).ru_maxrss`, which includes the idle process), the growth over
  idle, seconds and queries; and, in another process, the peak of Python's own allocations
  during the task (`tracemalloc`, which slows the run and so is measured apart);
- `day`: one process running every scheduled task in turn, as the worker does through a
  day: its peak is the task worker's;
- `web`: one process serving every page of `bench/pages.py` once, as its persona (Django's
  test client, in process): its peak is a web worker's after the main pages, with the pages
  that raised it.

Each task runs in a transaction that is rolled back, so the database is as before and a
second run measures the same work (a reminder sent in the first run is otherwise not due in
the second). Email goes to Django's dummy backend (nothing is sent or kept) and Kolada's
address is a closed local port, so the statistics task measures its database side without
the network. Prints one JSON object per measurement and a Markdown table; see README.md.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from national_db import samples_path, use_database  # noqa: E402

MB = 1024 * 1024


def peak_mb() -> float:
    """The process's peak resident memory so far (Linux reports kilobytes)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def current_mb() -> float:
    with open("/proc/self/statm") as statm:
        return round(int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / MB, 1)


class Rollback(Exception):
    pass


def setup(db: str) -> None:
    # Before settings are read: mail goes nowhere, Kolada is a closed port on this machine.
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"
    # Files a task writes (the minutes' PDFs) go to a throwaway folder; their rows are
    # rolled back anyway.
    media = tempfile.mkdtemp(prefix="samverkan-memory-")
    atexit.register(shutil.rmtree, media, ignore_errors=True)
    os.environ["MEDIA_ROOT"] = media
    use_database(db, demo=False, fresh=False)
    from django.test.utils import override_settings

    override_settings(KOLADA_BASE_URL="http://127.0.0.1:9/").enable()
    from samverkan.schedule import collect

    collect()  # imports every app's tasks module, as the worker does


def run_task(name: str) -> dict[str, Any]:
    """Run one scheduled task in a transaction that is rolled back; what it cost."""
    from django.db import connection, transaction

    from samverkan.schedule import collect

    entry = next(e for e in collect() if e.name == name)
    before = current_mb()
    started = time.perf_counter()
    result: Any = None
    # Counted, not kept: a log of every query would itself take memory.
    queries = 0

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        try:
            with transaction.atomic():
                result = entry.task.call()
                raise Rollback
        except Rollback:
            pass
    return {
        "task": name,
        "seconds": round(time.perf_counter() - started, 1),
        "queries": queries,
        "result": result if isinstance(result, int | bool | None) else str(result)[:80],
        "rss_before_mb": before,
    }


def child(args: argparse.Namespace) -> None:
    setup(args.db)
    idle = current_mb()
    out: dict[str, Any] = {"idle_mb": idle}
    if args.child == "idle":
        pass
    elif args.child == "task":
        if args.tracemalloc:
            import tracemalloc

            tracemalloc.start()
            out |= run_task(args.name)
            out["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / MB, 1)
        else:
            out |= run_task(args.name)
    elif args.child == "day":
        from samverkan.schedule import collect

        out["tasks"] = []
        for entry in collect():
            if args.only and args.only not in entry.name:
                continue
            row = run_task(entry.name)
            row["peak_mb"] = peak_mb()
            out["tasks"].append(row)
    elif args.child == "web":
        out |= serve_pages(args.db)
    out["peak_mb"] = peak_mb()
    out["end_mb"] = current_mb()
    print(json.dumps(out, ensure_ascii=False))


def serve_pages(db: str) -> dict[str, Any]:
    from django.core import signals
    from django.db import close_old_connections
    from pages import content_length, pages, persona_clients

    samples = json.loads(samples_path(db, False).read_text())
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    clients = persona_clients(samples)
    rows = []
    for page in pages(samples):
        if page.user not in clients:
            continue
        before = peak_mb()
        response = clients[page.user].get(page.url, secure=True)
        content_length(response)
        rows.append(
            {
                "page": page.page,
                "user": page.user or "anonym",
                "status": response.status_code,
                "peak_mb": peak_mb(),
                "raised_mb": round(peak_mb() - before, 1),
            }
        )
    raised = sorted(rows, key=lambda row: -row["raised_mb"])[:8]
    return {"pages": len(rows), "raised_most": [r for r in raised if r["raised_mb"] > 0]}


def spawn(db: str, *extra: str) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--db", db, "--child", *extra]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 - this script
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        return {"error": (done.stderr or done.stdout).strip().splitlines()[-1:]}
    parsed: dict[str, Any] = json.loads(lines[-1])
    return parsed


def table(report: dict[str, Any]) -> str:
    lines = [
        "| uppgift | sekunder | frågor | topp MB (RSS) | ökning MB | tracemalloc MB |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    idle = report["idle"].get("idle_mb", 0.0)
    for row in report["tasks"]:
        if "error" in row:
            lines.append(f"| {row['task']} | fel: {row['error']} | | | | |")
            continue
        lines.append(
            f"| {row['task']} | {row['seconds']} | {row['queries']} | {row['peak_mb']} | "
            f"{round(row['peak_mb'] - idle, 1)} | {row.get('tracemalloc_peak_mb', '')} |"
        )
    day, web = report["day"], report["web"]
    lines += [
        "",
        "| process | topp MB (RSS) | vid slutet MB |",
        "|---|---:|---:|",
        f"| arbetare i vila (Django och alla tasks-moduler) | {report['idle'].get('peak_mb')} | "
        f"{report['idle'].get('end_mb')} |",
        f"| uppgiftsarbetaren efter dagens schema | {day.get('peak_mb')} | {day.get('end_mb')} |",
        f"| webbarbetaren efter sidorna ({web.get('pages')} st) | {web.get('peak_mb')} | "
        f"{web.get('end_mb')} |",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--only", default="", help="bara uppgifter vars namn innehåller detta")
    parser.add_argument("--no-tracemalloc", action="store_true", help="hoppa över tracemalloc")
    parser.add_argument("--no-web", action="store_true", help="mät inte webbarbetaren")
    parser.add_argument("--json", default="", help="skriv också resultaten till denna fil")
    parser.add_argument("--child", choices=["idle", "task", "day", "web"], help=argparse.SUPPRESS)
    parser.add_argument("--name", default="", help=argparse.SUPPRESS)
    parser.add_argument("--tracemalloc", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    if not args.no_web and not samples_path(args.db, False).exists():
        sys.exit(f"{samples_path(args.db, False)} saknas: bygg först med bench/national.py")
    setup(args.db)
    from samverkan.schedule import collect

    names = [e.name for e in collect() if args.only in e.name]
    report: dict[str, Any] = {"idle": spawn(args.db, "idle"), "tasks": []}
    print(json.dumps({"idle": report["idle"]}), flush=True)
    for name in names:
        row = {"task": name} | spawn(args.db, "task", "--name", name)
        if not args.no_tracemalloc and "error" not in row:
            traced = spawn(args.db, "task", "--name", name, "--tracemalloc")
            row["tracemalloc_peak_mb"] = traced.get("tracemalloc_peak_mb")
        report["tasks"].append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)
    report["day"] = spawn(args.db, "day", *(["--only", args.only] if args.only else []))
    print(json.dumps({"day": report["day"]}, ensure_ascii=False), flush=True)
    report["web"] = {} if args.no_web else spawn(args.db, "web")
    print(json.dumps({"web": report["web"]}, ensure_ascii=False), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1))
    print()
    print(table(report))


if __name__ == "__main__":
    main()
