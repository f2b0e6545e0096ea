"""Two secretaries save the same item at the same moment: one wins, the other is told.

Real concurrent transactions need a database server, so this runs on PostgreSQL (as CI
does); the version check itself is tested on both databases in test_services.
"""

from __future__ import annotations

import threading
import unittest

from django.db import connection, connections

from samverkan.lib.errors import ConflictError
from samverkan.minutes.models import MinutesItem
from samverkan.minutes.services import minutes_item_save
from samverkan.minutes.tests.base import MinutesPersonas
from samverkan.structure.models import Principal
from samverkan.structure.reference import load_reference_principals
from samverkan.testing.transactional import KeepsReferenceData


@unittest.skipUnless(connection.vendor == "postgresql", "needs concurrent transactions")
class ConcurrentSaveTests(MinutesPersonas, KeepsReferenceData):
    def setUp(self) -> None:
        # The flush between transactional tests removes the principals a migration loads.
        load_reference_principals(Principal)
        self.make_personas()
        self.make_minutes_personas()
        self.minutes = self.start()

    def test_it_never_loses_an_update(self) -> None:
        item = self.minutes.items.order_by("-position").first()
        barrier = threading.Barrier(2)
        outcomes: dict[str, str] = {}

        def save(name: str) -> None:
            try:
                copy = MinutesItem.objects.select_related("minutes").get(pk=item.pk)
                barrier.wait()  # both have read version 1 before either saves
                minutes_item_save(item=copy, expected_version=1, by=None, notes=f"{name} skrev.")
                outcomes[name] = "saved"
            except ConflictError:
                outcomes[name] = "conflict"
            finally:
                connections.close_all()

        threads = [threading.Thread(target=save, args=(n,)) for n in ("Sara", "Kim")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(sorted(outcomes.values()), ["conflict", "saved"])
        winner = next(n for n, o in outcomes.items() if o == "saved")
        saved = MinutesItem.objects.get(pk=item.pk)
        self.assertEqual(saved.notes, f"{winner} skrev.")
        self.assertEqual(saved.lock_version, 2)
