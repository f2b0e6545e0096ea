"""Settings for the test suite and the type checker (pyproject.toml points pytest and mypy here).

These are the production settings, DEBUG unset, with only what a test run cannot have:
- a key made for tests, since production refuses to start without SECRET_KEY;
- plain HTTP: the test client and the browser tests' live server speak no TLS, so no
  redirect to HTTPS and cookies that are not limited to HTTPS (HSTS is only ever sent on
  HTTPS, so it stays as in production);
- static files from the apps' folders, as `make run` serves them, instead of the hashed
  names that `collectstatic` writes (deploy/smoke.py checks those against a real start).
The production values themselves are tested in samverkan/lib/tests/test_settings.py.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-key-" + "e3Lq9vT2mXw8" * 5)

from samverkan.settings import *  # noqa: F403
from samverkan.settings import STORAGES

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Tests render every page they ask for (query counts, fresh data between requests); the page
# cache's own tests turn it on (samverkan/public/tests/test_pagecache*.py).
PAGE_CACHE = False
