from django.urls import path

from samverkan.work import home, memberships, structure_chart, views

app_name = "work"

BODY = "s/<slug:slug>/g/<slug:key>/"

urlpatterns = [
    path("", home.home, name="home"),
    # The parts of the start page that load after it (`home.py`).
    path("start/avvikelser/", home.findings, name="home_findings"),
    path("start/vantar/", home.waiting, name="home_waiting"),
    path("start/paminnelser/", home.reminders, name="home_reminders"),
    path("start/mitt/", home.mine, name="home_mine"),
    path("s/<slug:slug>/", views.structure, name="structure"),
    path("s/<slug:slug>/installningar/", views.structure_settings, name="structure_settings"),
    path(
        "s/<slug:slug>/kommun/<slug:municipality>/",
        structure_chart.structure_municipality,
        name="structure_municipality",
    ),
    path(BODY, views.body, name="body"),
    path(f"{BODY}uppgifter/", views.body_save, name="body_save"),
    path(
        f"{BODY}motesformer-oversedda/",
        views.meeting_forms_reviewed,
        name="meeting_forms_reviewed",
    ),
    path(f"{BODY}uppdragsbeskrivning/", views.charter_rules, name="charter_rules"),
    path(f"{BODY}sammansattning/", views.charter_composition, name="charter_composition"),
    path(f"{BODY}rapportering/", views.charter_reporting, name="charter_reporting"),
    path(f"{BODY}roller/", views.charter_role_links, name="charter_role_links"),
    path(f"{BODY}rapportering-och-roller/", views.body_links, name="body_links"),
    path(f"{BODY}ledamoter/", views.membership_add, name="membership_add"),
    path("uppdrag/<int:membership_id>/", memberships.membership, name="membership"),
    path("person/<int:person_id>/", views.person, name="person"),
    path(
        "uppdrag/<int:membership_id>/avsluta/",
        memberships.membership_end_view,
        name="membership_end",
    ),
    path(
        "uppdrag/<int:membership_id>/ta-bort/",
        memberships.membership_withdraw_view,
        name="membership_withdraw",
    ),
    path(
        "uppdrag/<int:membership_id>/byt/",
        memberships.membership_replace_view,
        name="membership_replace",
    ),
    path(f"{BODY}nasta-period/", memberships.body_next_term, name="body_next_term"),
    path(
        f"{BODY}<slug:kind>.<slug:fmt>",
        memberships.body_members_export,
        name="body_members_export",
    ),
    path(f"{BODY}personer/", memberships.person_picker, name="person_picker"),
]
