"""Terms ending, reporting duties, charter revision and the composition's substitutes and
permanently co-opted, each from the seeds' own wording."""

from __future__ import annotations

import datetime
from collections.abc import Collection

from django.urls import reverse

from samverkan.lib.findings import Finding, Severity
from samverkan.structure.findings import (
    CHARTER_REVISION,
    COMPOSITION,
    REPORTING_DUE,
    TERM_ENDING,
    add_months,
    charter_revision,
    composition,
    interval_text,
    report_deliveries,
    reporting_due,
    term_ending,
)
from samverkan.structure.models import (
    Body,
    Charter,
    CompositionRule,
    Membership,
    Person,
    ReportingDuty,
    Role,
    RoleLink,
    Structure,
)
from samverkan.testing.base import BaseTestCase

D = datetime.date


def body_in(structure: Structure, key: str, name: str, **charter: object) -> Body:
    body = Body.objects.create(
        structure=structure, key=key, name=name, kind="council", level="regional", mandate="none"
    )
    Charter.objects.create(body=body, version="2020", **charter)
    return body


def seat(body: Body, person: Person, principal, start: datetime.date, end=None, **kw) -> Membership:  # type: ignore[no-untyped-def]
    return Membership.objects.create(
        body=body,
        person=person,
        role=kw.pop("role", Role.MEMBER),
        principal=principal,
        start=start,
        end=end,
        **kw,
    )


class TermEndingTests(BaseTestCase):
    """004, Hjälpmedelsrådet: "Ledamöterna i Hjälpmedelsrådet nomineras för 4 år." and
    "Ordförande i Hjälpmedelsrådet ingår som ordinarie medlem i Länsamverkansgruppen och
    nomineras för ett år i taget.\""""

    council_body: Body
    dan: Person

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.council_body = body_in(
            cls.structure,
            "hjalpmedelsradet",
            "Hjälpmedelsrådet",
            member_term_years=4,
            citations={
                "members": "Ledamöterna i Hjälpmedelsrådet nomineras för 4 år.",
                "role_links": "Ordförande i Hjälpmedelsrådet ingår som ordinarie medlem i "
                "Länsamverkansgruppen och nomineras för ett år i taget.",
            },
        )
        cls.dan = Person.objects.create(key="dan", first_name="Dan", last_name="Ström")
        nominated, ends = D(2023, 1, 1), D(2026, 12, 31)
        seat(cls.council_body, cls.alice, cls.umea, nominated, ends)
        seat(cls.council_body, cls.bo, cls.region, nominated, ends)
        seat(cls.council_body, cls.cecilia, cls.skelleftea, nominated, ends)

    def found(self, today: datetime.date) -> list[Finding]:
        return list(term_ending(today=today))

    def test_it_reports_four_year_nominations_ending_without_successors(self) -> None:
        self.assertEqual(self.found(D(2026, 10, 31)), [])
        [finding] = self.found(D(2026, 11, 1))
        self.assertEqual(finding.rule, TERM_ENDING)
        self.assertEqual(finding.severity, Severity.DUE_SOON)
        self.assertEqual(finding.due_on, D(2026, 12, 31))
        self.assertEqual(
            finding.message,
            "Ledamöterna i Hjälpmedelsrådet nomineras för fyra år. Nomineringen av Alice Berg "
            "(Umeå kommun), Cecilia Ek (Skellefteå kommun) och Bo Lind (Region Västerbotten) "
            "slutar 31 december 2026 och ingen efterträdare är utsedd.",
        )
        self.assertEqual(finding.citation, "Ledamöterna i Hjälpmedelsrådet nomineras för 4 år.")
        self.assertEqual(
            finding.url, reverse("work:body", args=["vasterbotten", "hjalpmedelsradet"])
        )
        self.assertEqual(finding.about, f"body:{self.council_body.pk}:term:2026-12-31")
        self.assertEqual(finding.responsible.role, "koordinator")  # type: ignore[union-attr]

    def test_a_renominated_member_and_a_successor_leave_only_the_vacancy(self) -> None:
        seat(self.council_body, self.alice, self.umea, D(2027, 1, 1), D(2030, 12, 31))
        seat(self.council_body, self.dan, self.region, D(2027, 1, 1), D(2030, 12, 31))
        [finding] = self.found(D(2026, 12, 1))
        self.assertIn(
            "Nomineringen av Cecilia Ek (Skellefteå kommun) slutar 31 december 2026 och ingen "
            "efterträdare är utsedd.",
            finding.message,
        )

    def test_a_successor_for_one_of_two_leaves_one_missing(self) -> None:
        seat(self.council_body, self.frida_person(), self.region, D(2023, 1, 1), D(2026, 12, 31))
        seat(self.council_body, self.dan, self.region, D(2027, 1, 1))
        seat(self.council_body, self.alice, self.umea, D(2027, 1, 1))
        seat(self.council_body, self.cecilia, self.skelleftea, D(2027, 1, 1))
        [finding] = self.found(D(2026, 12, 1))
        self.assertIn("Bo Lind (Region Västerbotten)", finding.message)
        self.assertIn("Frida Ask (Region Västerbotten)", finding.message)
        self.assertTrue(finding.message.endswith("och efterträdare saknas för en av dem."))

    def frida_person(self) -> Person:
        return Person.objects.create(key="frida", first_name="Frida", last_name="Ask")

    def test_a_bodys_nominations_without_a_term_yield_none(self) -> None:
        # The personas' LSG sets no term: its members' end dates are not nominations.
        Membership.objects.filter(pk=self.chair.pk).update(end=D(2026, 12, 31))
        self.assertEqual([f.body_id for f in self.found(D(2026, 12, 1))], [self.council_body.pk])

    def test_the_hjalpmedelsrad_chairs_one_year_seat_in_the_county_group(self) -> None:
        RoleLink.objects.create(
            charter=self.council_body.charters.get(),
            role=Role.CHAIR,
            kind="member_of",
            to_body=self.body,
            term_years=1,
        )
        seat(
            self.body,
            self.dan,
            self.region,
            D(2026, 1, 1),
            D(2026, 12, 31),
            ex_officio_for=self.council_body,
        )
        found = [f for f in self.found(D(2026, 12, 1)) if f.body_id == self.body.pk]
        [finding] = found
        self.assertEqual(
            finding.message,
            "Ordförande i Hjälpmedelsrådet ingår som ordinarie ledamot i Länssamverkansgruppen "
            "och nomineras för ett år i taget. Nomineringen av Dan Ström slutar 31 december "
            "2026 och ingen är nominerad efter det.",
        )
        self.assertIn("nomineras för ett år i taget", finding.citation)
        self.assertEqual(
            finding.about, f"body:{self.body.pk}:ex-officio:{self.council_body.pk}:2026-12-31"
        )
        self.assertEqual(finding.url, reverse("work:body", args=["vasterbotten", "lsg"]))
        # Next year's chair nominated: nothing left to say about the county group.
        seat(
            self.body,
            self.bo,
            self.umea,
            D(2027, 1, 1),
            D(2027, 12, 31),
            ex_officio_for=self.council_body,
        )
        self.assertNotIn(self.body.pk, [f.body_id for f in self.found(D(2026, 12, 1))])

    def test_it_reads_in_a_fixed_number_of_queries(self) -> None:
        def queries_for(size: int) -> int:
            structure = Structure.objects.create(
                name=f"S{size}", slug=f"s{size}", region=self.region
            )
            for n in range(size):
                body = body_in(structure, f"b{n}", f"Råd {n}", member_term_years=4)
                seat(body, self.bo, self.region, D(2023, 1, 1), D(2026, 12, 31))
                county = body_in(structure, f"c{n}", f"Länsgrupp {n}")
                RoleLink.objects.create(
                    charter=body.charters.get(),
                    role=Role.CHAIR,
                    kind="member_of",
                    to_body=county,
                    term_years=1,
                )
                seat(
                    county,
                    self.bo,
                    self.region,
                    D(2026, 1, 1),
                    D(2026, 12, 31),
                    ex_officio_for=body,
                )
            with self.assertNumQueries(4) as counted:
                found = list(term_ending(today=D(2026, 12, 1), structure_ids=[structure.pk]))
            self.assertEqual(len(found), 2 * size)
            return len(counted.captured_queries)

        self.assertEqual(queries_for(2), queries_for(8))


class ReportingDueTests(BaseTestCase):
    """003: "Ordförande och sekreterare lämnar kort sammanställning/rapport till berörd
    länsamverkansgrupp en gång per termin." 004: "Rådet ger årligen en sammanställning av de
    frågor man behandlat, till Länssamverkansgruppen. Sammanställningen rapporten översändes
    via regional samverkanskoordinator. Denna sammanställning är offentlig handling.\""""

    local: Body
    council_body: Body
    per_term: ReportingDuty
    yearly: ReportingDuty

    PER_TERM = (
        "Ordförande och sekreterare lämnar kort sammanställning/rapport till berörd "
        "länsamverkansgrupp en gång per termin."
    )

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.local = body_in(
            cls.other_structure,
            "lokal-att-aldras-karlshamn",
            "Lokal samverkansgrupp Att åldras – Karlshamn",
            citations={"reporting": cls.PER_TERM},
        )
        cls.per_term = ReportingDuty.objects.create(
            charter=cls.local.charters.get(),
            to_body=cls.other_body,
            frequency="per_term",
            what="Kort sammanställning/rapport",
            reported_by="Ordförande och sekreterare",
        )
        seat(cls.local, cls.alice, cls.umea, D(2024, 2, 1), role=Role.CHAIR)
        seat(cls.local, cls.cecilia, cls.skelleftea, D(2024, 2, 1), role=Role.SECRETARY)
        cls.council_body = body_in(
            cls.structure, "patientsakerhet", "Samverkansråd patientsäkerhet"
        )
        cls.yearly = ReportingDuty.objects.create(
            charter=cls.council_body.charters.get(),
            to_body=cls.body,
            frequency="yearly",
            what="Sammanställning av de frågor man behandlat",
            via="Regional samverkanskoordinator",
            public=True,
        )
        ReportingDuty.objects.create(
            charter=cls.council_body.charters.get(), to_body=cls.body, frequency="continuous"
        )

    def setUp(self) -> None:
        super().setUp()
        # The rule on its own: the checks apps register at start (follow-up's) are tested
        # in those apps; here each test registers its own.
        self.enterContext(report_deliveries.none_registered())

    def found(self, today: datetime.date) -> list[Finding]:
        return list(reporting_due(today=today))

    def test_a_report_per_term_is_due_soon_in_the_30_days_before_30_june(self) -> None:
        self.assertEqual(self.found(D(2026, 5, 30)), [])
        [finding] = self.found(D(2026, 5, 31))
        self.assertEqual(finding.rule, REPORTING_DUE)
        self.assertEqual(finding.severity, Severity.DUE_SOON)
        self.assertEqual(finding.due_on, D(2026, 6, 30))
        self.assertEqual(
            finding.message,
            "Lokal samverkansgrupp Att åldras – Karlshamn ska lämna kort sammanställning/rapport "
            "till LSVO senast 30 juni 2026 (en gång per termin).",
        )
        self.assertEqual(finding.citation, self.PER_TERM)
        self.assertEqual(
            finding.responsible.text(), "ordförande och sekreterare (Alice Berg, Cecilia Ek)"
        )  # type: ignore[union-attr]
        self.assertEqual(finding.about, f"reporting:{self.per_term.pk}:2026-06-30")
        # And again in the autumn term.
        [autumn] = [f for f in self.found(D(2026, 12, 10)) if f.body_id == self.local.pk]
        self.assertEqual(autumn.due_on, D(2026, 12, 31))

    def test_a_yearly_public_summary_is_due_by_31_december_to_whom_and_how(self) -> None:
        [finding] = [f for f in self.found(D(2026, 12, 10)) if f.body_id == self.council_body.pk]
        self.assertEqual(
            finding.message,
            "Samverkansråd patientsäkerhet ska lämna sammanställning av de frågor man behandlat "
            "till Länssamverkansgruppen via regional samverkanskoordinator senast 31 december "
            "2026 (en gång per år). Den är offentlig handling.",
        )
        # Nobody named by role: the coordinators answer for it.
        self.assertEqual(finding.responsible.text(), "koordinator (koordinator)")  # type: ignore[union-attr]
        self.assertNotIn(self.council_body.pk, [f.body_id for f in self.found(D(2026, 6, 10))])

    def test_delivered_reports_are_marked_done_by_the_app_that_records_them(self) -> None:
        asked: list[Collection[tuple[int, datetime.date]]] = []

        def delivered(
            wanted: Collection[tuple[int, datetime.date]],
        ) -> set[tuple[int, datetime.date]]:
            asked.append(wanted)
            return {(self.per_term.pk, D(2025, 12, 31)), (self.per_term.pk, D(2026, 6, 30))}

        report_deliveries.register("test", delivered)
        self.addCleanup(report_deliveries.unregister, "test")
        self.assertNotIn(self.local.pk, [f.body_id for f in self.found(D(2026, 6, 10))])
        self.assertEqual(len(asked), 1)
        self.assertIn((self.yearly.pk, D(2025, 12, 31)), asked[0])
        # Once reports are recorded, one not delivered by its date is overdue.
        [late] = [f for f in self.found(D(2027, 1, 10)) if f.body_id == self.local.pk]
        self.assertEqual((late.severity, late.due_on), (Severity.OVERDUE, D(2026, 12, 31)))
        self.assertTrue(late.message.endswith("och ingen sådan rapport är registrerad."))

    def test_it_reads_in_a_fixed_number_of_queries(self) -> None:
        def queries_for(size: int) -> int:
            structure = Structure.objects.create(
                name=f"S{size}", slug=f"s{size}", region=self.region
            )
            for n in range(size):
                body = body_in(structure, f"b{n}", f"Grupp {n}")
                ReportingDuty.objects.create(
                    charter=body.charters.get(),
                    to_body=self.body,
                    frequency="per_term",
                    reported_by="Ordförande",
                )
                seat(body, self.alice, self.umea, D(2026, 1, 1), role=Role.CHAIR)
            with self.assertNumQueries(3) as counted:
                found = list(reporting_due(today=D(2026, 6, 10), structure_ids=[structure.pk]))
            self.assertEqual(len(found), size)
            return len(counted.captured_queries)

        self.assertEqual(queries_for(2), queries_for(8))


class CharterRevisionTests(BaseTestCase):
    """003: "Version 1.0 Nästa revidering 2024-12-01"; 004: "Beredningarnas uppdrag och
    bemanning skall revideras vid behov och minst vartannat år.\""""

    def found(self, today: datetime.date) -> list[Finding]:
        return [f for f in charter_revision(today=today) if f.body_id == self.body.pk]

    def set(self, **fields: object) -> None:
        Charter.objects.filter(pk=self.charter.pk).update(**fields)

    def test_003s_next_revision_is_long_past(self) -> None:
        self.set(
            next_revision=D(2024, 12, 1),
            citations={"revision": "Version 1.0 Nästa revidering 2024-12-01"},
        )
        self.assertEqual(self.found(D(2024, 10, 1)), [])
        [soon] = self.found(D(2024, 10, 15))
        self.assertEqual((soon.severity, soon.due_on), (Severity.DUE_SOON, D(2024, 12, 1)))
        self.assertEqual(
            soon.message,
            "Uppdragsbeskrivningen för Länssamverkansgruppen ska revideras senast 1 december 2024.",
        )
        [finding] = self.found(D(2026, 3, 1))
        self.assertEqual(finding.rule, CHARTER_REVISION)
        self.assertEqual(finding.severity, Severity.OVERDUE)
        self.assertEqual(
            finding.message,
            "Uppdragsbeskrivningen för Länssamverkansgruppen skulle ha reviderats senast 1 december 2024.",
        )
        self.assertEqual(finding.citation, "Version 1.0 Nästa revidering 2024-12-01")
        self.assertEqual(finding.url, reverse("work:charter_rules", args=["vasterbotten", "lsg"]))
        self.assertEqual(
            (finding.key, soon.key), (f"{CHARTER_REVISION}|charter:{self.charter.pk}:revision",) * 2
        )

    def test_004s_interval_counts_from_the_decision(self) -> None:
        self.set(revision_interval_months=24)  # decided 2020-01-01
        [finding] = self.found(D(2026, 3, 1))
        self.assertEqual(finding.due_on, D(2022, 1, 1))
        self.assertEqual(
            finding.message,
            "Uppdragsbeskrivningen för Länssamverkansgruppen (beslutad 1 januari 2020, ska "
            "revideras vartannat år) skulle ha reviderats senast 1 januari 2022.",
        )
        # A date set for the next revision wins over the interval.
        self.set(next_revision=D(2026, 9, 1))
        self.assertEqual(self.found(D(2026, 3, 1)), [])

    def test_a_charter_valid_until_a_date(self) -> None:
        self.set(valid_until=D(2027, 4, 30))
        [soon] = self.found(D(2027, 3, 15))
        self.assertEqual((soon.severity, soon.due_on), (Severity.DUE_SOON, D(2027, 4, 30)))
        self.assertIn("gäller till och med 30 april 2027", soon.message)
        [late] = self.found(D(2027, 5, 2))
        self.assertEqual(late.severity, Severity.OVERDUE)
        self.assertEqual(late.about, f"charter:{self.charter.pk}:valid-until")
        self.assertEqual(
            late.message,
            "Uppdragsbeskrivningen för Länssamverkansgruppen gällde till och med 30 april 2027; "
            "gruppen saknar en gällande uppdragsbeskrivning tills en ny är beslutad.",
        )

    def test_an_ended_body_is_not_revised(self) -> None:
        self.set(next_revision=D(2024, 12, 1))
        Body.objects.filter(pk=self.body.pk).update(end_date=D(2025, 6, 30))
        self.assertEqual(self.found(D(2026, 3, 1)), [])

    def test_months_and_intervals_in_words(self) -> None:
        self.assertEqual(add_months(D(2024, 1, 31), 1), D(2024, 2, 29))
        self.assertEqual(add_months(D(2020, 1, 1), 24), D(2022, 1, 1))
        self.assertEqual(interval_text(12), "varje år")
        self.assertEqual(interval_text(36), "vart tredje år")
        self.assertEqual(interval_text(18), "var 18:e månad")
        self.assertEqual(interval_text(21), "var 21:a månad")

    def test_it_reads_in_a_fixed_number_of_queries(self) -> None:
        def queries_for(size: int) -> int:
            structure = Structure.objects.create(
                name=f"S{size}", slug=f"s{size}", region=self.region
            )
            for n in range(size):
                body_in(structure, f"b{n}", f"Grupp {n}", next_revision=D(2024, 12, 1))
            with self.assertNumQueries(2) as counted:
                found = list(charter_revision(today=D(2026, 3, 1), structure_ids=[structure.pk]))
            self.assertEqual(len(found), size)
            return len(counted.captured_queries)

        self.assertEqual(queries_for(2), queries_for(8))


class CompositionSubstitutesTests(BaseTestCase):
    """004: "Mot den bakgrunden föreslås varje kommun utse en representant samt en ersättare."
    and "Verksamhetschef och verksamhetsutvecklare från Hjälpmedel Västerbotten samt regional
    hjälpmedelskoordinator är ständigt adjungerade i Hjälpmedelsrådet.\""""

    def found(self, body: Body) -> Finding:
        return next(f for f in composition(today=D(2026, 3, 1)) if f.body_id == body.pk)

    def test_missing_substitutes_are_reported_beside_the_vacant_seats(self) -> None:
        finding = self.found(self.body)
        self.assertEqual(finding.rule, COMPOSITION)
        self.assertTrue(
            finding.message.endswith(
                " Ersättare saknas också: Umeå kommun saknar en ersättare och regionen saknar "
                "en ersättare."
            ),
            finding.message,
        )

    def test_a_body_complete_but_for_its_substitutes(self) -> None:
        body = body_in(
            self.structure,
            "samrad-x",
            "Samrådet",
            substitutes="allowed",
            citations={
                "composition": "Mot den bakgrunden föreslås varje kommun utse en representant samt en ersättare."
            },
        )
        CompositionRule.objects.create(
            charter=body.charters.get(),
            principal=self.umea,
            min_count=1,
            max_count=1,
            with_substitutes=True,
        )
        member = seat(body, self.alice, self.umea, D(2026, 1, 1))
        finding = self.found(body)
        self.assertEqual(
            finding.message, "Samrådet saknar ersättare: Umeå kommun saknar en ersättare."
        )
        self.assertIn("samt en ersättare", finding.citation)
        seat(
            body,
            self.cecilia,
            self.umea,
            D(2026, 1, 1),
            role=Role.SUBSTITUTE,
            substitute_for=member,
        )
        self.assertNotIn(body.pk, [f.body_id for f in composition(today=D(2026, 3, 1))])

    def test_a_charter_without_substitutes_asks_for_none(self) -> None:
        body = body_in(self.structure, "op", "Operativ grupp", substitutes="not_allowed")
        CompositionRule.objects.create(
            charter=body.charters.get(), principal=self.umea, min_count=1, with_substitutes=True
        )
        seat(body, self.alice, self.umea, D(2026, 1, 1))
        self.assertNotIn(body.pk, [f.body_id for f in composition(today=D(2026, 3, 1))])

    def test_permanently_co_opted_missing(self) -> None:
        body = body_in(self.structure, "hmr", "Hjälpmedelsrådet")
        CompositionRule.objects.create(
            charter=body.charters.get(),
            principal=self.region,
            min_count=3,
            max_count=3,
            role="permanently_co_opted",
        )
        for person in (self.alice, self.bo):
            seat(body, person, self.region, D(2020, 1, 1), role=Role.PERMANENTLY_CO_OPTED)
        self.assertIn("Region Västerbotten saknar en ständigt adjungerad", self.found(body).message)
