from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "samverkan.cases"
    verbose_name = "Ärenden, rekommendationer och uppdrag"

    def ready(self) -> None:
        # Assignments: their history (track) and the meeting page's panel; meetings, below
        # cases, never imports them.
        from samverkan.cases.panels_assignments import register_assignment_panel
        from samverkan.cases.services import assignments, working_groups  # noqa: F401

        register_assignment_panel()

        # Recommendations: a recommendation entry in approved minutes becomes one (minutes,
        # below cases, never imports it); importing the services tracks their history.
        from samverkan.cases.services import principal_decisions  # noqa: F401
        from samverkan.cases.services.recommendations import recommendations_from_minutes
        from samverkan.minutes.approved import when_approved

        when_approved.register("cases.recommendations", recommendations_from_minutes)

        # Cases: their history, the case number under a case item on the meeting page, and
        # what approved minutes record for a case handled under an item.
        from samverkan.cases import history_cases  # noqa: F401
        from samverkan.cases.panels_cases import register_case_panel
        from samverkan.cases.services.cases_minutes import steps_from_minutes

        register_case_panel()
        when_approved.register("cases.steps", steps_from_minutes)
