from __future__ import annotations

import datetime
import re

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import F
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from samverkan.accounts.tests.helpers import logged_in_user_id, post_password
from samverkan.api.tests.base import ApiTestCase
from samverkan.lib.localtime import local_time, local_today
from samverkan.lib.swedish import date_text
from samverkan.testing.base import PASSWORD, BaseTestCase

LOCKED_ACCOUNT = "Kontot är tillfälligt låst efter för många felaktiga lösenord."
LOCKED_ADDRESS = "Inloggning från din adress är tillfälligt spärrad"


class LockoutTests(BaseTestCase):
    def wrong(self, times: int, username: str = "koordinator", **extra: object) -> None:
        """`times` wrong passwords; each is refused as wrong until the limit locks the account."""
        for n in range(1, times + 1):
            response = post_password(self.client, username, "fel-lösenord", **extra)
            if n < settings.AXES_FAILURE_LIMIT:
                self.assertContains(response, "Ange ett korrekt användarnamn och lösenord")
            else:
                self.assert_locked(response)

    def assert_locked(self, response: object, text: str = LOCKED_ACCOUNT) -> None:
        self.assertEqual(response.status_code, 429)  # type: ignore[attr-defined]
        self.assertContains(response, text, status_code=429)  # type: ignore[arg-type]
        self.assertIsNone(logged_in_user_id(self.client))

    def test_it_locks_the_account_after_30_wrong_passwords_even_for_the_right_one(self) -> None:
        self.wrong(29)
        self.assertIsNone(logged_in_user_id(self.client))
        # The 30th wrong password locks the account; the page says so at once.
        self.assert_locked(post_password(self.client, "koordinator", "fel-lösenord"))

        response = post_password(self.client, "koordinator", PASSWORD)

        self.assert_locked(response)
        # Still the login page, in Swedish, with the form to try again later.
        self.assertContains(response, "<h1>Logga in</h1>", status_code=429)
        self.assertContains(response, 'value="koordinator"', status_code=429)
        self.assertContains(response, "återställa det via e-post", status_code=429)
        # Another address does not help: it is the account that is locked.
        self.assert_locked(
            post_password(self.client, "koordinator", PASSWORD, REMOTE_ADDR="10.9.8.7")
        )
        self.assertEqual(self.client.get(reverse("work:home")).status_code, 302)

    def test_it_says_when_to_try_again(self) -> None:
        self.wrong(30)
        response = post_password(self.client, "koordinator", PASSWORD)

        text = response.content.decode()
        # Near midnight the lock ends on another day, and the page names that day too.
        match = re.search(
            r"Försök igen (?:(\d{1,2} \w+ \d{4}) )?kl\. (\d\d)\.(\d\d) \(om (\d+) minuter\)", text
        )
        self.assertIsNotNone(match, text)
        assert match is not None
        named_day, hour, minute, minutes = match[1], int(match[2]), int(match[3]), int(match[4])
        self.assertIn(minutes, (30, 31))
        expected = local_time(timezone.now() + datetime.timedelta(minutes=30))
        # The named minute is the end rounded up: within two minutes of half an hour from now.
        off = (hour * 60 + minute - expected.hour * 60 - expected.minute) % (24 * 60)
        self.assertTrue(off <= 2 or off >= 24 * 60 - 2, (hour, minute, expected))
        named = expected + datetime.timedelta(minutes=off if off <= 2 else off - 24 * 60)
        if named.date() == local_today():
            self.assertIsNone(named_day, text)
        else:
            self.assertEqual(named_day, date_text(named.date()))
        self.assertIn(int(response["Retry-After"]), range(1700, 1801))

    def test_the_lock_ends_after_the_cool_off(self) -> None:
        self.wrong(30)
        self.assert_locked(post_password(self.client, "koordinator", PASSWORD))

        # Half an hour passes since the last wrong password.
        AccessAttempt.objects.update(
            attempt_time=F("attempt_time") - datetime.timedelta(minutes=31)
        )
        response = post_password(self.client, "koordinator", PASSWORD)

        self.assertRedirects(response, reverse("work:home"), fetch_redirect_response=False)
        self.assertEqual(logged_in_user_id(self.client), str(self.coordinator.pk))

    def test_it_locks_an_address_that_tries_many_accounts(self) -> None:
        for n in range(30):
            post_password(self.client, f"gissning{n}", "fel-lösenord", REMOTE_ADDR="10.0.0.66")

        response = post_password(self.client, "ledamot", PASSWORD, REMOTE_ADDR="10.0.0.66")

        self.assert_locked(response, LOCKED_ADDRESS)
        # The same account from another address logs in.
        response = post_password(self.client, "ledamot", PASSWORD, REMOTE_ADDR="10.0.0.67")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(logged_in_user_id(self.client), str(self.member_user.pk))

    def test_it_counts_each_account_on_its_own(self) -> None:
        self.wrong(30, REMOTE_ADDR="10.0.0.1")
        response = post_password(self.client, "ledamot", PASSWORD, REMOTE_ADDR="10.0.0.2")
        self.assertEqual(response.status_code, 302)

    @override_settings(AXES_FAILURE_LIMIT=3, AXES_COOLOFF_TIME=datetime.timedelta(minutes=5))
    def test_the_limit_and_the_cool_off_are_settings(self) -> None:
        self.wrong(2)
        response = post_password(self.client, "koordinator", "fel-lösenord")
        self.assert_locked(response)
        self.assertContains(response, "(om fem minuter)", status_code=429)

    def test_a_password_reset_by_email_lifts_the_lock_on_the_account(self) -> None:
        from django.core import mail

        self.wrong(30)
        self.client.post(reverse("accounts:password_reset"), {"email": "k@example.se"})
        link = re.search(r"https?://\S+", str(mail.outbox[-1].body))
        assert link is not None
        path = link[0].split("//", 1)[1].split("/", 1)[1]
        form = self.client.get("/" + path, follow=True)
        self.client.post(
            form.redirect_chain[-1][0],
            {"new_password1": "ett-nytt-lösenord-1", "new_password2": "ett-nytt-lösenord-1"},
        )

        response = post_password(self.client, "koordinator", "ett-nytt-lösenord-1")

        self.assertEqual(response.status_code, 302)
        self.assertEqual(logged_in_user_id(self.client), str(self.coordinator.pk))

    def test_the_admin_login_is_the_same_login(self) -> None:
        response = self.client.get("/admin/login/?next=/admin/")
        self.assertRedirects(
            response, f"{reverse('accounts:login')}?next=%2Fadmin%2F", fetch_redirect_response=False
        )


class TokensAreNotLockedTests(ApiTestCase):
    def test_a_locked_account_keeps_its_api_tokens(self) -> None:
        for _ in range(30):
            post_password(self.client, "koordinator", "fel-lösenord")
        self.assertEqual(post_password(self.client, "koordinator", PASSWORD).status_code, 429)

        self.assertEqual(self.call("get", "/me", user=self.coordinator).status_code, 200)
        response = self.call(
            "patch",
            f"/bodies/{self.body.pk}",
            {"lock_version": 1, "short_name": "LSG-V"},
            user=self.coordinator,
        )
        self.assertEqual(response.status_code, 200, response.content)
