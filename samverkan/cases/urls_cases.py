"""Working pages for cases: a structure's cases, raising one, a case's page with one address
per action on it, and the structure's registry number format."""

from django.urls import path

from samverkan.cases.views import cases as views

CASE = "arenden/arende/<int:case_id>/"

urlpatterns = [
    path("arenden/ny/", views.case_new_choose, name="case_new_choose"),
    path("arenden/ny/<int:body_id>/", views.case_new, name="case_new"),
    path(CASE, views.case_page, name="case"),
    path(f"{CASE}andra/", views.case_edit, name="case_edit"),
    path(f"{CASE}bereda/", views.case_prepare, name="case_prepare"),
    path(f"{CASE}dagordning/", views.case_agenda, name="case_agenda"),
    path(f"{CASE}lyft/", views.case_lift, name="case_lift"),
    path(f"{CASE}besvara/", views.case_answer, name="case_answer"),
    path(f"{CASE}avgor/", views.case_resolve, name="case_resolve"),
    path(f"{CASE}avsluta/", views.case_close, name="case_close"),
    path("arenden/<slug:structure_slug>/", views.case_list, name="case_list"),
    path(
        "arenden/<slug:structure_slug>/diarienummer/",
        views.case_numbering,
        name="case_numbering",
    ),
]
