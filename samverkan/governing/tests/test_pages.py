"""The pages per persona: who sees which document and who may change what (404 for what
one may not see, 403 for what one sees but may not do), and that the public pages show
nothing that is not public."""

from __future__ import annotations

import datetime

from django.urls import reverse

from samverkan.governing import services
from samverkan.governing.models import (
    CharterDocumentLink,
    GoverningDocument,
    Implementation,
    ImplementationStatus,
)
from samverkan.governing.tests.base import GoverningTestCase, pdf_file
from samverkan.structure.models import Body


class ReadingTests(GoverningTestCase):
    def test_the_working_pages_are_for_the_structures_own_people(self) -> None:
        page = reverse("governing:document", args=[self.internal_doc.pk])
        listing = reverse("governing:list", args=[self.structure.slug])
        for user in (self.coordinator, self.member_user, self.local_chair, self.admin):
            self.login(user)
            self.assertContains(self.client.get(page), "Arbetsutkast till rutin för SIP")
            self.assertContains(self.client.get(listing), "Arbetsutkast till rutin för SIP")
        self.login(self.other_coordinator)
        self.assertEqual(self.client.get(page).status_code, 404)
        self.assertEqual(self.client.get(listing).status_code, 404)
        # A public document exists for them, but its implementation is internal.
        public = reverse("governing:document", args=[self.public_doc.pk])
        self.assertEqual(self.client.get(public).status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(page).status_code, 302)

    def test_the_public_pages_show_only_public_documents_without_implementation(self) -> None:
        listing = self.client.get(reverse("governing_public:list", args=[self.structure.slug]))
        self.assertContains(listing, "Överenskommelse om utskrivning")
        self.assertNotContains(listing, "Arbetsutkast")
        page = self.client.get(
            reverse("governing_public:document", args=[self.structure.slug, self.public_doc.pk])
        )
        self.assertContains(page, "<dt>Version</dt><dd>2.0</dd>", html=True)
        self.assertNotContains(page, "Lokal grupp 0")
        self.assertNotContains(page, "Inte påbörjad")
        hidden = reverse(
            "governing_public:document", args=[self.structure.slug, self.internal_doc.pk]
        )
        self.assertEqual(self.client.get(hidden).status_code, 404)
        elsewhere = reverse(
            "governing_public:document", args=[self.other_structure.slug, self.public_doc.pk]
        )
        self.assertEqual(self.client.get(elsewhere).status_code, 404)

    def test_the_public_filter_names_only_commissioners_of_public_documents(self) -> None:
        """A local group that commissions only an internal draft is not offered as a
        commissioner on the public list, which would tell that the draft exists."""
        self.internal_doc.commissioned_by = self.locals[1]
        self.internal_doc.save()
        listing = self.client.get(reverse("governing_public:list", args=[self.structure.slug]))
        self.assertContains(listing, f'<option value="{self.body.pk}">')
        self.assertNotContains(listing, "Lokal grupp 1")
        self.login(self.coordinator)
        working = self.client.get(reverse("governing:list", args=[self.structure.slug]))
        self.assertContains(working, f'<option value="{self.locals[1].pk}">Lokal grupp 1</option>')

    def test_the_charter_text_links_its_public_entries(self) -> None:
        self.charter.governing_documents = ["Utskrivning", "Rutin för SIP", "Olänkad"]
        self.charter.save()
        CharterDocumentLink.objects.create(
            charter=self.charter, position=0, text="Utskrivning", document=self.public_doc
        )
        CharterDocumentLink.objects.create(
            charter=self.charter, position=1, text="Rutin för SIP", document=self.internal_doc
        )
        page = self.client.get(reverse("public:body", args=[self.structure.slug, self.body.key]))
        url = reverse("governing_public:document", args=[self.structure.slug, self.public_doc.pk])
        self.assertContains(page, f'<a href="{url}">Utskrivning</a>', html=True)
        self.assertContains(page, "<li>Rutin för SIP</li>", html=True)
        self.assertNotContains(page, f"/{self.internal_doc.pk}/")

    def test_the_file_downloads_for_readers_only(self) -> None:
        from samverkan.governing import services

        services.document_update(
            by=self.coordinator, document=self.internal_doc, expected_version=None, file=pdf_file()
        )
        url = reverse("governing:document_file", args=[self.internal_doc.pk])
        self.login(self.member_user)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertTrue(b"".join(response.streaming_content).startswith(b"%PDF"))  # type: ignore[attr-defined]
        public = reverse("governing_public:file", args=[self.structure.slug, self.internal_doc.pk])
        self.client.logout()
        self.assertEqual(self.client.get(public).status_code, 404)


class ChangingTests(GoverningTestCase):
    def document_form(self, **values: object) -> dict[str, object]:
        data: dict[str, object] = {
            "title": "Ny riktlinje",
            "kind": "guideline",
            "version": "1",
            "owner": "LSVO",
            "public": "on",
            "commissioned_by": str(self.body.pk),
        }
        data.update(values)
        return data

    def test_the_coordinator_and_the_commissioning_bodys_secretary_change_documents(self) -> None:
        edit = reverse("governing:document_edit", args=[self.public_doc.pk])
        self.login(self.member_user)  # vice chair: reads, does not edit
        self.assertEqual(self.client.get(edit).status_code, 403)
        self.login(self.local_chair)
        self.assertEqual(self.client.get(edit).status_code, 403)
        self.login(self.county_secretary)
        response = self.client.post(
            edit,
            self.document_form(
                title="Överenskommelse om utskrivning", lock_version=self.public_doc.lock_version
            ),
        )
        self.assertRedirects(response, reverse("governing:document", args=[self.public_doc.pk]))
        self.assertEqual(GoverningDocument.objects.get(pk=self.public_doc.pk).kind, "guideline")
        # A stale version is refused, and what was typed stays.
        response = self.client.post(edit, self.document_form(title="Annan titel", lock_version=1))
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Någon annan har ändrat", status_code=400)
        self.assertContains(response, "Annan titel", status_code=400)

    def test_creating_checks_the_commissioner_of_a_chair_who_is_no_coordinator(self) -> None:
        new = reverse("governing:new", args=[self.structure.slug])
        self.login(self.member_user)
        self.assertEqual(self.client.get(new).status_code, 403)
        self.login(self.local_chair)
        response = self.client.post(new, self.document_form())
        self.assertContains(response, "Välj en grupp där du är ordförande", status_code=400)
        self.assertFalse(GoverningDocument.objects.filter(title="Ny riktlinje").exists())
        response = self.client.post(new, self.document_form(commissioned_by=str(self.locals[0].pk)))
        created = GoverningDocument.objects.get(title="Ny riktlinje")
        self.assertRedirects(response, reverse("governing:document", args=[created.pk]))
        self.login(self.coordinator)
        response = self.client.post(new, self.document_form(title="", url="inte en adress"))
        self.assertContains(response, "Detta fält måste fyllas i", status_code=400)

    def test_an_implementation_is_updated_by_those_concerned(self) -> None:
        row = Implementation.objects.get(document=self.public_doc, body=self.locals[0])
        url = reverse("governing:implementation_update", args=[self.public_doc.pk, row.body_id])
        other = reverse(
            "governing:implementation_update", args=[self.public_doc.pk, self.locals[1].pk]
        )
        data = {
            f"impl-{row.body_id}-status": "planned",
            f"impl-{row.body_id}-planned_on": "2026-12-01",
            f"impl-{row.body_id}-lock_version": str(row.lock_version),
        }
        self.login(self.member_user)
        self.assertEqual(self.client.post(url, data).status_code, 403)
        self.login(self.local_chair)
        self.assertEqual(self.client.post(other, {}).status_code, 403)
        page = self.client.get(reverse("governing:document", args=[self.public_doc.pk]))
        self.assertContains(page, "Uppdatera implementeringen i Lokal grupp 0")
        self.assertNotContains(page, "Uppdatera implementeringen i Lokal grupp 1")
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302)
        row.refresh_from_db()
        self.assertEqual((row.status, row.planned_on), ("planned", datetime.date(2026, 12, 1)))
        # Implemented without a day: refused beside the field, nothing stored.
        data[f"impl-{row.body_id}-status"] = "implemented"
        data[f"impl-{row.body_id}-lock_version"] = str(row.lock_version)
        response = self.client.post(url, data)
        self.assertContains(response, "Ange vilken dag dokumentet implementerades", status_code=400)
        self.assertEqual(Implementation.objects.get(pk=row.pk).status, ImplementationStatus.PLANNED)

    def test_the_implementers_form_and_charter_links(self) -> None:
        url = reverse("governing:implementers", args=[self.internal_doc.pk])
        self.login(self.county_secretary)
        self.assertContains(self.client.get(url), "Lokal grupp 2")
        response = self.client.post(url, {"bodies": [str(b.pk) for b in self.locals]})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Implementation.objects.filter(document=self.internal_doc).count(), 3)
        self.charter.governing_documents = ["Utskrivning"]
        self.charter.save()
        links = reverse("governing:charter_links", args=[self.structure.slug, self.body.key])
        self.assertEqual(self.client.get(links).status_code, 403)
        self.login(self.coordinator)
        self.client.post(links, {"entry_0": str(self.public_doc.pk)})
        self.assertEqual(
            CharterDocumentLink.objects.get(charter=self.charter).document_id, self.public_doc.pk
        )

    def test_delete_is_refused_while_implementation_has_begun(self) -> None:
        row = Implementation.objects.get(document=self.public_doc, body=self.locals[0])
        row.status = ImplementationStatus.PLANNED
        row.planned_on = datetime.date(2026, 9, 1)
        row.save()
        self.login(self.coordinator)
        self.client.post(reverse("governing:document_delete", args=[self.public_doc.pk]))
        self.assertTrue(GoverningDocument.objects.filter(pk=self.public_doc.pk).exists())
        response = self.client.post(
            reverse("governing:document_delete", args=[self.internal_doc.pk]), follow=True
        )
        self.assertContains(response, "är borttaget")
        self.assertFalse(Body.objects.filter(pk=self.internal_doc.pk, key="x").exists())


class UploadTests(GoverningTestCase):
    def test_a_coordinator_uploads_the_file_with_a_new_document(self) -> None:
        from samverkan.governing.tests.base import pptx_file

        new = reverse("governing:new", args=[self.structure.slug])
        self.login(self.coordinator)
        data = {"title": "Riktlinje med fil", "kind": "guideline", "public": "on"}
        refused = self.client.post(new, {**data, "file": pptx_file()})
        self.assertContains(refused, "Ett styrdokument laddas upp som PDF", status_code=400)
        response = self.client.post(new, {**data, "file": pdf_file("riktlinje.pdf")})
        document = GoverningDocument.objects.get(title="Riktlinje med fil")
        self.assertRedirects(response, reverse("governing:document", args=[document.pk]))
        page = self.client.get(reverse("governing:document", args=[document.pk]))
        # Stored under the name given, or with a suffix beside a file of the same name.
        stored = document.file.name.rsplit("/", 1)[-1]
        self.assertRegex(stored, r"^riktlinje(_\w+)?\.pdf$")
        self.assertContains(page, f"({stored})")
        self.assertContains(page, '<th scope="row">Fil</th>', html=True)  # in the history
        self.assertContains(
            page,
            f'<td><span class="stack-label" aria-hidden="true">Efter: </span>{stored}</td>',
            html=True,
        )
        public = self.client.get(
            reverse("governing_public:file", args=[self.structure.slug, document.pk])
        )
        self.assertEqual(public["Content-Type"], "application/pdf")
        self.assertIn(stored, public["Content-Disposition"])


class WalkFindingsTests(GoverningTestCase):
    """What a tester walking the pages missed: a local group's own rows, no removal offered
    that would be refused, and where the text is when no file is uploaded."""

    def test_a_local_groups_implementation_page_shows_its_own_rows(self) -> None:
        self.login(self.local_chair)
        page = self.client.get(
            reverse("governing:matrix", args=[self.structure.slug, self.locals[0].key])
        )
        self.assertContains(page, f"Det {self.locals[0].name} själv ska implementera")
        self.assertContains(page, "Överenskommelse om utskrivning")

    def test_removal_is_offered_only_when_it_would_be_allowed(self) -> None:
        self.login(self.coordinator)
        url = reverse("governing:document", args=[self.public_doc.pk])
        self.assertContains(self.client.get(url), "Ta bort styrdokumentet")
        services.implementation_update(
            by=self.coordinator,
            implementation=self.rows[self.locals[0].pk],
            status="planned",
            planned_on=datetime.date(2026, 12, 1),
        )
        page = self.client.get(url)
        self.assertNotContains(page, "Ta bort styrdokumentet")
        self.assertContains(page, "Dokumentet kan inte tas bort")
        self.assertContains(page, "den publika webbplatsen")

    def test_a_document_without_file_says_whom_to_ask(self) -> None:
        self.public_doc.owner = "Samverkan Blekinge"
        self.public_doc.save()
        page = self.client.get(
            reverse("governing_public:document", args=[self.structure.slug, self.public_doc.pk])
        )
        self.assertContains(
            page, "Texten finns inte uppladdad här; fråga dokumentägaren, Samverkan Blekinge."
        )
