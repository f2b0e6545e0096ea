from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "samverkan.rules"
    verbose_name = "Regelkontrollen"

    def ready(self) -> None:
        # Acknowledgements' history (track) is registered where the services record it.
        # A committed change to a structure asks the worker to check it again.
        from samverkan.audit.hooks import on_structures_changed
        from samverkan.rules import services  # noqa: F401
        from samverkan.rules.checking import structures_changed

        on_structures_changed(structures_changed)
