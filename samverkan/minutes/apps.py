from django.apps import AppConfig


class MinutesConfig(AppConfig):
    name = "samverkan.minutes"
    verbose_name = "Minnesanteckningar"
