from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "samverkan.public"
