"""Each kind of change, made through its service, shows on the next anonymous request of the
public page that shows it, although that page was cached just before."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from samverkan.cases.models import DecisionState
from samverkan.cases.services.principal_decisions import decision_record
from samverkan.cases.services.recommendations import recommendation_route
from samverkan.cases.tests.test_recommendations_base import RecommendationTestCase
from samverkan.followup.tests.reports_base import ReportTestCase
from samverkan.governing.services import document_create
from samverkan.lib.localtime import local
from samverkan.meetings.documents import document_upload
from samverkan.meetings.models import Meeting, MeetingStatus
from samverkan.meetings.services import meeting_cancel, meeting_update
from samverkan.minutes.models import Minutes
from samverkan.minutes.tests.base import MinutesTestCase
from samverkan.public.tests.test_pagecache import CachedPages, PageCacheTestCase
from samverkan.statistics.services import define_indicator, enter_values
from samverkan.structure.importer import structure_import
from samverkan.structure.models import Person, Role
from samverkan.structure.services.charters import charter_update
from samverkan.structure.services.memberships import membership_create

NEXT_YEAR = datetime.date.today().year + 1


@override_settings(PAGE_CACHE=True)
class MinutesAndMeetingChangesTests(CachedPages, MinutesTestCase):
    def test_approved_minutes_show_in_the_archive_at_once(self) -> None:
        url = reverse("minutes_public:body_archive", args=["vasterbotten", "lsg"])
        self.assertIn("Det finns inga publicerade minnesanteckningar", self.assert_cached(url))
        minutes = self.published()
        text, _ = self.fetch(url)
        self.assertIn(
            reverse("minutes_public:minutes", args=["vasterbotten", "lsg", minutes.pk]), text
        )
        self.assertIn(
            str(minutes.pk),
            self.fetch(reverse("minutes_public:body_feed", args=["vasterbotten", "lsg"]))[0],
        )

    def coming(self) -> Meeting:
        return Meeting.objects.create(
            body=self.body,
            starts_at=local(datetime.date(NEXT_YEAR, 4, 13), 13),
            ends_at=local(datetime.date(NEXT_YEAR, 4, 13), 15),
            place="Regionens hus, Umeå",
            status=MeetingStatus.PLANNED,
        )

    def test_a_moved_meeting_shows_its_new_time_at_once(self) -> None:
        meeting = self.coming()
        feed = reverse("meetings_public:body_ics", args=["vasterbotten", "lsg"])
        self.assertIn(f"{NEXT_YEAR}0413T", self.assert_cached(feed))
        meeting_update(
            meeting=meeting,
            expected_version=None,
            by=self.coordinator,
            reason="Krockar med nämnden",
            starts_at=local(datetime.date(NEXT_YEAR, 4, 20), 13),
            ends_at=local(datetime.date(NEXT_YEAR, 4, 20), 15),
        )
        text, _ = self.fetch(feed)
        self.assertIn(f"{NEXT_YEAR}0420T", text)
        self.assertNotIn(f"{NEXT_YEAR}0413T", text)

    def test_a_cancelled_meeting_shows_as_cancelled_at_once(self) -> None:
        meeting = self.coming()
        page = reverse("public:meeting", args=["vasterbotten", "lsg", meeting.pk])
        self.assertNotIn("inställt", self.assert_cached(page).lower())
        meeting_cancel(meeting=meeting, by=self.coordinator, reason="Ingen fråga att ta upp")
        self.assertIn("inställt", self.fetch(page)[0].lower())

    def test_an_added_public_document_shows_at_once(self) -> None:
        page = reverse("public:meeting", args=["vasterbotten", "lsg", self.meeting.pk])
        self.assertNotIn("Budget för hemsjukvården", self.assert_cached(page))
        with self.settings(MEDIA_ROOT=Path(settings.BASE_DIR) / "test-results" / "media"):
            document_upload(
                meeting=self.meeting,
                uploaded_file=SimpleUploadedFile(
                    "budget.txt", b"Budget", content_type="text/plain"
                ),
                title="Budget för hemsjukvården",
                public=True,
                by=self.coordinator,
            )
        self.assertIn("Budget för hemsjukvården", self.fetch(page)[0])


class BodyChangesTests(PageCacheTestCase):
    def test_a_new_member_shows_at_once(self) -> None:
        url = reverse("public:body", args=["vasterbotten", "lsg"])
        self.assertNotIn("Dagny Ek", self.assert_cached(url))
        dagny = Person.objects.create(key="dagny-ek", first_name="Dagny", last_name="Ek")
        membership_create(
            by=self.coordinator,
            body=self.body,
            person=dagny,
            role=Role.MEMBER,
            principal=self.skelleftea,
            start=datetime.date(2026, 1, 1),
        )
        self.assertIn("Dagny Ek", self.fetch(url)[0])

    def test_a_changed_charter_shows_at_once(self) -> None:
        url = reverse("public:body", args=["vasterbotten", "lsg"])
        self.assertIn("Möts minst tre gånger per år.", self.assert_cached(url))
        charter_update(
            by=self.coordinator,
            charter=self.charter,
            expected_version=None,
            meetings_min_per_year=6,
        )
        text, _ = self.fetch(url)
        self.assertNotIn("Möts minst tre gånger per år.", text)
        self.assertIn("Möts minst sex gånger per år.", text)

    def test_a_reimported_structure_file_shows_at_once(self) -> None:
        path = Path(settings.STRUCTURES_DIR) / "sormland-lokala-arenor.yaml"
        text = path.read_text()
        structure_import(text=text, path=str(path))
        url = reverse("public:structure", args=["sormland-lokala-arenor"])
        self.assertNotIn("Samverkansorganet SVOM", self.assert_cached(url))
        structure_import(
            text=text.replace("    name: SVOM\n", "    name: Samverkansorganet SVOM\n", 1),
            path=str(path),
        )
        self.assertIn("Samverkansorganet SVOM", self.fetch(url)[0])


class StatisticsAndGoverningChangesTests(PageCacheTestCase):
    def test_a_new_public_indicator_and_its_values_show_at_once(self) -> None:
        listing = reverse("statistics_public:indicator_list", args=["vasterbotten"])
        self.assertNotIn("Väntetid till hemsjukvård", self.assert_cached(listing))
        indicator = define_indicator(
            structure=self.structure,
            by=self.coordinator,
            name="Väntetid till hemsjukvård",
            unit="dagar",
            public=True,
        )
        self.assertIn("Väntetid till hemsjukvård", self.fetch(listing)[0])
        page = reverse("statistics_public:indicator", args=["vasterbotten", indicator.pk])
        self.assertNotIn("<td>47</td>", self.assert_cached(page))
        enter_values(indicator=indicator, by=self.coordinator, values=[("2480", 2025, 47)])
        self.assertIn("<td>47</td>", self.fetch(page)[0])

    def test_a_new_governing_document_shows_at_once(self) -> None:
        url = reverse("governing_public:list", args=["vasterbotten"])
        self.assertNotIn("Överenskommelse om hemsjukvård", self.assert_cached(url))
        document_create(
            by=self.coordinator,
            structure=self.structure,
            title="Överenskommelse om hemsjukvård",
            kind="agreement",
            public=True,
        )
        self.assertIn("Överenskommelse om hemsjukvård", self.fetch(url)[0])


@override_settings(PAGE_CACHE=True)
class DecisionChangesTests(CachedPages, RecommendationTestCase):
    def test_a_principals_decision_shows_on_the_balance_list_at_once(self) -> None:
        self.registrars()
        recommendation = self.recommendation()
        # As if the group published its minutes: the recommendation is then on the public list.
        Minutes.objects.filter(pk=recommendation.minutes_id).update(published_at=timezone.now())
        recommendation_route(
            recommendation=recommendation,
            by=None,
            answer_by=datetime.date(2026, 5, 15),
            today=datetime.date(2026, 3, 20),
        )
        url = reverse("cases_public:balance_list", args=[self.other_structure.slug])
        before = self.assert_cached(url)
        decision = recommendation.decisions.get(principal=self.municipalities[0])
        decision_record(
            decision=decision,
            expected_version=decision.lock_version,
            by=self.other_coordinator,
            state=DecisionState.ADOPTED,
            decided_on=datetime.date(2026, 4, 2),
            registry_number="SN 2026/41",
            paragraph="37",
            today=datetime.date(2026, 4, 10),
        )
        after, _ = self.fetch(url)
        adopted = str(DecisionState.ADOPTED.label)
        self.assertEqual(after.count(adopted), before.count(adopted) + 1)


@override_settings(PAGE_CACHE=True)
class ReportChangesTests(CachedPages, ReportTestCase):
    def test_a_delivered_report_shows_on_the_body_page_at_once(self) -> None:
        # The duty makes the delivered reports public.
        type(self.duty).objects.filter(pk=self.duty.pk).update(public=True)
        url = reverse("public:body", args=[self.local.structure.slug, self.local.key])
        self.assert_cached(url)
        report = self.delivered()
        page = reverse(
            "followup_public:report", args=[self.local.structure.slug, self.local.key, report.pk]
        )
        self.assertIn(page, self.fetch(url)[0])
