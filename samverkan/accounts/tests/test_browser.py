from __future__ import annotations

import datetime
import time
from base64 import b32decode

from django.test import override_settings
from django.urls import reverse
from django_otp.oath import TOTP

from samverkan.testing.base import PASSWORD, Personas
from samverkan.testing.browser import BrowserTestCase

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def code_from_key(key: str, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for the key the enrolment page gives to type in."""
    totp = TOTP(b32decode(key.replace(" ", "")), 30, 0, 6, 0)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


@override_settings(DEBUG=False, MFA_REQUIRED=None)
class SecondFactorBrowserTests(Personas, BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.make_personas()

    def look(self, name: str) -> None:
        """Axe finds nothing, and screenshots at desktop and phone width."""
        self.assert_accessible()
        self.page.set_viewport_size(DESKTOP)
        self.screenshot(f"{name}-1280")
        self.page.set_viewport_size(PHONE)
        self.screenshot(f"{name}-390")
        self.assert_accessible()
        self.page.set_viewport_size(DESKTOP)

    def test_a_coordinator_adds_an_app_and_logs_in_with_a_code(self) -> None:
        page = self.page
        self.log_in("koordinator", PASSWORD)
        # A coordinator without a second factor is sent to add one before the working pages.
        page.wait_for_url("**/konto/tvastegsverifiering/lagg-till/**")
        self.assertTrue(page.get_by_role("img", name="QR-kod att skanna").is_visible())
        self.look("second-factor-enrol")

        key = page.locator("#totp-key").inner_text()
        page.get_by_label("Kod", exact=True).fill(
            "000000" if code_from_key(key) != "000000" else "111111"
        )
        page.get_by_role("button", name="Slå på tvåstegsverifiering").click()
        page.wait_for_load_state()
        self.assertIn("Koden stämmer inte", page.content())
        self.look("second-factor-enrol-refused")
        # django-otp makes the user wait a second after a wrong code.
        time.sleep(1.1)
        page.get_by_label("Kod", exact=True).fill(code_from_key(key))
        page.get_by_role("button", name="Slå på tvåstegsverifiering").click()
        page.get_by_role("heading", name="Dina reservkoder").wait_for()
        codes = page.locator(".recovery-codes code").all_inner_texts()
        self.assertEqual(len(codes), 10)
        self.look("recovery-codes")
        page.get_by_role("link", name="Jag har sparat koderna – fortsätt").click()
        page.wait_for_url("**/arbeta/")

        for name, path in (
            ("account", reverse("accounts:home")),
            ("second-factor", reverse("accounts:second_factor")),
            ("password-change", reverse("accounts:password_change")),
        ):
            page.goto(self.url(path))
            self.look(name)
        page.goto(self.url(reverse("accounts:tokens")))
        page.get_by_label("Vad ska nyckeln användas till?").fill("Rapportverktyg")
        page.get_by_label("Gäller till och med (valfritt)").fill("2099-12-31")
        page.get_by_label("Bara läsa").check()
        page.get_by_role("button", name="Skapa nyckel").click()
        page.wait_for_load_state()
        self.assertTrue(page.locator("#new-token").inner_text().startswith("sv_"))
        self.assertIn(
            "2099-12-31",
            page.get_by_role("listitem").filter(has_text="Rapportverktyg").inner_text(),
        )
        self.look("tokens")

        page.get_by_role("button", name="Logga ut").click()
        page.wait_for_load_state()
        self.log_in("koordinator", PASSWORD)
        page.wait_for_url("**/konto/tvastegsverifiering/kod/**")
        self.look("second-factor-verify")
        page.get_by_label("Kod", exact=True).fill(code_from_key(key, 1))
        page.get_by_role("button", name="Fortsätt").click()
        page.wait_for_url("**/arbeta/")

        # And once with a recovery code instead of the phone.
        page.get_by_role("button", name="Logga ut").click()
        page.wait_for_load_state()
        self.log_in("koordinator", PASSWORD)
        page.wait_for_url("**/konto/tvastegsverifiering/kod/**")
        page.get_by_label("Kod", exact=True).fill(codes[0])
        page.get_by_role("button", name="Fortsätt").click()
        page.wait_for_url("**/arbeta/")
        self.assertIn("Du har 9 kvar", page.content())

    @override_settings(AXES_FAILURE_LIMIT=2, AXES_COOLOFF_TIME=datetime.timedelta(minutes=15))
    def test_the_login_pages_read_well_and_a_lockout_says_when(self) -> None:
        page = self.page
        page.goto(self.url(reverse("accounts:login")))
        self.look("login")
        for _ in range(2):
            self.log_in("ledamot", "fel-lösenord")
        self.assertIn("Kontot är tillfälligt låst", page.content())
        self.assertIn("(om 15 minuter)", page.content())
        self.look("login-locked")
        page.get_by_role("link", name="Glömt lösenordet?").click()
        page.wait_for_url("**/konto/glomt-losenord/")
        self.look("password-reset")
        page.get_by_label("E-postadress").fill("l@example.se")
        page.get_by_role("button", name="Skicka länk").click()
        page.wait_for_url("**/konto/glomt-losenord/skickat/")
        self.look("password-reset-sent")
