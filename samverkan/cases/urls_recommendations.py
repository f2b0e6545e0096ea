"""Working pages for recommendations to the principals and the register of decision bodies:
a structure's recommendations, a recommendation's page with one address per action, a
principal's decision, and the decision bodies of a structure's principals."""

from django.urls import path

from samverkan.cases.views import decision_bodies
from samverkan.cases.views import recommendations as views

RECOMMENDATION = "rekommendationer/<int:recommendation_id>/"
DECISION = "rekommendationer/beslut/<int:decision_id>/"
REGISTER = "beslutsinstanser/<slug:structure_slug>/"

urlpatterns = [
    path(RECOMMENDATION, views.recommendation_page, name="recommendation"),
    path(
        f"{RECOMMENDATION}huvudman/",
        views.recommendation_principals,
        name="recommendation_principals",
    ),
    path(f"{RECOMMENDATION}expediera/", views.route, name="recommendation_route"),
    path(DECISION, views.decision, name="decision_record"),
    path(f"{DECISION}fil/", views.decision_file, name="decision_file"),
    path(
        "rekommendationer/<slug:structure_slug>/",
        views.recommendation_list,
        name="recommendation_list",
    ),
    path(REGISTER, decision_bodies.register, name="decision_bodies"),
    path(f"{REGISTER}ny/<int:principal_id>/", decision_bodies.create, name="decision_body_create"),
    path(
        f"{REGISTER}instans/<int:decision_body_id>/",
        decision_bodies.update,
        name="decision_body_update",
    ),
    path(
        f"{REGISTER}instans/<int:decision_body_id>/ta-bort/",
        decision_bodies.delete,
        name="decision_body_delete",
    ),
]
