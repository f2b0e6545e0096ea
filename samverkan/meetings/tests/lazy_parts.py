"""The meeting page as a browser shows it once htmx has loaded its lazy parts.

The page puts a loader (`class="panel-loader"`, `data-hx-get`) where a part of it loads
after the page (`meetings.panels`, the meeting's events); htmx swaps the loader for the
part's answer and each out-of-band piece (`data-hx-swap-oob`) into its place under an
agenda item. `get_with_parts` does the same with the test client, so a test reads the page
as a user with JavaScript does.
"""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

LOADER = re.compile(
    r'<div id="(?P<id>[^"]+)" class="panel-loader" data-hx-get="(?P<url>[^"]+)"[^>]*>'
    r"<p><a [^>]*>[^<]*</a></p></div>"
)
OOB = re.compile(r'<div id="(?P<id>[^"]+)" data-hx-swap-oob="true">')


def loader_urls(html: str) -> list[str]:
    return [m.group("url") for m in LOADER.finditer(html)]


def split_part(text: str) -> tuple[str, dict[str, str]]:
    """A part's answer: what replaces the loader, and the pieces for places by id."""
    starts = list(OOB.finditer(text))
    main = text[: starts[0].start()] if starts else text
    pieces: dict[str, str] = {}
    for index, start in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        body = text[start.end() : end].rstrip()
        assert body.endswith("</div>"), body
        pieces[start.group("id")] = body[: -len("</div>")]
    return main.strip(), pieces


def with_parts(client: Client, html: str) -> str:
    """`html` with every loader replaced by its part, as htmx does on load."""
    for match in list(LOADER.finditer(html)):
        answer = client.get(match.group("url"), headers={"HX-Request": "true"})
        assert answer.status_code == 200, (match.group("url"), answer.status_code)
        main, pieces = split_part(answer.content.decode())
        html = html.replace(match.group(0), main, 1)
        for place, piece in pieces.items():
            empty = f'<div id="{place}"></div>'
            assert empty in html, place
            html = html.replace(empty, f'<div id="{place}">{piece}</div>', 1)
    return html


def get_with_parts(client: Client, url: str, *args: Any, **kwargs: Any) -> Any:
    """`client.get`, with the lazy parts of a meeting page loaded into it."""
    response = client.get(url, *args, **kwargs)
    if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
        response.content = with_parts(client, response.content.decode()).encode()
    return response
