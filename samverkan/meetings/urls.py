"""Meeting pages. Each part of the capability has its own module of views and routes."""

from django.urls import include, path

from samverkan.meetings import views

app_name = "meetings"

urlpatterns = [
    path("arbeta/s/<slug:slug>/g/<slug:key>/moten/", views.body_meetings, name="body_meetings"),
    path("arbeta/s/<slug:slug>/moten/", views.structure_meetings, name="structure_meetings"),
    path("arbeta/moten/<int:meeting_id>/", views.meeting, name="meeting"),
    path("arbeta/punkter/<int:item_id>/", views.agenda_item, name="agenda_item"),
    path("", include("samverkan.meetings.urls_documents")),
    path("", include("samverkan.meetings.urls_calendar")),
    path("", include("samverkan.meetings.urls_notices")),
]
