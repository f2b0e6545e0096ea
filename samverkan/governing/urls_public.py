"""The public pages of governing documents: a structure's public documents and each one's
page and file."""

from django.urls import path

from samverkan.governing import views

app_name = "governing_public"

urlpatterns = [
    path("styrdokument/<slug:structure_slug>/", views.public_list, name="list"),
    path(
        "styrdokument/<slug:structure_slug>/<int:document_id>/",
        views.public_document,
        name="document",
    ),
    path(
        "styrdokument/<slug:structure_slug>/<int:document_id>/fil/",
        views.public_file,
        name="file",
    ),
]
