from django.test import SimpleTestCase
from django.urls import reverse

from samverkan.lib.links import slug_links


class SlugLinksTests(SimpleTestCase):
    def test_it_makes_the_same_address_as_reverse(self) -> None:
        link = slug_links("public:principal")
        self.assertEqual(
            link("region-blekinge"), reverse("public:principal", args=["region-blekinge"])
        )

    def test_it_keeps_the_arguments_ahead_of_the_slug(self) -> None:
        link = slug_links("public:body", "blekinge")
        self.assertEqual(link("lsg-2"), reverse("public:body", args=["blekinge", "lsg-2"]))
        self.assertEqual(link("lokal-1"), "/s/blekinge/g/lokal-1/")
