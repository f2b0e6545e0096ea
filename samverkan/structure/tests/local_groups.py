"""Many local groups in the Västerbotten persona structure, for the tests that show a page
stays bounded (the organisation chart, the working structure and body pages)."""

from __future__ import annotations

from samverkan.structure.models import Body, Structure
from samverkan.testing.base import principal

# Six of Västerbotten's municipalities, so that groups spread over several municipality lines.
CODES = ["2480", "2482", "2481", "2462", "2403", "2404"]


class ManyLocalGroups:
    structure: Structure
    body: Body

    def add_local_groups(self, per_municipality: int, *, start: int = 0) -> None:
        """`per_municipality` working groups under `self.body` in each of `CODES`, numbered
        from `start` so that a second call adds new ones."""
        bodies = []
        for code in CODES:
            municipality = principal(code)
            for n in range(start, start + per_municipality):
                bodies.append(
                    Body(
                        structure=self.structure,
                        parent=self.body,
                        key=f"grupp-{code}-{n}",
                        name=f"Arbetsgrupp {n + 1} {municipality.name}",
                        kind="working_group",
                        level="local",
                        mandate="none",
                        municipality=municipality,
                    )
                )
        Body.objects.bulk_create(bodies)
