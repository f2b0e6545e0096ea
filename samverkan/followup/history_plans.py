"""What the audit trail keeps of activity plans and their activities; an activity's changes
are shown on its plan's page."""

from __future__ import annotations

from samverkan.audit.registry import track
from samverkan.followup.models import Activity, ActivityPlan

track(
    ActivityPlan,
    key="activity_plan",
    label="Aktivitetsplan",
    fields={
        "title": "Rubrik",
        "year": "År",
        "description": "Beskrivning",
        "revise_by": "Revideras senast",
        "revised_on": "Senast reviderad",
        "revision_note": "Vad revideringen ändrade",
    },
    structure=lambda plan: plan.body.structure_id,
)
track(
    Activity,
    key="activity",
    label="Aktivitet",
    fields={
        "title": "Aktivitet",
        "description": "Beskrivning",
        "owner": "Ansvarig",
        "owner_text": "Ansvarig (text)",
        "due_on": "Klar senast",
        "status": "Status",
        "case": "Ärende",
        "assignment": "Uppdrag",
        "position": "Plats i planen",
    },
    scope=lambda activity: ("activity_plan", activity.plan_id),
    structure=lambda activity: activity.plan.body.structure_id,
)
