"""Working pages for statistics, mounted under `arbeta/` by the root URLconf."""

from django.urls import path

from samverkan.statistics import views

app_name = "statistics"

urlpatterns = [
    path("statistik/<slug:slug>/", views.indicator_list, name="indicator_list"),
    path("statistik/indikator/<int:indicator_id>/", views.indicator_page, name="indicator"),
    path(
        "statistik/indikator/<int:indicator_id>/andra/", views.indicator_edit, name="indicator_edit"
    ),
    path("statistik/indikator/<int:indicator_id>/varden/", views.values_enter, name="values_enter"),
    path(
        "statistik/indikator/<int:indicator_id>/import/", views.values_import, name="values_import"
    ),
    path("statistik/indikator/<int:indicator_id>/kolada/", views.kolada_fetch, name="kolada_fetch"),
    path(
        "statistik/indikator/<int:indicator_id>/<slug:chart>.csv",
        views.chart_csv,
        name="chart_csv",
    ),
]
