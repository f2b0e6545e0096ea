from django.apps import AppConfig


class GoverningConfig(AppConfig):
    name = "samverkan.governing"
    label = "governing"
    verbose_name = "Styrdokument och implementering"

    def ready(self) -> None:
        # The history of documents and implementations (tracked where the services are), and
        # the matrix under an implementation item on a meeting's page (meetings, below
        # governing, never imports it).
        from samverkan.governing import services  # noqa: F401
        from samverkan.governing.panels import register_governing_panel

        register_governing_panel()
