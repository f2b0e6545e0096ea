#!/usr/bin/env python3
"""The production recipe, started for real and checked: `make smoke`, and a step of `.ci/run`.

With DEBUG unset, on PostgreSQL in a database of its own: migrate, collectstatic into a
temporary folder, import a structure file, then start gunicorn (deploy/gunicorn.conf.py) on
a free port on 127.0.0.1, the worker (`db_worker`) and the schedule (`run_schedule --loop`)
as processes of their own, and Redis as the cache where `redis-server` is installed. Then,
as the TLS proxy in front would: fetch a page, a static file by the hashed name in the
manifest and the API, and check the security headers and that the worker ran the schedule's
tasks. Everything it started is stopped and its database dropped, also when a check fails
or the run is interrupted.

    .venv/bin/python deploy/smoke.py     # SMOKE_DATABASE_URL=postgres://user@host:port
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import urlparse

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("SMOKE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432")
STRUCTURE_FILE = "structures/vasterbotten.yaml"
STRUCTURE_NAME = "Västerbotten"


STARTED = time.monotonic()


class SmokeFailed(Exception):
    pass


def passed(what: str) -> None:
    print(f"  ok  {time.monotonic() - STARTED:4.0f} s  {what}")


def check(condition: object, what: str) -> None:
    if not condition:
        raise SmokeFailed(what)
    passed(what)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def admin_connection() -> psycopg.Connection:
    server = urlparse(SERVER)
    return psycopg.connect(
        host=server.hostname or "127.0.0.1",
        port=server.port or 5432,
        user=server.username or "postgres",
        password=server.password or None,
        dbname="postgres",
        autocommit=True,
    )


@contextmanager
def database() -> Iterator[str]:
    """A new database, dropped afterwards; yields its DATABASE_URL."""
    name = f"samverkan_smoke_{os.getpid()}"
    with admin_connection() as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield f"{SERVER.rstrip('/')}/{name}"
    finally:
        with admin_connection() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


class Processes:
    """Long-running processes, each in its own process group with its output in a file."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        self.folder = folder
        self.env = env
        self.running: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, name: str, *command: str) -> subprocess.Popen[bytes]:
        log = (self.folder / f"{name}.log").open("wb")
        process = subprocess.Popen(  # noqa: S603 - our own commands
            command,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.running[name] = process
        return process

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text(errors="replace")

    def stop_all(self) -> None:
        for process in self.running.values():
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for process in self.running.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def manage(env: dict[str, str], *args: str) -> str:
    return manage_together(env, args)[0]


def manage_together(env: dict[str, str], *commands: tuple[str, ...]) -> list[str]:
    """Run manage.py commands side by side (they take most of the time); their outputs."""
    running = [
        subprocess.Popen(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for args in commands
    ]
    outputs = []
    try:
        for args, process in zip(commands, running, strict=True):
            try:
                out, err = process.communicate(timeout=180)
            except subprocess.TimeoutExpired as late:
                raise SmokeFailed(f"manage.py {' '.join(args)} took over 180 s") from late
            if process.returncode != 0:
                raise SmokeFailed(f"manage.py {' '.join(args)}:\n{out}{err}")
            outputs.append(out)
    finally:
        # One failed or the run was interrupted: the others must not outlive it.
        for process in running:
            if process.poll() is None:
                process.kill()
                process.wait()
    return outputs


def fetch(
    port: int, path: str, *, https: bool = True, headers: dict[str, str] | None = None
) -> tuple[int, http.client.HTTPMessage, bytes]:
    """GET as the TLS proxy in front of gunicorn would forward it (or plain HTTP)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        sent = {"X-Forwarded-Proto": "https"} if https else {}
        conn.request("GET", path, headers=sent | (headers or {}))
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def wait_until_serving(port: int, gunicorn: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if gunicorn.poll() is not None:
            raise SmokeFailed("gunicorn stopped at start")
        with suppress(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        time.sleep(0.2)
    raise SmokeFailed("gunicorn did not start listening within 30 s")


def start_redis(processes: Processes) -> str | None:
    """A throwaway Redis for the cache, if this machine has one; None otherwise."""
    server = shutil.which("redis-server")
    if server is None:
        print("  --  redis-server is not installed: the cache stays in each process's memory")
        return None
    port = free_port()
    processes.start(
        "redis",
        server,
        "--bind",
        "127.0.0.1",
        "--port",
        str(port),
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        str(processes.folder),
    )
    for _ in range(50):
        with suppress(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return f"redis://127.0.0.1:{port}/0"
        time.sleep(0.1)
    raise SmokeFailed("redis-server did not start")


def run_checks(port: int, static_root: Path, processes: Processes, database_url: str) -> None:
    status, headers, _ = fetch(port, "/", https=False)
    check(
        status == 301 and headers["Location"].startswith("https://"),
        "plain HTTP is redirected to HTTPS",
    )

    status, headers, body = fetch(port, "/")
    page = body.decode()
    check(status == 200 and STRUCTURE_NAME in page, "the public start page lists the structure")
    check(
        headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload",
        "HSTS for a year, subdomains included",
    )
    csp = headers["Content-Security-Policy"] or ""
    check(
        "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe" not in csp,
        "Content-Security-Policy without inline script or style",
    )
    check(headers["X-Frame-Options"] == "DENY", "X-Frame-Options: DENY")
    check(headers["X-Content-Type-Options"] == "nosniff", "X-Content-Type-Options: nosniff")
    check(headers["Referrer-Policy"] == "same-origin", "Referrer-Policy: same-origin")

    status, headers, _ = fetch(port, "/konto/logga-in/")
    cookies = headers.get_all("Set-Cookie") or []
    check(
        status == 200 and any(c.startswith("csrftoken=") and "Secure" in c for c in cookies),
        "the login page's CSRF cookie is HTTPS-only",
    )

    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    hashed = manifest["samverkan/site.css"]
    check(hashed != "samverkan/site.css", f"collectstatic named the stylesheet {hashed}")
    check(f"/static/{hashed}" in page, "the page links the hashed name")
    status, headers, body = fetch(port, f"/static/{hashed}", headers={"Accept-Encoding": "gzip"})
    check(
        status == 200 and headers["Content-Type"].startswith("text/css") and body,
        "WhiteNoise serves the stylesheet",
    )
    check(
        "immutable" in (headers["Cache-Control"] or ""),
        "…cached for good, as its name has its hash",
    )
    check(headers["Content-Encoding"] == "gzip", "…compressed")

    status, headers, body = fetch(port, "/api/v1/structures")
    names = json.dumps(json.loads(body), ensure_ascii=False)
    check(
        status == 200
        and headers["Content-Type"].startswith("application/json")
        and STRUCTURE_NAME in names,
        "the API lists the structure",
    )

    status, _, body = fetch(port, "/finns-inte/")
    check(
        status == 404 and "Sidan finns inte" in body.decode() and "URLconf" not in body.decode(),
        "an unknown address gets the Swedish 404 page, not the debug page",
    )

    deadline = time.monotonic() + 30
    ran = 0
    while time.monotonic() < deadline and not ran:
        time.sleep(1)
        with psycopg.connect(database_url) as conn:
            row = conn.execute(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'SUCCESSFUL'"
            ).fetchone()
        ran = row[0] if row else 0
    check(ran, f"the worker ran {ran} task(s) that the schedule put in the queue")
    for name in ("gunicorn", "worker", "schedule"):
        check(processes.running[name].poll() is None, f"{name} is still running")


def main() -> int:
    # An interruption (Ctrl-C, CI's timeout) unwinds through the cleanup below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    folder = Path(tempfile.mkdtemp(prefix="samverkan-smoke-"))
    static_root = folder / "static"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(folder),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "samverkan.settings",
        # What deploy/samverkan.env.example sets; DEBUG unset.
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(folder / "media"),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(free_port()),
    }
    processes = Processes(folder, env)
    try:
        with database() as database_url:
            env["DATABASE_URL"] = database_url
            try:
                print(f"Samverkan in production mode, database {database_url.rsplit('/', 1)[1]}")
                if redis_url := start_redis(processes):
                    env["REDIS_URL"] = redis_url
                manage_together(
                    env,
                    ("check", "--deploy", "--fail-level", "WARNING"),
                    ("migrate", "--noinput", "-v0"),
                    ("collectstatic", "--noinput", "-v0"),
                )
                passed("manage.py check --deploy: no warnings")
                manage(env, "import_structure", STRUCTURE_FILE)
                passed("migrated, static files collected, structure file imported")
                port = free_port()
                gunicorn = processes.start(
                    "gunicorn", sys.executable, "-m", "gunicorn",
                    "-c", "deploy/gunicorn.conf.py", "samverkan.wsgi",
                    "--bind", f"127.0.0.1:{port}", "--workers", "2",
                )  # fmt: skip
                processes.start("worker", sys.executable, "manage.py", "db_worker")
                processes.start("schedule", sys.executable, "manage.py", "run_schedule", "--loop")
                wait_until_serving(port, gunicorn)
                passed(f"gunicorn serves 127.0.0.1:{port}")
                run_checks(port, static_root, processes, database_url)
                if redis_url:
                    cached = manage(
                        env, "shell", "-v0", "-c",
                        "from django.core.cache import cache; "
                        "cache.set('smoke', 'ja'); print(cache.get('smoke'))",
                    )  # fmt: skip
                    check(cached.strip() == "ja", "the cache is Redis")
            finally:
                # Before the database is dropped, which they are connected to.
                processes.stop_all()
    except SmokeFailed as failure:
        sys.stdout.flush()
        print(f"FAILED: {failure}", file=sys.stderr)
        for name in processes.running:
            print(f"--- {name}.log ---\n{processes.log(name)[-4000:]}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"Production recipe: all checks passed in {time.monotonic() - STARTED:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
