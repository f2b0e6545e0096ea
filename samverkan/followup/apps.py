from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "samverkan.followup"
    label = "followup"
    verbose_name = "Aktivitetsplaner och återrapportering"

    def ready(self) -> None:
        # Each part registers what it contributes to lower apps' registries (the meeting
        # page's panels, the structure's report deliveries): activity plans, then reports.
        from samverkan.followup import hooks_plans, hooks_reports

        hooks_plans.ready()
        hooks_reports.ready()
