"""Routes for notices and attendance; included at the site root with app_name "meetings"."""

from django.urls import path

from samverkan.meetings import views_notices

urlpatterns = [
    path("arbeta/moten/<int:meeting_id>/kallelse/", views_notices.notice, name="notice"),
    path(
        "arbeta/moten/<int:meeting_id>/kallelse/gast/",
        views_notices.invite_guest,
        name="notice_guest",
    ),
    path(
        "arbeta/moten/<int:meeting_id>/franvaro/<int:person_id>/",
        views_notices.absence_for,
        name="absence_for",
    ),
    path("moten/<int:meeting_id>/franvaro/", views_notices.my_absence, name="my_absence"),
]
