from __future__ import annotations

import datetime
from collections.abc import Collection, Iterator

from django.test import SimpleTestCase

from samverkan.lib.findings import Finding, FindingsRegistry, Severity

TODAY = datetime.date(2026, 3, 1)


def finding(code: str, severity: Severity, subject: str, due_on: datetime.date | None = None):
    return Finding(
        rule=code, severity=severity, message=f"{subject}.", subject=subject, due_on=due_on
    )


class FindingsRegistryTests(SimpleTestCase):
    def setUp(self) -> None:
        self.registry = FindingsRegistry()

    def test_it_orders_by_severity_then_due_date_then_subject(self) -> None:
        @self.registry.register("a.info")
        def infos(
            *, today: datetime.date, structure_ids: Collection[int] | None
        ) -> Iterator[Finding]:
            yield finding("a.info", Severity.NOTED, "Först i alfabetet")

        @self.registry.register("b.mixed")
        def mixed(
            *, today: datetime.date, structure_ids: Collection[int] | None
        ) -> Iterator[Finding]:
            yield finding("b.mixed", Severity.DUE_SOON, "Utan datum")
            yield finding(
                "b.mixed", Severity.DUE_SOON, "Senare", TODAY + datetime.timedelta(days=9)
            )
            yield finding("b.mixed", Severity.OVERDUE, "Fel", TODAY + datetime.timedelta(days=30))
            yield finding("b.mixed", Severity.DUE_SOON, "Snart", TODAY + datetime.timedelta(days=1))
            yield finding("b.mixed", Severity.DUE_SOON, "Också utan datum")

        found = self.registry.run(today=TODAY)
        self.assertEqual(
            [f.subject for f in found],
            ["Fel", "Snart", "Senare", "Också utan datum", "Utan datum", "Först i alfabetet"],
        )

    def test_it_passes_today_and_the_structures_to_every_rule(self) -> None:
        calls = []

        @self.registry.register("a.seen")
        def seen(*, today: datetime.date, structure_ids: Collection[int] | None) -> list[Finding]:
            calls.append((today, structure_ids))
            return []

        self.registry.run(today=TODAY, structure_ids=[7])
        self.registry.run(today=TODAY)
        self.assertEqual(calls, [(TODAY, [7]), (TODAY, None)])

    def test_it_runs_only_the_rules_asked_for(self) -> None:
        for code in ("a.one", "b.two"):
            self.registry.register(code)(
                lambda *, today, structure_ids, code=code: [finding(code, Severity.NOTED, code)]
            )
        self.assertEqual(
            [f.rule for f in self.registry.run(today=TODAY, codes={"b.two"})], ["b.two"]
        )
        self.assertEqual(len(self.registry.run(today=TODAY)), 2)
        self.assertEqual(self.registry.run(today=TODAY, codes=set()), [])

    def test_registering_a_code_again_replaces_the_rule(self) -> None:
        @self.registry.register("a.rule")
        def old(*, today: datetime.date, structure_ids: Collection[int] | None) -> list[Finding]:
            """The first version."""
            return [finding("a.rule", Severity.NOTED, "Gammal")]

        @self.registry.register("a.rule", description="Den nya")
        def new(*, today: datetime.date, structure_ids: Collection[int] | None) -> list[Finding]:
            return [finding("a.rule", Severity.NOTED, "Ny")]

        self.assertEqual(
            [(r.code, r.description) for r in self.registry.rules()], [("a.rule", "Den nya")]
        )
        self.assertEqual([f.subject for f in self.registry.run(today=TODAY)], ["Ny"])

    def test_it_describes_a_rule_by_its_docstrings_first_line(self) -> None:
        @self.registry.register("a.documented")
        def documented(
            *, today: datetime.date, structure_ids: Collection[int] | None
        ) -> list[Finding]:
            """Platser som står tomma.

            Mer om regeln.
            """
            return []

        self.assertEqual(self.registry.rules()[0].description, "Platser som står tomma.")

    def test_a_first_paragraph_over_two_lines_is_described_whole(self) -> None:
        @self.registry.register("a.long")
        def long(*, today: datetime.date, structure_ids: Collection[int] | None) -> list[Finding]:
            """Uppdragsbeskrivningen ska revideras (nästa revidering, revideringsintervall) eller
            slutar gälla.

            Mer om regeln.
            """
            return []

        self.assertEqual(
            self.registry.rules()[0].description,
            "Uppdragsbeskrivningen ska revideras (nästa revidering, revideringsintervall) "
            "eller slutar gälla.",
        )
