"""The public pages' cache: who gets a cached page, what it carries, what it costs, and that a
change made through a service shows on the next anonymous request."""

from __future__ import annotations

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.audit.models import PageVersion
from samverkan.audit.pages import pages_changed
from samverkan.public.pagecache import CACHE_ALIAS, page_scope
from samverkan.structure.services.bodies import body_update
from samverkan.structure.services.people import person_update, principal_update
from samverkan.testing.base import BaseTestCase


class CachedPages(TestCase):
    """Anonymous requests with the page cache on (the class is decorated with
    `override_settings(PAGE_CACHE=True)`), emptied before each test. A mixin for the test
    cases of the apps whose changes are checked."""

    def setUp(self) -> None:
        super().setUp()
        caches[CACHE_ALIAS].clear()

    def fetch(self, url: str) -> tuple[str, int]:
        """The page's text and how many queries the request made."""
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return response.content.decode(), len(queries)

    def assert_cached(self, url: str) -> str:
        """The page is rendered once and then served from the cache (one query)."""
        self.fetch(url)
        text, queries = self.fetch(url)
        self.assertEqual(queries, 1, f"{url} kom inte ur cachen")
        return text


@override_settings(PAGE_CACHE=True)
class PageCacheTestCase(CachedPages, BaseTestCase):
    pass


class WhoGetsACachedPageTests(PageCacheTestCase):
    def test_it_serves_the_second_anonymous_request_with_one_query(self) -> None:
        url = reverse("public:body", args=["vasterbotten", "lsg"])
        first, rendered = self.fetch(url)
        second, cached = self.fetch(url)
        self.assertEqual(first, second)
        self.assertGreater(rendered, 1)
        self.assertEqual(cached, 1)

    def test_it_keeps_the_headers_of_the_page_it_cached(self) -> None:
        url = reverse("public:body", args=["vasterbotten", "lsg"])
        first = self.client.get(url)
        second = self.client.get(url)
        self.assertEqual(dict(first.items()), dict(second.items()))
        self.assertIn("default-src 'self'", second["Content-Security-Policy"])
        self.assertEqual(second["X-Frame-Options"], "DENY")
        self.assertEqual(second["X-Content-Type-Options"], "nosniff")

    def test_it_never_serves_or_stores_a_page_for_a_signed_in_user(self) -> None:
        url = reverse("public:body", args=["vasterbotten", "lsg"])
        self.fetch(url)
        self.login(self.member_user)
        text, queries = self.fetch(url)
        # The member sees the contact details anonymous visitors do not, from a fresh page.
        self.assertIn("alice.berg@umea.example", text)
        self.assertGreater(queries, 1)
        self.client.logout()
        anonymous = self.assert_cached(url)
        self.assertNotIn("alice.berg@umea.example", anonymous)

    def test_it_passes_requests_with_a_session_cookie_by(self) -> None:
        url = reverse("public:structure", args=["vasterbotten"])
        self.fetch(url)
        self.client.cookies["sessionid"] = "nagot"
        _, queries = self.fetch(url)
        self.assertGreater(queries, 1)

    def test_it_stores_no_page_that_sets_a_cookie_or_holds_a_csrf_token(self) -> None:
        # The login page has a form: its token and cookie are the visitor's own.
        url = reverse("accounts:login")
        self.assertIsNone(page_scope(url))
        # Not an address of the cache anyway; a public page with a form is not stored either.
        response = self.client.get("/avvikelse/rapportera/okand/")
        self.assertNotEqual(response.status_code, 200)

    def test_it_stores_no_page_that_is_not_found(self) -> None:
        url = "/s/vasterbotten/g/finns-inte/"
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.get("/s/finns-inte/").status_code, 404)

    def test_it_keeps_htmx_fragments_apart_from_pages(self) -> None:
        url = reverse("public:structure", args=["vasterbotten"])
        page = self.client.get(url).content
        fragment = self.client.get(url, headers={"HX-Request": "true"}).content
        self.assertEqual(self.client.get(url).content, page)
        self.assertEqual(self.client.get(url, headers={"HX-Request": "true"}).content, fragment)

    def test_it_leaves_working_pages_the_api_and_search_alone(self) -> None:
        for path in ["/arbeta/", "/api/v1/bodies", "/sok/", "/konto/logga-in/", "/x.pdf"]:
            self.assertIsNone(page_scope(path), path)
        self.assertEqual(page_scope("/s/vasterbotten/g/lsg/"), "vasterbotten")
        self.assertEqual(page_scope("/statistik/vasterbotten/"), "vasterbotten")
        self.assertEqual(page_scope("/"), "")
        self.assertEqual(page_scope("/huvudman/"), "")

    @override_settings(PAGE_CACHE=False)
    def test_it_can_be_turned_off(self) -> None:
        url = reverse("public:structure", args=["vasterbotten"])
        self.fetch(url)
        _, queries = self.fetch(url)
        self.assertGreater(queries, 1)


class StructureChangesTests(PageCacheTestCase):
    """Each change through a service shows on the next anonymous request."""

    def test_it_shows_a_renamed_body_at_once(self) -> None:
        url = reverse("public:body", args=["vasterbotten", "lsg"])
        self.assert_cached(url)
        body_update(
            by=self.coordinator,
            body=self.body,
            expected_version=None,
            name="Länssamverkan Västerbotten",
        )
        text, _ = self.fetch(url)
        self.assertIn("Länssamverkan Västerbotten", text)
        self.assertIn("Länssamverkan Västerbotten", self.assert_cached(url))

    def test_it_shows_a_renamed_person_on_every_structures_pages(self) -> None:
        url = reverse("public:body", args=["vasterbotten", "lsg"])
        self.assert_cached(url)
        person_update(by=self.coordinator, person=self.alice, last_name="Strand")
        text, _ = self.fetch(url)
        self.assertIn("Alice Strand", text)

    def test_it_shows_a_renamed_principal_on_the_pages_spanning_structures(self) -> None:
        url = reverse("public:principals")
        self.assert_cached(url)
        principal_update(by=self.admin, principal=self.umea, name="Umeå stad")
        text, _ = self.fetch(url)
        self.assertIn("Umeå stad", text)

    def test_a_change_in_one_structure_keeps_the_others_pages_cached(self) -> None:
        other = reverse("public:structure", args=["blekinge"])
        self.assert_cached(other)
        body_update(by=self.coordinator, body=self.body, expected_version=None, name="Ny")
        _, queries = self.fetch(other)
        self.assertEqual(queries, 1)

    def test_a_bump_without_a_history_row_renders_every_page_anew(self) -> None:
        url = reverse("public:structure", args=["blekinge"])
        self.assert_cached(url)
        pages_changed()
        _, queries = self.fetch(url)
        self.assertGreater(queries, 1)
        pages_changed([self.other_structure.pk])
        _, queries = self.fetch(url)
        self.assertGreater(queries, 1)

    def test_an_edit_in_the_admin_renders_every_page_anew(self) -> None:
        url = reverse("public:body", args=["vasterbotten", "lsg"])
        self.assert_cached(url)
        shared = PageVersion.objects.get(scope=PageVersion.SHARED).version
        # What the admin writes for every edit it saves.
        LogEntry.objects.create(
            user=self.admin,
            content_type=ContentType.objects.get_for_model(self.body),
            object_id=str(self.body.pk),
            object_repr=str(self.body),
            action_flag=CHANGE,
        )
        after = PageVersion.objects.get(scope=PageVersion.SHARED)
        self.assertGreater(after.version, shared)
        _, queries = self.fetch(url)
        self.assertGreater(queries, 1)
