from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse

from samverkan.structure.models import Body, Membership, Role
from samverkan.testing.base import BaseTestCase


class PermissionTests(BaseTestCase):
    def test_it_sends_anonymous_users_to_log_in(self) -> None:
        for url in (
            reverse("work:body", args=["vasterbotten", "lsg"]),
            reverse("work:membership", args=[self.chair.pk]),
            reverse("work:structure", args=["vasterbotten"]),
        ):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302, url)
            self.assertIn("/konto/logga-in/", response["Location"])

    def test_it_refuses_members(self) -> None:
        self.login(self.member_user)
        response = self.client.get(reverse("work:body", args=["vasterbotten", "lsg"]))
        self.assertEqual(response.status_code, 403)
        response = self.client.post(
            reverse("work:membership_end", args=[self.chair.pk]), {"on": "2026-06-01"}
        )
        self.assertEqual(response.status_code, 403)
        self.assertIsNone(Membership.objects.get(pk=self.chair.pk).end)

    def test_it_refuses_a_coordinator_of_another_structure(self) -> None:
        self.login(self.other_coordinator)
        self.assertEqual(
            self.client.get(reverse("work:body", args=["vasterbotten", "lsg"])).status_code, 403
        )
        response = self.client.post(
            reverse("work:body_save", args=["vasterbotten", "lsg"]),
            {
                "body-name": "Kapad",
                "body-kind": "county_group",
                "body-level": "regional",
                "body-mandate": "decides",
                "body-duration": "lasting",
            },
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(Body.objects.get(pk=self.body.pk).name, "Länssamverkansgruppen")
        # Their own structure is fine.
        self.assertEqual(
            self.client.get(reverse("work:body", args=["blekinge", "lsvo"])).status_code, 200
        )

    def test_it_lets_the_coordinator_in(self) -> None:
        self.login(self.coordinator)
        response = self.client.get(reverse("work:body", args=["vasterbotten", "lsg"]))
        self.assertContains(response, "Lägg till ledamot eller funktion")

    def test_a_visit_to_a_form_s_address_goes_back_to_the_body_page(self) -> None:
        """After a refusal the address bar shows the form's address, and logging in again
        leads there; opening it shows the body's page, not a bare 405."""
        url = reverse("work:body", args=["vasterbotten", "lsg"])
        save = reverse("work:body_save", args=["vasterbotten", "lsg"])
        response = self.client.post(save, {"body-name": "Ändrad"})
        self.assertRedirects(
            response, f"{reverse('accounts:login')}?next={save}", fetch_redirect_response=False
        )
        self.login(self.coordinator)
        for name in (
            "body_save",
            "charter_rules",
            "charter_composition",
            "charter_reporting",
            "charter_role_links",
            "membership_add",
        ):
            with self.subTest(name):
                response = self.client.get(
                    reverse(f"work:{name}", args=["vasterbotten", "lsg"]), follow=True
                )
                self.assertRedirects(response, url)
                self.assertContains(response, "Lägg till ledamot eller funktion")
        self.assertEqual(self.client.delete(save).status_code, 405)

    def test_the_body_page_takes_no_posts_each_form_has_its_own_url(self) -> None:
        self.login(self.coordinator)
        url = reverse("work:body", args=["vasterbotten", "lsg"])
        self.assertEqual(self.client.post(url, {"body-name": "Ändrad"}).status_code, 405)
        page = self.client.get(url)
        # Reporting and roles elsewhere load as a section of their own (`body_links`).
        links = reverse("work:body_links", args=["vasterbotten", "lsg"])
        self.assertContains(page, f'data-hx-get="{links}"')
        section = self.client.get(links, headers={"HX-Request": "true"})
        self.assertNotContains(section, "<html")
        for name in (
            "body_save",
            "charter_rules",
            "charter_composition",
            "charter_reporting",
            "charter_role_links",
            "membership_add",
        ):
            shown = section if name in ("charter_reporting", "charter_role_links") else page
            self.assertContains(
                shown, f'action="{reverse(f"work:{name}", args=["vasterbotten", "lsg"])}"'
            )


class MembershipEditTests(BaseTestCase):
    def setUp(self) -> None:
        self.login(self.coordinator)

    def add(self, **data: str) -> Any:
        payload = {"member-start": "2026-01-01"}
        payload.update({f"member-{k}": v for k, v in data.items()})
        return self.client.post(
            reverse("work:membership_add", args=["vasterbotten", "lsg"]), payload
        )

    def test_it_adds_a_member_and_a_substitute(self) -> None:
        response = self.add(
            person=str(self.cecilia.pk), role="member", principal=str(self.skelleftea.pk)
        )
        self.assertEqual(response.status_code, 302)
        seat = Membership.objects.get(person=self.cecilia, body=self.body)
        response = self.add(
            new_first_name="Dan",
            new_last_name="Ny",
            new_employer=str(self.skelleftea.pk),
            role="substitute",
            principal=str(self.skelleftea.pk),
            substitute_for=str(seat.pk),
        )
        self.assertEqual(response.status_code, 302)
        sub = Membership.objects.get(body=self.body, role=Role.SUBSTITUTE)
        self.assertEqual((sub.person.first_name, sub.substitute_for_id), ("Dan", seat.pk))

    def test_it_refuses_a_second_vice_chair_from_the_chairs_side_citing_the_charter(self) -> None:
        Membership.objects.filter(pk=self.vice.pk).update(end=datetime.date(2026, 2, 1))
        response = self.add(
            person=str(self.cecilia.pk),
            role="vice_chair",
            principal=str(self.skelleftea.pk),
            start="2026-03-01",
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response, "Ordförande och vice ordförande ska representera olika huvudmän"
        )
        self.assertContains(response, "Ordförande representerar den ena huvudmannen")
        self.assertFalse(Membership.objects.filter(person=self.cecilia).exists())

    def test_it_edits_a_membership(self) -> None:
        url = reverse("work:membership", args=[self.vice.pk])
        response = self.client.post(
            url,
            {
                "role": "vice_chair",
                "principal": str(self.region.pk),
                "function": "HSL-direktör",
                "start": "2026-01-01",
                "lock_version": str(self.vice.lock_version),
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Membership.objects.get(pk=self.vice.pk).function, "HSL-direktör")

    def test_it_refuses_a_stale_edit_and_keeps_the_text(self) -> None:
        url = reverse("work:membership", args=[self.vice.pk])
        stale = self.vice.lock_version
        Membership.objects.filter(pk=self.vice.pk).update(
            function="Ändrad av någon annan", lock_version=stale + 1
        )
        response = self.client.post(
            url,
            {
                "role": "vice_chair",
                "principal": str(self.region.pk),
                "function": "Min text",
                "start": "2026-01-01",
                "lock_version": str(stale),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Någon annan har ändrat uppdraget")
        self.assertContains(response, 'value="Min text"')
        self.assertEqual(Membership.objects.get(pk=self.vice.pk).function, "Ändrad av någon annan")

    def test_it_ends_a_membership_without_deleting_it(self) -> None:
        response = self.client.post(
            reverse("work:membership_end", args=[self.chair.pk]),
            {
                "on": "2026-06-30",
                "reason": "Ny tjänst",
                "lock_version": str(self.chair.lock_version),
            },
        )
        self.assertEqual(response.status_code, 302)
        ended = Membership.objects.get(pk=self.chair.pk)
        self.assertEqual((ended.end, ended.end_reason), (datetime.date(2026, 6, 30), "Ny tjänst"))

    def test_it_ends_a_membership_through_htmx_and_returns_the_row(self) -> None:
        response = self.client.post(
            reverse("work:membership_end", args=[self.chair.pk]),
            {"on": "2026-06-30", "lock_version": str(self.chair.lock_version)},
            headers={"HX-Request": "true"},
        )
        self.assertContains(response, f'id="uppdrag-{self.chair.pk}"')
        self.assertContains(response, "Det finns kvar i historiken")
        self.assertNotContains(response, "<html")

    def test_it_refuses_a_body_that_commissions_itself(self) -> None:
        response = self.client.post(
            reverse("work:body_save", args=["vasterbotten", "samrad"]),
            {
                "body-name": "Samråd vård och omsorg",
                "body-kind": "political_council",
                "body-level": "regional",
                "body-mandate": "recommends",
                "body-duration": "lasting",
                "body-parent": str(self.au.pk),
                "body-lock_version": "1",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "En grupp kan inte vara sin egen uppdragsgivare")
        self.assertIsNone(Body.objects.get(pk=self.council.pk).parent)

    def test_it_changes_charter_rules_and_makes_a_new_version(self) -> None:
        url = reverse("work:body", args=["vasterbotten", "lsg"])
        page = self.client.get(url)
        form = page.context["charter_form"]
        data = {}
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if value is None or value is False:
                continue
            data[f"rules-{name}"] = "on" if value is True else str(value)
        data["rules-meetings_min_per_year"] = "4"
        data["rules-new_version"] = "2027"
        data["rules-decided_on"] = "2026-11-20"
        data["rules-standing_agenda"] = (
            "Föregående minnesanteckningar\nKort information från kommun och region"
        )
        response = self.client.post(
            reverse("work:charter_rules", args=["vasterbotten", "lsg"]), data
        )
        self.assertEqual(response.status_code, 302, response.content.decode()[:2000])
        versions = dict(self.body.charters.values_list("version", "status"))
        self.assertEqual(versions, {"2020": "superseded", "2027": "in_force"})
        new = self.body.charters.get(version="2027")
        self.assertEqual(new.meetings_min_per_year, 4)
        self.assertEqual(new.composition.count(), 3)
        self.assertEqual(str(new.decided_on), "2026-11-20")
        self.assertEqual(
            list(new.standing_items.values_list("title", flat=True)),
            ["Föregående minnesanteckningar", "Kort information från kommun och region"],
        )
        # The superseded version keeps its own items.
        self.assertEqual(self.charter.standing_items.count(), 1)

    def test_it_creates_a_first_charter_for_a_body_without_one(self) -> None:
        response = self.client.post(
            reverse("work:charter_rules", args=["vasterbotten", "lsg-au"]),
            {
                "rules-new_version": "1.0",
                "rules-decided_on": "2026-11-01",
                "rules-document_lead_value": "6",
                "rules-document_lead_unit": "working_days",
                "rules-chair_rotation": "none",
                "rules-purpose": "Bereda frågor till LSG.",
            },
        )
        self.assertEqual(response.status_code, 302, response.content.decode()[:3000])
        charter = self.au.charters.get()
        self.assertEqual((charter.version, charter.document_lead_value), ("1.0", 6))

    def test_it_refuses_a_lead_time_without_unit(self) -> None:
        url = reverse("work:charter_rules", args=["vasterbotten", "lsg-au"])
        response = self.client.post(
            url,
            {
                "rules-new_version": "1.0",
                "rules-document_lead_value": "6",
                "rules-chair_rotation": "none",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Ange både antal och enhet")
        self.assertFalse(self.au.charters.exists())


class PersonEditTests(BaseTestCase):
    def test_it_lets_the_coordinator_correct_contact_details(self) -> None:
        self.login(self.coordinator)
        response = self.client.post(
            reverse("work:person", args=[self.alice.pk]),
            {
                "first_name": "Alice",
                "last_name": "Berg",
                "title": "Socialdirektör",
                "employer": str(self.umea.pk),
                "email": "alice.berg@umea.example",
                "phone": "",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.alice.refresh_from_db()
        self.assertEqual((self.alice.title, self.alice.phone), ("Socialdirektör", ""))

    def test_it_refuses_a_bad_email_and_keeps_the_data(self) -> None:
        self.login(self.coordinator)
        response = self.client.post(
            reverse("work:person", args=[self.alice.pk]),
            {"first_name": "Alice", "last_name": "Berg", "email": "inte-en-adress"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "giltig e-postadress")
        self.alice.refresh_from_db()
        self.assertEqual(self.alice.email, "alice.berg@umea.example")

    def test_it_refuses_the_coordinator_of_another_structure(self) -> None:
        self.login(self.other_coordinator)
        response = self.client.get(reverse("work:person", args=[self.alice.pk]))
        self.assertEqual(response.status_code, 403)


class HtmxRefusalTests(BaseTestCase):
    def test_it_explains_a_refused_end_inside_the_row(self) -> None:
        self.login(self.coordinator)
        response = self.client.post(
            reverse("work:membership_end", args=[self.chair.pk]),
            {"on": "2026-06-30", "lock_version": str(self.chair.lock_version + 7)},
            headers={"HX-Request": "true"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'role="alert"')
        self.assertContains(response, "Någon annan har ändrat")
        self.assertNotContains(response, "<html")
        self.assertIsNone(Membership.objects.get(pk=self.chair.pk).end)


class CompositionEditTests(BaseTestCase):
    def test_it_edits_the_composition_in_the_working_page(self) -> None:
        self.login(self.coordinator)
        url = reverse("work:body", args=["vasterbotten", "lsg"])
        page = self.client.get(url)
        formset = page.context["composition_forms"]
        self.assertEqual(len(formset.forms), 4)  # three rules and a blank row
        data = {
            "lock_version": str(self.charter.lock_version),
            "seats-TOTAL_FORMS": "4",
            "seats-INITIAL_FORMS": "3",
            "seats-MIN_NUM_FORMS": "0",
            "seats-MAX_NUM_FORMS": "1000",
        }
        for i, form in enumerate(formset.forms[:3]):
            for name, value in form.initial.items():
                if value not in (None, False, ""):
                    data[f"seats-{i}-{name}"] = "on" if value is True else str(value)
        data["seats-2-max_count"] = "5"
        data["seats-2-min_count"] = "5"
        data["seats-1-DELETE"] = "on"
        data.update(
            {
                "seats-3-principal": str(self.skelleftea.pk),
                "seats-3-min_count": "2",
                "seats-3-max_count": "2",
                "seats-3-role": "member",
            }
        )
        response = self.client.post(
            reverse("work:charter_composition", args=["vasterbotten", "lsg"]), data
        )
        self.assertEqual(
            response.status_code,
            302,
            response.context and response.context["composition_forms"].errors,
        )
        rows = list(
            self.charter.composition.values_list(
                "principal__scb_code", "principal_kind", "max_count"
            )
        )
        self.assertEqual(rows, [(None, "municipality", 1), (None, "region", 5), ("2482", "", 2)])

    def test_it_explains_a_row_with_neither_kind_nor_principal(self) -> None:
        self.login(self.coordinator)
        url = reverse("work:charter_composition", args=["vasterbotten", "lsg"])
        response = self.client.post(
            url,
            {
                "lock_version": str(self.charter.lock_version),
                "seats-TOTAL_FORMS": "1",
                "seats-INITIAL_FORMS": "0",
                "seats-MIN_NUM_FORMS": "0",
                "seats-MAX_NUM_FORMS": "1000",
                "seats-0-min_count": "2",
                "seats-0-role": "member",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "ange antingen en sorts huvudman eller en namngiven huvudman")
        self.assertEqual(self.charter.composition.count(), 3)


class ReportingAndRoleLinkTests(BaseTestCase):
    def setUp(self) -> None:
        self.login(self.coordinator)
        self.urls = {
            form: reverse(f"work:charter_{name}", args=["vasterbotten", "lsg"])
            for form, name in (("reporting", "reporting"), ("links", "role_links"))
        }

    def post(self, form: str, rows: list[dict[str, str]]) -> Any:
        data = {
            "lock_version": str(self.charter.lock_version),
            f"{form}-TOTAL_FORMS": str(len(rows)),
            f"{form}-INITIAL_FORMS": "0",
            f"{form}-MIN_NUM_FORMS": "0",
            f"{form}-MAX_NUM_FORMS": "1000",
        }
        for i, row in enumerate(rows):
            data.update({f"{form}-{i}-{k}": v for k, v in row.items()})
        return self.client.post(self.urls[form], data)

    def test_it_sets_reporting_and_a_role_link(self) -> None:
        response = self.post(
            "reporting",
            [{"to_body": str(self.council.pk), "frequency": "yearly", "what": "Årsrapport"}],
        )
        self.assertEqual(response.status_code, 302)
        duty = self.charter.reporting.get()
        self.assertEqual(
            (duty.to_body_id, duty.frequency, duty.what), (self.council.pk, "yearly", "Årsrapport")
        )
        # Saving the reporting counted the charter's version up; a stale page would conflict.
        self.charter.refresh_from_db()
        response = self.post(
            "links", [{"role": "chair", "kind": "presenter_in", "to_body": str(self.council.pk)}]
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.charter.role_links.get().kind, "presenter_in")
        page = self.client.get(reverse("public:body", args=["vasterbotten", "lsg"]))
        self.assertContains(
            page, "Rapporterar till Samråd vård och omsorg en gång per år: Årsrapport."
        )
        self.assertContains(page, "Ordförande är föredragande i Samråd vård och omsorg.")

    def test_it_refuses_a_body_of_another_structure(self) -> None:
        from samverkan.lib.errors import DomainError
        from samverkan.structure.services import charter_set_reporting

        with self.assertRaises(DomainError):
            charter_set_reporting(
                by=None,
                charter=self.charter,
                duties=[{"to_body": self.other_body, "frequency": "yearly"}],
            )
        self.assertFalse(self.charter.reporting.exists())
