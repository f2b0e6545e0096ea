"""The API against schemathesis: a bounded run that fails on any server error (5xx).

    .venv/bin/python -m samverkan.api.tests.schemathesis_run      # a step of .ci/run

In a throwaway folder: a fresh SQLite database with the demo (four structures, their
meetings, documents and minutes), a coordinator's API token, a schemathesis.toml that
gives half the cases the ids of that coordinator's objects, and the application under
`manage.py runserver` on a free port on 127.0.0.1 with DEBUG off, as in production. Then
schemathesis runs over every operation of /api/v1/openapi.json twice, anonymously and with
the coordinator's token (whose writes go through the same services as the pages), and only
the `not_a_server_error` check counts: a refusal of bad input is the API's JSON 400/404/405,
never a 500. The run is bounded by examples per operation and seconds per pass
(SCHEMATHESIS_MAX_EXAMPLES, SCHEMATHESIS_MAX_SECONDS) and uses a fixed seed, so that CI
tries the same cases each time (SCHEMATHESIS_SEED to try others). Everything it started is
stopped and the folder removed, also when a pass fails.
"""

from __future__ import annotations

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
import urllib.error
import urllib.request
from contextlib import suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PYTHON = sys.executable
SCHEMATHESIS = str(Path(PYTHON).with_name("schemathesis"))
COORDINATOR = "oskar.soderstrom@regionvasterbotten.example"  # koordinator, Västerbotten

MAX_EXAMPLES = os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "25")
MAX_SECONDS = os.environ.get("SCHEMATHESIS_MAX_SECONDS", "75")
SEED = os.environ.get("SCHEMATHESIS_SEED", "20269")

# The coordinator's token, and the ids of objects in the coordinator's structure: half the
# cases take their ids from these (the rest are generated), so that they reach past "404,
# no such object" and "403, not your structure" into the services.
SETUP_SCRIPT = f"""
import json
from django.contrib.auth.models import User
from samverkan.accounts.services import api_token_create
from samverkan.meetings.models import AgendaItem, Document, Meeting
from samverkan.minutes.models import Minutes, MinutesItem, PublicationHold
from samverkan.structure.models import Body, Charter, Membership, Person, Structure
user = User.objects.get(username={COORDINATOR!r})
structure = Structure.objects.filter(coordinators=user).first()
def ids(model, path):
    return list(model.objects.filter(**{{path: structure}}).values_list("pk", flat=True)[:50])
# Follow-up II's objects, made through their services (the demo's loaders for them take
# minutes): a governing document with two implementing bodies, an activity plan with an
# activity, and a report from a body with a reporting duty.
from django.utils import timezone
from samverkan.followup.models import Activity, ActivityPlan, PeriodicReport
from samverkan.followup.services.plans import activity_add, plan_create
from samverkan.followup.services.reports import generate_report
from samverkan.governing.models import GoverningDocument
from samverkan.governing.services import document_create, implementing_bodies_set
from samverkan.structure.models import ReportingDuty
bodies = list(Body.objects.filter(structure=structure).order_by("position", "pk")[:3])
document = document_create(
    by=user, structure=structure, title="Överenskommelse om utskrivning", kind="agreement",
    commissioned_by=bodies[0],
)
implementing_bodies_set(by=user, document=document, bodies=bodies[1:])
plan = plan_create(by=user, body=bodies[0], year=timezone.localdate().year, title="Aktivitetsplan")
activity_add(by=user, plan=plan, title="Gå igenom rutinen för utskrivning")
from samverkan.lib.errors import DomainError
duty = ReportingDuty.objects.filter(
    charter__body__structure=structure,
    charter__status="in_force",
    frequency__in=["per_term", "yearly"],
).select_related("charter__body").first()
if duty is not None:
    try:
        generate_report(
            by=user, body=duty.charter.body, to_body=duty.to_body,
            period="vt" if duty.frequency == "per_term" else "year",
            year=timezone.localdate().year,
        )
    except DomainError:
        pass  # no report to fuzz with: its endpoints still get generated ids

found = {{
    "body_id": ids(Body, "structure"),
    "charter_id": ids(Charter, "body__structure"),
    "membership_id": ids(Membership, "body__structure"),
    "person_id": ids(Person, "memberships__body__structure"),
    "meeting_id": ids(Meeting, "body__structure"),
    "document_id": ids(Document, "meeting__body__structure"),
    "minutes_id": ids(Minutes, "meeting__body__structure"),
    "hold_id": ids(PublicationHold, "minutes__meeting__body__structure"),
    "item_id": ids(AgendaItem, "meeting__body__structure")
    + ids(MinutesItem, "minutes__meeting__body__structure"),
    "document_id": ids(GoverningDocument, "structure"),
    "plan_id": ids(ActivityPlan, "body__structure"),
    "activity_id": ids(Activity, "plan__body__structure"),
    "report_id": ids(PeriodicReport, "body__structure"),
    "slug": [structure.slug],
}}
print(json.dumps({{"token": api_token_create(by=user, name="schemathesis")[1], "ids": found}}))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def environment(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "samverkan.settings",
            "SQLITE_PATH": str(folder / "db.sqlite3"),
            "MEDIA_ROOT": str(folder / "media"),
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1",
            # Plain HTTP on the loopback: no TLS proxy in front here.
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_HSTS_SECONDS": "0",
            "SECURE_COOKIES": "0",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(  # noqa: S603 - our own command
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"manage.py {args[0]} misslyckades.")
    return result.stdout


def wait_for(url: str, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("Servern stannade innan den svarade.")
        with (
            suppress(OSError, urllib.error.URLError),
            urllib.request.urlopen(url, timeout=5) as response,  # noqa: S310 - loopback
        ):
            if response.status == 200:
                return
        time.sleep(0.5)
    raise SystemExit(f"{url} svarade inte inom {seconds:.0f} s.")


def write_config(path: Path, found: dict[str, list[int | str]]) -> None:
    """A schemathesis.toml that takes each path parameter from `found` half the time."""
    lines = []
    for name, values in found.items():
        if values:
            lines.append(f"[dictionaries.{name}]\nvalues = {json.dumps(values)}\n")
    lines.append("[parameters]")
    for name, values in found.items():
        if values:
            lines.append(f'"path.{name}" = {{ dictionary = "{name}", probability = 0.5 }}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def schemathesis(schema: str, name: str, folder: Path, *headers: str) -> bool:
    print(f"== schemathesis: {name} ==", flush=True)
    command = [
        SCHEMATHESIS,
        "--no-color",
        "--config-file",
        str(folder / "schemathesis.toml"),
        "run",
        schema,
        "--checks",
        "not_a_server_error",
        "--max-examples",
        MAX_EXAMPLES,
        "--max-time",
        MAX_SECONDS,
        "--seed",
        SEED,
        "--workers",
        "1",
        "--request-timeout",
        "30",
        "--generation-database",
        "none",
        "--report",
        "junit",
        "--report-junit-path",
        str(folder / f"{name}.xml"),
        *[part for header in headers for part in ("--header", header)],
    ]
    return subprocess.run(command, cwd=folder, check=False).returncode == 0  # noqa: S603


def main() -> int:
    started = time.monotonic()
    folder = Path(tempfile.mkdtemp(prefix="samverkan-schemathesis-"))
    env = environment(folder)
    server: subprocess.Popen[bytes] | None = None
    try:
        manage(env, "migrate", "--noinput", "-v0")
        for command in ("load_demo", "load_demo_meetings", "load_demo_minutes"):
            manage(env, command)
        setup = json.loads(manage(env, "shell", "-v0", "-c", SETUP_SCRIPT).strip().splitlines()[-1])
        token = setup["token"]
        write_config(folder / "schemathesis.toml", setup["ids"])
        print(f"Demon inläst på {time.monotonic() - started:.0f} s.", flush=True)

        port = free_port()
        log = (folder / "server.log").open("wb")
        server = subprocess.Popen(  # noqa: S603 - our own command
            [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--nothreading"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        schema = f"http://127.0.0.1:{port}/api/v1/openapi.json"
        wait_for(schema, server)

        results = [
            schemathesis(schema, "anonym", folder),
            schemathesis(schema, "koordinator", folder, f"Authorization: Bearer {token}"),
        ]
        print(f"schemathesis klart på {time.monotonic() - started:.0f} s.", flush=True)
        if not all(results):
            errors = (folder / "server.log").read_text(errors="replace")
            tail = [line for line in errors.splitlines() if line.strip()][-80:]
            print("Serverns logg (slutet):\n" + "\n".join(tail), file=sys.stderr)
            print("schemathesis fann serverfel i API:t (se ovan).", file=sys.stderr)
            return 1
        return 0
    finally:
        if server is not None:
            with suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with suppress(ProcessLookupError):
                    os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
