from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "samverkan.rules"
    verbose_name = "Regelkontrollen"
