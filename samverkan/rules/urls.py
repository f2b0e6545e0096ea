"""The charter check's working pages (under `arbeta/`, namespace `rules`): the findings of
the whole installation or of one structure, and one address per action."""

from django.urls import path

from samverkan.rules import views

app_name = "rules"

STRUCTURE = "regler/<slug:structure_slug>/"

urlpatterns = [
    path("regler/", views.findings, name="findings"),
    path("regler/kontrollera/", views.check_now, name="check_now"),
    path(STRUCTURE, views.structure_findings, name="structure_findings"),
    path(f"{STRUCTURE}kontrollera/", views.structure_check_now, name="structure_check_now"),
    path(f"{STRUCTURE}acceptera/", views.acknowledge, name="acknowledge"),
    path(
        f"{STRUCTURE}accepterad/<int:acknowledgement_id>/aterkalla/",
        views.withdraw,
        name="withdraw",
    ),
]
