from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "samverkan.meetings"
    verbose_name = "Möten"
