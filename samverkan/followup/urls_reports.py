"""Working pages for periodic reports (included by `followup/urls.py`, under `arbeta/`)."""

from django.urls import path

from samverkan.followup.views import reports as views

BODY = "s/<slug:slug>/g/<slug:key>/rapporter/"
REPORT = "rapporter/<int:report_id>/"

urlpatterns = [
    path("rapporter/s/<slug:structure_slug>/", views.report_structure_list, name="report_overview"),
    path(BODY, views.report_list, name="report_list"),
    path(f"{BODY}mottagna/", views.report_received, name="report_received"),
    path(f"{BODY}ny/", views.report_new, name="report_new"),
    path(REPORT, views.report_page, name="report"),
    path(f"{REPORT}spara/", views.report_save, name="report_save"),
    path(f"{REPORT}hamta-igen/", views.report_regenerate, name="report_regenerate"),
    path(f"{REPORT}godkann/", views.report_approve, name="report_approve"),
    path(f"{REPORT}oppna-igen/", views.report_reopen, name="report_reopen"),
    path(f"{REPORT}lamna/", views.report_deliver, name="report_deliver"),
    path(f"{REPORT}pdf/", views.report_pdf_view, name="report_pdf"),
]
