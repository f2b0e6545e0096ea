"""The reporting page behind the coordinator's link: no login, one structure per secret."""

from django.urls import path

from samverkan.deviations import views

app_name = "deviations_public"

urlpatterns = [
    path("avvikelse/rapportera/<str:token>/", views.deviation_report_public, name="report"),
]
