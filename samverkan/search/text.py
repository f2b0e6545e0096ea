"""Swedish words for the search index: tokens, stems, stop words, the query language, marks.

Both databases index the same stemmed text and read the same parsed query, so a search
gives the same answers on SQLite and PostgreSQL. We stem in Python because PostgreSQL's
bundled Swedish Snowball stemmer is older and leaves "samverkansavtalet" alone, while the
current one (the `snowballstemmer` package) makes it "samverkansavtal".
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from dataclasses import dataclass

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Letters and digits; underscore and punctuation separate words, as in SQLite's unicode61.
WORD = re.compile(r"[^\W_]+")
# Longer "words" are base64, hashes or URLs glued together: not worth an index entry.
MAX_WORD_LENGTH = 80
# Only this much of a text is indexed: it keeps PostgreSQL's tsvector far below its 1 MB
# limit whatever the text is, and a snippet is looked for in the same part.
INDEXED_CHARS = 200_000
MAX_QUERY_CHARS = 200
MAX_QUERY_TERMS = 12

# Snowball's Swedish stop words, the same list PostgreSQL's 'swedish' configuration drops.
_STOP_WORDS = """
    och det att i en jag hon som han på den med var sig för så till är men ett om hade de av
    icke mig du henne då sin nu har inte hans honom skulle hennes där min man ej vid kunde
    något från ut när efter upp vi dem vara vad över än dig kan sina här ha mot alla under
    någon eller allt mycket sedan ju denna själv detta åt utan varit hur ingen mitt ni bli
    blev oss din dessa några deras blir mina samma vilken er sådan vår blivit dess inom
    mellan sådant varför varje vilka ditt vem vilket sitta sådana vart dina vars vårt våra
    ert era vilkas
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

# A Snowball stemmer keeps the word it works on in itself, so each thread needs its own.
_local = threading.local()


def _stemmer() -> snowballstemmer.stemmer:
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("swedish")
    return stemmer


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The stem of one lower-case word."""
    return str(_stemmer().stemWord(word))


def normalize(text: str) -> str:
    """Composed characters, so that "å" is one letter whichever program wrote the file."""
    return unicodedata.normalize("NFC", text)


def clean(text: str) -> str:
    """Text that any database stores: no NUL and no lone surrogates, composed characters."""
    text = text.replace("\x00", "")
    if not text.isascii():
        text = text.encode("utf-8", "replace").decode("utf-8")
    return normalize(text)


def words(text: str) -> list[str]:
    return [w for w in WORD.findall(normalize(text).lower()) if len(w) <= MAX_WORD_LENGTH]


def stem_text(text: str) -> str:
    """The text as the index sees it: its stems, in order, separated by spaces."""
    return " ".join(stem(w) for w in words(text[:INDEXED_CHARS]))


def is_stop_word(word: str) -> bool:
    return word in STOP_WORDS or stem(word) in STOP_WORDS


Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Alternative:
    """Phrases that must all occur and phrases that must not."""

    required: tuple[Phrase, ...]
    excluded: tuple[Phrase, ...] = ()


@dataclass(frozen=True)
class ParsedQuery:
    """A query in the web search language: words, "phrases", -not and `or`, in stems.

    As in PostgreSQL's websearch_to_tsquery, `or` separates alternatives and the words
    between two `or` must all occur: `a or b c` is a, or else both b and c.
    """

    alternatives: tuple[Alternative, ...]

    def __bool__(self) -> bool:
        return bool(self.alternatives)

    @property
    def stems(self) -> frozenset[str]:
        """The stems to mark in a hit."""
        return frozenset(
            s
            for alternative in self.alternatives
            for phrase in alternative.required
            for s in phrase
            if s not in STOP_WORDS
        )

    def to_websearch(self) -> str:
        """For websearch_to_tsquery; every stem is quoted, so none of them is read as `or`."""

        def quoted(phrase: Phrase) -> str:
            return '"' + " ".join(phrase) + '"'

        return " or ".join(
            " ".join(
                [quoted(p) for p in alternative.required]
                + ["-" + quoted(p) for p in alternative.excluded]
            )
            for alternative in self.alternatives
        )

    def to_fts5(self) -> str:
        """For SQLite FTS5 MATCH; stems are letters and digits only and always quoted."""

        def quoted(phrase: Phrase) -> str:
            return '"' + " ".join(phrase) + '"'

        def one(alternative: Alternative) -> str:
            query = " AND ".join(quoted(p) for p in alternative.required)
            for phrase in alternative.excluded:
                query += " NOT " + quoted(phrase)
            return "(" + query + ")"

        return " OR ".join(one(a) for a in self.alternatives)


# An optional minus, then a "phrase" (the closing quote may be missing) or a run of non-space.
_QUERY_PART = re.compile(r'(-?)(?:"([^"]*)"?|([^\s"]+))')


def parse_query(query: str) -> ParsedQuery:
    """Read what a visitor typed. Anything goes in; what is not a word is ignored."""
    alternatives: list[Alternative] = []
    required: list[Phrase] = []
    excluded: list[Phrase] = []
    terms = 0

    def close() -> None:
        # An alternative with only exclusions would match nearly everything: drop it.
        if required:
            alternatives.append(Alternative(tuple(required), tuple(excluded)))
        required.clear()
        excluded.clear()

    for match in _QUERY_PART.finditer(query[:MAX_QUERY_CHARS]):
        negated, quoted, bare = match.group(1), match.group(2), match.group(3)
        text = quoted if quoted is not None else bare
        if not negated and quoted is None and text.lower() == "or":
            close()
            continue
        found = words(text)
        if not found or all(is_stop_word(w) for w in found):
            continue
        if len(found) == 1:
            phrase: Phrase = (stem(found[0]),)
        else:
            # PostgreSQL drops stop words from a phrase and keeps their place; SQLite needs
            # them, so a phrase keeps its words as written.
            phrase = tuple(stem(w) for w in found)
        if terms >= MAX_QUERY_TERMS:
            break
        terms += 1
        (excluded if negated else required).append(phrase)
    close()
    return ParsedQuery(tuple(alternatives))


def _candidates(stems: frozenset[str]) -> re.Pattern[str] | None:
    """Words that may have one of the stems: a stem is the start of its word in lower case."""
    if not stems:
        return None
    alternation = "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternation})[^\W_]*", re.IGNORECASE)


def _matches(text: str, stems: frozenset[str]) -> list[tuple[int, int]]:
    pattern = _candidates(stems)
    if pattern is None:
        return []
    return [m.span() for m in pattern.finditer(text) if stem(normalize(m.group()).lower()) in stems]


def mark(text: str, stems: frozenset[str]) -> SafeString:
    """The text, escaped, with each word that has one of the stems in <mark>."""
    parts: list[str] = []
    position = 0
    for start, end in _matches(text, stems):
        parts.append(escape(text[position:start]))
        parts.append("<mark>" + escape(text[start:end]) + "</mark>")
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above


def snippet(text: str, stems: frozenset[str], *, length: int = 240) -> SafeString:
    """About `length` characters around the first marked word, or the text's start."""
    searched = text[:INDEXED_CHARS]
    first = next(iter(_matches(searched, stems)), None)
    start = 0
    if first is not None and first[0] > length // 3:
        start = first[0] - length // 3
        # Begin at a whole word.
        space = searched.find(" ", start, first[0])
        start = space + 1 if space != -1 else start
    end = min(len(searched), start + length)
    if end < len(searched):
        space = searched.rfind(" ", start, end)
        end = space if space > start else end
    window = " ".join(searched[start:end].split())
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + mark(window, stems) + suffix)  # noqa: S308 - mark() escapes
