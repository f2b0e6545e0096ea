"""Working pages for cases, recommendations, the balanslista and assignments, mounted under
`arbeta/` by the root URLconf; each part's pages are in its own module."""


app_name = "cases"

urlpatterns: list = []
