"""Pages read without a count: one row more than the page holds is read, so a page knows
whether a next one exists, not how many there are (a count over a national archive or a
structure's whole calendar grows with the installation)."""

from __future__ import annotations


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
