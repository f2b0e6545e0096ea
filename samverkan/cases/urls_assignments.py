"""Assignments and working groups: the pages and one address per action (under `arbeta/`,
namespace `cases`). An assignment's own page is `uppdrag/nr/<id>/`: `uppdrag/<id>/` is a
membership's page in `work` (a membership is also an "uppdrag")."""

from django.urls import path

from samverkan.cases.views import assignments, working_groups

ASSIGNMENT = "uppdrag/nr/<int:assignment_id>/"
GROUP = "arbetsgrupper/grupp/<int:working_group_id>/"

urlpatterns = [
    path("uppdrag/ny/", assignments.give_choose, name="assignment_give_choose"),
    path("uppdrag/ny/<int:body_id>/", assignments.give, name="assignment_give"),
    path(ASSIGNMENT, assignments.assignment_page, name="assignment"),
    path(f"{ASSIGNMENT}andra/", assignments.update, name="assignment_update"),
    path(f"{ASSIGNMENT}paborja/", assignments.start, name="assignment_start"),
    path(f"{ASSIGNMENT}aterrapportera/", assignments.report, name="assignment_report"),
    path(f"{ASSIGNMENT}fil/", assignments.report_file, name="assignment_report_file"),
    path(f"{ASSIGNMENT}avsluta/", assignments.close, name="assignment_close"),
    path(f"{ASSIGNMENT}aterkalla/", assignments.withdraw, name="assignment_withdraw"),
    path("uppdrag/<slug:structure_slug>/", assignments.structure_assignments, name="assignments"),
    path(GROUP, working_groups.working_group_page, name="working_group"),
    path(f"{GROUP}oversedd/", working_groups.reviewed, name="working_group_reviewed"),
    path(f"{GROUP}ledamot/", working_groups.add_member, name="working_group_member_add"),
    path(f"{GROUP}utomstaende/", working_groups.add_outsider, name="working_group_outsider_add"),
    path(
        "arbetsgrupper/<slug:structure_slug>/",
        working_groups.structure_working_groups,
        name="working_groups",
    ),
    path(
        "arbetsgrupper/<slug:structure_slug>/ny/",
        working_groups.create,
        name="working_group_create",
    ),
]
