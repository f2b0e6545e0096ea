from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "samverkan.meetings"
    verbose_name = "Möten"

    def ready(self) -> None:
        # The reminders' section of the meeting page, through the same panels as minutes.
        from samverkan.meetings.reminder_panel import register_meeting_panels

        register_meeting_panels()
