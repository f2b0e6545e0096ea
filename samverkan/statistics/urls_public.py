"""Public statistics pages, mounted at the root: a structure's public indicators."""

from django.urls import path

from samverkan.statistics import views

app_name = "statistics_public"

urlpatterns = [
    path("statistik/<slug:slug>/", views.public_list, name="indicator_list"),
    path("statistik/<slug:slug>/<int:indicator_id>/", views.public_page, name="indicator"),
    path(
        "statistik/<slug:slug>/<int:indicator_id>/<slug:chart>.csv",
        views.public_csv,
        name="chart_csv",
    ),
]
