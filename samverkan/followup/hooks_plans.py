"""What the plans part registers with lower apps when Django starts: the audit history of
its models and the plan's summary on the meeting page."""


def ready() -> None:
    from samverkan.followup import history_plans  # noqa: F401  (registers the history)
    from samverkan.followup.panels_plans import register_plan_panel

    register_plan_panel()
