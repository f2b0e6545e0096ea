"""Shared test data: a county group (the personas' `body`) commissioning documents that
its local groups implement, and users in the roles that decide what one may do."""

from __future__ import annotations

import datetime
import io
import zipfile

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from samverkan.governing import services
from samverkan.governing.models import DocumentKind, GoverningDocument, Implementation
from samverkan.structure.models import Body, Membership, Person, Role
from samverkan.testing.base import PASSWORD, BaseTestCase, Personas

START = datetime.date(2026, 1, 1)
TODAY = datetime.date(2026, 6, 15)


def local_groups(parent: Body, count: int, *, prefix: str = "lokal") -> list[Body]:
    return [
        Body.objects.create(
            structure=parent.structure,
            key=f"{prefix}-{i}",
            name=f"Lokal grupp {i}",
            short_name=f"Lokal {i}",
            kind="local_group",
            level="local",
            mandate="decides",
            parent=parent,
            position=i,
        )
        for i in range(count)
    ]


def user_in(body: Body, role: str, username: str) -> User:
    """A user whose person holds `role` in `body`."""
    user = User.objects.create_user(username, f"{username}@example.se", PASSWORD)
    person = Person.objects.create(
        key=username, first_name=username.capitalize(), last_name="Test", user=user
    )
    Membership.objects.create(
        body=body,
        person=person,
        role=role,
        principal=body.structure.region,
        start=START,
    )
    return user


def make_document(
    structure: object, by: User | None, title: str, **values: object
) -> GoverningDocument:
    return services.document_create(
        by=by,
        structure=structure,  # type: ignore[arg-type]
        title=title,
        kind=values.pop("kind", DocumentKind.AGREEMENT),  # type: ignore[arg-type]
        **values,  # type: ignore[arg-type]
    )


def pdf_file(name: str = "avtal.pdf") -> SimpleUploadedFile:
    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def pptx_file() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<p/>")
    return SimpleUploadedFile("bilder.pptx", buffer.getvalue())


class GoverningData(Personas):
    locals: list[Body]
    public_doc: GoverningDocument
    internal_doc: GoverningDocument
    local_chair: User
    county_secretary: User
    rows: dict[int, Implementation]

    @classmethod
    def make_governing(cls) -> None:
        cls.locals = local_groups(cls.body, 3)
        cls.local_chair = user_in(cls.locals[0], Role.CHAIR, "lokalordf")
        cls.county_secretary = user_in(cls.body, Role.SECRETARY, "lsgsekr")
        cls.public_doc = make_document(
            cls.structure,
            cls.coordinator,
            "Överenskommelse om utskrivning",
            version="2.0",
            commissioned_by=cls.body,
            decided_on=datetime.date(2025, 1, 10),
        )
        cls.internal_doc = make_document(
            cls.structure,
            cls.coordinator,
            "Arbetsutkast till rutin för SIP",
            kind=DocumentKind.ROUTINE,
            public=False,
            commissioned_by=cls.body,
        )
        rows = services.implementing_bodies_set(
            by=cls.coordinator, document=cls.public_doc, bodies=cls.locals
        )
        services.implementing_bodies_set(
            by=cls.coordinator, document=cls.internal_doc, bodies=cls.locals[:1]
        )
        cls.rows = {row.body_id: row for row in rows}


class GoverningTestCase(GoverningData, BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.make_governing()
