"""Pages read without a count: one row more than the page holds is read, so a page knows
whether a next one exists, not how many there are (a count over a national archive or a
structure's whole calendar grows with the installation)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


class PageLinks:
    """Föregående/Nästa for a page dataclass with `number` (from 1) and `has_next`, in the
    names Django's paginator uses, so templates read either alike."""

    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def page_number(asked: str | None, *, most: int) -> int:
    """The page asked for (`?sida=`), from 1 to `most`; 1 when none or an unreadable one."""
    try:
        number = int(asked or 1)
    except ValueError:  # not a number, or too many digits to be one
        return 1
    return min(max(number, 1), most)


@dataclass(frozen=True)
class RowPage[T](PageLinks):
    """One page of rows read with `read_page`: the rows, and where they stand (from 1) in
    the whole, in the names Django's page uses (`start_index`, `end_index`)."""

    rows: list[T]
    number: int
    has_next: bool
    size: int
    # More rows follow beyond the last page that is read (`most`): narrow the list to see them.
    cut_off: bool = False

    @property
    def known_total(self) -> int | None:
        """How many rows there are in all, where this page tells: its last page, or an empty
        first page. None on other pages, and on a page past the end (asked by hand)."""
        if self.has_next or self.cut_off or (not self.rows and self.number > 1):
            return None
        return self.end_index

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.size + 1

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.size + len(self.rows)


class Sliceable[T](Protocol):
    """An ordered query set (or a list): slicing it reads only that slice."""

    def __getitem__(self, window: slice, /) -> Iterable[T]: ...


def read_page[T](rows: Sliceable[T], asked: str | None, *, size: int, most: int) -> RowPage[T]:
    """The `size` rows of page `?sida=` (at most page `most`, so the offset stays bounded) of
    an ordered query set, read with one row more than the page holds: one query, no count."""
    number = page_number(asked, most=most)
    start = (number - 1) * size
    read = list(rows[start : start + size + 1])
    more = len(read) > size
    return RowPage(
        rows=read[:size],
        number=number,
        has_next=more and number < most,
        size=size,
        cut_off=more and number >= most,
    )
