from django.apps import AppConfig


class GoverningConfig(AppConfig):
    name = "samverkan.governing"
    label = "governing"
    verbose_name = "Styrdokument och implementering"
