"""The organisation chart counts each body's members through the body's own memberships, so
that it reads neither more queries nor every membership in the installation as it grows."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.structure.models import Body, Membership, Person, Role
from samverkan.testing.base import BaseTestCase


class OrganisationChartTests(BaseTestCase):
    def seat(self, body: Body, count: int, *, role: str = Role.MEMBER, **fields: object) -> None:
        start = Person.objects.count()
        for i in range(start, start + count):
            person = Person.objects.create(key=f"p{i}", first_name="Pia", last_name=f"P{i}")
            Membership.objects.create(
                body=body, person=person, role=role, principal=self.region, **fields
            )

    def test_it_counts_the_current_chair_and_members_only(self) -> None:
        Membership.objects.filter(body=self.body).delete()
        self.seat(self.body, 1, role=Role.CHAIR)
        self.seat(self.body, 2)
        self.seat(self.body, 1, role=Role.SUBSTITUTE)
        self.seat(self.body, 1, end=datetime.date(2020, 12, 31))
        self.seat(self.other_body, 5)
        response = self.client.get(reverse("public:structure", args=["vasterbotten"]))
        self.assertContains(response, "3 ledamöter")
        self.assertNotContains(response, "4 ledamöter")

    def test_the_chart_takes_the_same_queries_as_memberships_grow(self) -> None:
        url = reverse("public:structure", args=["vasterbotten"])
        self.seat(self.other_body, 2)
        with CaptureQueriesContext(connection) as few:
            small = self.client.get(url)
        queries = len(few)
        self.seat(self.other_body, 30)
        self.seat(self.au, 12)
        with self.assertNumQueries(queries):
            large = self.client.get(url)
        self.assertEqual(small.status_code, 200)
        self.assertContains(large, "12 ledamöter")
