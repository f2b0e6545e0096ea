"""The public pages of delivered public reports, under the body's public page."""

from django.urls import path

from samverkan.followup.views import reports as report_views

app_name = "followup_public"

REPORT = "s/<slug:slug>/g/<slug:key>/rapporter/<int:report_id>/"

urlpatterns = [
    path(REPORT, report_views.public_report, name="report"),
    path(f"{REPORT}pdf/", report_views.public_report_pdf, name="report_pdf"),
]
