"""Throughput for `pages.py --throughput`: the benchmark database served by gunicorn (two
sync workers, as in production), loaded from a few local processes that each request one
address over and over for a fixed time, one address after the other in the same run. The
hello-world view of `national_urls.py` is measured first and last; each page's rate is given
as a share of it. Only anonymous public pages, with the site's page cache on (each page
rendered once, then served from the cache) or off (`page_cache=False`: rendered every time).
Without REDIS_URL in the environment each worker caches in its own memory."""

from __future__ import annotations

import http.client
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HOST, PORT = "127.0.0.1", 8291
HELLO = "/bench-hej/"


def _hammer(args: tuple[str, float]) -> tuple[int, int]:
    """Request `url` until `seconds` have passed: (answers 200, other answers)."""
    url, seconds = args
    ok = other = 0
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
        try:
            conn.request("GET", url, headers={"Host": HOST})
            response = conn.getresponse()
            response.read()
            if response.status == 200:
                ok += 1
            else:
                other += 1
        except OSError:
            other += 1
        finally:
            conn.close()
    return ok, other


def rate(url: str, seconds: float, clients: int) -> tuple[float, int]:
    with multiprocessing.Pool(clients) as pool:
        results = pool.map(_hammer, [(url, seconds)] * clients)
    ok = sum(r[0] for r in results)
    return ok / seconds, sum(r[1] for r in results)


def serve(database_url: str, workers: int, page_cache: bool = True) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PAGE_CACHE": "1" if page_cache else "0",
        "DJANGO_SETTINGS_MODULE": "national_settings",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": HOST,
        "LOG_LEVEL": "ERROR",
    }
    env.setdefault("SECRET_KEY", "bench-only-" + "pW4nX8cQ2mZr" * 4)
    server = subprocess.Popen(  # noqa: S603 (a fixed command line, no outside input)
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "--workers",
            str(workers),
            "--bind",
            f"{HOST}:{PORT}",
            "--pythonpath",
            f"{ROOT / 'bench'},{ROOT}",
            "--log-level",
            "error",
            "samverkan.wsgi",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        time.sleep(0.3)
        try:
            if _hammer((HELLO, 0.01))[0]:
                return server
        except OSError:
            pass
    server.terminate()
    sys.exit("gunicorn svarade inte")


def throughput(
    pages: list[tuple[str, str]],
    database_url: str,
    seconds: float = 5.0,
    clients: int = 4,
    workers: int = 2,
    page_cache: bool = True,
) -> list[dict[str, Any]]:
    """Requests per second of each (name, url) and of the hello-world view, and their ratio."""
    server = serve(database_url, workers, page_cache)
    try:
        for _, url in pages:  # warm each page once: imports, caches, the database's own
            _hammer((url, 0.01))
        first, _ = rate(HELLO, seconds, clients)
        measured = [(name, url, *rate(url, seconds, clients)) for name, url in pages]
        last, _ = rate(HELLO, seconds, clients)
    finally:
        server.terminate()
        server.wait(timeout=30)
    hello = (first + last) / 2
    results = [
        {"page": "hello world", "url": HELLO, "rps": round(hello, 1), "ratio": 1.0},
    ]
    for name, url, rps, errors in measured:
        results.append(
            {
                "page": name,
                "url": url,
                "rps": round(rps, 1),
                "ratio": round(rps / hello, 4) if hello else 0.0,
                "not_200": errors,
            }
        )
    return results
