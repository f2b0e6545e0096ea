"""Where logging in lands: the user's own start page ("Att göra"), also when "Logga in" was
clicked on the public start page, whose header link carries `?next=/`."""

from __future__ import annotations

from django.urls import reverse

from samverkan.accounts.services import second_factor_enable, totp_device_for_enrolment
from samverkan.accounts.tests.helpers import app_code
from samverkan.testing.base import PASSWORD, BaseTestCase

LOGIN = reverse("accounts:login")
WORK = reverse("work:home")


class LandingTests(BaseTestCase):
    def log_in_from(self, page: str) -> object:
        """Click "Logga in" in the header of `page`, then send the form as it is filled in."""
        self.assertContains(self.client.get(page), f'href="{LOGIN}?next=')
        form = self.client.get(f"{LOGIN}?next={page}")
        next_value = form.context["next"]
        return self.client.post(
            LOGIN, {"username": "ledamot", "password": PASSWORD, "next": next_value}
        )

    def test_it_lands_on_the_users_own_page_from_the_public_start_page(self) -> None:
        response = self.log_in_from(reverse("public:home"))

        self.assertRedirects(response, WORK, fetch_redirect_response=False)  # type: ignore[arg-type]
        self.assertContains(self.client.get(WORK), "<h1>Att göra</h1>", html=False)

    def test_it_goes_back_to_a_deeper_page_it_was_sent_from(self) -> None:
        page = reverse("public:structure", args=["vasterbotten"])

        response = self.log_in_from(page)

        self.assertRedirects(response, page, fetch_redirect_response=False)  # type: ignore[arg-type]

    def test_it_lands_on_the_users_own_page_without_a_next(self) -> None:
        response = self.client.post(LOGIN, {"username": "ledamot", "password": PASSWORD})

        self.assertRedirects(response, WORK, fetch_redirect_response=False)

    def test_a_user_already_logged_in_is_sent_to_their_page_not_back_to_the_start(self) -> None:
        self.login(self.member_user)

        response = self.client.get(f"{LOGIN}?next=/")

        self.assertRedirects(response, WORK, fetch_redirect_response=False)

    def test_the_second_factor_also_lands_on_the_users_own_page(self) -> None:
        device = totp_device_for_enrolment(by=self.member_user)
        second_factor_enable(by=self.member_user, code=app_code(device))
        verify = reverse("accounts:second_factor_verify")

        response = self.log_in_from(reverse("public:home"))

        self.assertRedirects(response, verify, fetch_redirect_response=False)  # type: ignore[arg-type]
        response = self.client.post(verify, {"code": app_code(device, 1)})
        self.assertRedirects(response, WORK, fetch_redirect_response=False)
