"""Working pages for activity plans (included by `followup/urls.py`, under `arbeta/`)."""

from django.urls import path

from samverkan.followup.views import plans as views

PLAN = "aktivitetsplaner/plan/<int:plan_id>/"
ACTIVITY = f"{PLAN}aktiviteter/<int:activity_id>/"

urlpatterns = [
    path("aktivitetsplaner/<slug:structure_slug>/", views.plan_overview, name="plan_overview"),
    path(
        "aktivitetsplaner/<slug:structure_slug>/g/<slug:key>/",
        views.plan_body,
        name="plan_body",
    ),
    path(PLAN, views.plan_page, name="plan"),
    path(f"{PLAN}andra/", views.plan_edit, name="plan_edit"),
    path(f"{PLAN}revidera/", views.plan_revise, name="plan_revise"),
    path(f"{PLAN}aktiviteter/", views.activity_add, name="activity_add"),
    path(ACTIVITY, views.activity_edit, name="activity_edit"),
    path(f"{ACTIVITY}status/", views.activity_status, name="activity_status"),
    path(f"{ACTIVITY}ta-bort/", views.activity_remove, name="activity_remove"),
    path(f"{ACTIVITY}flytta/", views.activity_move, name="activity_move"),
]
