"""Check what must never change: approved minutes against their hashes, stored files against theirs.

    manage.py verify_archive          # a summary; exits with an error if anything differs
    manage.py verify_archive --list   # also one line per object and hash, to compare two copies

Run it after restoring a backup (see README, "Säkerhetskopiering"): every approved minutes'
rows must still give the text and SHA-256 that were approved (`minutes_verify`), a published
minutes' public text its published SHA-256, and every meeting document's file the SHA-256 and
size recorded at upload. `--list` prints the same in a fixed order, so the lists from the
original and the restored installation can be compared with `diff`.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samverkan.meetings.models import Document
from samverkan.minutes.models import Minutes, MinutesStatus
from samverkan.minutes.render import items_with_parts, masked_strings, public_text, sha256_of
from samverkan.minutes.services import minutes_verify

CHUNK = 1024 * 1024


def file_digest(document: Document) -> tuple[str, int] | None:
    """The stored file's SHA-256 and size, or None if the file is missing."""
    digest = hashlib.sha256()
    size = 0
    try:
        with document.file.storage.open(document.file.name or "", "rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
    except FileNotFoundError:
        return None
    return digest.hexdigest(), size


class Command(BaseCommand):
    help = (
        "Kontrollerar att justerade minnesanteckningar ger samma SHA-256 som när de justerades "
        "och att lagrade handlingar är byte för byte desamma som när de laddades upp."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--list",
            action="store_true",
            help="Skriv också en rad per minnesanteckningar och handling med summan.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        problems: list[str] = []
        listing: list[str] = []
        approved = Minutes.objects.filter(status=MinutesStatus.APPROVED).select_related(
            "meeting__body"
        )
        minutes_count = 0
        for minutes in approved.prefetch_related("holds").order_by("pk"):
            minutes_count += 1
            if not minutes_verify(minutes, items_with_parts(minutes)):
                problems.append(
                    f"Minnesanteckningar {minutes.pk} ({minutes}): ger inte sin SHA-256"
                )
            if minutes.published_sha256 and (
                sha256_of(public_text(minutes, masked_strings(minutes))) != minutes.published_sha256
            ):
                problems.append(
                    f"Minnesanteckningar {minutes.pk} ({minutes}): den publicerade texten "
                    "ger inte sin SHA-256"
                )
            listing.append(f"minutes {minutes.pk} {minutes.sha256} {minutes.published_sha256}")
        documents = 0
        for document in Document.objects.order_by("pk"):
            documents += 1
            found = file_digest(document)
            if found is None:
                problems.append(f"Handling {document.pk} ({document.title}): filen saknas")
            elif found != (document.sha256, document.size):
                problems.append(
                    f"Handling {document.pk} ({document.title}): filen är inte densamma "
                    f"(SHA-256 {found[0]}, {found[1]} byte)"
                )
            listing.append(f"document {document.pk} {document.sha256} {document.file.name}")
        if options["list"]:
            for line in listing:
                self.stdout.write(line)
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} avvikelser; se ovan.")
        self.stdout.write(
            f"{minutes_count} justerade minnesanteckningar ger sin SHA-256; "
            f"{documents} handlingar är byte för byte desamma som vid uppladdningen."
        )
