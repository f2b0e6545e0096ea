from __future__ import annotations

import re

from django.contrib.auth.models import User
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from samverkan.accounts.tests.helpers import logged_in_user_id, post_password
from samverkan.testing.base import PASSWORD, BaseTestCase

NEW = "ett-nytt-bra-lösenord"


class PasswordChangeTests(BaseTestCase):
    url = reverse("accounts:password_change")

    def test_it_changes_the_password(self) -> None:
        self.login(self.member_user)
        page = self.client.get(self.url)
        self.assertContains(page, "<h1>Byt lösenord</h1>")

        response = self.client.post(
            self.url,
            {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
            follow=True,
        )

        self.assertContains(response, "Ditt lösenord är bytt")
        # Still logged in here.
        self.assertEqual(logged_in_user_id(self.client), str(self.member_user.pk))
        self.client.logout()
        self.assertEqual(post_password(self.client, "ledamot", PASSWORD).status_code, 200)
        self.assertEqual(post_password(self.client, "ledamot", NEW).status_code, 302)

    def test_it_needs_the_old_password_and_the_same_new_one_twice(self) -> None:
        self.login(self.member_user)
        response = self.client.post(
            self.url, {"old_password": "fel", "new_password1": NEW, "new_password2": NEW}
        )
        self.assertContains(response, "Ditt gamla lösenord var felaktigt")
        response = self.client.post(
            self.url,
            {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW + "x"},
        )
        self.assertContains(response, "De två lösenordsfälten")
        self.assertTrue(User.objects.get(pk=self.member_user.pk).check_password(PASSWORD))

    def test_it_needs_a_login(self) -> None:
        response = self.client.get(self.url)
        self.assertRedirects(
            response, f"{reverse('accounts:login')}?next={self.url}", fetch_redirect_response=False
        )


@override_settings(SITE_URL="https://samverkan.region.example")
class PasswordResetTests(BaseTestCase):
    def request_link(self, email: str = "l@example.se") -> str:
        response = self.client.post(reverse("accounts:password_reset"), {"email": email})
        self.assertRedirects(
            response, reverse("accounts:password_reset_done"), fetch_redirect_response=False
        )
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["l@example.se"])
        self.assertEqual(message.subject, "Återställ ditt lösenord")
        match = re.search(
            r"https://samverkan\.region\.example(/konto/glomt-losenord/\S+/)", str(message.body)
        )
        self.assertIsNotNone(match, message.body)
        assert match is not None
        return match[1]

    def test_it_sends_a_link_and_the_link_sets_a_new_password(self) -> None:
        self.assertContains(
            self.client.get(reverse("accounts:login")), reverse("accounts:password_reset")
        )
        path = self.request_link()
        self.assertIn("gäller i tre dagar", str(mail.outbox[0].body))
        self.assertIn("ledamot", str(mail.outbox[0].body))

        form = self.client.get(path, follow=True)
        self.assertContains(form, "Välj ett nytt lösenord")
        set_url = form.redirect_chain[-1][0]
        response = self.client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
        self.assertRedirects(
            response, reverse("accounts:password_reset_complete"), fetch_redirect_response=False
        )
        self.assertContains(self.client.get(response["Location"]), "Lösenordet är bytt")

        self.assertEqual(post_password(self.client, "ledamot", NEW).status_code, 302)
        self.client.logout()
        # The link worked once.
        self.assertContains(self.client.get(path, follow=True), "Länken fungerar inte")

    def test_an_unknown_address_gets_the_same_answer_and_no_email(self) -> None:
        response = self.client.post(
            reverse("accounts:password_reset"), {"email": "ingen@example.se"}, follow=True
        )
        self.assertContains(response, "Om adressen hör till ett konto har vi skickat en länk")
        self.assertEqual(mail.outbox, [])

    def test_it_explains_a_bad_address(self) -> None:
        response = self.client.post(reverse("accounts:password_reset"), {"email": "inte en adress"})
        self.assertContains(response, "Skriv en hel e-postadress")
        self.assertEqual(mail.outbox, [])
