from django.urls import path

from samverkan.public import views, views_meeting, views_site

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("tillganglighet/", views_site.accessibility, name="accessibility"),
    path("favicon.ico", views_site.favicon, name="favicon"),
    path("huvudman/", views.principals, name="principals"),
    path("huvudman/<slug:slug>/", views.principal, name="principal"),
    path("s/<slug:slug>/", views.structure, name="structure"),
    path(
        "s/<slug:slug>/kommun/<slug:municipality>/",
        views.structure_municipality,
        name="structure_municipality",
    ),
    path("s/<slug:slug>/g/<slug:key>/", views.body, name="body"),
    path(
        "s/<slug:slug>/g/<slug:key>/moten/<int:meeting_id>/",
        views_meeting.meeting,
        name="meeting",
    ),
    path(
        "s/<slug:slug>/g/<slug:key>/uppdragsbeskrivning/<str:version>/",
        views.charter_version,
        name="charter",
    ),
]
