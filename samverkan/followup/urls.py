"""Working pages for activity plans and periodic reports, mounted under `arbeta/` by the
root URLconf; each part keeps its own list."""

from samverkan.followup.urls_plans import urlpatterns as plan_patterns
from samverkan.followup.urls_reports import urlpatterns as report_patterns

app_name = "followup"

urlpatterns = [*plan_patterns, *report_patterns]
