"""Meeting pages outside the working area: public calendars and feeds, the personal feed and
its settings, a meeting document's download and a member's own absence report."""

from django.urls import path

from samverkan.meetings import views_calendar, views_documents, views_notices

app_name = "meetings_public"

urlpatterns = [
    path(
        "s/<slug:slug>/moten/",
        views_calendar.public_structure_calendar,
        name="public_structure_calendar",
    ),
    path("s/<slug:slug>/kalender.ics", views_calendar.structure_ics, name="structure_ics"),
    path(
        "s/<slug:slug>/g/<slug:key>/moten/",
        views_calendar.public_body_calendar,
        name="public_body_calendar",
    ),
    path("s/<slug:slug>/g/<slug:key>/kalender.ics", views_calendar.body_ics, name="body_ics"),
    path("kalender/<slug:token>.ics", views_calendar.personal_ics, name="personal_ics"),
    path("konto/kalender/", views_calendar.calendar_settings, name="calendar_settings"),
    path("konto/kalender/ny/", views_calendar.calendar_feed_renew, name="calendar_feed_renew"),
    path(
        "konto/kalender/ta-bort/",
        views_calendar.calendar_feed_remove,
        name="calendar_feed_remove",
    ),
    path(
        "handlingar/<int:document_id>/",
        views_documents.document_download,
        name="document_download",
    ),
    path("moten/<int:meeting_id>/franvaro/", views_notices.my_absence, name="my_absence"),
    path(
        "moten/<int:meeting_id>/franvaro/aterta/",
        views_notices.my_absence_withdraw,
        name="my_absence_withdraw",
    ),
]
