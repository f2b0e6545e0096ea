"""Working pages for governing documents and their implementation, mounted under `arbeta/`
by the root URLconf."""

from django.urls import URLPattern

app_name = "governing"

urlpatterns: list[URLPattern] = []
