"""Settings for serving the benchmark database with gunicorn (`pages.py --throughput`): the
site's own settings, plus a hello-world view to compare with, and plain static names (the
benchmark runs no `collectstatic`)."""

from samverkan.settings import *  # noqa: F403

ROOT_URLCONF = "national_urls"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
