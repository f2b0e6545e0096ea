"""The services' rules: documents, who implements, one body's progress, charter links."""

from __future__ import annotations

import datetime

from samverkan.audit.models import Change
from samverkan.governing import selectors, services
from samverkan.governing.models import (
    CharterDocumentLink,
    GoverningDocument,
    Implementation,
    ImplementationStatus,
)
from samverkan.governing.tests.base import (
    TODAY,
    GoverningTestCase,
    make_document,
    pdf_file,
    pptx_file,
)
from samverkan.lib.errors import ConflictError, DomainError
from samverkan.structure.models import Body, Charter, CharterStatus


class DocumentServiceTests(GoverningTestCase):
    def refused(self, field: str, **values: object) -> str:
        with self.assertRaises(DomainError) as caught:
            make_document(self.structure, self.coordinator, **values)  # type: ignore[arg-type]
        self.assertIn(field, caught.exception.errors)
        return caught.exception.message

    def test_it_refuses_what_does_not_hold_naming_the_field(self) -> None:
        self.assertIn("titel", self.refused("title", title="  "))
        self.assertIn("typerna", self.refused("kind", title="X", kind="memo"))
        other = make_document(self.other_structure, self.other_coordinator, "Annan struktur")
        self.assertIn("samma struktur", self.refused("parent", title="X", parent=other))
        self.assertIn(
            "Samverkan Västerbotten",
            self.refused("commissioned_by", title="X", commissioned_by=self.other_body),
        )
        self.assertIn("https://", self.refused("url", title="X", url="ftp://example.se/a"))
        self.assertIn(
            "före beslutsdatum",
            self.refused(
                "next_revision",
                title="X",
                decided_on=datetime.date(2026, 1, 1),
                next_revision=datetime.date(2025, 1, 1),
            ),
        )
        self.assertIn("PDF, Word", self.refused("file", title="X", file=pptx_file()))
        self.assertFalse(GoverningDocument.objects.filter(title="X").exists())

    def test_it_stores_a_pdf_and_records_the_history(self) -> None:
        document = make_document(
            self.structure, self.coordinator, "Riktlinje", file=pdf_file(), version="1"
        )
        self.assertTrue(document.file.name.endswith(".pdf"))
        change = Change.objects.filter(object_type="governing_document", object_id=document.pk)
        self.assertEqual(change.count(), 1)

    def test_it_refuses_a_cycle_of_parents_and_a_stale_version(self) -> None:
        child = make_document(
            self.structure, self.coordinator, "Lokal rutin", parent=self.public_doc
        )
        with self.assertRaises(DomainError) as caught:
            services.document_update(
                by=self.coordinator, document=self.public_doc, expected_version=None, parent=child
            )
        self.assertEqual(caught.exception.field, "parent")
        version = self.public_doc.lock_version
        services.document_update(
            by=self.coordinator, document=self.public_doc, expected_version=version, version="2.1"
        )
        stale = GoverningDocument.objects.get(pk=self.public_doc.pk)
        stale.lock_version = version
        with self.assertRaises(ConflictError):
            services.document_update(
                by=self.coordinator, document=stale, expected_version=version, version="3"
            )
        self.assertEqual(GoverningDocument.objects.get(pk=self.public_doc.pk).version, "2.1")

    def test_a_document_with_progress_is_not_deleted(self) -> None:
        row = self.rows[self.locals[1].pk]
        services.implementation_update(
            by=self.coordinator,
            implementation=row,
            status=ImplementationStatus.PLANNED,
            planned_on=datetime.date(2026, 9, 1),
            today=TODAY,
        )
        with self.assertRaises(DomainError) as caught:
            services.document_delete(by=self.coordinator, document=self.public_doc)
        self.assertIn("Lokal grupp 1", caught.exception.message)
        services.document_delete(by=self.coordinator, document=self.internal_doc)
        self.assertFalse(GoverningDocument.objects.filter(pk=self.internal_doc.pk).exists())


class ImplementationServiceTests(GoverningTestCase):
    def update(self, status: str, **dates: datetime.date | None) -> Implementation:
        return services.implementation_update(
            by=self.local_chair,
            implementation=self.rows[self.locals[0].pk],
            status=status,
            today=TODAY,
            **dates,  # type: ignore[arg-type]
        )

    def refused(self, field: str, status: str, **dates: datetime.date | None) -> None:
        with self.assertRaises(DomainError) as caught:
            self.update(status, **dates)
        self.assertEqual(caught.exception.field, field)

    def test_each_status_needs_its_dates_in_order(self) -> None:
        self.refused("planned_on", ImplementationStatus.PLANNED)
        self.refused("implemented_on", ImplementationStatus.IMPLEMENTED)
        self.refused(
            "implemented_on",
            ImplementationStatus.IMPLEMENTED,
            implemented_on=TODAY + datetime.timedelta(days=1),
        )
        self.refused(
            "followed_up_on",
            ImplementationStatus.FOLLOWED_UP,
            implemented_on=datetime.date(2026, 5, 1),
            followed_up_on=datetime.date(2026, 4, 1),
        )
        self.refused("status", "done")

    def test_going_back_clears_the_later_dates(self) -> None:
        row = self.update(
            ImplementationStatus.FOLLOWED_UP,
            planned_on=datetime.date(2026, 3, 1),
            implemented_on=datetime.date(2026, 4, 1),
            followed_up_on=datetime.date(2026, 6, 1),
        )
        self.assertEqual(row.followed_up_on, datetime.date(2026, 6, 1))
        row = self.update(
            ImplementationStatus.IMPLEMENTED,
            implemented_on=datetime.date(2026, 4, 1),
            followed_up_on=datetime.date(2026, 6, 1),
        )
        self.assertIsNone(Implementation.objects.get(pk=row.pk).followed_up_on)
        self.update(
            ImplementationStatus.PLANNED,
            planned_on=datetime.date(2026, 8, 1),
            implemented_on=datetime.date(2026, 4, 1),
        )
        stored = Implementation.objects.get(pk=row.pk)
        self.assertEqual(
            (stored.planned_on, stored.implemented_on), (datetime.date(2026, 8, 1), None)
        )
        self.update(ImplementationStatus.NOT_STARTED, planned_on=datetime.date(2026, 8, 1))
        self.assertIsNone(Implementation.objects.get(pk=row.pk).planned_on)

    def test_a_stale_version_is_refused(self) -> None:
        row = self.rows[self.locals[0].pk]
        with self.assertRaises(ConflictError):
            services.implementation_update(
                by=self.local_chair,
                implementation=row,
                status=ImplementationStatus.PLANNED,
                planned_on=TODAY,
                expected_version=row.lock_version + 5,
            )

    def test_setting_the_bodies_keeps_progress_and_asks_before_removing_it(self) -> None:
        first, second, third = self.locals
        self.update(ImplementationStatus.IMPLEMENTED, implemented_on=datetime.date(2026, 5, 2))
        extra = Body.objects.create(
            structure=self.structure,
            key="extra",
            name="Extra grupp",
            kind="local_group",
            level="local",
            mandate="decides",
        )
        with self.assertRaises(DomainError) as caught:
            services.implementing_bodies_set(
                by=self.coordinator, document=self.public_doc, bodies=[second, third, extra]
            )
        self.assertIn("Lokal grupp 0", caught.exception.message)
        rows = services.implementing_bodies_set(
            by=self.coordinator, document=self.public_doc, bodies=[first, second, extra]
        )
        self.assertEqual({r.body_id for r in rows}, {first.pk, second.pk, extra.pk})
        kept = next(r for r in rows if r.body_id == first.pk)
        self.assertEqual(kept.status, ImplementationStatus.IMPLEMENTED)
        services.implementing_bodies_set(
            by=self.coordinator, document=self.public_doc, bodies=[extra], confirm_removal=True
        )
        self.assertEqual(
            list(
                Implementation.objects.filter(document=self.public_doc).values_list(
                    "body", flat=True
                )
            ),
            [extra.pk],
        )
        with self.assertRaises(DomainError):
            services.implementing_bodies_set(
                by=self.coordinator, document=self.public_doc, bodies=[self.other_body]
            )


class CharterLinkTests(GoverningTestCase):
    def test_an_entry_links_to_a_record_of_the_same_structure(self) -> None:
        self.charter.governing_documents = ["Överenskommelse om utskrivning.", "Något annat"]
        self.charter.save()
        self.assertEqual(services.link_charter_entries_by_title(structure=self.structure), 1)
        link = CharterDocumentLink.objects.get(charter=self.charter)
        self.assertEqual((link.position, link.document_id), (0, self.public_doc.pk))
        other = make_document(self.other_structure, None, "Annat")
        with self.assertRaises(DomainError):
            services.charter_entry_link(by=None, charter=self.charter, position=1, document=other)
        with self.assertRaises(DomainError):
            services.charter_entry_link(
                by=None, charter=self.charter, position=5, document=self.public_doc
            )
        services.charter_entry_link(
            by=None, charter=self.charter, position=1, document=self.internal_doc
        )
        services.charter_entry_link(by=None, charter=self.charter, position=0, document=None)
        self.assertEqual(
            list(CharterDocumentLink.objects.values_list("position", "document")),
            [(1, self.internal_doc.pk)],
        )

    def test_a_link_follows_its_entry_when_reordered_and_into_a_new_version(self) -> None:
        self.charter.governing_documents = ["Överenskommelse om utskrivning", "Rutin för SIP"]
        self.charter.save()
        changes = Change.objects.count()
        services.charter_entry_link(
            by=self.coordinator, charter=self.charter, position=0, document=self.public_doc
        )
        self.assertEqual(Change.objects.count(), changes + 1)
        # A correction puts a new entry first: the link stays with its text.
        self.charter.governing_documents = [
            "Ny riktlinje",
            "Rutin för SIP",
            "överenskommelse  om utskrivning",
        ]
        self.charter.save()
        self.assertEqual(
            selectors.charter_links([self.charter]), {self.charter.pk: {2: self.public_doc}}
        )
        # A new version of the body's charter listing the same text is linked too.
        newer = Charter.objects.create(
            body=self.charter.body,
            version="2.0",
            status=CharterStatus.DRAFT,
            governing_documents=["Överenskommelse om utskrivning"],
        )
        self.assertEqual(selectors.charter_links([newer]), {newer.pk: {0: self.public_doc}})
        # Unlinking the entry unlinks it in the body's other versions as well.
        services.charter_entry_link(by=None, charter=newer, position=0, document=None)
        self.assertEqual(selectors.charter_links([self.charter, newer]), {})
