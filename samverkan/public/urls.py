from django.urls import path

from samverkan.public import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("huvudman/", views.principals, name="principals"),
    path("huvudman/<slug:slug>/", views.principal, name="principal"),
    path("s/<slug:slug>/", views.structure, name="structure"),
    path("s/<slug:slug>/g/<slug:key>/", views.body, name="body"),
    path(
        "s/<slug:slug>/g/<slug:key>/uppdragsbeskrivning/<str:version>/",
        views.charter_version,
        name="charter",
    ),
]
