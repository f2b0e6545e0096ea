from django.urls import path

from samverkan.work import views

app_name = "work"

BODY = "s/<slug:slug>/g/<slug:key>/"

urlpatterns = [
    path("", views.home, name="home"),
    path("s/<slug:slug>/", views.structure, name="structure"),
    path(BODY, views.body, name="body"),
    path(f"{BODY}uppgifter/", views.body_save, name="body_save"),
    path(f"{BODY}uppdragsbeskrivning/", views.charter_rules, name="charter_rules"),
    path(f"{BODY}sammansattning/", views.charter_composition, name="charter_composition"),
    path(f"{BODY}rapportering/", views.charter_reporting, name="charter_reporting"),
    path(f"{BODY}roller/", views.charter_role_links, name="charter_role_links"),
    path(f"{BODY}ledamoter/", views.membership_add, name="membership_add"),
    path("uppdrag/<int:membership_id>/", views.membership, name="membership"),
    path("person/<int:person_id>/", views.person, name="person"),
    path("uppdrag/<int:membership_id>/avsluta/", views.membership_end_view, name="membership_end"),
]
