from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "samverkan.api"
