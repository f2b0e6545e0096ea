"""`manage.py verify_archive`: what a restore is checked with, catching any changed byte."""

from __future__ import annotations

import shutil
import tempfile
from io import StringIO
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import override_settings

from samverkan.meetings.documents import document_upload
from samverkan.minutes.models import MinutesItem
from samverkan.minutes.tests.base import MinutesTestCase

# Every byte value, behind the PNG signature the upload checks the type by.
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


class VerifyArchiveTests(MinutesTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.media = Path(tempfile.mkdtemp(prefix="samverkan-test-media-"))
        self.addCleanup(shutil.rmtree, self.media, ignore_errors=True)
        self.enterContext(override_settings(MEDIA_ROOT=str(self.media)))
        self.minutes = self.published()
        self.document = document_upload(
            meeting=self.meeting,
            uploaded_file=SimpleUploadedFile("Karta.png", PNG),
            title="Karta över länet",
            by=self.coordinator,
        )

    def run_command(self, *args: str) -> str:
        out = StringIO()
        call_command("verify_archive", *args, stdout=out, stderr=StringIO())
        return out.getvalue()

    def test_it_confirms_an_untouched_archive_and_lists_every_hash(self) -> None:
        self.assertIn(
            "1 justerade minnesanteckningar ger sin SHA-256; 1 handlingar är byte för byte",
            self.run_command(),
        )
        listing = self.run_command("--list")
        self.assertIn(f"minutes {self.minutes.pk} {self.minutes.sha256}", listing)
        self.assertIn(f"document {self.document.pk} {self.document.sha256}", listing)

    def test_it_finds_a_changed_byte_in_a_stored_file(self) -> None:
        path = self.media / (self.document.file.name or "")
        data = bytearray(path.read_bytes())
        data[100] ^= 1
        path.write_bytes(bytes(data))
        with self.assertRaisesMessage(CommandError, "1 avvikelser"):
            self.run_command()

    def test_it_finds_a_missing_file_and_changed_minutes(self) -> None:
        (self.media / (self.document.file.name or "")).unlink()
        # Bypassing the services, as a faulty restore or a hand edit in the database would.
        MinutesItem.objects.filter(minutes=self.minutes).update(notes="Något annat.")
        errors = StringIO()
        with self.assertRaisesMessage(CommandError, "2 avvikelser"):
            call_command("verify_archive", stdout=StringIO(), stderr=errors)
        self.assertIn("filen saknas", errors.getvalue())
        self.assertIn("ger inte sin SHA-256", errors.getvalue())
