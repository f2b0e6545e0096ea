from django.apps import AppConfig


class DeviationsConfig(AppConfig):
    name = "samverkan.deviations"
    verbose_name = "Avvikelser i samverkan"

    def ready(self) -> None:
        # The summary under "Uppföljning avvikelser" on a meeting's page; meetings, below
        # deviations, never imports it. Importing the services tracks their history.
        from samverkan.deviations import services  # noqa: F401
        from samverkan.deviations.panels import register_deviation_panel

        register_deviation_panel()
