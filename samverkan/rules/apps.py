from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "samverkan.rules"
    verbose_name = "Regelkontrollen"

    def ready(self) -> None:
        # Acknowledgements' history (track) is registered where the services record it.
        from samverkan.rules import services  # noqa: F401
