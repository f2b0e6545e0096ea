"""Working pages for minutes, mounted under `arbeta/` by the root URLconf: one page per
minutes, and one URL for each action on it."""

from django.urls import path

from samverkan.minutes import views, views_preview

app_name = "minutes"

MINUTES = "minnesanteckningar/<int:minutes_id>/"
ITEM = "minnesanteckningar/punkt/<int:item_id>/"

urlpatterns = [
    path("moten/<int:meeting_id>/minnesanteckningar/", views.start, name="start"),
    path("minnesanteckningar/", views.my_approvals, name="mine"),
    path(MINUTES, views.minutes_page, name="minutes"),
    path(f"{MINUTES}motet/", views.header, name="header"),
    path(f"{MINUTES}narvaro/", views.refresh_attendance, name="refresh_attendance"),
    path(f"{MINUTES}punkter/", views.add_item, name="add_item"),
    path(f"{MINUTES}forhandsgranska/", views_preview.preview, name="preview"),
    path(f"{MINUTES}skicka/", views_preview.submit, name="submit"),
    path(f"{MINUTES}justera/", views_preview.approve, name="approve"),
    path(f"{MINUTES}atersand/", views.send_back, name="return"),
    path(f"{MINUTES}tillagg/", views.addendum, name="addendum"),
    path(ITEM, views.item, name="item"),
    path(f"{ITEM}ta-bort/", views.item_remove, name="item_remove"),
    path("minnesanteckningar/traff/<int:hold_id>/", views.hold, name="hold"),
]
