"""Browser tests: Playwright driving Debian's Chromium against a live server, with axe-core."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.http.response import HttpResponseBase

from samverkan.testing.transactional import KeepsReferenceData

# Playwright's sync API runs an event loop in this thread; the ORM calls in the tests are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "test-results"))


class OneRequestAtATime(StaticFilesHandler):
    """The live server's handler, answering one request at a time. Its threads share the
    test database's one SQLite connection, and two requests at once (a page's htmx parts
    still loading when the test moves on to the next page) fail with "bad parameter or
    other API misuse"; a browser with a real server and database would just get both."""

    lock = threading.Lock()

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> HttpResponseBase:
        with self.lock:
            return super().__call__(environ, start_response)


class BrowserTestCase(KeepsReferenceData, StaticLiveServerTestCase):
    """A live server and one headless Chromium shared by the class."""

    host = "127.0.0.1"
    static_handler = OneRequestAtATime
    playwright: Any
    browser: Any

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        from django.urls import resolve
        from playwright.sync_api import sync_playwright

        # Importing the URLconf (the API, WeasyPrint) takes many seconds on a busy machine;
        # done here, not inside the first page's time limit.
        resolve("/")

        cls.playwright = sync_playwright().start()
        cls.browser = cls.playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )

    @classmethod
    def tearDownClass(cls) -> None:
        cls.browser.close()
        cls.playwright.stop()
        super().tearDownClass()

    def setUp(self) -> None:
        super().setUp()
        self.context = self.browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm")
        self.context.set_default_timeout(15000)
        self.page = self.context.new_page()
        # Chromium reports each thing the Content-Security-Policy blocked (an inline script,
        # style or event handler, eval) on the console; any of them fails the test.
        self.csp_violations: list[str] = []
        self.page.on("console", self._note_csp_violation)

    def _note_csp_violation(self, message: Any) -> None:
        if "Content Security Policy" in message.text:
            self.csp_violations.append(f"{self.page.url}: {message.text}")

    def tearDown(self) -> None:
        self.context.close()
        super().tearDown()
        self.assertEqual(self.csp_violations, [], "the Content-Security-Policy blocked something")

    def url(self, path: str) -> str:
        return self.live_server_url + path

    def screenshot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    def axe_violations(self) -> list[dict[str, Any]]:
        # Evaluated, not added as an inline <script>, which the Content-Security-Policy blocks.
        self.page.evaluate(AXE.read_text(encoding="utf-8"))
        result = self.page.evaluate(
            """async () => {
                const r = await axe.run(document, {runOnly: {type: 'tag',
                    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
                return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
            }"""
        )
        return list(result)

    def assert_accessible(self) -> None:
        violations = self.axe_violations()
        self.assertEqual(violations, [], f"axe found violations on {self.page.url}")

    def log_in(self, username: str, password: str) -> None:
        self.page.goto(self.url("/konto/logga-in/"))
        self.page.get_by_label("Användarnamn (e-postadress)").fill(username)
        self.page.get_by_label("Lösenord").fill(password)
        self.page.get_by_role("button", name="Logga in").click()
        self.page.wait_for_load_state()
