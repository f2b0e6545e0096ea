"""Importing values from CSV and XLSX: all or nothing, every wrong row named; a good import
draws the charts and their tables hold exactly the imported values."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from samverkan.audit.models import Change
from samverkan.lib.errors import DomainError
from samverkan.statistics import services
from samverkan.statistics.models import IndicatorValue, ValueSource
from samverkan.statistics.tests.base import StatisticsData, csv_file

GOOD = csv_file(
    "kommun;år;antal",
    "2480;2023;120",
    "Skellefteå;2023;85",
    "2481;2023;12",
    "2480;2024;131,5",
    "Skellefteå kommun;2024;90",
)


class ImportTests(StatisticsData):
    def test_it_stores_nothing_when_one_row_is_bad_and_names_the_row(self) -> None:
        data = csv_file("kommun;år;antal", "2480;2023;120", "9999;2023;12", "2482;2023;85")
        with self.assertRaises(DomainError) as caught:
            services.import_values(
                indicator=self.internal, by=self.coordinator, file_name="sip.csv", data=data
            )
        self.assertEqual(IndicatorValue.objects.count(), 0)
        self.assertEqual(caught.exception.errors["file"], [
            "Rad 3: okänd kommunkod eller kommun ”9999” (tar inte del i strukturen)."
        ])  # fmt: skip
        self.assertIn("En rad är fel; inget sparades", caught.exception.message)

    def test_it_names_every_bad_row_with_its_reason(self) -> None:
        data = csv_file(
            "kommun;år;antal",
            "2480;2023;120",
            "Karlskrona;2023;5",
            "2481;23;7",
            "2482;2023;många",
            "2480;2023;121",
            "24;2023;3",
        )
        with self.assertRaises(DomainError) as caught:
            services.import_values(
                indicator=self.internal, by=self.coordinator, file_name="sip.csv", data=data
            )
        problems = caught.exception.errors["file"]
        self.assertEqual([p.split(":")[0] for p in problems], [f"Rad {n}" for n in (3, 4, 5, 6, 7)])
        self.assertIn("okänd kommunkod eller kommun ”Karlskrona”", problems[0])
        self.assertIn("ogiltig period ”23”", problems[1])
        self.assertIn("värdet ”många” är inget tal", problems[2])
        self.assertIn("Umeå 2023 finns redan på rad 2", problems[3])
        self.assertIn("indikatorn gäller kommunerna, inte Region Västerbotten", problems[4])
        self.assertEqual(IndicatorValue.objects.count(), 0)

    def test_it_changes_nothing_already_stored_when_a_row_is_bad(self) -> None:
        services.import_values(
            indicator=self.internal, by=self.coordinator, file_name="sip.csv", data=GOOD
        )
        before = list(IndicatorValue.objects.values_list("principal_id", "period", "value"))
        with self.assertRaises(DomainError):
            services.import_values(
                indicator=self.internal,
                by=self.coordinator,
                file_name="sip.csv",
                data=csv_file("kommun;år;antal", "2480;2023;999", "2480;2030;x"),
            )
        after = list(IndicatorValue.objects.values_list("principal_id", "period", "value"))
        self.assertEqual(before, after)

    def test_it_upserts_and_records_one_audit_row(self) -> None:
        stored = services.import_values(
            indicator=self.internal, by=self.coordinator, file_name="sip.csv", data=GOOD
        )
        self.assertEqual((stored.added, stored.changed), (5, 0))
        again = services.import_values(
            indicator=self.internal,
            by=self.coordinator,
            file_name="sip.csv",
            data=csv_file("kommun;år;antal", "2480;2023;125", "2481;2023;12"),
        )
        self.assertEqual((again.added, again.changed), (0, 1))
        value = IndicatorValue.objects.get(
            indicator=self.internal, principal=self.umea, period=datetime.date(2023, 1, 1)
        )
        self.assertEqual(value.value, Decimal("125"))
        self.assertEqual(value.source, ValueSource.IMPORT)
        changes = Change.objects.filter(object_type="indicator", object_id=self.internal.pk)
        self.assertIn(
            "0 nya och 1 ändrade värden (importerade från sip.csv)", changes.first().changes_text
        )  # type: ignore[union-attr]

    def test_it_reads_xlsx_with_numbers_and_dates(self) -> None:
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.append(["Kommun", "Månad", "Antal"])
        sheet.append(["2480", datetime.datetime(2024, 3, 15), 7])
        sheet.append(["Lycksele", "2024-04", 2.5])
        buffer = io.BytesIO()
        workbook.save(buffer)
        stored = services.import_values(
            indicator=self.public, by=self.coordinator, file_name="ukl.xlsx", data=buffer.getvalue()
        )
        self.assertEqual(stored.added, 2)
        self.assertEqual(
            sorted(IndicatorValue.objects.values_list("period", "value")),
            [
                (datetime.date(2024, 3, 1), Decimal("7")),
                (datetime.date(2024, 4, 1), Decimal("2.5")),
            ],
        )

    def test_it_refuses_a_file_that_is_neither_csv_nor_xlsx(self) -> None:
        with self.assertRaises(DomainError) as caught:
            services.import_values(
                indicator=self.internal, by=self.coordinator, file_name="sip.pdf", data=b"%PDF"
            )
        self.assertIn("CSV eller XLSX", caught.exception.errors["file"][0])

    def test_it_refuses_a_workbook_that_unpacks_to_too_much(self) -> None:
        # A few kilobytes that unpack to 11 MB: refused before the workbook is read.
        packed = io.BytesIO()
        with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/worksheets/sheet1.xml", b" " * (11 * 1024 * 1024))
        self.assertLess(len(packed.getvalue()), 100_000)
        with self.assertRaises(DomainError) as caught:
            services.import_values(
                indicator=self.internal,
                by=self.coordinator,
                file_name="sip.xlsx",
                data=packed.getvalue(),
            )
        self.assertIn("för stor packad upp", caught.exception.errors["file"][0])
        self.assertFalse(IndicatorValue.objects.exists())


class ImportPageTests(StatisticsData):
    def test_it_draws_the_chart_and_its_table_equals_the_imported_values(self) -> None:
        self.login(self.coordinator)
        response = self.client.post(
            reverse("statistics:values_import", args=[self.internal.pk]),
            {"file": SimpleUploadedFile("sip.csv", GOOD, content_type="text/csv")},
        )
        self.assertRedirects(response, reverse("statistics:indicator", args=[self.internal.pk]))
        page = self.client.get(reverse("statistics:indicator", args=[self.internal.pk]))
        html = page.content.decode()
        self.assertIn('role="img"', html)
        self.assertIn('<title id="chart-', html)
        self.assertIn("<polyline", html)
        table = _table(html, f"chart-{self.internal.pk}-serie")
        self.assertEqual(table[0], ["Period", "Lycksele", "Skellefteå", "Umeå"])
        self.assertEqual(table[1:], [["2023", "12", "85", "120"], ["2024", "–", "90", "131,5"]])
        # Every number in the table is a stored value, and every stored value is in it.
        stored = {
            (v.principal.short_name, str(v.period.year)): v.value
            for v in IndicatorValue.objects.select_related("principal")
        }
        shown = {
            (name, row[0]): Decimal(cell.replace(",", "."))
            for row in table[1:]
            for name, cell in zip(table[0][1:], row[1:], strict=True)
            if cell != "–"
        }
        self.assertEqual(shown, stored)
        comparison = _table(html, f"chart-{self.internal.pk}-jamforelse")
        self.assertEqual(comparison[1:], [["Skellefteå", "90"], ["Umeå", "131,5"]])
        total = _table(html, f"chart-{self.internal.pk}-summa")
        self.assertEqual(total[1:], [["2023", "217"], ["2024", "221,5"]])

    def test_it_shows_every_bad_row_on_the_page_and_stores_nothing(self) -> None:
        self.login(self.coordinator)
        response = self.client.post(
            reverse("statistics:values_import", args=[self.internal.pk]),
            {
                "file": SimpleUploadedFile(
                    "sip.csv", csv_file("k;p;v", "2480;2023;1", "0000;2023;2")
                )
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Rad 3: okänd kommunkod eller kommun ”0000”", status_code=400)
        self.assertEqual(IndicatorValue.objects.count(), 0)

    def test_it_downloads_each_charts_data_as_csv(self) -> None:
        services.import_values(
            indicator=self.internal, by=self.coordinator, file_name="s.csv", data=GOOD
        )
        self.login(self.member_user)
        response = self.client.get(
            reverse("statistics:chart_csv", args=[self.internal.pk, "serie"])
        )
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertTrue(response.content.startswith(b"\xef\xbb\xbf"))
        self.assertEqual(
            response.content.decode("utf-8-sig").splitlines(),
            ["Period;Lycksele;Skellefteå;Umeå", "2023;12;85;120", "2024;;90;131,5"],
        )
        total = self.client.get(reverse("statistics:chart_csv", args=[self.internal.pk, "summa"]))
        self.assertEqual(
            total.content.decode("utf-8-sig").splitlines()[1:], ["2023;217", "2024;221,5"]
        )

    def test_it_enters_one_value_in_the_form(self) -> None:
        self.login(self.coordinator)
        response = self.client.post(
            reverse("statistics:values_enter", args=[self.public.pk]),
            {"principal": "2482", "period": "2024-05", "value": "4"},
        )
        self.assertEqual(response.status_code, 302)
        value = IndicatorValue.objects.get()
        self.assertEqual(
            (value.principal, value.period, value.source),
            (self.skelleftea, datetime.date(2024, 5, 1), ValueSource.MANUAL),
        )
        bad = self.client.post(
            reverse("statistics:values_enter", args=[self.public.pk]),
            {"principal": "2482", "period": "maj", "value": "4"},
        )
        self.assertContains(bad, "ogiltig period ”maj”", status_code=400)


def _table(html: str, chart_id: str) -> list[list[str]]:
    """The rows of the data table beside chart `chart_id`, as the page shows them."""
    start = html.index(f'data-chart="{chart_id}"')
    body = html[start : html.index("</table>", start)]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [
        [re.sub(r"<.*?>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)]
        for r in rows
    ]
