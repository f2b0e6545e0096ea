"""Registry numbers (diarienummer) of cases: a structure's format and its running numbers.

The format is the structure's own, e.g. "SAM {year}/{number}" or "LS/{number:03}/{year}":
`{year}` is the year the case is raised, `{number}` its running number that year, with an
optional width (`{number:03}` gives 007). Running numbers start again at 1 every year,
which is why a format needs both. A new number is taken with the structure's numbering
row locked (`select_for_update`, a row lock on PostgreSQL; SQLite lets one writer at a
time), so two cases raised at once never get the same number.
"""

from __future__ import annotations

import datetime
import re
import string

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F

from samverkan.audit.services import record_create, record_update, snapshot
from samverkan.cases import history_cases  # noqa: F401  (what the audit trail keeps)
from samverkan.cases.models import Case, CaseNumbering
from samverkan.lib.errors import DomainError
from samverkan.lib.textcheck import check_text
from samverkan.structure.models import Structure

PATTERN_MAX = CaseNumbering._meta.get_field("pattern").max_length or 60
NUMBER_MAX = Case._meta.get_field("number").max_length or 60
# `{number}` may have a width: `{number:3}` or `{number:03}` (also with a trailing `d`).
NUMBER_SPEC = re.compile(r"^0?[1-9]d?$")
# Words of a structure's name or slug that say nothing about which structure it is.
FILLER = {"samverkan", "samverkansstruktur", "region", "regionen", "lan", "lans", "i", "och"}


def numbering_problem(pattern: str) -> str | None:
    """Why `pattern` cannot be a registry number format, in Swedish; None if it can."""
    if not pattern.strip():
        return "Ange ett format, t.ex. ”SAM {year}/{number}”."
    if len(pattern) > PATTERN_MAX:
        return f"Formatet får vara högst {PATTERN_MAX} tecken."
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError:
        return (
            "Formatet har en klammer som inte hör till {year} eller {number}. Skriv {{ och }} "
            "för en klammer i själva numret."
        )
    names = set()
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in ("year", "number") or conversion is not None:
            return (
                f"Formatet får bara innehålla {{year}} och {{number}}, inte {{{name}}}. "
                "Exempel: ”SAM {year}/{number}”."
            )
        if name == "year" and spec:
            return "Skriv året som {year}, utan bredd."
        if name == "number" and spec and not NUMBER_SPEC.match(spec):
            return "Ange bredden på löpnumret som {number:03}, med högst två siffror."
        names.add(name)
    if "number" not in names:
        return (
            "Formatet måste innehålla {number}, ärendets löpnummer, till exempel "
            "”SAM {year}/{number}”; annars skulle alla ärenden få samma diarienummer."
        )
    if "year" not in names:
        return (
            "Formatet måste innehålla {year}: löpnumren börjar om från 1 varje år, så utan "
            "året skulle samma diarienummer komma igen nästa år."
        )
    return None


def format_number(pattern: str, *, year: int, number: int) -> str:
    """The registry number `pattern` gives (a pattern `numbering_problem` accepts)."""
    return pattern.format(year=year, number=number)


def default_pattern(structure: Structure) -> str:
    """A format derived from the structure, for one that has set none: the first telling
    word of its slug, three letters, e.g. "VAS {year}/{number}" for Västerbotten."""
    words = [w for w in structure.slug.split("-") if w and w not in FILLER]
    prefix = words[0][:3].upper() if words else "SAM"
    return f"{prefix} {{year}}/{{number}}"


def numbering_of(structure: Structure) -> CaseNumbering:
    """The structure's numbering, or the default one (not saved) if it has none yet."""
    found = CaseNumbering.objects.filter(structure=structure).first()
    if found is not None:
        return found
    return CaseNumbering(structure=structure, pattern=default_pattern(structure))


def next_number_preview(numbering: CaseNumbering, *, today: datetime.date) -> str:
    """The number the next case raised `today` would get (nothing is taken)."""
    last = numbering.last_number if numbering.year == today.year else 0
    return format_number(numbering.pattern, year=today.year, number=last + 1)


def take_case_number(structure: Structure, *, today: datetime.date) -> str:
    """A new registry number for a case raised `today`; call inside the raising transaction.

    The numbering row is locked until the transaction ends, so numbers are never doubled;
    a number already in use (after the format was changed back and forth) is skipped.
    """
    CaseNumbering.objects.get_or_create(
        structure=structure, defaults={"pattern": default_pattern(structure)}
    )
    numbering = CaseNumbering.objects.select_for_update(of=("self",)).get(structure=structure)
    if numbering.year != today.year:
        # A new year: running numbers start again at 1.
        CaseNumbering.objects.filter(pk=numbering.pk).update(year=today.year, last_number=0)
    while True:
        CaseNumbering.objects.filter(pk=numbering.pk).update(last_number=F("last_number") + 1)
        last = CaseNumbering.objects.values_list("last_number", flat=True).get(pk=numbering.pk)
        number = format_number(numbering.pattern, year=today.year, number=last)
        if not Case.objects.filter(structure=structure, number=number).exists():
            break
    if len(number) > NUMBER_MAX:
        raise DomainError(
            f"Diarienumret {number} blir längre än {NUMBER_MAX} tecken; korta formatet.",
            field="number",
        )
    return number


@transaction.atomic
def case_numbering_set(*, structure: Structure, pattern: str, by: User | None) -> CaseNumbering:
    """Set the structure's registry number format; the running numbers go on."""
    pattern = check_text(pattern.strip(), field="pattern", max_length=PATTERN_MAX)
    problem = numbering_problem(pattern)
    if problem is not None:
        raise DomainError(problem, field="pattern")
    numbering, created = CaseNumbering.objects.select_for_update(of=("self",)).get_or_create(
        structure=structure, defaults={"pattern": pattern}
    )
    numbering.structure = structure
    if created:
        record_create(by=by, obj=numbering)
        return numbering
    before = snapshot(numbering)
    numbering.pattern = pattern
    numbering.save(update_fields=["pattern"])
    record_update(by=by, obj=numbering, before=before)
    return numbering
