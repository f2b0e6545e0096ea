"""One test per seed charter: the shipped structure files hold what the charters say."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.test import TestCase

from samverkan.structure.demo import structure_files
from samverkan.structure.importer import ImportReport, structure_import_file
from samverkan.structure.models import CHARTER_RULE_FIELDS, Body, Charter, Membership, Role
from samverkan.structure.rules_text import charter_rule_lines
from samverkan.structure.selectors import body_page
from samverkan.structure.services import charter_update
from samverkan.structure.tests.test_rule_fields import posted
from samverkan.work.forms import CharterRulesForm

# The seeds describe memberships for 2026; assertions about who sits where use a day in it.
SEED_DAY = datetime.date(2026, 6, 1)

BLEKINGE_STANDING_ITEMS = [
    "Godkännande av dagens agenda",
    "Föregående mötesanteckningar",
    "Senaste protokollen från LSVO, länsamverkansgrupp och information från respektive organisation",
    "Aktuella uppdrag från länsamverkansgrupp",
    "Implementering av kunskapsstöd, avtal, överenskommelser, riktlinjer och rutiner",
    "Uppföljning SIP och annan aktuell statistik",
    "Uppföljning avvikelser",
    "Rapportering till länsamverkansgrupp",
]


def charter(structure: str, key: str) -> Charter:
    return Charter.objects.get(body__structure__slug=structure, body__key=key, status="in_force")


def rule_texts(c: Charter) -> list[str]:
    lines = charter_rule_lines(
        c,
        composition=list(c.composition.all()),
        standing_items=list(c.standing_items.all()),
        reporting=list(c.reporting.all()),
        role_links=list(c.role_links.all()),
    )
    return [line.text for line in lines]


class SeedTests(TestCase):
    reports: list[ImportReport]

    @classmethod
    def setUpTestData(cls) -> None:
        cls.reports = [structure_import_file(path=p) for p in structure_files()]

    def test_it_ships_four_structures(self) -> None:
        self.assertEqual(len(structure_files(settings.STRUCTURES_DIR)), 4)
        self.assertEqual(
            sorted(r.structure.slug for r in self.reports if r.structure),
            ["blekinge", "skane-mellersta", "sormland-lokala-arenor", "vasterbotten"],
        )

    def test_a_second_import_of_every_seed_changes_nothing(self) -> None:
        for path in structure_files():
            report = structure_import_file(path=path)
            self.assertFalse(report.changed, f"{path}: {report.summary()}")

    def test_vasterbotten_county_group(self) -> None:
        lsg = charter("vasterbotten", "lsg")
        self.assertEqual(lsg.meetings_min_per_year, 3)
        self.assertEqual((lsg.booking_deadline_month, lsg.booking_deadline_day), (11, 30))
        self.assertEqual((lsg.document_lead_value, lsg.document_lead_unit), (10, "working_days"))
        self.assertTrue(lsg.items_need_description_and_proposal)
        self.assertEqual(lsg.minutes_approval, "chair_and_adjuster")
        self.assertTrue(lsg.minutes_public)
        self.assertTrue(lsg.chair_and_vice_chair_from_different_principals)
        self.assertEqual(lsg.chair_rotation, "yearly")
        self.assertTrue(lsg.chair_rotation_extendable)
        self.assertTrue(lsg.keeps_balance_list)
        self.assertEqual(lsg.substitutes, "allowed")
        region = lsg.composition.get(principal_kind="region", role="member")
        self.assertEqual((region.min_count, region.max_count), (4, 4))
        self.assertEqual(
            set(
                lsg.composition.filter(principal__isnull=False).values_list(
                    "principal__scb_code", flat=True
                )
            ),
            {"2480", "2482"},
        )
        self.assertTrue(
            lsg.role_links.filter(role="chair", kind="presenter_in", to_body__key="samrad").exists()
        )
        au = charter("vasterbotten", "lsg-au")
        self.assertEqual((au.document_lead_value, au.document_lead_unit), (6, "working_days"))
        self.assertEqual(
            Body.objects.get(structure__slug="vasterbotten", key="lsg-au").parent.key, "lsg"
        )
        texts = rule_texts(lsg)
        self.assertIn("Möts minst tre gånger per år.", texts)
        self.assertIn(
            "Handlingar ska vara ledamöterna tillhanda senast tio arbetsdagar före mötet.", texts
        )

    def test_vasterbotten_political_council(self) -> None:
        samrad = charter("vasterbotten", "samrad")
        self.assertEqual(samrad.meetings_min_per_year, 3)
        self.assertEqual(
            (samrad.document_lead_value, samrad.document_lead_unit), (10, "working_days")
        )
        per_municipality = samrad.composition.get(principal_kind="municipality", per_principal=True)
        self.assertEqual((per_municipality.max_count, per_municipality.with_substitutes), (1, True))
        self.assertEqual(
            samrad.composition.get(principal_kind="region", role="member").max_count, 3
        )
        body = Body.objects.get(structure__slug="vasterbotten", key="samrad")
        umea_seats = (
            Membership.objects.active_on(SEED_DAY)
            .filter(
                body=body, principal__scb_code="2480", role__in=["chair", "vice_chair", "member"]
            )
            .count()
        )
        self.assertEqual(umea_seats, 2)
        self.assertEqual(charter("vasterbotten", "samrad-au").document_lead_value, 6)

    def test_vasterbotten_preparation_committees(self) -> None:
        for key in ("beredning-barn-unga", "beredning-vuxna-aldre"):
            c = charter("vasterbotten", key)
            self.assertEqual((c.meetings_min_per_year, c.meetings_max_per_year), (4, 6))
            self.assertEqual((c.document_lead_value, c.document_lead_unit), (7, "working_days"))
            municipal = c.composition.get(principal_kind="municipality")
            self.assertEqual((municipal.per_principal, municipal.max_count), (False, 6))
            self.assertEqual(c.composition.get(principal_kind="region").max_count, 4)
            self.assertTrue(c.may_appoint_working_groups)
            self.assertEqual(c.working_groups_review_months, 12)
            self.assertEqual(
                Body.objects.get(structure__slug="vasterbotten", key=key).parent.key, "lsg"
            )

    def test_vasterbotten_councils(self) -> None:
        safety = charter("vasterbotten", "patientsakerhet")
        self.assertEqual((safety.meetings_min_per_year, safety.meetings_max_per_year), (2, 4))
        self.assertEqual(
            (
                safety.document_lead_value,
                safety.document_lead_unit,
                safety.document_lead_approximate,
            ),
            (2, "weeks", True),
        )
        self.assertEqual(safety.minutes_approval, "chair")
        self.assertTrue(
            safety.reporting.filter(frequency="yearly", to_body__key="lsg", public=True).exists()
        )
        aids = charter("vasterbotten", "hjalpmedelsradet")
        self.assertEqual(aids.minutes_approval, "vice_chair")
        self.assertEqual(aids.member_term_years, 4)
        self.assertEqual(aids.composition.get(role="permanently_co_opted").max_count, 3)
        self.assertTrue(
            aids.role_links.filter(
                role="chair", kind="member_of", to_body__key="lsg", term_years=1
            ).exists()
        )

    def test_blekinge_local_groups(self) -> None:
        locals_ = Body.objects.filter(
            structure__slug="blekinge", kind="local_group"
        ).select_related("parent", "municipality")
        self.assertEqual(locals_.count(), 15)
        self.assertEqual(
            {b.municipality.scb_code for b in locals_}, {"1080", "1081", "1082", "1060", "1083"}
        )
        for body in locals_:
            c = charter("blekinge", body.key)
            self.assertEqual(c.meetings_min_per_year, 6, body.key)
            self.assertTrue(c.meetings_planned_per_year)
            self.assertEqual(
                [i.title.rstrip(".") for i in c.standing_items.all()], BLEKINGE_STANDING_ITEMS
            )
            duty = c.reporting.get()
            self.assertEqual((duty.frequency, duty.to_body_id), ("per_term", body.parent_id))
            self.assertEqual(c.chair_principal_kind, "municipality")
            self.assertTrue(c.chair_principal_kind_may_share)
            self.assertTrue(c.minutes_template_required)
            self.assertTrue(c.decisions_followed_up_in_next_minutes)
            # The charter does not say who approves the minutes, so neither does the page.
            self.assertEqual(c.minutes_approval, "")
            self.assertFalse([t for t in rule_texts(c) if "justeras" in t])
            self.assertEqual(
                (c.version, str(c.decided_on), str(c.next_revision)),
                ("1.0", "2023-12-15", "2024-12-01"),
            )
        self.assertEqual(
            Body.objects.filter(structure__slug="blekinge", kind="county_group").count(), 3
        )

    def test_skane_operative_group(self) -> None:
        body = Body.objects.get(structure__slug="skane-mellersta", key="operativ-mellersta")
        self.assertEqual(body.mandate, "none")
        c = charter("skane-mellersta", "operativ-mellersta")
        self.assertEqual((c.meetings_min_per_year, c.meetings_max_per_year), (4, 8))
        self.assertEqual(c.substitutes, "not_allowed")
        self.assertTrue(c.members_need_mandate)
        self.assertEqual(c.convener, "process_leaders")
        self.assertTrue(c.may_appoint_working_groups)
        self.assertEqual(c.reporting.get().to_body.key, "tjansteberedning-mellersta")
        self.assertFalse(Membership.objects.filter(body=body, role=Role.SUBSTITUTE).exists())
        self.assertIn("Inga ersättare vid frånvaro.", rule_texts(c))
        self.assertEqual(c.minutes_approval, "none")
        self.assertIn(
            "Minnesanteckningarna publiceras på Vårdsamverkan Skånes hemsida.", rule_texts(c)
        )
        working_group = Body.objects.get(structure__slug="skane-mellersta", kind="working_group")
        self.assertEqual((working_group.duration, working_group.parent_id), ("temporary", body.pk))
        self.assertIsNotNone(working_group.end_date)

    def test_sormland_local_arenas(self) -> None:
        arenas = Body.objects.filter(structure__slug="sormland-lokala-arenor", kind="local_group")
        self.assertEqual(arenas.count(), 9)
        for body in arenas:
            c = charter("sormland-lokala-arenor", body.key)
            self.assertEqual(c.meetings_min_per_quarter, 1)
            self.assertEqual((c.document_lead_value, c.document_lead_unit), (1, "weeks"))
            self.assertEqual(c.minutes_approval, "none")
            self.assertTrue(c.minutes_distributed_to_all)
            self.assertEqual(c.minutes_taken_by, "appointed_by_meeting")
            self.assertEqual(c.registry_number, "LS/751/2013")
            self.assertEqual(c.escalates_to.key, "fredagsgruppen")
            self.assertEqual(len(c.assignment_headings), 8)
            self.assertTrue(c.assignment_needs_responsible)
            titles = [i.title.lower() for i in c.standing_items.all()]
            self.assertTrue(any("kort information från kommun och primärvård" in t for t in titles))
            self.assertIn("Möts minst en gång per kvartal.", rule_texts(c))

    def test_no_seed_body_breaks_a_membership_rule_and_pages_render(self) -> None:
        for body in Body.objects.select_related("structure__region", "parent", "municipality"):
            page = body_page(body)
            response = self.client.get(f"/s/{body.structure.slug}/g/{body.key}/")
            self.assertEqual(response.status_code, 200, body.key)
            self.assertIsNotNone(page)

    def test_every_seed_charter_comes_back_unchanged_from_the_working_form(self) -> None:
        for seed in Charter.objects.in_force().select_related("body"):
            before = {name: getattr(seed, name) for name in CHARTER_RULE_FIELDS}
            shown = CharterRulesForm(instance=seed, prefix="r")
            form = CharterRulesForm(
                posted(shown), instance=Charter.objects.get(pk=seed.pk), prefix="r"
            )
            self.assertTrue(form.is_valid(), (seed, form.errors))
            charter_update(by=None, charter=seed, expected_version=None, **form.changes())
            saved = Charter.objects.get(pk=seed.pk)
            self.assertEqual({name: getattr(saved, name) for name in CHARTER_RULE_FIELDS}, before)
