"""Working pages for cases, recommendations, the balanslista and assignments, mounted under
`arbeta/` by the root URLconf; each part's pages are in its own module."""

from django.urls import include, path

app_name = "cases"

urlpatterns = [
    path("", include("samverkan.cases.urls_balance")),
    path("", include("samverkan.cases.urls_assignments")),
    path("", include("samverkan.cases.urls_cases")),
    path("", include("samverkan.cases.urls_recommendations")),
]
