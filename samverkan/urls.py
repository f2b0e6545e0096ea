"""The root URLconf: the public site at the root, the working pages under `arbeta/` (set
here once; each app's `urls.py` holds its working pages, `urls_public.py` the rest), the
account pages under `konto/` and the JSON API under `api/v1/`."""

from django.contrib import admin
from django.urls import include, path

WORKING_PAGES = [
    path("", include("samverkan.work.urls")),
    path("", include("samverkan.meetings.urls")),
    path("", include("samverkan.minutes.urls")),
]

urlpatterns = [
    path("", include("samverkan.public.urls")),
    path("konto/", include("samverkan.accounts.urls")),
    path("arbeta/", include(WORKING_PAGES)),
    path("", include("samverkan.meetings.urls_public")),
    path("", include("samverkan.search.urls")),
    path("", include("samverkan.minutes.urls_public")),
    path("api/v1/", include("samverkan.api.urls")),
    path("admin/", admin.site.urls),
]
