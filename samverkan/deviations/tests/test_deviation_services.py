"""The deviation services: reporting without patient identity, answering, closing,
escalating, settings and the handler's email."""

from __future__ import annotations

import datetime

from django.core import mail

from samverkan.audit.models import Change
from samverkan.deviations import services
from samverkan.deviations.models import (
    DEFAULT_CATEGORIES,
    Deviation,
    DeviationCategory,
    DeviationStatus,
)
from samverkan.deviations.tests.base import (
    PERSONNUMMER,
    RANDOM_DIGITS,
    DeviationTestCase,
    samordningsnummer,
)
from samverkan.lib.errors import DomainError


class ReportTests(DeviationTestCase):
    def test_it_refuses_a_personnummer_in_any_text_and_stores_nothing(self) -> None:
        changes = Change.objects.count()
        for field in ("description", "contact_name", "reporting_unit", "routine"):
            with self.subTest(field=field), self.assertRaises(services.IdentityInText) as caught:
                self.report(**{field: f"Gäller {PERSONNUMMER}, se journal."})
            self.assertIn(field, caught.exception.errors)
            self.assertIn("personnummer", caught.exception.errors[field][0])
            self.assertIn("Inget har sparats", caught.exception.errors[field][0])
        self.assertEqual(Deviation.objects.count(), 0)
        self.assertEqual(Change.objects.count(), changes)
        self.assertEqual(mail.outbox, [])

    def test_it_refuses_a_samordningsnummer_and_a_short_personnummer(self) -> None:
        for number in (samordningsnummer(), "121212-1212", "1212121212"):
            with self.subTest(number=number), self.assertRaises(services.IdentityInText):
                self.report(description=f"Patient {number} saknade lista.")
        self.assertEqual(Deviation.objects.count(), 0)

    def test_it_accepts_ten_random_digits_that_fail_the_check(self) -> None:
        deviation = self.report(description=f"Remiss nr {RANDOM_DIGITS} kom aldrig fram.")
        self.assertIn(RANDOM_DIGITS, deviation.description)

    def test_it_sets_the_answer_date_from_the_structure_and_tells_the_handler(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            deviation = self.report()
        self.assertEqual(deviation.status, DeviationStatus.RECEIVED)
        self.assertEqual(deviation.answer_due, datetime.date(2026, 3, 3) + datetime.timedelta(60))
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["handlaggare@region.example"])
        self.assertIn(f"/arbeta/avvikelser/avvikelse/{deviation.pk}/", mail.outbox[0].body)
        services.deviation_settings_set(
            by=self.coordinator, structure=self.structure, answer_days=30, follow_up_body=None
        )
        later = self.report()
        self.assertEqual(later.answer_due, datetime.date(2026, 4, 2))

    def test_it_refuses_the_own_principal_and_a_future_day(self) -> None:
        with self.assertRaises(DomainError) as caught:
            self.report(concerned_principal=self.umea)
        self.assertIn("concerned_principal", caught.exception.errors)
        with self.assertRaises(DomainError):
            self.report(occurred_on=datetime.date(2026, 3, 4))

    def test_a_report_without_login_needs_the_reporters_email(self) -> None:
        with self.assertRaises(DomainError) as caught:
            self.report(by=None)
        self.assertIn("reporter_email", caught.exception.errors)
        deviation = self.report(by=None, reporter_email="nora@umea.example")
        self.assertIsNone(deviation.reported_by)


class AnswerTests(DeviationTestCase):
    def test_it_answers_closes_and_refuses_a_second_answer(self) -> None:
        deviation = self.report()
        services.deviation_answer(
            by=self.region_handler,
            deviation=deviation,
            investigation="Listan skickades inte.",
            measures="Checklista vid utskrivning.",
            expected_version=deviation.lock_version,
        )
        self.assertEqual(deviation.status, DeviationStatus.ANSWERED)
        self.assertEqual(deviation.answered_by, self.region_handler)
        with self.assertRaises(DomainError):
            services.deviation_answer(
                by=self.region_handler, deviation=deviation, investigation="a", measures="b"
            )
        services.deviation_close(by=self.coordinator, deviation=deviation)
        self.assertEqual(Deviation.objects.get().status, DeviationStatus.CLOSED)

    def test_an_answer_with_a_personnummer_is_refused_and_nothing_changes(self) -> None:
        deviation = self.report()
        with self.assertRaises(services.IdentityInText) as caught:
            services.deviation_answer(
                by=self.region_handler,
                deviation=deviation,
                investigation=f"Patienten {PERSONNUMMER} fick fel lista.",
                measures="Ny rutin.",
            )
        self.assertIn("investigation", caught.exception.errors)
        stored = Deviation.objects.get()
        self.assertEqual((stored.status, stored.investigation), (DeviationStatus.RECEIVED, ""))

    def test_it_escalates_to_the_follow_up_body(self) -> None:
        deviation = self.report()
        services.deviation_escalate(by=self.coordinator, deviation=deviation, note="Upprepas.")
        self.assertEqual(deviation.status, DeviationStatus.ESCALATED)
        self.assertEqual(deviation.escalated_to, self.body)
        self.assertTrue(deviation.is_open)


class SettingsTests(DeviationTestCase):
    def test_it_seeds_the_default_categories_once_and_replaces_them(self) -> None:
        names = list(
            DeviationCategory.objects.filter(structure=self.structure).values_list(
                "name", flat=True
            )
        )
        self.assertEqual(names, list(DEFAULT_CATEGORIES))
        self.report()
        services.categories_set(
            by=self.coordinator, structure=self.structure, names=["SIP", "Vårdplanering", ""]
        )
        active = DeviationCategory.objects.filter(structure=self.structure, active=True)
        self.assertEqual([c.name for c in active], ["SIP", "Vårdplanering"])
        # The category in use stays for its deviation.
        self.assertEqual(Deviation.objects.get().category.name, "Utskrivning")

    def test_a_new_link_replaces_the_old_one(self) -> None:
        old = services.deviation_settings_of(self.structure).report_token
        new = services.report_link_regenerate(by=self.coordinator, structure=self.structure)
        self.assertNotEqual(old, new.report_token)

    def test_a_handler_must_be_for_a_principal_of_the_structure(self) -> None:
        from samverkan.testing.base import principal

        with self.assertRaises(DomainError):
            services.handler_set(
                by=self.coordinator,
                structure=self.structure,
                principal=principal("10"),
                user=self.stranger,
            )
