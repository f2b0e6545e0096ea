from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "samverkan.audit"
    label = "audit"
    verbose_name = "Historik"
    default_auto_field = "django.db.models.BigAutoField"
