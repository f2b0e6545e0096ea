"""Working pages for governing documents and their implementation, mounted under `arbeta/`
by the root URLconf."""

from django.urls import path

from samverkan.governing import views

app_name = "governing"

DOCUMENT = "styrdokument/dokument/<int:document_id>/"

urlpatterns = [
    path(DOCUMENT, views.document_page, name="document"),
    path(f"{DOCUMENT}andra/", views.document_edit, name="document_edit"),
    path(f"{DOCUMENT}fil/", views.document_file, name="document_file"),
    path(f"{DOCUMENT}ta-bort/", views.document_delete, name="document_delete"),
    path(f"{DOCUMENT}implementerande/", views.implementers, name="implementers"),
    path(
        f"{DOCUMENT}implementering/<int:body_id>/",
        views.implementation_update,
        name="implementation_update",
    ),
    path("styrdokument/<slug:structure_slug>/", views.document_list, name="list"),
    path("styrdokument/<slug:structure_slug>/nytt/", views.document_new, name="new"),
    path("styrdokument/<slug:structure_slug>/g/<slug:key>/matris/", views.matrix, name="matrix"),
    path(
        "styrdokument/<slug:structure_slug>/g/<slug:key>/uppdragsbeskrivning/",
        views.charter_links_page,
        name="charter_links",
    ),
]
