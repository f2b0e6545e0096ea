from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db.models import F
from django.test import override_settings
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from samverkan.accounts.services import (
    recovery_codes_renew,
    second_factor_enable,
    totp_device_for_enrolment,
)
from samverkan.accounts.tests.helpers import app_code, logged_in_user_id, post_password, wrong_code
from samverkan.api.tests.base import ApiTestCase
from samverkan.testing.base import PASSWORD, BaseTestCase

ENROL = reverse("accounts:second_factor_enrol")
VERIFY = reverse("accounts:second_factor_verify")
WORK = reverse("work:home")

# As in production: DEBUG off, and MFA_REQUIRED left to follow it (the test run sets it
# False for every other test, see conftest.py).
PRODUCTION = override_settings(DEBUG=False, MFA_REQUIRED=None)


def enrolled(user: object) -> tuple[TOTPDevice, list[str]]:
    """`user` with an app and recovery codes, as the enrolment page leaves them."""
    device = totp_device_for_enrolment(by=user)  # type: ignore[arg-type]
    return second_factor_enable(by=user, code=app_code(device))  # type: ignore[arg-type]


@PRODUCTION
class RequiredForAdministratorsAndCoordinatorsTests(BaseTestCase):
    def test_an_administrator_without_a_second_factor_is_sent_to_add_one(self) -> None:
        self.login(self.admin)
        for path in (
            WORK,
            reverse("work:structure", args=["vasterbotten"]),
            "/admin/",
            reverse("accounts:tokens"),
            reverse("accounts:password_change"),
        ):
            response = self.client.get(path)
            self.assertRedirects(
                response, f"{ENROL}?next={path.replace('/', '%2F')}", fetch_redirect_response=False
            )
        # A form sent to a working page is refused the same way, and changes nothing.
        response = self.client.post(reverse("accounts:tokens"), {"name": "smygande"})
        self.assertRedirects(response, ENROL, fetch_redirect_response=False)
        self.assertFalse(self.admin.api_tokens.exists())
        # The public site and the enrolment page itself stay open.
        self.assertEqual(self.client.get("/").status_code, 200)
        page = self.client.get(ENROL)
        self.assertContains(page, "behöver du tvåstegsverifiering")
        self.assertContains(page, '<svg width="232" height="232"')
        self.assertContains(page, 'aria-label="QR-kod att skanna med autentiseringsappen"')

    def test_a_coordinator_without_a_second_factor_is_sent_to_add_one(self) -> None:
        self.login(self.coordinator)
        response = self.client.get(WORK)
        self.assertRedirects(response, f"{ENROL}?next=%2Farbeta%2F", fetch_redirect_response=False)

    def test_a_member_may_go_without(self) -> None:
        self.login(self.member_user)
        self.assertEqual(self.client.get(WORK).status_code, 200)

    def test_an_administrator_reaches_the_working_pages_after_adding_an_app(self) -> None:
        self.login(self.admin)
        self.client.get(ENROL)
        device = TOTPDevice.objects.get(user=self.admin, confirmed=False)

        refused = self.client.post(ENROL, {"code": wrong_code(device), "next": WORK})
        self.assertContains(refused, "Koden stämmer inte")
        self.assertEqual(self.client.get(WORK).status_code, 302)

        device.refresh_from_db()
        device.throttle_reset()
        response = self.client.post(ENROL, {"code": app_code(device), "next": WORK})

        self.assertContains(response, "Dina reservkoder")
        codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
        self.assertEqual(len(codes), 10)
        self.assertEqual(
            sorted(codes),
            sorted(
                StaticToken.objects.filter(device__user=self.admin).values_list("token", flat=True)
            ),
        )
        self.assertEqual(self.client.get(WORK).status_code, 200)
        self.assertEqual(self.client.get("/admin/").status_code, 200)

    def test_an_unverified_session_of_a_user_with_an_app_must_give_a_code(self) -> None:
        device, _ = enrolled(self.coordinator)
        self.login(self.coordinator)  # a session that has not given a code

        response = self.client.get(WORK)

        self.assertRedirects(response, f"{VERIFY}?next=%2Farbeta%2F", fetch_redirect_response=False)
        response = self.client.post(VERIFY, {"code": app_code(device, 1), "next": WORK})
        self.assertRedirects(response, WORK, fetch_redirect_response=False)
        self.assertEqual(self.client.get(WORK).status_code, 200)

    def test_the_api_does_not_count_the_session_until_the_second_factor(self) -> None:
        self.login(self.coordinator)
        self.assertEqual(self.client.get("/api/v1/me").status_code, 401)
        enrolled(self.coordinator)
        # Still the same session, which never gave a code.
        self.assertEqual(self.client.get("/api/v1/me").status_code, 401)

    def test_the_rule_follows_debug(self) -> None:
        with override_settings(DEBUG=True):
            self.login(self.admin)
            self.assertEqual(self.client.get(WORK).status_code, 200)
            self.client.logout()
            page = self.client.get(reverse("accounts:login"))
            self.assertContains(page, "Här är tvåstegsverifiering frivillig (demoläge")
        self.assertNotContains(self.client.get(reverse("accounts:login")), "frivillig")
        self.login(self.admin)
        self.assertEqual(self.client.get(WORK).status_code, 302)


class TheProductionDefaultTests(BaseTestCase):
    def test_settings_leave_the_rule_to_debug_unless_told(self) -> None:
        def setting(**env: str) -> str:
            clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "MFA_REQUIRED")}
            result = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    "import samverkan.settings as s; print(s.DEBUG, s.MFA_REQUIRED)",
                ],
                env={**clean, "SECRET_KEY": "x" * 50, **env},
                cwd=Path(settings.BASE_DIR),
                capture_output=True,
                text=True,
                check=True,
            )
            return result.stdout.strip()

        self.assertEqual(setting(), "False None")
        self.assertEqual(setting(DEBUG="1"), "True None")
        self.assertEqual(setting(MFA_REQUIRED="0"), "False False")


class LoginWithSecondFactorTests(BaseTestCase):
    def setUp(self) -> None:
        self.device, self.codes = enrolled(self.member_user)

    def log_in_with_password(self) -> None:
        response = post_password(self.client, "ledamot", PASSWORD)
        self.assertRedirects(response, VERIFY, fetch_redirect_response=False)
        # The password alone is not a login.
        self.assertIsNone(logged_in_user_id(self.client))
        self.assertEqual(self.client.get(WORK).status_code, 302)

    def test_it_asks_for_a_code_after_the_password(self) -> None:
        self.log_in_with_password()
        page = self.client.get(VERIFY)
        self.assertContains(page, "Skriv koden som autentiseringsappen")

        response = self.client.post(VERIFY, {"code": app_code(self.device, 1)})

        self.assertRedirects(response, WORK, fetch_redirect_response=False)
        self.assertEqual(logged_in_user_id(self.client), str(self.member_user.pk))
        self.assertEqual(self.client.get(WORK).status_code, 200)

    def test_it_keeps_where_the_user_was_going(self) -> None:
        target = reverse("accounts:tokens")
        response = self.client.post(
            reverse("accounts:login"),
            {"username": "ledamot", "password": PASSWORD, "next": target},
        )
        self.assertRedirects(
            response, f"{VERIFY}?next=%2Fkonto%2Fapi-nycklar%2F", fetch_redirect_response=False
        )
        response = self.client.post(VERIFY, {"code": app_code(self.device, 1), "next": target})
        self.assertRedirects(response, target, fetch_redirect_response=False)
        # Never somewhere else.
        self.client.logout()
        self.log_in_with_password()
        response = self.client.post(
            VERIFY, {"code": app_code(self.device, 2), "next": "https://elak.example/"}
        )
        self.assertRedirects(response, WORK, fetch_redirect_response=False)

    def test_it_refuses_a_wrong_code_and_then_asks_to_wait(self) -> None:
        self.log_in_with_password()

        response = self.client.post(VERIFY, {"code": wrong_code(self.device)})
        self.assertContains(response, "Koden stämmer inte")
        response = self.client.post(VERIFY, {"code": app_code(self.device, 1)})
        self.assertContains(response, "För många felaktiga koder i rad. Vänta till kl.")
        self.assertIsNone(logged_in_user_id(self.client))

    def test_a_code_is_not_accepted_twice(self) -> None:
        code = app_code(self.device, 1)
        self.log_in_with_password()
        self.client.post(VERIFY, {"code": code})
        self.client.logout()

        self.log_in_with_password()
        response = self.client.post(VERIFY, {"code": code})

        self.assertContains(response, "Koden stämmer inte")
        self.assertIsNone(logged_in_user_id(self.client))

    def test_a_recovery_code_works_once(self) -> None:
        code = self.codes[0]
        self.log_in_with_password()
        # As a user may type it: upper case, with a space.
        response = self.client.post(VERIFY, {"code": f"{code[:4].upper()} {code[4:]}"}, follow=True)
        self.assertEqual(logged_in_user_id(self.client), str(self.member_user.pk))
        self.assertContains(response, "Du loggade in med en reservkod")
        self.assertContains(response, "Du har 9 kvar")
        self.client.logout()

        self.log_in_with_password()
        response = self.client.post(VERIFY, {"code": code})

        self.assertContains(response, "Koden stämmer inte")
        self.assertIsNone(logged_in_user_id(self.client))
        # After the second that one wrong code makes the user wait, another code works.
        StaticDevice.objects.update(
            throttling_failure_timestamp=F("throttling_failure_timestamp") - timedelta(seconds=2)
        )
        self.client.post(VERIFY, {"code": self.codes[1]})
        self.assertEqual(logged_in_user_id(self.client), str(self.member_user.pk))

    def test_the_password_step_runs_out(self) -> None:
        self.log_in_with_password()
        session = self.client.session
        session["accounts_second_factor_pending"]["at"] -= 301
        session.save()

        response = self.client.post(VERIFY, {"code": app_code(self.device, 1)})

        self.assertRedirects(response, reverse("accounts:login"), fetch_redirect_response=False)
        self.assertIsNone(logged_in_user_id(self.client))

    def test_the_code_page_needs_the_password_first(self) -> None:
        response = self.client.post(VERIFY, {"code": app_code(self.device)})
        self.assertRedirects(response, reverse("accounts:login"), fetch_redirect_response=False)
        self.assertIsNone(logged_in_user_id(self.client))


class ManageSecondFactorTests(BaseTestCase):
    def verified_login(self, user: object) -> TOTPDevice:
        device, _ = enrolled(user)
        self.login(user)  # type: ignore[arg-type]
        self.client.post(VERIFY, {"code": app_code(device, 1)})
        return device

    def test_it_shows_the_state_and_makes_new_recovery_codes(self) -> None:
        self.verified_login(self.member_user)
        page = self.client.get(reverse("accounts:second_factor"))
        self.assertContains(page, "Tvåstegsverifiering är <strong>på</strong>")
        self.assertContains(page, "Du har 10 oanvända reservkoder")
        old = set(StaticToken.objects.values_list("token", flat=True))

        response = self.client.post(reverse("accounts:recovery_codes_new"))

        new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
        self.assertEqual(len(new), 10)
        self.assertFalse(old & set(new))
        self.assertEqual(set(StaticToken.objects.values_list("token", flat=True)), set(new))

    def test_turning_it_off_needs_the_password(self) -> None:
        self.verified_login(self.member_user)
        url = reverse("accounts:second_factor_off")

        response = self.client.post(url, {"password": "fel"})
        self.assertContains(response, "Lösenordet stämmer inte", status_code=400)
        self.assertTrue(TOTPDevice.objects.filter(user=self.member_user).exists())

        response = self.client.post(url, {"password": PASSWORD}, follow=True)
        self.assertContains(response, "Tvåstegsverifieringen är avstängd")
        self.assertFalse(TOTPDevice.objects.filter(user=self.member_user).exists())
        self.assertFalse(StaticToken.objects.filter(device__user=self.member_user).exists())
        self.client.logout()
        response = post_password(self.client, "ledamot", PASSWORD)
        self.assertRedirects(response, WORK, fetch_redirect_response=False)

    @PRODUCTION
    def test_a_coordinator_who_turns_it_off_must_add_it_again(self) -> None:
        self.verified_login(self.coordinator)
        response = self.client.post(reverse("accounts:second_factor_off"), {"password": PASSWORD})
        self.assertRedirects(response, ENROL, fetch_redirect_response=False)
        self.assertEqual(self.client.get(WORK).status_code, 302)

    def test_recovery_codes_renewed_replace_the_old(self) -> None:
        _, codes = enrolled(self.member_user)
        renewed = recovery_codes_renew(by=self.member_user)
        self.assertFalse(set(codes) & set(renewed))
        self.assertEqual(StaticToken.objects.filter(device__user=self.member_user).count(), 10)


class SessionReadsInTheApiTests(ApiTestCase):
    @PRODUCTION
    def test_a_verified_session_reads_as_its_user(self) -> None:
        device, _ = enrolled(self.coordinator)
        self.login(self.coordinator)
        self.client.post(VERIFY, {"code": app_code(device, 1)})
        response = self.client.get("/api/v1/me")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["username"], "koordinator")
