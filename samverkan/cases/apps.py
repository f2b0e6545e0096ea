from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "samverkan.cases"
    verbose_name = "Ärenden, rekommendationer och uppdrag"
