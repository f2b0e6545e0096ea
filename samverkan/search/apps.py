from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "samverkan.search"
    verbose_name = "Sök"
