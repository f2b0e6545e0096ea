"""Test data for statistics: a yearly indicator per municipality in the Västerbotten-like
structure (internal), a public monthly one, and a recorded-Kolada server."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from samverkan.statistics import services
from samverkan.statistics.models import Indicator, IndicatorSource, PeriodKind
from samverkan.structure.models import Body
from samverkan.testing.base import BaseTestCase

RECORDED = Path(__file__).resolve().parent / "kolada"
REAL_HOST = "https://api.kolada.se"


def give_local_groups(personas: Any) -> None:
    """A structure's statistics cover the municipalities that take part in it: here the
    personas' three, each with a local group."""
    for municipality in (personas.umea, personas.skelleftea, personas.lycksele):
        Body.objects.create(
            structure=personas.structure,
            key=f"lokal-{municipality.scb_code}",
            name=f"Lokal samverkansgrupp {municipality.name}",
            kind="local_group",
            level="local",
            mandate="recommends",
            parent=personas.body,
            municipality=municipality,
        )


class StatisticsData(BaseTestCase):
    internal: Indicator
    public: Indicator
    kolada: Indicator

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        give_local_groups(cls)
        cls.internal = services.define_indicator(
            structure=cls.structure,
            by=cls.coordinator,
            name="Genomförda SIP",
            unit="antal",
            period_kind=PeriodKind.YEARLY,
            source=IndicatorSource.IMPORT,
        )
        cls.public = services.define_indicator(
            structure=cls.structure,
            by=cls.coordinator,
            name="Utskrivningsklara vårdtillfällen",
            unit="antal",
            period_kind=PeriodKind.MONTHLY,
            public=True,
        )
        cls.kolada = services.define_indicator(
            structure=cls.structure,
            by=cls.coordinator,
            name="Invånare 65+ i särskilt boende eller med hemtjänst",
            unit="procent",
            source=IndicatorSource.KOLADA,
            kolada_kpi="N20891",
            period_kind=PeriodKind.YEARLY,
            public=True,
        )


def csv_file(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


class RecordedKolada(http.server.BaseHTTPRequestHandler):
    """Answers like Kolada v3 from the recorded files; the KPI in the path picks the answer."""

    def do_GET(self) -> None:
        address: tuple[str, int] = self.server.server_address  # type: ignore[assignment]
        here = f"http://{address[0]}:{address[1]}"
        self.server.paths.append(self.path)  # type: ignore[attr-defined]
        if "/kpi/N00000/" in self.path:
            self._answer(500, b'{"error": "Internal Server Error"}')
        elif "/kpi/N11111/" in self.path:
            self._answer(200, b"<html>Underhall</html>")
        elif "/kpi/N99999/" in self.path:
            self._answer(200, (RECORDED / "malformed.json").read_bytes())
        elif "/kpi/N20891/" in self.path:
            name = "N20891_page2.json" if "page=2" in self.path else "N20891_page1.json"
            text = (RECORDED / name).read_text(encoding="utf-8")
            self._answer(200, text.replace(REAL_HOST, here).encode())
        else:
            self._answer(404, b'{"error": "Not Found"}')

    def _answer(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def recorded_kolada() -> Iterator[tuple[str, list[str]]]:
    """A local Kolada on 127.0.0.1 and a free port: (base URL, the paths asked)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RecordedKolada)
    server.paths = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host!s}:{port!s}/v3", server.paths  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()
