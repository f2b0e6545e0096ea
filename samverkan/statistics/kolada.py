"""A client for Kolada's open API, version 3 (https://api.kolada.se/v3).

`GET {base}/data/kpi/{kpi}/municipality/{ids}/year/{years}` answers
`{"values": [...], "count": N, "next_page": url-or-null}`, where each entry is
`{"kpi", "municipality", "period", "values": [{"gender", "count", "status", "value"}]}`:
one value per gender (`T` is the total, `K` and `M` women and men). The client follows
`next_page` until there is none, and reads everything before anything is stored: any
failure (HTTP error, timeout, bad JSON, missing fields) raises `KoladaError` and the
caller stores nothing. Municipalities are Kolada's ids, SCB's four-digit codes; a region
is `00` and its county code (`0024`).

Only the standard library: a `urllib.request` call with a timeout.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings

DEFAULT_BASE_URL = "https://api.kolada.se/v3"
TIMEOUT_SECONDS = 20
MAX_PAGES = 50
TOTAL = "T"


class KoladaError(Exception):
    """Kolada could not be read; nothing was stored."""


@dataclass(frozen=True)
class KoladaValue:
    kpi: str
    municipality: str  # Kolada's id: SCB code, `00`+county for a region
    year: int
    value: Decimal


def base_url() -> str:
    return str(getattr(settings, "KOLADA_BASE_URL", "") or DEFAULT_BASE_URL).rstrip("/")


def data_url(kpi: str, municipalities: list[str], years: list[int]) -> str:
    quote = urllib.parse.quote
    return (
        f"{base_url()}/data/kpi/{quote(kpi)}/municipality/"
        f"{quote(','.join(municipalities), safe=',')}/year/{','.join(str(y) for y in years)}"
    )


def _get_json(url: str) -> object:
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise KoladaError(f"KOLADA_BASE_URL måste börja med https:// ({url}).")
    request = urllib.request.Request(  # noqa: S310 - http(s) only, checked above
        url, headers={"Accept": "application/json", "User-Agent": "Samverkan/1"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            body = response.read()
    except urllib.error.HTTPError as exc:
        raise KoladaError(f"Kolada svarade {exc.code} på {url}.") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise KoladaError(f"Kolada kunde inte nås ({reason}).") from exc
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KoladaError(f"Kolada svarade med något som inte är JSON ({url}).") from exc


def _entry_values(entry: object) -> list[KoladaValue]:
    if not isinstance(entry, dict):
        raise KoladaError("Ett värde i Koladas svar är inget objekt.")
    try:
        kpi, municipality, period = entry["kpi"], entry["municipality"], entry["period"]
        genders = entry["values"]
    except KeyError as exc:
        raise KoladaError(f"Fältet {exc.args[0]} saknas i Koladas svar.") from exc
    if not isinstance(genders, list) or not isinstance(municipality, str):
        raise KoladaError("Koladas svar har fel form (values eller municipality).")
    try:
        year = int(period)
    except (TypeError, ValueError) as exc:
        raise KoladaError(f"Perioden {period!r} i Koladas svar är inget år.") from exc
    found: list[KoladaValue] = []
    for gender in genders:
        if not isinstance(gender, dict) or "value" not in gender:
            raise KoladaError("Ett värde i Koladas svar saknar fältet value.")
        # Kolada gives no value (null) where a figure is missing or withheld.
        if gender.get("gender", TOTAL) != TOTAL or gender["value"] is None:
            continue
        try:
            number = Decimal(str(gender["value"]))
        except InvalidOperation as exc:
            raise KoladaError(f"Värdet {gender['value']!r} i Koladas svar är inget tal.") from exc
        if not number.is_finite():
            raise KoladaError(f"Värdet {gender['value']!r} i Koladas svar är inget tal.")
        found.append(KoladaValue(str(kpi), municipality, year, number))
    return found


def fetch_values(kpi: str, municipalities: list[str], years: list[int]) -> list[KoladaValue]:
    """Every total value of `kpi` for these municipalities and years, all pages read."""
    if not kpi or not municipalities or not years:
        return []
    url: str | None = data_url(kpi, municipalities, years)
    found: list[KoladaValue] = []
    pages = 0
    while url:
        pages += 1
        if pages > MAX_PAGES:
            raise KoladaError(f"Kolada gav fler än {MAX_PAGES} sidor; hämtningen avbröts.")
        document = _get_json(url)
        if not isinstance(document, dict) or not isinstance(document.get("values"), list):
            raise KoladaError("Koladas svar saknar listan values.")
        for entry in document["values"]:
            found.extend(_entry_values(entry))
        following = document.get("next_page") or document.get("next_url")
        if following is not None and not isinstance(following, str):
            raise KoladaError("Koladas svar har en next_page som inte är en adress.")
        # A relative next page is read against the page it came from.
        url = urllib.parse.urljoin(url, following) if following else None
        # Never follow a next page to another host than the one asked.
        if url and urllib.parse.urlsplit(url).netloc != urllib.parse.urlsplit(base_url()).netloc:
            raise KoladaError("Koladas next_page pekar på en annan server; hämtningen avbröts.")
    return found
