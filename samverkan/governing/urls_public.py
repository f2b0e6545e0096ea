"""The public pages of governing documents."""

from django.urls import URLPattern

app_name = "governing_public"

urlpatterns: list[URLPattern] = []
