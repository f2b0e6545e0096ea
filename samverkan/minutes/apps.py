from django.apps import AppConfig


class MinutesConfig(AppConfig):
    name = "samverkan.minutes"
    verbose_name = "Minnesanteckningar"

    def ready(self) -> None:
        # The meeting page shows the minutes panel; meetings, below minutes, never imports it.
        from samverkan.minutes.panels import register_meeting_panels

        register_meeting_panels()
