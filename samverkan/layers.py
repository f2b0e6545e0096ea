"""The layers of Samverkan, bottom to top: the one place their order is written.

A module may import from its own app, from any app in a lower layer, and from Django and
other libraries, never from an app in the same or a higher layer. Apps that share a layer
(the faces, or cases and follow-up) stay independent of each other.
`samverkan/lib/tests/test_layers.py` walks every module's imports and fails on any other.
Tests (`tests/` folders and `samverkan/testing`) may import anything.
"""

from __future__ import annotations

LAYERS: list[tuple[str, ...]] = [
    # Helpers with no models.
    ("samverkan.lib", "samverkan.layers"),
    # Collects each app's periodic work (`tasks.SCHEDULE`) and runs it; imports no app.
    ("samverkan.schedule",),
    # The audit trail: every domain app records its changes here, so it knows none of them.
    ("samverkan.audit",),
    ("samverkan.structure",),
    ("samverkan.accounts",),
    ("samverkan.search",),
    ("samverkan.meetings",),
    ("samverkan.minutes",),
    # Cases and follow-up I: deviations between the principals, statistics, and the governing
    # documents with their implementation.
    ("samverkan.cases", "samverkan.deviations", "samverkan.statistics", "samverkan.governing"),
    # Follow-up II: activity plans (linking cases and assignments) and the periodic reports,
    # which gather what every app below knows about a body's period.
    ("samverkan.followup",),
    ("samverkan.rules",),
    # The faces: the public site, the working pages and the JSON API.
    ("samverkan.public", "samverkan.work", "samverkan.api"),
    # The project: settings and the root URLconf put it all together.
    ("samverkan.settings", "samverkan.urls", "samverkan.wsgi"),
]


def unit_of(module: str) -> str | None:
    """The layer unit (an app or a project module) that `module` belongs to."""
    for layer in LAYERS:
        for unit in layer:
            if module == unit or module.startswith(unit + "."):
                return unit
    return None


def level_of(unit: str) -> int:
    for index, layer in enumerate(LAYERS):
        if unit in layer:
            return index
    raise KeyError(unit)
