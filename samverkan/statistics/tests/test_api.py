"""The indicators API: what each caller reads, defining indicators, entering values and
importing a file all or nothing."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from samverkan.api.tests.base import API, ApiTestCase
from samverkan.statistics import services
from samverkan.statistics.models import Indicator, IndicatorValue, PeriodKind
from samverkan.statistics.tests.base import csv_file, give_local_groups


class IndicatorApiTests(ApiTestCase):
    internal: Indicator
    public: Indicator

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        give_local_groups(cls)
        cls.internal = services.define_indicator(
            structure=cls.structure,
            by=cls.coordinator,
            name="Uppföljda SIP",
            period_kind=PeriodKind.YEARLY,
        )
        cls.public = services.define_indicator(
            structure=cls.structure,
            by=cls.coordinator,
            name="Genomförda SIP",
            public=True,
            period_kind=PeriodKind.TERM,
        )

    def names(self, response: object) -> list[str]:
        return [i["name"] for i in response.json()["items"]]  # type: ignore[attr-defined]

    def test_it_lists_what_each_caller_may_read(self) -> None:
        self.assertEqual(self.names(self.call("get", "/indicators")), ["Genomförda SIP"])
        self.assertEqual(
            self.names(self.call("get", "/indicators", user=self.other_coordinator)),
            ["Genomförda SIP"],
        )
        self.assertEqual(
            self.names(
                self.call(
                    "get", "/indicators", {"structure": "vasterbotten"}, user=self.member_user
                )
            ),
            ["Genomförda SIP", "Uppföljda SIP"],
        )
        self.assertError(self.call("get", f"/indicators/{self.internal.pk}/values"), 404)

    def test_the_coordinator_defines_one_and_others_may_not(self) -> None:
        body = {
            "structure": "vasterbotten",
            "name": "Utskrivningsklara dagar",
            "unit": "dagar",
            "period_kind": "monthly",
        }
        created = self.call("post", "/indicators", body, user=self.coordinator)
        self.assertEqual(created.status_code, 201, created.content)
        self.assertEqual(created.json()["period_kind"], "monthly")
        self.assertError(self.call("post", "/indicators", body, user=self.member_user), 403)
        self.assertError(
            self.call("post", "/indicators", body, user=self.coordinator), 400, field="name"
        )
        kolada = {**body, "name": "K", "source": "kolada", "kolada_kpi": "x"}
        self.assertError(
            self.call("post", "/indicators", kolada, user=self.coordinator), 400, field="kolada_kpi"
        )

    def test_it_enters_values_all_or_nothing(self) -> None:
        url = f"/indicators/{self.public.pk}/values"
        good = {
            "values": [
                {"principal": "2480", "period": "2024 T2", "value": "12"},
                {"principal": "Lycksele", "period": "T3 2024", "value": 3.5},
            ]
        }
        response = self.call("post", url, good, user=self.coordinator)
        self.assertEqual(response.json(), {"added": 2, "changed": 0})
        values = self.call("get", url).json()["items"]
        self.assertEqual(
            [(v["scb_code"], v["period_label"], v["value"]) for v in values],
            [("2480", "2024 T2", "12.0000"), ("2481", "2024 T3", "3.5000")],
        )
        bad = {
            "values": [
                {"principal": "2480", "period": "2024 T2", "value": "13"},
                {"principal": "Ronneby", "period": "2024 T2", "value": "1"},
            ]
        }
        payload = self.assertError(
            self.call("post", url, bad, user=self.coordinator), 400, field="values"
        )
        self.assertEqual(
            payload["errors"]["values"],
            ["Rad 2: okänd kommunkod eller kommun ”Ronneby” (tar inte del i strukturen)."],
        )
        self.assertEqual(IndicatorValue.objects.get(principal=self.umea).value, 12)

    def test_it_imports_a_file_and_names_every_bad_row(self) -> None:
        url = f"{API}/indicators/{self.internal.pk}/import"
        headers = {"Authorization": f"Bearer {self.coordinator_token}"}
        bad = SimpleUploadedFile(
            "sip.csv", csv_file("k;år;v", "2480;2023;1", "2480;2023;2", "2482;tjugo;3")
        )
        response = self.client.post(url, {"file": bad}, headers=headers)
        payload = self.assertError(response, 400, field="file")
        self.assertEqual([p[:5] for p in payload["errors"]["file"]], ["Rad 3", "Rad 4"])
        self.assertEqual(IndicatorValue.objects.count(), 0)
        good = SimpleUploadedFile("sip.csv", csv_file("k;år;v", "2480;2023;1", "2482;2023;3"))
        response = self.client.post(url, {"file": good}, headers=headers)
        self.assertEqual(response.json(), {"added": 2, "changed": 0}, response.content)
        self.assertError(self.client.post(url, {}, headers=headers), 400, field="file")
        member = {"Authorization": f"Bearer {self.member_token}"}
        self.assertError(
            self.client.post(
                url, {"file": SimpleUploadedFile("a.csv", b"k;p;v\n")}, headers=member
            ),
            403,
        )
