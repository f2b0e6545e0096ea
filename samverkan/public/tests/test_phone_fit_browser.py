"""Every main page fits a phone (issue 15, item 6): at 390 px (and 320 px for the widest) no
page scrolls sideways, axe finds nothing, and the page is saved as a screenshot at 390 and
1280 px (`test-results/phone-*.png`).

The data is the personas' Länssamverkansgruppen made realistic: a member for each of
Västerbotten's fifteen municipalities with long names, titles and dated periods, a
working group five levels down with a long name, a coming meeting with documents, published
minutes with attendance, actions and approvals, a draft of the next minutes, a case, a
recommendation and an assignment. Built with the personas and the domain services, not the
demo, which takes a minute to load.
"""

from __future__ import annotations

import datetime
import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from samverkan.cases.models import Recommendation
from samverkan.cases.services.assignments import assignment_give
from samverkan.cases.services.cases import case_raise
from samverkan.lib.localtime import local, local_today
from samverkan.meetings.documents import document_upload
from samverkan.meetings.models import Meeting
from samverkan.meetings.services import meeting_create
from samverkan.minutes.models import Minutes
from samverkan.minutes.tests.base import MinutesPersonas, held_meeting
from samverkan.structure.models import (
    Body,
    Membership,
    Person,
    Principal,
    PrincipalKind,
    Role,
)
from samverkan.testing.base import PASSWORD
from samverkan.testing.browser import BrowserTestCase

TEXT = "Förslag till samverkansöverenskommelse om hemsjukvård.\n".encode()
PHONE, NARROWEST, DESKTOP = 390, 320, 1280

# Long first names, double surnames and titles as they are in the seeds.
TITLES = (
    "Verksamhetschef för hälso- och sjukvård i hemsjukvården och särskilda boenden",
    "Medicinskt ansvarig sjuksköterska (MAS) och medicinskt ansvarig för rehabilitering",
    "Förvaltningschef socialförvaltningen, individ- och familjeomsorgen",
    "Områdeschef primärvård Södra Lappland",
)


class PhoneFitBrowserTests(MinutesPersonas, BrowserTestCase):
    published_minutes: Minutes
    draft: Minutes
    coming: Meeting

    def setUp(self) -> None:
        super().setUp()
        self.enterContext(override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="phone-fit-")))
        self.make_personas()
        self.make_minutes_personas()
        self.fill_body()
        self.make_meetings_and_minutes()
        self.make_cases()
        # The live server's first answer imports every view; on a busy machine that can take
        # longer than a page load may.
        self.context.request.get(self.url("/favicon.ico"), timeout=120_000)

    # --- Data ---------------------------------------------------------------------------

    def fill_body(self) -> None:
        """A member with a long name and title, a start and an end date for every
        municipality in the county, a substitute for some; a working group with a long name
        five levels down the tree."""
        municipalities = Principal.objects.filter(
            kind=PrincipalKind.MUNICIPALITY, county_code="24"
        ).exclude(pk__in=[self.umea.pk, self.skelleftea.pk, self.lycksele.pk])
        for index, municipality in enumerate(municipalities.order_by("name")):
            person = Person.objects.create(
                key=f"person-{index}",
                first_name=("Anna-Karin", "Carl-Johan", "Maj-Britt", "Per-Olof")[index % 4],
                last_name=f"Lindqvist-Hjalmarsson {index}",
                title=TITLES[index % len(TITLES)],
                employer=municipality,
                email=f"anna-karin.lindqvist-hjalmarsson{index}@{municipality.slug}.example",
                phone="070-174 06 05",
            )
            seat = Membership.objects.create(
                body=self.body,
                person=person,
                role=Role.MEMBER,
                principal=municipality,
                function="Representerar kommunens socialtjänst och hälso- och sjukvård",
                start=datetime.date(2025, 1, 1),
                end=datetime.date(2027, 12, 31),
            )
            if index % 3 == 0:
                substitute = Person.objects.create(
                    key=f"ersattare-{index}",
                    first_name="Gun-Marie",
                    last_name=f"Östlund-Wikström {index}",
                    title=TITLES[(index + 1) % len(TITLES)],
                    employer=municipality,
                )
                Membership.objects.create(
                    body=self.body,
                    person=substitute,
                    role=Role.SUBSTITUTE,
                    principal=municipality,
                    substitute_for=seat,
                    start=datetime.date(2025, 1, 1),
                )
        group = Body.objects.create(
            structure=self.structure,
            key="arbetsgrupp-lakemedel",
            name="Arbetsgrupp läkemedelshantering i hemsjukvården och särskilda boenden",
            kind="working_group",
            level="regional",
            mandate="none",
            parent=self.au,
        )
        Body.objects.create(
            structure=self.structure,
            key="delgrupp-dokumentation",
            name="Delgruppen för läkemedelsdokumentation",
            kind="working_group",
            level="regional",
            mandate="none",
            parent=group,
        )

    def make_meetings_and_minutes(self) -> None:
        """Published minutes of the meeting in March (attendance, a decision, an action,
        two approvals), a draft of May's and a coming meeting with documents; six more
        coming meetings fill the calendars."""
        self.published_minutes = self.published()
        may = held_meeting(
            self.body, datetime.date(2026, 5, 12), title="Extra möte om hemsjukvården"
        )
        self.draft = self.start(may)
        day = local_today() + datetime.timedelta(days=30)
        while day.weekday() != 1:
            day += datetime.timedelta(days=1)
        self.coming = meeting_create(
            body=self.body,
            starts_at=local(day, 13),
            ends_at=local(day, 16),
            place="Regionens hus, Köpmangatan 25, Umeå; sal Lövånger-Björksele",
            video_link="https://video.region.example/mote/lansamverkansgruppen-2026-hemsjukvard",
            by=self.coordinator,
        )
        for week in range(1, 7):
            other = day + datetime.timedelta(weeks=6 * week)
            meeting_create(
                body=self.body if week % 2 else self.au,
                starts_at=local(other, 9),
                ends_at=local(other, 12),
                by=self.coordinator,
            )
        for title, name in (
            (
                "Samverkansöverenskommelse om hemsjukvård 2027–2030",
                "Overenskommelse_hemsjukvard_2027-2030_slutversion.txt",
            ),
            ("Uppföljning av samordnad individuell plan (SIP)", "SIP-uppfoljning.txt"),
        ):
            document_upload(
                meeting=self.coming,
                uploaded_file=SimpleUploadedFile(name, TEXT, content_type="text/plain"),
                title=title,
                registry_number="RS/2026/001234",
                public=True,
                by=self.coordinator,
            )

    def make_cases(self) -> None:
        self.raised_case = case_raise(
            body=self.body,
            by=self.coordinator,
            title="Gemensam rutin för läkemedelshantering vid utskrivning från slutenvården",
            description="Kommunerna och regionen behöver en gemensam rutin.",
            proposal="Ta fram en länsgemensam rutin.",
            raised_by=self.bo,
        )
        self.recommendation = Recommendation.objects.filter(body=self.body).first()
        self.assignment = assignment_give(
            by=self.coordinator,
            given_by=self.body,
            to_body=self.au,
            title="Ta fram underlag om läkemedelshantering i hemsjukvården och särskilda boenden",
            due_on=local_today() + datetime.timedelta(days=90),
        )

    # --- Looking --------------------------------------------------------------------------

    def check(self, path: str, name: str, *, narrowest: bool = False) -> None:
        """The page at 1280 and 390 px (and 320), a screenshot at each; at the phone's widths
        nothing wider than the window, and axe finds nothing."""
        widths = (DESKTOP, PHONE, NARROWEST) if narrowest else (DESKTOP, PHONE)
        for width in widths:
            with self.subTest(page=name, width=width):
                self.page.set_viewport_size({"width": width, "height": 900})
                response = self.page.goto(self.url(path))
                self.assertEqual(response.status if response else None, 200, path)
                self.screenshot(f"phone-{name}-{width}")
                if width == DESKTOP:
                    continue
                scroll = self.page.evaluate("document.documentElement.scrollWidth")
                self.assertLessEqual(scroll, width, f"{path} is {scroll} px wide at {width} px")
                self.assert_accessible()

    def test_the_public_pages_fit_a_phone(self) -> None:
        slug, key = self.structure.slug, self.body.key
        minutes = self.published_minutes
        self.assertIsNotNone(minutes.published_at)
        self.check(reverse("public:home"), "start", narrowest=True)
        self.check(reverse("public:structure", args=[slug]), "struktur", narrowest=True)
        self.check(reverse("public:body", args=[slug, key]), "grupp", narrowest=True)
        self.check(reverse("meetings_public:public_structure_calendar", args=[slug]), "kalender")
        self.check(
            reverse("meetings_public:public_body_calendar", args=[slug, key]), "gruppkalender"
        )
        self.check(reverse("minutes_public:structure_archive", args=[slug]), "arkiv")
        self.check(
            reverse("minutes_public:minutes", args=[slug, key, minutes.pk]),
            "minnesanteckningar",
            narrowest=True,
        )
        self.check(reverse("search:search") + "?q=samverkansavtal", "sok")
        self.check(reverse("cases_public:balance_list", args=[slug]), "balanslista")

    def test_the_working_pages_fit_a_phone(self) -> None:
        slug, key = self.structure.slug, self.body.key
        self.log_in("koordinator", PASSWORD)
        self.check(reverse("work:home"), "arbeta-koordinator", narrowest=True)
        self.check(reverse("work:structure", args=[slug]), "arbeta-struktur")
        self.check(reverse("work:body", args=[slug, key]), "arbeta-grupp", narrowest=True)
        self.check(
            reverse("meetings:meeting", args=[self.coming.pk]), "arbeta-mote", narrowest=True
        )
        self.check(
            reverse("minutes:minutes", args=[self.draft.pk]), "arbeta-utkast", narrowest=True
        )
        self.check(reverse("minutes:minutes", args=[self.published_minutes.pk]), "arbeta-justerade")
        self.check(reverse("rules:findings"), "arbeta-regler")
        self.check(reverse("cases:case_list", args=[slug]), "arbeta-arenden")
        self.check(reverse("cases:case", args=[self.raised_case.pk]), "arbeta-arende")
        self.check(reverse("cases:recommendation_list", args=[slug]), "arbeta-rekommendationer")
        assert self.recommendation is not None
        self.check(
            reverse("cases:recommendation", args=[self.recommendation.pk]), "arbeta-rekommendation"
        )
        self.check(reverse("cases:assignments", args=[slug]), "arbeta-uppdrag")
        self.check(reverse("cases:assignment", args=[self.assignment.pk]), "arbeta-uppdraget")

    def test_a_members_pages_fit_a_phone(self) -> None:
        self.log_in("ledamot", PASSWORD)
        self.check(reverse("work:home"), "arbeta-ledamot", narrowest=True)
        self.check(reverse("meetings:meeting", args=[self.coming.pk]), "ledamot-mote")
