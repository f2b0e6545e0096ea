"""Public pages served from a cache that is never stale.

An anonymous GET of a public page or feed is answered from Django's cache (the `pages`
cache: memory in each process, or Redis shared by all of them with `REDIS_URL`) when the
same page was rendered since anything it shows last changed. The key holds the page's
*version*, read from the database on every request in one small query:

- pages of one structure (`/s/<slug>/…`, `/balanslista/<slug>/…`, `/statistik/<slug>/…`,
  `/styrdokument/<slug>/…`): the structure's version and the shared version (people,
  principals and the admin's edits, which any structure's pages may show);
- pages spanning structures (the start page, the principals, the accessibility statement):
  the sum of all versions, which grows with every change anywhere.

The database bumps a version in the same transaction as each change (`audit.PageVersion`),
so once a change is committed no request can get a page rendered before it: an approved
minutes or a moved meeting shows at once. What changes with the clock alone (a meeting
passing from coming to held) is at most `PAGE_CACHE_SECONDS` late.

Only what every visitor would get the same is stored: no request carrying a session or
messages cookie (a signed-in user, or one with a message waiting) is served from the cache
or stores in it, and a response is stored only if it is a complete 200 without cookies,
without a CSRF token, not private, varying on nothing but Cookie and HX-Request (which is
part of the key). Its headers are stored with it, so a cached page has the same
Content-Security-Policy and other headers; SecurityMiddleware, before this one, adds its own
to every response. Search is not cached: its index is also written outside the history.

This runs before the session, authentication and messages middleware, so a cached page costs
a cookie check, the version query and a cache read.
"""

from __future__ import annotations

import hashlib
import logging
import os
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

from samverkan.audit.models import PageVersion
from samverkan.structure.models import Structure

logger = logging.getLogger(__name__)

CACHE_ALIAS = "pages"
# The first path segment of pages that belong to one structure, whose slug comes next.
STRUCTURE_PAGES = frozenset({"s", "balanslista", "statistik", "styrdokument"})
# Pages that span structures.
SITE_PAGES = frozenset({"", "huvudman", "tillganglighet"})
# Headers a stored response may vary on: the cookies (only cookie-less requests use the
# cache, see above) and htmx's request header, which is in the key.
VARY_ALLOWED = frozenset({"cookie", "hx-request"})

# Table names from the models, never from input; the slug is a parameter.
_VERSIONS = PageVersion._meta.db_table
STRUCTURE_SQL = (
    f"SELECT s.id, (SELECT v.version FROM {_VERSIONS} v WHERE v.scope = s.id), "  # noqa: S608
    f"(SELECT v.version FROM {_VERSIONS} v WHERE v.scope = {PageVersion.SHARED}) "
    f"FROM {Structure._meta.db_table} s WHERE s.slug = %s"
)
SITE_SQL = f"SELECT SUM(version), COUNT(*) FROM {_VERSIONS}"  # noqa: S608


@cache
def release() -> str:
    """What the code looks like: part of every key, so a deploy with new templates or views
    never serves pages a shared cache kept from the one before (PAGE_CACHE_RELEASE, e.g. a
    commit id, says it outright)."""
    if named := getattr(settings, "PAGE_CACHE_RELEASE", ""):
        return str(named)
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.blake2b(digest_size=8)
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in {"__pycache__", "tests"})
        for name in sorted(files):
            stat = os.stat(os.path.join(folder, name))
            digest.update(f"{folder}/{name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def page_scope(path: str) -> str | None:
    """The structure's slug, "" for a page spanning structures, or None for an address
    this cache leaves alone."""
    parts = path.split("/")
    if len(parts) < 2:
        return None
    first = parts[1]
    if path.endswith((".pdf", "/pdf/")):
        # PDFs are large, and the minutes' own are stored by the worker after publication.
        return None
    if first in STRUCTURE_PAGES and len(parts) > 3 and parts[2]:
        return parts[2]
    if first in SITE_PAGES:
        return ""
    return None


def page_version(slug: str) -> str | None:
    """The version part of the key ("" for pages spanning structures), or None when the
    structure does not exist."""
    with connection.cursor() as cursor:
        if not slug:
            cursor.execute(SITE_SQL)
            total, count = cursor.fetchone()
            return f"a{total or 0}.{count}"
        cursor.execute(STRUCTURE_SQL, [slug])
        row = cursor.fetchone()
    if row is None:
        return None
    return f"s{row[0]}.{row[1] or 0}.{row[2] or 0}"


def storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether every anonymous visitor would get this same response."""
    if not isinstance(response, HttpResponse) or response.status_code != 200 or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    if not vary <= VARY_ALLOWED:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return len(response.content) <= settings.PAGE_CACHE_MAX_BYTES


class PublicPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        if getattr(settings, "PAGE_CACHE", False):
            release()  # at start, not in a visitor's request

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        key = self.key(request)
        if key is None:
            return self.get_response(request)
        pages = caches[CACHE_ALIAS]
        try:
            cached = pages.get(key)
        except Exception:  # a cache that is down leaves the pages uncached, not broken
            logger.warning("Sidcachen svarar inte", exc_info=True)
            return self.get_response(request)
        if cached is not None:
            packed, headers = cached
            return HttpResponse(zlib.decompress(packed), headers=headers)
        response = self.get_response(request)
        if storable(request, response):
            assert isinstance(response, HttpResponse)  # storable says so
            try:
                pages.set(
                    key,
                    # Compressed: HTML shrinks five- to tenfold, so each worker's memory
                    # (or Redis) holds many more pages, for a millisecond on a miss.
                    (zlib.compress(response.content), list(response.items())),
                    settings.PAGE_CACHE_SECONDS,
                )
            except Exception:
                logger.warning("Sidcachen svarar inte", exc_info=True)
        return response

    def key(self, request: HttpRequest) -> str | None:
        """The cache key of this request, or None when it must not use the cache."""
        if request.method != "GET" or not getattr(settings, "PAGE_CACHE", False):
            return None
        scope = page_scope(request.path_info)
        if scope is None:
            return None
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
            return None
        if "HTTP_AUTHORIZATION" in request.META:
            return None
        version = page_version(scope)
        if version is None:
            return None
        hx = "h" if request.META.get("HTTP_HX_REQUEST") else "-"
        text = "|".join(
            [
                release(),
                version,
                request.scheme or "",
                request.get_host(),
                hx,
                request.get_full_path(),
            ]
        )
        return "page:" + hashlib.blake2b(text.encode(), digest_size=20).hexdigest()
