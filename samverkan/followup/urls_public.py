"""The public pages of delivered public reports (and, later, activity plans)."""

from django.urls import URLPattern

app_name = "followup_public"

urlpatterns: list[URLPattern] = []
