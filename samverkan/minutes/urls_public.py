"""Public routes for published minutes: archives, the minutes, their downloads and feeds."""

from django.urls import path

from samverkan.minutes import feeds
from samverkan.minutes import views_public as views

app_name = "minutes_public"

BODY = "s/<slug:slug>/g/<slug:key>/minnesanteckningar/"

urlpatterns = [
    path("s/<slug:slug>/minnesanteckningar/", views.structure_archive, name="structure_archive"),
    path(
        "s/<slug:slug>/minnesanteckningar/flode.atom",
        feeds.StructureMinutesFeed(),
        name="structure_feed",
    ),
    path(BODY, views.body_archive, name="body_archive"),
    path(f"{BODY}flode.atom", feeds.BodyMinutesFeed(), name="body_feed"),
    path(f"{BODY}<int:minutes_id>/", views.minutes_page, name="minutes"),
    path(f"{BODY}<int:minutes_id>.pdf", views.minutes_pdf, name="minutes_pdf"),
    path(f"{BODY}<int:minutes_id>.txt", views.minutes_text, name="minutes_text"),
]
