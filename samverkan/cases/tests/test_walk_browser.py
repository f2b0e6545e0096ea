"""The first "Done when" of issue 10, walked in a browser: a question travels from a Blekinge
local group to its county group, becomes a recommendation to the six principals, is routed
and decided by two of them, and the balanslista shows the four still open.

Every step a user takes is a click in Chromium, and axe checks every page visited. The
setup (structure, people, decision bodies with registrar addresses) and what happens outside
the system between two clicks (the meeting is held, its minutes are written and approved by
the chair) are done with the ORM and the minutes services: the minutes flow has its own
browser test (`minutes/tests/test_flow_browser.py`).

Screenshots of the case page, the recommendation page and the balanslistor at 1280 and
390 px land in the temporary directory as `walk_*.png`; at 390 px no page may be wider than
the screen, and no page shows a raw value ("None", an internal code).
"""

from __future__ import annotations

import datetime
import re
import tempfile
from pathlib import Path

from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from samverkan.cases.models import (
    Case,
    CaseStatus,
    DecisionState,
    PrincipalDecision,
    Recommendation,
)
from samverkan.cases.services.principal_decisions import decision_body_create
from samverkan.lib.localtime import local, local_today
from samverkan.meetings.models import Meeting, MeetingStatus
from samverkan.minutes.models import EntryKind, Minutes, MinutesStatus
from samverkan.minutes.services import (
    EntryIn,
    minutes_approve,
    minutes_item_save,
    minutes_start,
    minutes_submit,
)
from samverkan.structure.models import (
    Body,
    Charter,
    CharterStatus,
    Membership,
    Person,
    Principal,
    Role,
)
from samverkan.testing.base import PASSWORD, Personas, principal
from samverkan.testing.browser import BrowserTestCase

# Olofström, Karlskrona, Ronneby, Karlshamn, Sölvesborg.
BLEKINGE = ("1060", "1080", "1081", "1082", "1083")
PHONE, DESKTOP = 390, 1280

TITLE = "Trygg hemgång från sjukhus i hela länet"
DESCRIPTION = (
    "Patienter som skrivs ut från sjukhuset i Karlskrona till en annan kommun får ofta "
    "hemtjänst för sent. Frågan gäller alla fem kommunerna och regionen."
)
PROPOSAL = "Ta fram en gemensam länsrutin för trygg hemgång."
RECOMMENDATION = "Huvudmännen rekommenderas att anta länsrutinen för trygg hemgång."
CASES_WORDS = "Lyfta frågor av länsövergripande karaktär till länsamverkansgrupperna."

# Words that would be raw values leaking onto a page: Python's None, the models' codes.
RAW = re.compile(
    r"\bNone\b|\bTrue\b|\bFalse\b|\b(?:not_sent|adopted_changed|adopted|not_deciding|"
    r"on_agenda|recommended|county_group|local_group|decides)\b"
)


class WalkBrowserTests(Personas, BrowserTestCase):
    region: Principal
    municipalities: list[Principal]
    county: Body
    local_group: Body
    meeting: Meeting

    def setUp(self) -> None:
        super().setUp()
        self.make_personas()
        self.make_blekinge()

    # --- Setup ----------------------------------------------------------------------------

    def user(self, username: str, first: str, last: str, body: Body, role: str) -> User:
        user = User.objects.create_user(username, f"{username}@example.se", PASSWORD)
        person = Person.objects.create(
            key=username,
            first_name=first,
            last_name=last,
            email=f"{username}@blekinge.example",
            user=user,
        )
        Membership.objects.create(
            body=body,
            person=person,
            role=role,
            principal=body.municipality or self.region,
            start=datetime.date(2026, 1, 1),
        )
        return user

    def make_blekinge(self) -> None:
        """LSVO (`other_body`) commissions the county group Mitt i livet, which deciding and
        publishing its minutes commissions a local group in each of the five
        municipalities; the Karlskrona group lifts county-wide questions to it, as its
        charter (003) says. Anna Lund (`annan`) coordinates Blekinge."""
        User.objects.filter(pk=self.other_coordinator.pk).update(
            first_name="Anna", last_name="Lund"
        )
        self.region = self.other_structure.region
        self.municipalities = [principal(code) for code in BLEKINGE]
        self.county = Body.objects.create(
            structure=self.other_structure,
            key="mitt-i-livet",
            name="Länsgruppen Mitt i livet",
            kind="county_group",
            level="regional",
            mandate="decides",
            parent=self.other_body,
        )
        Charter.objects.create(
            body=self.county,
            version="1.0",
            status=CharterStatus.IN_FORCE,
            decided_on=datetime.date(2023, 12, 15),
            decided_by="LSVO",
            minutes_approval="chair",
            minutes_public=True,
        )
        groups = {}
        for municipality in self.municipalities:
            name = municipality.short_name or municipality.name.removesuffix(" kommun")
            groups[municipality.scb_code] = Body.objects.create(
                structure=self.other_structure,
                key=f"mitt-i-livet-{municipality.scb_code}",
                name=f"Lokal samverkansgrupp Mitt i livet {name}",
                kind="local_group",
                level="local",
                mandate="none",
                municipality=municipality,
                parent=self.county,
            )
        self.local_group = groups["1080"]
        Charter.objects.create(
            body=self.local_group,
            version="1.0",
            status=CharterStatus.IN_FORCE,
            decided_on=datetime.date(2023, 12, 15),
            decided_by="LSVO",
            escalates_to=self.county,
            citations={"cases": CASES_WORDS},
            minutes_public=True,
        )
        self.user("maja", "Maja", "Ek", self.local_group, Role.MEMBER)
        self.user("olle", "Olle", "Berg", self.local_group, Role.CHAIR)
        self.chair_user = self.user("karin", "Karin", "Nord", self.county, Role.CHAIR)
        start = local(local_today() + datetime.timedelta(days=21), 13)
        self.meeting = Meeting.objects.create(
            body=self.county,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            place="Regionhuset, Karlskrona",
            status=MeetingStatus.PLANNED,
        )
        for p in [self.region, *self.municipalities]:
            name = "Regionstyrelsen" if p.kind == "region" else "Socialnämnden"
            decision_body_create(
                principal=p,
                name=f"{name}, {p.name}",
                registrar_email=f"registrator@{p.scb_code}.example",
                by=self.other_coordinator,
            )

    def hold_and_approve(self, case: Case) -> Minutes:
        """Time passes: the meeting is held (it ended five minutes ago), the coordinator
        writes a recommendation under the case's item and Karin, the county group's chair,
        approves the minutes, which its charter publishes (the minutes services)."""
        ends = timezone.now() - datetime.timedelta(minutes=5)
        Meeting.objects.filter(pk=self.meeting.pk).update(
            starts_at=ends - datetime.timedelta(hours=2), ends_at=ends, status=MeetingStatus.HELD
        )
        self.meeting.refresh_from_db()
        coordinator = self.other_coordinator
        minutes = minutes_start(meeting=self.meeting, by=coordinator)
        step = case.steps.get(body=self.county)
        item = minutes.items.get(agenda_item=step.agenda_item)
        minutes_item_save(
            item=item,
            expected_version=item.lock_version,
            by=coordinator,
            notes="Maja Ek föredrog frågan från Karlskrona.",
            entries=[EntryIn(EntryKind.RECOMMENDATION, RECOMMENDATION)],
        )
        minutes.refresh_from_db()
        minutes_submit(minutes=minutes, expected_version=minutes.lock_version, by=coordinator)
        minutes_approve(minutes=minutes, by=self.chair_user)
        minutes.refresh_from_db()
        self.assertEqual(minutes.status, MinutesStatus.APPROVED)
        self.assertIsNotNone(minutes.published_at)
        return minutes

    # --- Looking at pages -----------------------------------------------------------------

    def switch_user(self, username: str) -> None:
        self.context.clear_cookies()
        self.log_in(username, PASSWORD)

    def main(self) -> str:
        return self.page.inner_text("main")

    def check_page(self, name: str) -> None:
        """Accessible (axe), no raw values in the text, and at a phone's width nothing
        wider than the screen."""
        self.assert_accessible()
        found = RAW.findall(self.page.inner_text("body"))
        self.assertEqual(found, [], f"{name} shows raw values")
        width = self.page.viewport_size["width"]
        scroll = self.page.evaluate("document.documentElement.scrollWidth")
        self.assertLessEqual(scroll, width, f"{name} is {scroll} px wide at {width} px")

    def shoot(self, name: str, path: str) -> None:
        """The page at both widths, saved as /tmp/walk_<name>_<width>.png; the walk has
        checked it at the desktop's width already, so here only at the phone's."""
        for width in (DESKTOP, PHONE):
            self.page.set_viewport_size({"width": width, "height": 900})
            self.page.goto(self.url(path))
            if width == PHONE:
                self.check_page(f"{name} at {width} px")
            self.page.screenshot(
                path=str(Path(tempfile.gettempdir()) / f"walk_{name}_{width}.png"),
                full_page=True,
            )
        self.page.set_viewport_size({"width": DESKTOP, "height": 900})

    # --- The walk -------------------------------------------------------------------------

    def test_a_local_question_becomes_a_recommendation_decided_by_two_of_six(self) -> None:
        page = self.page
        page.set_viewport_size({"width": DESKTOP, "height": 900})

        # 1. Maja, a member of the Karlskrona group, raises a county-wide question.
        self.log_in("maja", PASSWORD)
        self.check_page("Mina sidor")
        page.get_by_role("link", name=self.local_group.name).click()
        self.check_page("Gruppens sida")
        page.get_by_role("link", name=f"Väck ett ärende i {self.local_group.name}").click()
        page.get_by_role("heading", name=f"Väck ärende i {self.local_group.name}").wait_for()
        self.check_page("Väck ärende")
        page.get_by_label("Rubrik").fill(TITLE)
        page.get_by_label("Kort ärendebeskrivning").fill(DESCRIPTION)
        page.get_by_label("Förslag till åtgärd").fill(PROPOSAL)
        page.get_by_role("button", name="Väck ärendet").click()
        page.get_by_text(f"Ärendet är väckt i {self.local_group.name}").wait_for()
        case = Case.objects.get()
        self.assertIn(case.number, self.main())
        self.assertIn("av Maja Ek", self.main())
        self.check_page("Ärendet, väckt")
        # A member may raise but not move the case: that is for the group's chair.
        self.assertEqual(page.get_by_role("button", name="Lyft ärendet").count(), 0)

        # 2. Olle, the group's chair, lifts it; the county group is already chosen.
        self.switch_user("olle")
        page.goto(self.url(reverse("cases:case_list", args=["blekinge"])))
        self.check_page("Ärenden")
        page.get_by_role("link", name=TITLE).click()
        page.get_by_role("heading", name="Lyft till en annan grupp").wait_for()
        self.assertIn(CASES_WORDS, self.main())
        lift_to = page.get_by_label("Lyft till")
        self.assertEqual(lift_to.input_value(), str(self.county.pk))
        self.check_page("Ärendet, att lyfta")
        page.get_by_role("button", name="Lyft ärendet").click()
        page.get_by_text("Ärendet är lyft.").wait_for()
        page.get_by_text(f"Hos {self.county.name} nu").wait_for()
        self.check_page("Ärendet, lyft")

        # 3. Anna, the coordinator, puts it on the county group's coming meeting.
        self.switch_user("annan")
        page.goto(self.url(reverse("cases:case", args=[case.pk])))
        page.get_by_label("Möte").select_option(index=1)
        page.get_by_role("button", name="Sätt på dagordningen").click()
        page.get_by_text("Ärendet är satt på dagordningen.").wait_for()
        self.check_page("Ärendet, på dagordningen")
        case.refresh_from_db()
        self.assertEqual(case.status, CaseStatus.ON_AGENDA)

        # The meeting is held; its approved minutes recommend the question to the principals.
        self.hold_and_approve(case)
        # Karin was asked to approve them; nothing else has been sent yet.
        self.assertEqual([m.to for m in mail.outbox], [["karin@blekinge.example"]])
        mail.outbox.clear()
        case.refresh_from_db()
        self.assertEqual(case.status, CaseStatus.RECOMMENDED)
        recommendation = Recommendation.objects.get(case=case)
        self.assertEqual(recommendation.decisions.count(), 6)

        # 4. Anna finds the recommendation from the case and routes it, with an answer date.
        page.goto(self.url(reverse("cases:case", args=[case.pk])))
        section = page.locator("section[aria-labelledby=huvudmannen]")
        self.assertIn("0 av 6 huvudmän har beslutat", section.inner_text())
        self.check_page("Ärendet, rekommenderat")
        section.get_by_role("link", name=TITLE).click()
        page.get_by_role("heading", name="Huvudmännens beslut", exact=True).wait_for()
        self.assertIn(RECOMMENDATION, self.main())
        self.check_page("Rekommendationen")
        answer_by = local_today() + datetime.timedelta(days=60)
        page.get_by_label("Svar senast").fill(answer_by.isoformat())
        page.get_by_role("button", name="Förhandsgranska").click()
        page.get_by_role("heading", name="Förhandsgranskning: 6 meddelanden").wait_for()
        self.check_page("Förhandsgranskningen")
        self.assertEqual(mail.outbox, [], "the preview sent something")
        page.get_by_role("button", name="Skicka till 6 huvudmän").click()
        page.get_by_text("Rekommendationen är expedierad till 6 huvudmän.").wait_for()
        self.check_page("Rekommendationen, expedierad")
        self.assertEqual(
            sorted(address for message in mail.outbox for address in message.to),
            sorted(f"registrator@{code}.example" for code in ("10", *BLEKINGE)),
        )
        self.assertTrue(all(TITLE in message.subject for message in mail.outbox))
        self.assertTrue(all(RECOMMENDATION in message.body for message in mail.outbox))

        # 5. Two principals answer: Karlskrona adopts, the region adopts it with changes.
        today = local_today().isoformat()
        decided = [
            (self.municipalities[1], "Antagen", "SN 2026/118"),
            (self.region, "Antagen med ändringar", "RS 2026/904"),
        ]
        for who, state, number in decided:
            decision = PrincipalDecision.objects.get(recommendation=recommendation, principal=who)
            details = page.locator(f"#beslut-{decision.pk}")
            details.locator("summary").click()
            details.get_by_label("Läge").select_option(label=state)
            details.get_by_label("Beslutsdatum").fill(today)
            details.get_by_label("Huvudmannens diarienummer").fill(number)
            details.get_by_label("Paragraf").fill("42")
            details.get_by_role("button", name=f"Spara beslutet för {who.name}").click()
            page.get_by_text(f"Beslutet för {who.name} är registrerat.").wait_for()
            self.check_page(f"Rekommendationen, beslut av {who.name}")
        page.get_by_text("2 av 6 huvudmän har beslutat").first.wait_for()
        self.assertEqual(
            dict(recommendation.decisions.values_list("principal__scb_code", "state")),
            {
                "10": DecisionState.ADOPTED_WITH_CHANGES,
                "1080": DecisionState.ADOPTED,
                **{code: DecisionState.SENT for code in ("1060", "1081", "1082", "1083")},
            },
        )
        # The balanslista names the principals short ("Karlshamn").
        open_names = [p.short_name or p.name for p in self.municipalities if p.scb_code != "1080"]

        # 6. The working balanslista: two of six decided, four principals open.
        page.goto(self.url(reverse("cases:balance_list", args=["blekinge"])))
        row = page.locator("table.balance tbody tr", has_text=TITLE)
        self.assertEqual(row.count(), 1)
        cells = row.inner_text()
        self.assertIn("2 av 6 huvudmän har beslutat", cells)
        not_decided = re.search(r"Inte beslutat: (.*)", cells)
        assert not_decided is not None, cells
        self.assertEqual(sorted(not_decided.group(1).strip().split(", ")), sorted(open_names))
        self.check_page("Balanslistan")

        # The case page shows its way across both bodies.
        page.goto(self.url(reverse("cases:case", args=[case.pk])))
        page.get_by_role("heading", name=f"1. {self.local_group.name}").wait_for()
        page.get_by_role("heading", name=f"2. {self.county.name}").wait_for()
        main = self.main()
        self.assertIn("Utfall\nRekommendation till huvudmännen", main)
        self.assertIn(RECOMMENDATION, main)
        section = page.locator("section[aria-labelledby=huvudmannen]")
        self.assertIn("2 av 6 huvudmän har beslutat", section.inner_text())

        self.shoot("case", reverse("cases:case", args=[case.pk]))
        self.shoot("recommendation", reverse("cases:recommendation", args=[recommendation.pk]))
        self.shoot("balance", reverse("cases:balance_list", args=["blekinge"]))

        # 7. Logged out, the public balanslista shows the same four principals open.
        self.context.clear_cookies()
        public = reverse("cases_public:balance_list", args=["blekinge"])
        page.goto(self.url(public))
        row = page.locator("table.balance tbody tr", has_text=TITLE)
        self.assertEqual(row.count(), 1)
        cells = row.inner_text()
        self.assertIn("2 av 6 huvudmän har beslutat", cells)
        not_decided = re.search(r"Inte beslutat: (.*)", cells)
        assert not_decided is not None, cells
        self.assertEqual(sorted(not_decided.group(1).strip().split(", ")), sorted(open_names))
        self.check_page("Den publika balanslistan")
        self.shoot("public_balance", public)
