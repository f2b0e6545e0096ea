"""Calendar routes: public calendar pages and feeds, the personal feed and its settings page."""

from django.urls import path

from samverkan.meetings import views_calendar as views

urlpatterns = [
    path("s/<slug:slug>/moten/", views.public_structure_calendar, name="public_structure_calendar"),
    path("s/<slug:slug>/kalender.ics", views.structure_ics, name="structure_ics"),
    path(
        "s/<slug:slug>/g/<slug:key>/moten/",
        views.public_body_calendar,
        name="public_body_calendar",
    ),
    path("s/<slug:slug>/g/<slug:key>/kalender.ics", views.body_ics, name="body_ics"),
    path("kalender/<slug:token>.ics", views.personal_ics, name="personal_ics"),
    path("konto/kalender/", views.calendar_settings, name="calendar_settings"),
]
