from django.urls import path

from samverkan.work import views

app_name = "work"

urlpatterns = [
    path("", views.home, name="home"),
    path("s/<slug:slug>/", views.structure, name="structure"),
    path("s/<slug:slug>/g/<slug:key>/", views.body, name="body"),
    path("uppdrag/<int:membership_id>/", views.membership, name="membership"),
    path("person/<int:person_id>/", views.person, name="person"),
    path("uppdrag/<int:membership_id>/avsluta/", views.membership_end_view, name="membership_end"),
]
