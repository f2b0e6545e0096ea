"""Working pages for meetings, mounted under `arbeta/` by the root URLconf.

The meeting page is one URL; each action on it posts to a URL of its own. Pages outside the
working area (public calendars, documents, a member's absence) are in `urls_public.py`.
"""

from django.urls import path

from samverkan.meetings import (
    views,
    views_documents,
    views_notices,
    views_panels,
    views_planning,
)

app_name = "meetings"

MEETING = "moten/<int:meeting_id>/"
ITEM = "punkter/<int:item_id>/"

urlpatterns = [
    path("s/<slug:slug>/g/<slug:key>/moten/", views.body_meetings, name="body_meetings"),
    path("s/<slug:slug>/moten/", views_planning.structure_meetings, name="structure_meetings"),
    path(MEETING, views.meeting, name="meeting"),
    path(f"{MEETING}del/<slug:name>/", views_panels.meeting_panel, name="meeting_panel"),
    path(f"{MEETING}handelser/", views.meeting_events, name="meeting_events"),
    path(f"{MEETING}spara/", views.meeting_save, name="meeting_save"),
    path(f"{MEETING}stall-in/", views.meeting_cancel, name="meeting_cancel"),
    path(f"{MEETING}punkter/ny/", views.agenda_item_add, name="agenda_item_add"),
    path(f"{MEETING}handlingar/", views_documents.document_upload_view, name="document_upload"),
    path(f"{MEETING}kallelse/", views_notices.notice, name="notice"),
    path(
        f"{MEETING}kallelse/forhandsgranska/",
        views_notices.notice_preview_page,
        name="notice_preview",
    ),
    path(f"{MEETING}kallelse/gast/", views_notices.invite_guest, name="notice_guest"),
    path(f"{MEETING}franvaro/<int:person_id>/", views_notices.absence_for, name="absence_for"),
    path(
        f"{MEETING}franvaro/<int:person_id>/aterta/",
        views_notices.absence_withdraw_for,
        name="absence_withdraw_for",
    ),
    path(ITEM, views.agenda_item, name="agenda_item"),
    path(f"{ITEM}upp/", views.agenda_item_up, name="agenda_item_up"),
    path(f"{ITEM}ned/", views.agenda_item_down, name="agenda_item_down"),
    path(f"{ITEM}ta-bort/", views.agenda_item_remove, name="agenda_item_remove"),
]
