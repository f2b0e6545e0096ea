"""Transactional test cases that leave the database as the migrations made it.

A `TransactionTestCase` empties every table after each test, with them the regions and
municipalities that a data migration loads (`structure/migrations/0002_reference_principals`).
Run one after another, Django puts such tests last; run in parallel (pytest-xdist), a worker
may run ordinary tests after them, which need those rows. So each of them loads the
reference data again once it has emptied the tables.
"""

from __future__ import annotations

from django.test import TransactionTestCase


class KeepsReferenceData(TransactionTestCase):
    def _fixture_teardown(self) -> None:
        super()._fixture_teardown()  # type: ignore[misc]  # (private in django-stubs)
        from samverkan.structure.models import Principal
        from samverkan.structure.reference import load_reference_principals

        load_reference_principals(Principal)
