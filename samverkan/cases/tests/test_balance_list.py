"""The balanslista: what is on it, in which order, with which counts, and who sees what."""

from __future__ import annotations

import datetime

from django.urls import reverse

from samverkan.cases.models import CaseStatus, DecisionState, PrincipalDecision
from samverkan.cases.selectors.balance import (
    BalanceState,
    PrincipalState,
    ViewerScope,
    balance_list,
)
from samverkan.cases.tests.test_balance_base import BalanceData

TODAY = datetime.date(2026, 6, 1)


class BalanceRowsTests(BalanceData):
    def listed(self, **filters: object) -> list[str]:
        balance = balance_list(
            structure=self.structure,
            viewer_scope=ViewerScope.internal(self.coordinator),
            today=TODAY,
            **filters,  # type: ignore[arg-type]
        )
        return [row.title for row in balance.rows]

    def test_it_counts_the_principals_that_have_decided_and_names_those_still_open(self) -> None:
        self.make_recommendation("Samverkansavtal om hemsjukvård", decided=2)
        balance = balance_list(
            structure=self.structure,
            viewer_scope=ViewerScope.internal(self.coordinator),
            today=TODAY,
        )
        (row,) = balance.rows
        self.assertEqual(row.decided_text, "2 av 6 huvudmän har beslutat")
        self.assertEqual(
            [cell.principal for cell in row.open_principals],
            ["Lycksele", "Nordmaling", "Skellefteå", "Umeå"],
        )
        self.assertEqual(row.decisions[0].principal, "Västerbotten")  # the region first
        self.assertEqual(row.state_label, "Expedierad, inväntar beslut")
        self.assertEqual(row.age_days, (TODAY - datetime.date(2026, 3, 10)).days)
        self.assertEqual(balance.open_recommendations, 1)
        tallies = {t.principal: (t.open, t.decided) for t in balance.per_principal}
        self.assertEqual(tallies["Umeå"], (1, 0))
        self.assertEqual(tallies["Västerbotten"], (0, 1))

    def test_it_lists_open_cases_and_recommendations_oldest_first(self) -> None:
        self.make_case("Ny fråga i vår", raised_on=datetime.date(2026, 4, 2))
        self.make_case("Gammal fråga", raised_on=datetime.date(2025, 11, 3), status="preparing")
        self.make_recommendation("Rekommendation i mars", decided_on=datetime.date(2026, 3, 1))
        self.assertEqual(self.listed(), ["Gammal fråga", "Rekommendation i mars", "Ny fråga i vår"])

    def test_it_leaves_out_what_is_finally_handled(self) -> None:
        self.make_case("Avgjord fråga", status=CaseStatus.RESOLVED, closed_on=TODAY)
        self.make_case("Besvarad fråga", status=CaseStatus.ANSWERED, closed_on=TODAY)
        self.make_recommendation("Alla har beslutat", decided=6)
        self.make_case("Lyft fråga", status=CaseStatus.LIFTED)
        self.assertEqual(self.listed(), ["Lyft fråga"])

    def test_it_shows_a_recommended_case_through_its_recommendation_only(self) -> None:
        case = self.make_case("Hemsjukvård", status=CaseStatus.RECOMMENDED)
        self.make_recommendation("Rekommendation om hemsjukvård", case=case, decided=1)
        self.make_case("Rekommenderad utan rekommendation än", status=CaseStatus.RECOMMENDED)
        # The case without a recommendation row stays on the list by itself.
        self.assertEqual(
            self.listed(),
            ["Rekommenderad utan rekommendation än", "Rekommendation om hemsjukvård"],
        )

    def test_it_shows_finished_items_of_the_year_when_asked(self) -> None:
        self.make_case(
            "Avslutad i år", status=CaseStatus.CLOSED, closed_on=datetime.date(2026, 2, 1)
        )
        self.make_case(
            "Avslutad i fjol", status=CaseStatus.CLOSED, closed_on=datetime.date(2025, 2, 1)
        )
        self.make_recommendation("Beslutad av alla", decided=6)
        self.make_case("Öppen")
        self.assertEqual(self.listed(), ["Öppen"])
        self.assertEqual(
            self.listed(include_finished=True), ["Öppen", "Avslutad i år", "Beslutad av alla"]
        )
        self.assertEqual(
            self.listed(state=BalanceState.FINISHED), ["Avslutad i år", "Beslutad av alla"]
        )
        self.assertEqual(self.listed(state=BalanceState.FINISHED, year=2025), ["Avslutad i fjol"])


class BalanceFilterTests(BalanceData):
    def listed(self, **filters: object) -> list[str]:
        balance = balance_list(
            structure=self.structure,
            viewer_scope=ViewerScope.internal(self.coordinator),
            today=TODAY,
            **filters,  # type: ignore[arg-type]
        )
        return sorted(row.title for row in balance.rows)

    def test_a_body_lists_the_cases_it_holds_or_raised_and_the_recommendations_it_gave(
        self,
    ) -> None:
        self.make_case("Hos LSG")
        self.make_case("Väckt i AU, nu hos LSG", raised_in=self.au)
        self.make_case("Hos AU", body=self.au)
        self.make_case("Hos Samrådet", body=self.council)
        self.make_recommendation("Från LSG")
        self.make_recommendation("Från AU", public=False)
        self.assertEqual(self.listed(body=self.au), ["Från AU", "Hos AU", "Väckt i AU, nu hos LSG"])
        self.assertEqual(self.listed(body=self.council), ["Hos Samrådet"])

    def test_it_filters_by_state(self) -> None:
        self.make_case("Väckt")
        self.make_case("Bereds", status=CaseStatus.PREPARING)
        self.make_recommendation("Inte expedierad", routed=False)
        self.make_recommendation("Expedierad")
        self.assertEqual(self.listed(state=BalanceState.PREPARING), ["Bereds"])
        self.assertEqual(self.listed(state=BalanceState.NOT_ROUTED), ["Inte expedierad"])
        self.assertEqual(self.listed(state=BalanceState.AWAITING), ["Expedierad"])

    def test_it_filters_by_year(self) -> None:
        self.make_case("Från 2025", raised_on=datetime.date(2025, 5, 5))
        self.make_case("Från 2026")
        self.make_recommendation("Beslutad 2025", decided_on=datetime.date(2025, 12, 1))
        self.assertEqual(self.listed(year=2025), ["Beslutad 2025", "Från 2025"])

    def test_it_filters_by_how_a_principal_stands(self) -> None:
        umea = self.six[5]
        self.make_case("Ett ärende")
        self.make_recommendation("Umeå har beslutat", decided=6)  # finished: not on the list
        self.make_recommendation("Umeå har inte beslutat", decided=2)
        rejected = self.make_recommendation("Umeå sa nej, Bjurholm väntar", decided=0)
        PrincipalDecision.objects.filter(recommendation=rejected, principal=umea).update(
            state=DecisionState.REJECTED, decided_on=datetime.date(2026, 4, 1)
        )
        self.assertEqual(self.listed(principal=umea), ["Umeå har inte beslutat"])
        self.assertEqual(
            self.listed(principal=umea, principal_state=PrincipalState.DECIDED),
            ["Umeå sa nej, Bjurholm väntar"],
        )
        self.assertEqual(
            self.listed(principal=umea, principal_state=PrincipalState.REJECTED),
            ["Umeå sa nej, Bjurholm väntar"],
        )

    def test_the_working_page_filters_with_a_get_form_and_reports_a_bad_value(self) -> None:
        self.make_case("Hos LSG")
        held_by_au = self.make_case("Hos AU", body=self.au)
        self.login(self.coordinator)
        url = reverse("cases:balance_list", args=[self.structure.slug])
        page = self.client.get(url, {"body": self.au.pk}).content.decode()
        self.assertIn("Balanslista för Länssamverkansgruppens AU", page)
        self.assertIn("Hos AU", page)
        self.assertNotIn("Hos LSG", page)
        self.assertIn(f"balanslista.csv?body={self.au.pk}", page)
        self.assertIn(f'<a href="{reverse("cases:case", args=[held_by_au.pk])}">Hos AU</a>', page)
        response = self.client.get(url, {"state": "nonsense"})
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        self.assertIn("Välj ett giltigt alternativ", page)
        self.assertIn("Hos AU", page)
        self.assertIn("Hos LSG", page)


class BalanceScopeTests(BalanceData):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.make_case("Offentligt ärende", public=True)
        cls.make_case("Internt ärende i LSG")
        cls.make_case("Internt ärende i AU", body=cls.au)
        cls.make_recommendation("Offentlig rekommendation", decided=2)
        cls.make_recommendation("Intern rekommendation från AU", public=False)

    def titles(self, scope: ViewerScope) -> set[str]:
        balance = balance_list(structure=self.structure, viewer_scope=scope, today=TODAY)
        return {row.title for row in balance.rows}

    def test_the_coordinator_sees_everything_in_the_structure(self) -> None:
        self.assertEqual(len(self.titles(ViewerScope.internal(self.coordinator))), 5)

    def test_a_member_sees_the_internal_items_of_their_own_body_and_what_is_public(self) -> None:
        self.assertEqual(
            self.titles(ViewerScope.internal(self.member_user)),
            {"Offentligt ärende", "Internt ärende i LSG", "Offentlig rekommendation"},
        )

    def test_the_public_scope_and_outsiders_see_only_what_is_public(self) -> None:
        public = {"Offentligt ärende", "Offentlig rekommendation"}
        self.assertEqual(self.titles(ViewerScope.public()), public)
        self.assertEqual(self.titles(ViewerScope.internal(self.other_coordinator)), public)

    def test_the_working_page_shows_the_summary_and_the_decisions(self) -> None:
        self.login(self.member_user)
        response = self.client.get(reverse("cases:balance_list", args=[self.structure.slug]))
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        self.assertIn("Internt ärende i LSG", page)
        self.assertNotIn("Internt ärende i AU", page)
        self.assertIn("2 av 6 huvudmän har beslutat", page)
        self.assertIn("Inte beslutat: Lycksele, Nordmaling, Skellefteå, Umeå", page)
        self.assertIn("Öppna rekommendationer per huvudman", page)
        self.assertIn('<th scope="row">Umeå kommun</th><td>1</td><td>0</td>', page)

    def test_the_working_page_needs_a_login(self) -> None:
        url = reverse("cases:balance_list", args=[self.structure.slug])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/konto/", response["Location"])

    def test_an_unknown_structure_is_not_found(self) -> None:
        self.login(self.coordinator)
        response = self.client.get(reverse("cases:balance_list", args=["finns-inte"]))
        self.assertEqual(response.status_code, 404)
