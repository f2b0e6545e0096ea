"""The working pages for cases: the list, raising, the case page with its timeline and
actions, the meeting page's panel and the registry number format."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.cases.models import Case, CaseStatus, CaseStep
from samverkan.cases.panels_cases import cases_on_meeting_page
from samverkan.cases.services.cases import (
    case_lift,
    case_put_on_agenda,
)
from samverkan.cases.tests.test_cases_base import CasesTestCase
from samverkan.meetings.models import AgendaItem
from samverkan.meetings.tests.lazy_parts import get_with_parts
from samverkan.minutes.models import EntryKind
from samverkan.minutes.services import EntryIn
from samverkan.structure.models import Charter, CharterStatus


class CaseListTests(CasesTestCase):
    def url(self, **query: str) -> str:
        return reverse("cases:case_list", args=[self.structure.slug]) + (
            "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
        )

    def test_it_lists_the_cases_a_member_may_see_with_filters(self) -> None:
        mine = self.raise_case()
        case_lift(case=self.raise_case(title="Lyft fråga"), by=self.local_user)
        self.raise_case(body=self.body, by=self.secretary_user, title="Bara i LSG")
        self.login(self.local_user)
        page = self.client.get(self.url())
        self.assertContains(page, "Ärenden i Samverkan Västerbotten")
        self.assertContains(page, mine.number)
        self.assertContains(page, "Lyft fråga")
        self.assertNotContains(page, "Bara i LSG")  # Greta sits only in the local group
        self.assertContains(page, reverse("cases:case_new", args=[self.local.pk]))
        lifted = self.client.get(self.url(lage="lifted"))
        self.assertContains(lifted, "Lyft fråga")
        self.assertNotContains(lifted, mine.number + "<")
        self.assertContains(self.client.get(self.url(ar="2026")), "Ärenden (2)")
        self.assertContains(self.client.get(self.url(ar="2025")), "Inga ärenden med de valen")

    def test_it_reads_a_fixed_number_of_queries_however_many_cases(self) -> None:
        self.login(self.coordinator)
        counts = []
        for total in (3, 30):
            while Case.objects.count() < total:
                self.raise_case(title=f"Fråga {Case.objects.count()}")
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(self.url())
            self.assertEqual(response.status_code, 200)
            counts.append(len(queries))
        self.assertEqual(counts[0], counts[1])


class RaisingPageTests(CasesTestCase):
    def test_a_member_raises_a_case_from_the_body_form(self) -> None:
        self.login(self.local_user)
        url = reverse("cases:case_new", args=[self.local.pk])
        self.assertContains(self.client.get(url), "Väck ärende i Lokala samverkansgruppen Umeå")
        response = self.client.post(
            url,
            {
                "title": "Utskrivning från slutenvården",
                "description": "Kommunen får besked för sent.",
                "proposal": "Lyft frågan till LSG.",
                "raised_via": "member",
            },
            follow=True,
        )
        case = Case.objects.get()
        self.assertRedirects(response, reverse("cases:case", args=[case.pk]))
        self.assertContains(response, f"diarienummer {case.number}")
        self.assertContains(response, "Hos Lokala samverkansgruppen Umeå nu")

    def test_someone_outside_the_body_may_not_raise_there(self) -> None:
        self.login(self.member_user)
        self.assertEqual(
            self.client.get(reverse("cases:case_new", args=[self.local.pk])).status_code, 403
        )

    def test_a_network_without_a_line_manager_is_refused_beside_the_field(self) -> None:
        self.login(self.local_user)
        response = self.client.post(
            reverse("cases:case_new", args=[self.local.pk]),
            {"title": "Fråga", "raised_via": "network", "network_name": "Demensnätverket"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'id="id_line_manager_error"')
        self.assertContains(response, "Ange linjechefen som registrerar ärendet")
        self.assertFalse(Case.objects.exists())


class CasePageTests(CasesTestCase):
    def test_it_shows_the_whole_timeline_across_bodies_and_meetings(self) -> None:
        case = self.raise_case()
        case_lift(case=case, by=self.local_user)
        case_put_on_agenda(case=case, meeting=self.lsg_meeting, by=self.secretary_user)
        item = AgendaItem.objects.get(case_step__case=case)
        minutes = self.approve_minutes(
            self.lsg_meeting,
            {item.pk: [EntryIn(EntryKind.DECISION, "LSG beslutar om en länsrutin.")]},
        )
        self.login(self.local_user)
        page = self.client.get(reverse("cases:case", args=[case.pk]))
        self.assertContains(page, "1. Lokala samverkansgruppen Umeå: besluta")
        self.assertContains(page, "Lyft vidare")
        self.assertContains(page, "2. Länssamverkansgruppen: besluta")
        self.assertContains(page, "LSG beslutar om en länsrutin.")
        self.assertContains(page, "24 november 2026")
        self.assertContains(
            page,
            reverse(
                "minutes_public:minutes", args=[self.structure.slug, self.body.key, minutes.pk]
            ),
        )
        self.assertContains(page, "Avgjort")
        self.assertNotContains(page, 'id="atgarder"')  # finally handled: nothing to do

    def test_it_offers_the_charters_default_when_lifting(self) -> None:
        Charter.objects.create(
            body=self.local,
            version="1.0",
            status=CharterStatus.IN_FORCE,
            escalates_to=self.council,
            citations={"cases": "Frågor av länsövergripande karaktär lyfts till Samrådet."},
        )
        case = self.raise_case()
        self.login(self.local_user)
        page = self.client.get(reverse("cases:case", args=[case.pk]))
        self.assertContains(page, "Förval: Samråd vård och omsorg, dit uppdragsbeskrivningen säger")
        self.assertContains(page, "”Frågor av länsövergripande karaktär lyfts till Samrådet.”")
        self.assertContains(page, f'<option value="{self.council.pk}" selected>')
        response = self.client.post(
            reverse("cases:case_lift", args=[case.pk]),
            {"lift-body": self.council.pk, "lift-role": "decide", "lift-lock_version": 1},
            follow=True,
        )
        self.assertContains(response, "Ärendet är lyft.")
        self.assertContains(response, "Hos Samråd vård och omsorg nu")

    def test_a_refused_agenda_shows_the_charters_words(self) -> None:
        Charter.objects.filter(pk=self.charter.pk).update(items_need_description_and_proposal=True)
        case = self.raise_case(body=self.body, by=self.secretary_user, proposal="")
        self.login(self.secretary_user)
        page = self.client.get(reverse("cases:case", args=[case.pk]))
        self.assertContains(page, "Sätt på dagordningen")
        response = self.client.post(
            reverse("cases:case_agenda", args=[case.pk]),
            {"agenda-meeting": self.lsg_meeting.pk, "agenda-lock_version": 1},
        )
        self.assertEqual(response.status_code, 200)
        # Once more in the summary of the refusal at the top of the page.
        self.assertContains(response, "Ett ärende ska ha ett förslag till åtgärd", count=3)
        self.assertEqual(Case.objects.get().status, CaseStatus.RAISED)

    def test_each_action_has_its_own_address_and_a_visit_goes_back(self) -> None:
        case = self.raise_case(body=self.body, by=self.secretary_user)
        self.login(self.secretary_user)
        response = self.client.post(
            reverse("cases:case_prepare", args=[case.pk]),
            {
                "prepare-body": self.au.pk,
                "prepare-note": "Bered till nästa möte.",
                "prepare-lock_version": 1,
            },
            follow=True,
        )
        self.assertContains(response, "Ärendet är skickat för beredning.")
        self.assertContains(response, "Hos Länssamverkansgruppens AU nu")
        self.assertRedirects(
            self.client.get(reverse("cases:case_close", args=[case.pk])),
            reverse("cases:case", args=[case.pk]),
        )
        self.login(self.coordinator)  # the AU holds it now; Sara is not its secretary
        stale = self.client.post(
            reverse("cases:case_close", args=[case.pk]),
            {"close-text": "Avslutas.", "close-lock_version": 1},
        )
        self.assertContains(stale, "Någon annan har ändrat ärendet")

    def test_a_member_may_read_but_not_move_a_case_held_by_the_body(self) -> None:
        case = self.raise_case(body=self.body, by=self.secretary_user)
        self.login(self.member_user)  # Bo, vice chair of LSG: reads, but leads nothing
        page = self.client.get(reverse("cases:case", args=[case.pk]))
        self.assertContains(page, case.title)
        self.assertNotContains(page, 'id="atgarder"')
        response = self.client.post(
            reverse("cases:case_close", args=[case.pk]),
            {"close-text": "x", "close-lock_version": 1},
        )
        self.assertEqual(response.status_code, 403)

    def test_others_get_404_until_the_case_is_in_published_minutes(self) -> None:
        case = self.raise_case()
        url = reverse("cases:case", args=[case.pk])
        self.login(self.other_coordinator)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.login(self.member_user)  # LSG: not involved yet
        self.assertEqual(self.client.get(url).status_code, 404)
        case_lift(case=case, by=self.local_user)
        self.assertEqual(self.client.get(url).status_code, 200)  # now LSG is involved
        case_put_on_agenda(case=case, meeting=self.lsg_meeting, by=self.secretary_user)
        item = AgendaItem.objects.get(case_step__case=case)
        self.approve_minutes(self.lsg_meeting, {item.pk: [EntryIn(EntryKind.DECISION, "Beslut.")]})
        self.login(self.other_coordinator)
        self.assertEqual(self.client.get(url).status_code, 200)

    def test_the_timeline_page_reads_a_fixed_number_of_queries(self) -> None:
        case = self.raise_case()
        self.login(self.coordinator)
        counts = []
        for extra in (0, 6):
            current = Case.objects.get(pk=case.pk)
            for n in range(extra):
                target = self.body if current.current_body_id == self.local.pk else self.local
                case_lift(case=current, by=self.coordinator, to_body=target, note=f"Varv {n}")
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(reverse("cases:case", args=[case.pk]))
            self.assertEqual(response.status_code, 200)
            counts.append(len(queries))
        self.assertEqual(CaseStep.objects.filter(case=case).count(), 7)
        self.assertEqual(counts[0], counts[1])


class MeetingPanelTests(CasesTestCase):
    def test_a_case_item_on_the_meeting_page_links_to_the_case(self) -> None:
        case = self.raise_case(body=self.body, by=self.secretary_user)
        case_put_on_agenda(case=case, meeting=self.lsg_meeting, by=self.secretary_user)
        self.login(self.coordinator)
        page = get_with_parts(self.client, reverse("meetings:meeting", args=[self.lsg_meeting.pk]))
        self.assertContains(page, f"Ärende {case.number}, på dagordningen")
        self.assertContains(page, reverse("cases:case", args=[case.pk]))

    def test_the_panel_reads_one_query_however_many_cases_are_on_the_agenda(self) -> None:
        request = RequestFactory().get("/")
        request.user = self.coordinator
        for count in (1, 4):
            while AgendaItem.objects.filter(meeting=self.lsg_meeting, kind="case").count() < count:
                case = self.raise_case(body=self.body, by=self.secretary_user)
                case_put_on_agenda(case=case, meeting=self.lsg_meeting, by=self.secretary_user)
            items = list(AgendaItem.objects.filter(meeting=self.lsg_meeting))
            with self.assertNumQueries(1):
                shown = cases_on_meeting_page(request, self.lsg_meeting, items)
            self.assertEqual(len(shown.under_items), count)
        with self.assertNumQueries(0):
            cases_on_meeting_page(request, self.local_meeting, [])


class NumberingPageTests(CasesTestCase):
    def url(self) -> str:
        return reverse("cases:case_numbering", args=[self.structure.slug])

    def test_a_coordinator_sets_the_format(self) -> None:
        self.login(self.coordinator)
        page = self.client.get(self.url())
        self.assertContains(page, "VAS {year}/{number}")
        self.assertContains(page, "VAS 2026/1" if datetime.date.today().year == 2026 else "VAS ")
        refused = self.client.post(self.url(), {"pattern": "SAM-{year}"})
        # Once more in the summary of the refusal at the top of the page.
        self.assertContains(refused, "Formatet måste innehålla {number}", count=3)
        response = self.client.post(self.url(), {"pattern": "SAM {year}/{number:03}"}, follow=True)
        self.assertContains(response, "Formatet för diarienummer är sparat.")
        self.assertEqual(self.raise_case().number, "SAM 2026/001")

    def test_only_coordinators_open_it(self) -> None:
        self.login(self.local_user)
        self.assertEqual(self.client.get(self.url()).status_code, 403)
