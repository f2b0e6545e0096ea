"""Routes for a meeting's documents; included at the site root with app_name "meetings"."""

from django.urls import path

from samverkan.meetings import views_documents

urlpatterns = [
    path(
        "arbeta/moten/<int:meeting_id>/handlingar/",
        views_documents.document_upload_view,
        name="document_upload",
    ),
    path(
        "handlingar/<int:document_id>/",
        views_documents.document_download,
        name="document_download",
    ),
]
