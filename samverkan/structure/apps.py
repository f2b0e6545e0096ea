from django.apps import AppConfig


class StructureConfig(AppConfig):
    name = "samverkan.structure"
    verbose_name = "Samverkansstruktur"
