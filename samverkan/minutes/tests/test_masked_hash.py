"""Masked minutes publish only the published text's hash: the original's would let anyone try
candidate personnummer (birth dates × serials with a valid check digit) until it matched."""

from __future__ import annotations

import hashlib

from django.urls import reverse

from samverkan.accounts.services import api_token_create
from samverkan.minutes.models import HoldResolution, Minutes, PublicationHold
from samverkan.minutes.services import publication_hold_resolve
from samverkan.minutes.tests.test_public import PERSONNUMMER, PublicMinutesTestCase


class MaskedHashTests(PublicMinutesTestCase):
    def masked(self) -> Minutes:
        minutes = self.approve(
            self.write(self.start(), notes=f"Patienten med personnummer {PERSONNUMMER}.")
        )
        with self.captureOnCommitCallbacks(execute=True):
            for hold in PublicationHold.objects.filter(minutes=minutes):
                publication_hold_resolve(
                    hold=hold, by=self.coordinator, resolution=HoldResolution.MASK
                )
        minutes.refresh_from_db()
        self.assertIsNotNone(minutes.published_at)
        self.assertNotEqual(minutes.published_sha256, minutes.sha256)
        return minutes

    def public_responses(self, minutes: Minutes) -> dict[str, str]:
        """Everything a visitor without an account can fetch about the minutes."""
        api = f"/api/v1/minutes/{minutes.pk}"
        urls = [
            *self.urls(minutes).values(),
            *self.listings(),
            api,
            f"{api}/text",
            "/api/v1/minutes",
            f"/api/v1/minutes?body={minutes.meeting.body_id}",
            f"/sok/?q={PERSONNUMMER[:8]}",
            "/sok/?q=patienten",
        ]
        found = {}
        for url in urls:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            found[url] = str(response.headers) + response.getvalue().decode("utf-8", "replace")
        return found

    def test_no_anonymous_response_carries_the_original_s_hash(self) -> None:
        minutes = self.masked()
        responses = self.public_responses(minutes)
        for url, content in responses.items():
            with self.subTest(url=url):
                self.assertNotIn(minutes.sha256, content)
                self.assertNotIn(minutes.sha256.upper(), content)
        # What is published can still be verified: the page and the API give the text file's
        # hash.
        text = self.client.get(self.urls(minutes)["minutes_text"]).content
        self.assertEqual(hashlib.sha256(text).hexdigest(), minutes.published_sha256)
        self.assertIn(minutes.published_sha256, responses[self.urls(minutes)["minutes"]])
        detail = self.client.get(f"/api/v1/minutes/{minutes.pk}").json()
        self.assertEqual(detail["sha256"], minutes.published_sha256)
        self.assertEqual(detail["published_sha256"], minutes.published_sha256)
        self.assertTrue(detail["masked"])
        api_text = self.client.get(f"/api/v1/minutes/{minutes.pk}/text").content
        self.assertEqual(hashlib.sha256(api_text).hexdigest(), detail["sha256"])
        listed = self.client.get("/api/v1/minutes").json()["items"]
        self.assertEqual(
            [m["sha256"] for m in listed if m["id"] == minutes.pk], [minutes.published_sha256]
        )

    def test_an_outsider_with_an_account_sees_only_the_published_hash(self) -> None:
        minutes = self.masked()
        _, token = api_token_create(by=self.other_coordinator, name="test")
        auth = {"Authorization": f"Bearer {token}"}
        for url in (f"/api/v1/minutes/{minutes.pk}", "/api/v1/minutes"):
            with self.subTest(url=url):
                self.assertNotIn(
                    minutes.sha256, self.client.get(url, headers=auth).content.decode()
                )
        self.login(self.other_coordinator)
        for url in (*self.urls(minutes).values(), reverse("minutes:minutes", args=[minutes.pk])):
            with self.subTest(url=url):
                response = self.client.get(url, follow=True)
                self.assertNotIn(minutes.sha256, response.getvalue().decode("utf-8", "replace"))

    def test_those_who_may_read_the_original_verify_it_by_its_hash(self) -> None:
        minutes = self.masked()
        _, token = api_token_create(by=self.secretary_user, name="test")
        auth = {"Authorization": f"Bearer {token}"}
        detail = self.client.get(f"/api/v1/minutes/{minutes.pk}", headers=auth).json()
        self.assertEqual(detail["sha256"], minutes.sha256)
        self.assertEqual(detail["published_sha256"], minutes.published_sha256)
        self.assertTrue(detail["verified"])
        original = self.client.get(f"/api/v1/minutes/{minutes.pk}/text", headers=auth).content
        self.assertEqual(hashlib.sha256(original).hexdigest(), minutes.sha256)
        listed = self.client.get("/api/v1/minutes", headers=auth).json()["items"]
        self.assertEqual([m["sha256"] for m in listed if m["id"] == minutes.pk], [minutes.sha256])
        self.login(self.coordinator)
        page = self.client.get(reverse("minutes:minutes", args=[minutes.pk]))
        self.assertContains(page, minutes.sha256)
        self.assertContains(page, minutes.published_sha256)
        self.assertContains(page, "stämmer med innehållet")

    def test_the_pdf_s_etag_holds_nothing_to_test_numbers_against(self) -> None:
        minutes = self.masked()
        pdf = self.client.get(self.urls(minutes)["minutes_pdf"])
        etag = pdf.headers["ETag"].strip('"')
        # The key is built from what is public only: the same minutes with the number left
        # out of the computation give the same ETag.
        self.assertNotIn(minutes.sha256, etag)
        self.assertNotIn(PERSONNUMMER, etag)
        minutes.refresh_from_db()
        self.assertEqual(
            self.client.get(self.urls(minutes)["minutes_pdf"]).headers["ETag"], pdf.headers["ETag"]
        )

    def test_unmasked_minutes_show_the_one_hash_to_everyone(self) -> None:
        minutes = self.published()
        self.assertEqual(minutes.published_sha256, minutes.sha256)
        self.assertContains(self.client.get(self.urls(minutes)["minutes"]), minutes.sha256)
        self.assertEqual(
            self.client.get(f"/api/v1/minutes/{minutes.pk}").json()["sha256"], minutes.sha256
        )
