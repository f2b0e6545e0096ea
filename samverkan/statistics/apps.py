from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "samverkan.statistics"
    label = "statistics"
    verbose_name = "Statistik och indikatorer"

    def ready(self) -> None:
        # The history of indicators, and the charts under a statistics item on a meeting's
        # page (meetings, below statistics, never imports them).
        from samverkan.statistics import history  # noqa: F401
        from samverkan.statistics.panels import register_statistics_panel

        register_statistics_panel()
