"""Secure by default: what `samverkan/settings.py` makes of the environment a server starts with.

The start-up checks run `manage.py` in a subprocess with exactly the environment named, as
an operator would; the switches read the settings module afresh under a given environment.
"""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
from pathlib import Path
from typing import Any
from unittest import mock

from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase

BASE_DIR = Path(__file__).resolve().parents[3]
SETTINGS = BASE_DIR / "samverkan" / "settings.py"

# What the issue names as all a production start needs to pass Django's deployment check.
PRODUCTION = {
    "SECRET_KEY": "u7Kq2-Rz9xWb4LmT8vNc3HdPy6FsJ1gQaE5oYiZt0XrMk_BnVwCe",
    "ALLOWED_HOSTS": "samverkan.region.example",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def settings_under(env: dict[str, str]) -> dict[str, Any]:
    """The settings module's names as a fresh start with exactly `env` would see them."""
    with mock.patch.dict(os.environ, env, clear=True):
        return runpy.run_path(str(SETTINGS))


class StartUpTests(SimpleTestCase):
    def test_it_passes_the_deployment_check_with_only_key_hosts_and_smtp_set(self) -> None:
        result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("System check identified no issues", result.stdout)

    def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off(self) -> None:
        for key in (None, ""):
            env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
            if key is not None:
                env["SECRET_KEY"] = key
            with self.subTest(secret_key=key):
                result = manage("check", env=env)
                self.assertNotEqual(result.returncode, 0)
                self.assertIn("ImproperlyConfigured: SECRET_KEY saknas", result.stderr)
                self.assertIn("DEBUG=1", result.stderr)

    def test_it_starts_the_demo_with_debug_and_no_key(self) -> None:
        result = manage("check", env={"DEBUG": "1"})
        self.assertEqual(result.returncode, 0, result.stderr)


class SwitchTests(SimpleTestCase):
    def test_it_has_debug_off_and_https_everywhere_when_nothing_is_said(self) -> None:
        s = settings_under(PRODUCTION)
        self.assertFalse(s["DEBUG"])
        self.assertTrue(s["SECURE_SSL_REDIRECT"])
        self.assertEqual(s["SECURE_HSTS_SECONDS"], 365 * 24 * 3600)
        self.assertTrue(s["SECURE_HSTS_INCLUDE_SUBDOMAINS"])
        self.assertTrue(s["SESSION_COOKIE_SECURE"])
        self.assertTrue(s["CSRF_COOKIE_SECURE"])
        # A client must not be able to claim HTTPS by a header unless a proxy is declared.
        self.assertNotIn("SECURE_PROXY_SSL_HEADER", s)

    def test_it_turns_each_https_setting_off_from_the_environment(self) -> None:
        s = settings_under(
            PRODUCTION
            | {"SECURE_SSL_REDIRECT": "0", "SECURE_HSTS_SECONDS": "0", "SECURE_COOKIES": "false"}
        )
        self.assertFalse(s["SECURE_SSL_REDIRECT"])
        self.assertEqual(s["SECURE_HSTS_SECONDS"], 0)
        self.assertFalse(s["SESSION_COOKIE_SECURE"])
        self.assertFalse(s["CSRF_COOKIE_SECURE"])

    def test_it_trusts_a_declared_tls_proxy_header(self) -> None:
        s = settings_under(PRODUCTION | {"SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto"})
        self.assertEqual(s["SECURE_PROXY_SSL_HEADER"], ("HTTP_X_FORWARDED_PROTO", "https"))

    def test_it_keeps_the_demo_on_plain_http_with_debug(self) -> None:
        s = settings_under({"DEBUG": "1"})
        self.assertTrue(s["DEBUG"])
        self.assertFalse(s["SECURE_SSL_REDIRECT"])
        self.assertEqual(s["SECURE_HSTS_SECONDS"], 0)
        self.assertFalse(s["SESSION_COOKIE_SECURE"])

    def test_it_allows_no_inline_script_style_or_eval(self) -> None:
        csp = settings_under(PRODUCTION)["SECURE_CSP"]
        for directive in ("default-src", "script-src", "style-src"):
            self.assertEqual(csp[directive], ["'self'"], directive)
        self.assertEqual(csp["frame-ancestors"], ["'none'"])
        self.assertEqual(csp["object-src"], ["'none'"])

    def test_it_uses_redis_as_the_cache_only_when_asked(self) -> None:
        local = settings_under(PRODUCTION)["CACHES"]
        for alias in ("default", "pages"):  # pages: the public pages' cache (public/pagecache)
            self.assertEqual(
                local[alias]["BACKEND"], "django.core.cache.backends.locmem.LocMemCache"
            )
        for name in ("REDIS_URL", "CACHE_URL"):
            with self.subTest(name):
                caches = settings_under(PRODUCTION | {name: "redis://127.0.0.1:6379/2"})["CACHES"]
                self.assertEqual(
                    caches["default"]["BACKEND"], "django.core.cache.backends.redis.RedisCache"
                )
                self.assertEqual(caches["default"]["LOCATION"], "redis://127.0.0.1:6379/2")
                self.assertEqual(caches["pages"]["LOCATION"], "redis://127.0.0.1:6379/2")
                self.assertNotEqual(caches["pages"]["KEY_PREFIX"], caches["default"]["KEY_PREFIX"])

    def test_it_refuses_a_cache_address_it_cannot_use_without_echoing_it(self) -> None:
        with self.assertRaisesMessage(ImproperlyConfigured, "redis://") as caught:
            settings_under(PRODUCTION | {"CACHE_URL": "memcached://:hemligt@cache:11211"})
        self.assertNotIn("hemligt", str(caught.exception))

    def test_it_serves_static_files_under_hashed_names_in_production(self) -> None:
        s = settings_under(PRODUCTION)
        self.assertEqual(
            s["STORAGES"]["staticfiles"]["BACKEND"],
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
        self.assertIn("whitenoise.middleware.WhiteNoiseMiddleware", s["MIDDLEWARE"])
