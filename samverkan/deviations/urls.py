"""Working pages for deviations in collaboration, mounted under `arbeta/` by the root
URLconf."""

from django.urls import path

from samverkan.deviations import views

app_name = "deviations"

DEVIATION = "avvikelser/avvikelse/<int:deviation_id>/"

urlpatterns = [
    path(DEVIATION, views.deviation_page, name="deviation"),
    path(f"{DEVIATION}besvara/", views.deviation_answer, name="answer"),
    path(f"{DEVIATION}avsluta/", views.deviation_close, name="close"),
    path(f"{DEVIATION}lyft/", views.deviation_escalate, name="escalate"),
    path("avvikelser/<slug:structure_slug>/", views.deviation_list, name="list"),
    path("avvikelser/<slug:structure_slug>/ny/", views.deviation_new, name="new"),
    path(
        "avvikelser/<slug:structure_slug>/sammanstallning/",
        views.deviation_summary_page,
        name="summary",
    ),
    path(
        "avvikelser/<slug:structure_slug>/installningar/",
        views.deviation_settings,
        name="settings",
    ),
]
