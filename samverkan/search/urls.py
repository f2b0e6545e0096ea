from django.urls import path

from samverkan.search import views

app_name = "search"

urlpatterns = [
    path("sok/", views.search_page, name="search"),
    path("sok/grupper/", views.body_options, name="body_options"),
]
