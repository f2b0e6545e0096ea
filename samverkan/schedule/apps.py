from django.apps import AppConfig


class ScheduleConfig(AppConfig):
    """Collects each app's periodic work; home of `manage.py run_schedule`. No models."""

    name = "samverkan.schedule"
    label = "schedule"
    verbose_name = "Schema"
