"""The databases of the national benchmark, shared by `national.py` and `pages.py`: where
they are, how a fresh one is made, and the personas and sample objects the pages are
measured with (written to a JSON file next to the database)."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TMP = Path(tempfile.gettempdir())
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
PASSWORD = "bench-losen-2026"


def database_name(demo: bool) -> str:
    return "samverkan_national_demo" if demo else "samverkan_national"


def sqlite_path(demo: bool) -> Path:
    return TMP / f"{database_name(demo)}.sqlite3"


def samples_path(db: str, demo: bool) -> Path:
    """The personas and sample ids of a database: next to the SQLite file, or in the same
    temporary directory for PostgreSQL."""
    return TMP / f"{database_name(demo)}.{db}.json"


def use_database(db: str, demo: bool, fresh: bool) -> None:
    """Point Django at the benchmark database (made anew and migrated when `fresh`), then
    set Django up."""
    os.environ["DEBUG"] = "0"  # or Django keeps every query in memory
    os.environ["DEBUG_404"] = "0"
    if db == "sqlite":
        path = sqlite_path(demo)
        if fresh:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["SQLITE_PATH"] = str(path)
        os.environ.pop("DATABASE_URL", None)
    else:
        name = database_name(demo)
        if fresh:
            import psycopg

            with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
                conn.execute(f"CREATE DATABASE {name}")
        os.environ["DATABASE_URL"] = f"{POSTGRES_SERVER}/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
    # A throwaway database, not a site: any key will do.
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "pW4nX8cQ2mZr" * 4)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test.utils import override_settings

    # Production serves hashed names from `collectstatic`'s manifest; the benchmark has none,
    # so it links the plain names (a dictionary lookup either way).
    plain = "django.contrib.staticfiles.storage.StaticFilesStorage"
    # The personas log in with `force_login`, without the second factor that administrators
    # and coordinators need in production: the pages, not the login, are measured.
    override_settings(
        MFA_REQUIRED=False,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": plain},
        },
    ).enable()
    if fresh:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def analyze() -> None:
    from django.db import connection

    # VACUUM too, as autovacuum soon would in a running installation: it marks the pages
    # all-visible, so counts over a partial index are index-only scans (PostgreSQL).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def _user(username: str, **flags: bool) -> Any:
    from django.contrib.auth.models import User

    user, _ = User.objects.get_or_create(username=username, defaults=flags)
    user.set_password(PASSWORD)
    for name, value in flags.items():
        setattr(user, name, value)
    user.save()
    return user


def _latest_pk(query: Any) -> int | None:
    return query.values_list("pk", flat=True).first()


def write_samples(db: str, demo: bool, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Make the personas (an admin, a coordinator of the largest structure, and a chair,
    a secretary and a member of a local group there) and pick the objects the pages show:
    the group's next meeting, its latest held meeting with published minutes, a report…"""
    from django.db.models import Count
    from django.utils import timezone

    from samverkan.cases.models import Assignment, Case, Recommendation
    from samverkan.deviations.models import Deviation
    from samverkan.followup.models import ActivityPlan, PeriodicReport
    from samverkan.governing.models import GoverningDocument
    from samverkan.meetings.models import Meeting
    from samverkan.minutes.models import Minutes
    from samverkan.statistics.models import Indicator
    from samverkan.structure.models import Body, Membership, Structure

    structure = Structure.objects.annotate(n=Count("bodies")).order_by("-n", "pk").first()
    assert structure is not None, "databasen har ingen struktur"
    published = Minutes.objects.filter(
        meeting__body__structure=structure, status="approved", public=True
    ).order_by("-meeting__starts_at", "-pk")
    minutes = published.filter(meeting__body__kind="local_group").first() or published.first()
    body = minutes.meeting.body if minutes else structure.bodies.order_by("pk").first()
    assert body is not None
    county = structure.bodies.filter(kind="county_group").first() or body.parent or body
    now = timezone.now()
    coordinator = _user("bench-koordinator")
    structure.coordinators.add(coordinator)
    users = {
        "admin": _user("bench-admin", is_staff=True, is_superuser=True).username,
        "coordinator": coordinator.username,
    }
    active = Membership.objects.filter(body=body, end__isnull=True) | Membership.objects.filter(
        body=body, end__gte=now.date()
    )
    for persona, role in (("chair", "chair"), ("secretary", "secretary"), ("member", "member")):
        membership = active.filter(role=role).select_related("person__user").first()
        if membership is None:
            continue
        person = membership.person
        if person.user is None:
            person.user = _user(f"bench-{persona}")
            person.save(update_fields=["user"])
        else:
            _user(person.user.username)
        users[persona] = person.user.username
    meetings = Meeting.objects.filter(body=body)
    report = PeriodicReport.objects.filter(body=body, status="delivered", public=True).order_by(
        "-period_end"
    )
    public_report = (
        report.first()
        or PeriodicReport.objects.filter(body__structure=structure, status="delivered", public=True)
        .select_related("body")
        .order_by("-period_end", "pk")
        .first()
    )
    samples = {
        "db": db,
        "demo": demo,
        "password": PASSWORD,
        "users": users,
        "structure": structure.slug,
        "body": body.key,
        "body_id": body.pk,
        "county_body": county.key,
        "meeting_id": _latest_pk(meetings.filter(starts_at__gte=now).order_by("starts_at"))
        or _latest_pk(meetings.order_by("-starts_at")),
        "held_meeting_id": minutes.meeting_id if minutes else None,
        "minutes_id": minutes.pk if minutes else None,
        "report_id": public_report.pk if public_report else None,
        "report_body": public_report.body.key if public_report else None,
        "any_report_id": _latest_pk(PeriodicReport.objects.filter(body=body))
        or _latest_pk(PeriodicReport.objects.filter(body__structure=structure)),
        "governing_document_id": _latest_pk(
            GoverningDocument.objects.filter(structure=structure, public=True).order_by("pk")
        ),
        "case_id": _latest_pk(Case.objects.filter(structure=structure).order_by("-pk")),
        "deviation_id": _latest_pk(Deviation.objects.filter(structure=structure).order_by("-pk")),
        "plan_id": _latest_pk(ActivityPlan.objects.filter(body=body).order_by("-year"))
        or _latest_pk(ActivityPlan.objects.filter(body__structure=structure).order_by("-year")),
        "indicator_id": _latest_pk(Indicator.objects.filter(structure=structure, public=True)),
        "assignment_id": _latest_pk(Assignment.objects.filter(structure=structure)),
        "recommendation_id": _latest_pk(Recommendation.objects.filter(structure=structure)),
        "counts": {
            "structures": Structure.objects.count(),
            "bodies": Body.objects.count(),
            "memberships": Membership.objects.count(),
            "meetings": Meeting.objects.count(),
            "minutes": Minutes.objects.count(),
        },
        **(extra or {}),
    }
    samples_path(db, demo).write_text(json.dumps(samples, indent=2, ensure_ascii=False))
    return samples
