"""The root URLconf: the public site at the root, the working pages under `arbeta/` (set
here once; each app's `urls.py` holds its working pages, `urls_public.py` the rest), the
account pages under `konto/` and the JSON API under `api/v1/`."""

from django.contrib import admin
from django.urls import include, path, re_path

from samverkan.accounts.views import admin_login
from samverkan.api.urls import not_found as api_not_found

WORKING_PAGES = [
    path("", include("samverkan.work.urls")),
    path("", include("samverkan.meetings.urls")),
    path("", include("samverkan.minutes.urls")),
    path("", include("samverkan.cases.urls")),
    path("", include("samverkan.statistics.urls")),
    path("", include("samverkan.deviations.urls")),
    path("", include("samverkan.governing.urls")),
    path("", include("samverkan.followup.urls")),
    path("", include("samverkan.rules.urls")),
    path("", include("samverkan.audit.urls")),
]

urlpatterns = [
    path("", include("samverkan.public.urls")),
    path("konto/", include("samverkan.accounts.urls")),
    path("arbeta/", include(WORKING_PAGES)),
    path("", include("samverkan.meetings.urls_public")),
    path("", include("samverkan.search.urls")),
    path("", include("samverkan.minutes.urls_public")),
    path("", include("samverkan.cases.urls_public")),
    path("", include("samverkan.statistics.urls_public")),
    path("", include("samverkan.deviations.urls_public")),
    path("", include("samverkan.governing.urls_public")),
    path("", include("samverkan.followup.urls_public")),
    path("api/v1/", include("samverkan.api.urls")),
    # Any other address under api/ (another version, a typo) gets the API's JSON 404 too.
    re_path(r"^api/", api_not_found),
    # The admin logs in through the account pages, which ask for the second factor.
    path("admin/login/", admin_login),
    path("admin/", admin.site.urls),
]

# 400, 403 and 404 use Django's handlers with the Swedish templates; 500 needs its own
# (see the module).
handler500 = "samverkan.lib.errorpages.server_error"
