"""CPU time of a search in PostgreSQL's server process, for search_bench.py."""

from __future__ import annotations

import os
from pathlib import Path


def backend_cpu_seconds() -> float | None:
    """CPU seconds the server process of this connection has used (PostgreSQL on this machine:
    /proc/<pid>/stat, utime + stime); 0 for SQLite (in this process), None if unreadable.
    Unlike the wall-clock times it hardly grows with the load of other work on the machine."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
