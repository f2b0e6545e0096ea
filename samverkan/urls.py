from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("samverkan.public.urls")),
    path("konto/", include("samverkan.accounts.urls")),
    path("arbeta/", include("samverkan.work.urls")),
    path("", include("samverkan.meetings.urls")),
    path("", include("samverkan.search.urls")),
    path("", include("samverkan.minutes.urls")),
    path("", include("samverkan.minutes.urls_public")),
    path("api/v1/", include("samverkan.api.urls")),
    path("admin/", admin.site.urls),
]
