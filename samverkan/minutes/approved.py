"""What happens elsewhere when minutes are approved, without minutes importing it.

Apps above minutes (cases, for one: a case handled under an item takes the item's outcome,
a recommendation entry becomes a recommendation to the principals) register a callable
from their `AppConfig.ready()`; `freeze` calls each, in registration order, inside the
transaction that approves the minutes, so a failure leaves the minutes unapproved.

    from samverkan.minutes.approved import when_approved

    when_approved.register("cases", cases_from_minutes)
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import User

from samverkan.minutes.models import Minutes

Hook = Callable[[Minutes, User | None], None]


class ApprovalHooks:
    def __init__(self) -> None:
        self._hooks: dict[str, Hook] = {}

    def register(self, name: str, hook: Hook) -> None:
        """Call `hook(minutes, by)` when minutes are approved; a name again replaces it."""
        self._hooks[name] = hook

    def names(self) -> list[str]:
        return list(self._hooks)

    def run(self, minutes: Minutes, by: User | None) -> None:
        for hook in self._hooks.values():
            hook(minutes, by)


when_approved = ApprovalHooks()
