"""Settings for Samverkan, read from the environment.

Without DEBUG they are production's and safe as they are (README, Drift); `make run` sets
DEBUG=1 for the demo. Tests use samverkan/testing/settings.py, which builds on these.
"""

import os
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# Off unless asked for: a forgotten variable must not show tracebacks and every URL to the
# world. `make run` sets DEBUG=1 for the demo.
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # A known key would let anyone forge sessions and password-reset links: refuse to start.
        raise ImproperlyConfigured(
            "SECRET_KEY saknas. Sätt miljövariabeln SECRET_KEY till en lång slumpsträng, t.ex. "
            "från python3 -c 'import secrets; print(secrets.token_urlsafe(50))', "
            "eller DEBUG=1 för att köra demon lokalt (se README, Drift)."
        )
    SECRET_KEY = "dev-only-not-secret-samverkan"
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
SITE_NAME = os.environ.get("SITE_NAME", "Samverkan")
# The site's address, for links in emails (`make run` sets it from PORT).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# With DEBUG on: Django's debug page for an unknown address (developers) or the site's own
# Swedish 404 (DEBUG_404=0, as `make run` sets it for the demo). No effect without DEBUG.
DEBUG_404 = env_bool("DEBUG_404", True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks_db",
    # Installed so the API docs use ninja's own static files (a CDN page would break the CSP).
    "ninja",
    # Login: lockout after repeated wrong passwords (axes), TOTP and recovery codes (django-otp).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # The audit trail's log entry model and read-only admin (samverkan.audit, README "Historik").
    "auditlog",
    "samverkan.schedule",
    "samverkan.audit",
    "samverkan.structure",
    "samverkan.meetings",
    "samverkan.search",
    "samverkan.minutes",
    "samverkan.cases",
    "samverkan.statistics",
    "samverkan.deviations",
    "samverkan.governing",
    "samverkan.followup",
    "samverkan.rules",
    "samverkan.accounts",
    "samverkan.public",
    "samverkan.work",
    "samverkan.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Serves the collected, hashed static files under gunicorn (README, Drift).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous public pages from the cache, before sessions and login are looked at
    # (samverkan/public/pagecache.py; PAGE_CACHE below).
    "samverkan.public.pagecache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session has passed the second factor.
    "django_otp.middleware.OTPMiddleware",
    # The second-factor rule for the working pages, the admin and the account pages.
    "samverkan.accounts.middleware.SecondFactorMiddleware",
    # Cache-Control: no-store on every response to a signed-in user.
    "samverkan.lib.privacy.NoStoreForSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # An htmx POST's partial answer gets the feedback region too (samverkan/lib/feedback.py).
    "samverkan.lib.feedback.FeedbackMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # With DEBUG on, the Swedish 404 page instead of Django's debug page unless DEBUG_404.
    "samverkan.lib.errorpages.SwedishNotFoundMiddleware",
    # Last, as axes asks: turns a locked-out login into the login page saying when to retry.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samverkan.urls"

# The audit trail: django-auditlog's entry, as samverkan.audit's own model with the page,
# kind and structure each change belongs to. The services record changes themselves, with
# their `by=`; no model is registered for auditlog's signals and no address is kept.
AUDITLOG_LOGENTRY_MODEL = "audit.Change"
AUDITLOG_DISABLE_REMOTE_ADDR = True
# auditlog's own table would never be used (its entry is audit.Change), yet referencing the
# users it would stop PostgreSQL from emptying them between tests: it is not created.
MIGRATION_MODULES = {"auditlog": None}

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "samverkan" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samverkan.accounts.context_processors.site",
            ],
            # The feedback region and its form notes (base.html, includes/).
            "libraries": {"feedback": "samverkan.lib.feedback"},
        },
    },
]

WSGI_APPLICATION = "samverkan.wsgi.application"


def database_from_env() -> dict[str, object]:
    """DATABASE_URL=postgres://user@host:port/name selects PostgreSQL; SQLite otherwise."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        from urllib.parse import unquote, urlparse

        parts = urlparse(url)
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": (parts.path or "/samverkan").lstrip("/"),
            "USER": unquote(parts.username or "postgres"),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "127.0.0.1",
            "PORT": str(parts.port or 5432),
            "TEST": {"NAME": os.environ.get("TEST_DATABASE_NAME", "test_samverkan")},
            # Each gunicorn worker keeps its connection between requests: opening one costs
            # more than a cached page (CONN_MAX_AGE=0 opens one per request).
            "CONN_MAX_AGE": int(os.environ.get("CONN_MAX_AGE", "60")),
            "CONN_HEALTH_CHECKS": True,
            # No JIT compilation: it pays for long analytical queries, but the planner's cost
            # estimates at national scale switched it on for page queries that then spent
            # 0.2–1.1 s compiling what runs in milliseconds (the person picker, search).
            "OPTIONS": {"options": "-c jit=off"},
        }
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
        "OPTIONS": {"transaction_mode": "IMMEDIATE"},
    }


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "work:home"
LOGOUT_REDIRECT_URL = "public:home"

# Login throttling (django-axes, README "Inloggning"): AXES_FAILURE_LIMIT wrong passwords
# for an account, or from an address, lock it for AXES_COOLOFF_MINUTES after the last one.
# The first backend only refuses locked-out logins; the second checks the password.
AUTHENTICATION_BACKENDS = [
    "samverkan.accounts.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "30"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
# Per account and per address; AXES_LOCK_BY_ADDRESS=0 where every user shares one address.
AXES_LOCKOUT_PARAMETERS = (
    ["username", "ip_address"] if env_bool("AXES_LOCK_BY_ADDRESS", True) else ["username"]
)
# A try during the lockout does not move its end, so the time the page names holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "samverkan.accounts.lockout.lockout_response"
# Behind N reverse proxies (AXES_PROXY_COUNT=N) the client's address is taken from
# X-Forwarded-For, via django-ipware; otherwise from the connection.
if proxy_count := int(os.environ.get("AXES_PROXY_COUNT", "0")):
    AXES_IPWARE_PROXY_COUNT = proxy_count
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
# Two-factor authentication (django-otp): required for administrators and coordinators
# unless DEBUG is on (the demo); MFA_REQUIRED=1/0 in the environment decides it outright.
MFA_REQUIRED = env_bool("MFA_REQUIRED", False) if "MFA_REQUIRED" in os.environ else None
OTP_TOTP_ISSUER = SITE_NAME
# An administrator must not be able to copy someone's TOTP key from the admin.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "samverkan" / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = os.environ.get("STATIC_ROOT", str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "samverkan" / "static"]
# `collectstatic` writes each file under a name with its content hash (and a compressed
# copy); WhiteNoise serves them with a year's caching. runserver serves from the apps.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Pages only ever link the hashed names; keeping one copy halves what is compressed. Source
# maps and the PDF fonts (read from the app folder, never sent to a browser) stay
# uncompressed: compressing them took most of collectstatic's time.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [
    *("jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br"),
    *("woff", "woff2", "ttf", "map"),
]

# Redis when CACHE_URL or REDIS_URL is set (redis://host:6379/0), shared by all workers;
# otherwise each process keeps its own memory cache, which is all `make run` needs.
# (Lower case, so the address and its password are no setting of their own.)
cache_url = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or ""
if cache_url:
    if not cache_url.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            # Not the value itself: it may hold the Redis password.
            "CACHE_URL/REDIS_URL ska börja med redis://, rediss:// eller unix://."
        )
    prefix = os.environ.get("CACHE_KEY_PREFIX", "samverkan")
    redis_cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": cache_url}
    CACHES: dict[str, dict[str, object]] = {
        "default": {**redis_cache, "KEY_PREFIX": prefix},
        "pages": {**redis_cache, "KEY_PREFIX": prefix + "-sidor"},
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # Its own, so pages never push out the rest; bounded, as every worker holds a copy.
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_ENTRIES", "1000"))},
        },
    }
# Anonymous public pages served from the `pages` cache, keyed by what they show
# (samverkan/public/pagecache.py, README "Publika sidor i cache"): PAGE_CACHE=0 turns it off;
# what changes with the clock alone (a meeting passing) is at most PAGE_CACHE_SECONDS late.
PAGE_CACHE = env_bool("PAGE_CACHE", True)
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
PAGE_CACHE_MAX_BYTES = int(os.environ.get("PAGE_CACHE_MAX_BYTES", str(512 * 1024)))
# Names the release in the pages' keys (e.g. a commit id); by default a digest of the code.
PAGE_CACHE_RELEASE = os.environ.get("PAGE_CACHE_RELEASE", "")

# Email prints to the console in `make run`; production sets EMAIL_BACKEND to
# django.core.mail.backends.smtp.EmailBackend and the EMAIL_* variables below.
EMAIL_BACKEND_PATH = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
MAILERS: dict[str, dict[str, object]] = {"default": {"BACKEND": EMAIL_BACKEND_PATH}}
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "timeout": 30,
    }
if EMAIL_BACKEND_PATH == "django.core.mail.backends.smtp.EmailBackend":
    # The same backend, but it tells an answer lost after the message left from a refusal,
    # so a reminder is retried only when it surely did not arrive (samverkan/lib/smtp.py).
    MAILERS["default"]["BACKEND"] = "samverkan.lib.smtp.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "samverkan@localhost")
# Where the accessibility statement sends feedback (the coordinators' shared mailbox),
# unless an administrator sets another address on the statement itself.
ACCESSIBILITY_CONTACT_EMAIL = os.environ.get("ACCESSIBILITY_CONTACT_EMAIL", DEFAULT_FROM_EMAIL)

# Transport security: on by default without DEBUG, so a production start that forgets a
# variable is safe. Each can be switched off from the environment, e.g. where a proxy in
# front already redirects to HTTPS and sets HSTS itself.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Only consents to the browsers' preload list; nothing is submitted unless someone does so.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Behind a TLS-terminating proxy on another host: the header it sets, e.g. X-Forwarded-Proto
# (gunicorn already trusts that header from 127.0.0.1). Never set it without such a proxy:
# a client could then claim HTTPS itself.
if header := os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip():
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + header.upper().replace("-", "_"), "https")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Content-Security-Policy on every response (Django's own middleware): only this site's
# scripts, styles, fonts and images, no inline script or style, no framing. htmx is told
# not to add its indicator <style> (the meta tag in base.html).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

MEDIA_URL = "media/"
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media"))
# Meeting documents larger than this are refused (bytes; default 25 MB).
DOCUMENT_MAX_SIZE = int(os.environ.get("DOCUMENT_MAX_SIZE", str(25 * 1024 * 1024)))
FILE_UPLOAD_PERMISSIONS = 0o640

# Background work: reminders and notices run through Django's tasks API with the
# database worker (`manage.py db_worker`). Tests run tasks at once.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# Warnings and errors go to standard error, where gunicorn and systemd's journal pick them
# up (LOG_LEVEL=INFO for more). Django's default sends request errors only to ADMINS by
# email once DEBUG is off, so a 500 in production would otherwise leave no trace.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # Replaces Django's own handlers for it (console in DEBUG only, mail_admins), which
    # would otherwise print each message twice under `make run`.
    "loggers": {"django": {"handlers": ["stderr"], "level": "INFO", "propagate": False}},
}

# Structure files ship with the project, so it runs without ../shared.
STRUCTURES_DIR = BASE_DIR / "structures"
REFERENCE_DATA_DIR = BASE_DIR / "samverkan" / "structure" / "data"
