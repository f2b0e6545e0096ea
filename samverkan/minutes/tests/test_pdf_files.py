"""The minutes PDF is rendered by the worker once the minutes are published, stored as a
file and served from it; a request never renders one."""

from __future__ import annotations

import datetime
from unittest import mock

from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from samverkan.minutes import pdf_files, views_public
from samverkan.minutes.models import Minutes, MinutesPdf
from samverkan.minutes.services import minutes_addendum_create
from samverkan.minutes.tests.test_public import (
    IMMEDIATE_TASKS,
    PERSONNUMMER,
    PublicMinutesTestCase,
    pdf_text,
)
from samverkan.schedule import collect
from samverkan.structure.models import Charter

# The queue as in production: enqueued tasks wait for the worker.
QUEUED_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
RENDER_TASK = "samverkan.minutes.pdf_files.render_minutes_pdf"


def no_rendering() -> mock._patch[mock.MagicMock]:
    """Fails the test if WeasyPrint is asked to render anything."""
    return mock.patch(
        "samverkan.lib.pdf_render.weasyprint.HTML",
        side_effect=AssertionError("rendered in a request"),
    )


class StoredPdfTests(PublicMinutesTestCase):
    def test_it_serves_the_stored_file_and_never_renders_in_the_request(self) -> None:
        minutes = self.published()
        self.assertTrue(MinutesPdf.objects.filter(minutes=minutes).exists())
        url = self.urls(minutes)["minutes_pdf"]
        with no_rendering():
            first = self.client.get(url)
            second = self.client.get(url)
        self.assertEqual(first.status_code, 200)
        self.assertEqual(first["Content-Type"], "application/pdf")
        self.assertIn("attachment", first["Content-Disposition"])
        data = first.getvalue()
        self.assertTrue(data.startswith(b"%PDF-"))
        self.assertEqual(second.getvalue(), data)
        self.assertEqual(first["ETag"], second["ETag"])
        with minutes.pdf.file.open("rb") as stored:
            self.assertEqual(stored.read(), data)

    def test_running_the_worker_again_renders_nothing_new(self) -> None:
        minutes = self.published()
        stored = MinutesPdf.objects.get(minutes=minutes)
        with no_rendering():
            self.assertFalse(pdf_files.render_stored(minutes.pk))
            self.assertEqual(pdf_files.render_missing(), 0)
        self.assertEqual(MinutesPdf.objects.get(minutes=minutes).file.name, stored.file.name)

    def test_a_correction_renders_the_original_again_with_it(self) -> None:
        original = self.published()
        url = self.urls(original)["minutes_pdf"]
        before = self.client.get(url)
        self.assertNotIn("Rättad genom tillägg", pdf_text(before.getvalue()))
        addendum = minutes_addendum_create(
            original=original,
            by=self.secretary_user,
            title="Rättelse av § 2",
            text="Avtalet gäller från 1 maj, inte 1 april.",
        )
        addendum = self.approve(addendum)
        after = self.client.get(url)
        self.assertEqual(after.status_code, 200)
        self.assertNotEqual(after["ETag"], before["ETag"])
        self.assertIn("Rättad genom tillägg", pdf_text(after.getvalue()))
        corrected = self.client.get(self.urls(addendum)["minutes_pdf"])
        self.assertIn("Avtalet gäller från 1 maj", pdf_text(corrected.getvalue()))
        self.assertEqual(MinutesPdf.objects.count(), 2)

    def test_minutes_that_are_not_public_get_no_pdf_and_anonymous_get_404(self) -> None:
        Charter.objects.filter(pk=self.charter.pk).update(minutes_public=False)
        internal = self.published()
        held = self.publish_on(datetime.date(2026, 4, 7), notes=f"Ärende om {PERSONNUMMER}.")
        for minutes in (internal, held):
            with self.subTest(minutes=str(minutes)):
                self.assertFalse(pdf_files.render_stored(minutes.pk))
                self.assertFalse(MinutesPdf.objects.filter(minutes=minutes).exists())
                self.assertNotIn(minutes, pdf_files.missing_pdfs())
                self.assertEqual(
                    self.client.get(self.urls(minutes)["minutes_pdf"]).status_code, 404
                )
                self.login(self.member_user)
                self.assertEqual(
                    self.client.get(self.urls(minutes)["minutes_pdf"]).status_code, 404
                )
                self.client.logout()


@override_settings(TASKS=QUEUED_TASKS)
class QueuedPdfTests(PublicMinutesTestCase):
    def queued(self) -> list[int]:
        """The minutes ids the render tasks waiting in the queue are for."""
        rows = DBTaskResult.objects.filter(task_path=RENDER_TASK).values_list("args_kwargs")
        return sorted(args_kwargs["args"][0] for (args_kwargs,) in rows)

    def test_approval_enqueues_the_pdf_and_the_link_says_it_is_being_made(self) -> None:
        minutes = self.published()
        self.assertEqual(self.queued(), [minutes.pk])
        self.assertFalse(MinutesPdf.objects.exists())
        with no_rendering():
            response = self.client.get(self.urls(minutes)["minutes_pdf"])
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], str(views_public.PDF_RETRY_AFTER))
        self.assertIn("no-store", response["Cache-Control"])
        self.assertContains(response, "PDF:en skapas", status_code=503)
        self.assertContains(response, "Försök igen om en stund", status_code=503)
        self.assertContains(response, self.urls(minutes)["minutes_text"], status_code=503)
        # The worker takes the task.
        self.assertTrue(pdf_files.render_minutes_pdf.call(minutes.pk))
        with no_rendering():
            response = self.client.get(self.urls(minutes)["minutes_pdf"])
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.getvalue().startswith(b"%PDF-"))

    def test_an_addendum_enqueues_itself_and_its_original(self) -> None:
        original = self.published()
        pdf_files.render_stored(original.pk)
        addendum = self.approve(
            minutes_addendum_create(
                original=original, by=self.secretary_user, title="Rättelse", text="Ny text."
            )
        )
        self.assertEqual(self.queued(), [original.pk, original.pk, addendum.pk])
        # Until the worker has rendered it again, the original's old file is not served.
        self.assertEqual(self.client.get(self.urls(original)["minutes_pdf"]).status_code, 503)

    def test_the_schedule_catches_up_on_minutes_without_a_current_pdf(self) -> None:
        self.assertIn("render_missing_minutes_pdfs", [entry.name for entry in collect()])
        first = self.published()
        second = self.publish_on(datetime.date(2026, 4, 14))
        self.assertEqual(list(pdf_files.missing_pdfs()), [second, first])
        self.assertEqual(pdf_files.render_missing(1), 1)
        self.assertEqual(list(pdf_files.missing_pdfs()), [first])
        self.assertEqual(pdf_files.render_missing(), 1)
        self.assertEqual(list(pdf_files.missing_pdfs()), [])
        # An addendum published after the original was rendered makes it stale.
        addendum = self.approve(
            minutes_addendum_create(
                original=first, by=self.secretary_user, title="Rättelse", text="Ny text."
            )
        )
        self.assertEqual(set(pdf_files.missing_pdfs()), {first, addendum})
        # So does a new layout.
        pdf_files.render_missing()
        with mock.patch.object(pdf_files, "PDF_LAYOUT", "2"):
            self.assertEqual(set(pdf_files.missing_pdfs()), set(Minutes.objects.all()))


@override_settings(TASKS=IMMEDIATE_TASKS)
class LostFileTests(PublicMinutesTestCase):
    def test_a_stored_file_gone_from_disk_is_reported_as_being_made(self) -> None:
        minutes = self.published()
        stored = MinutesPdf.objects.get(minutes=minutes)
        stored.file.storage.delete(str(stored.file.name))
        response = self.client.get(self.urls(minutes)["minutes_pdf"])
        self.assertEqual(response.status_code, 503)
        self.assertTrue(pdf_files.render_stored(minutes.pk))
        self.assertEqual(self.client.get(self.urls(minutes)["minutes_pdf"]).status_code, 200)
