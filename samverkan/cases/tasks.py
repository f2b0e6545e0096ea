"""Background tasks for cases, recommendations and assignments, and when they run
(collected by `samverkan/schedule/`)."""

from __future__ import annotations

from samverkan.lib.periodic import Periodic

SCHEDULE: list[Periodic] = []
