"""Human references (`C-0007`, `INV-0042`) for every record, derived from its id in its table.

A shared book (tradebook/book/shared.py) numbers each device's records in a series of its own,
so two devices never hand out the same ref: the device that shared the book keeps the plain
series (`INV-0042`), any other device's refs carry its name (`INV-VAN2-0007`). The series is
part of the id, `int(NAME, 36) << SERIES_SHIFT | number`, so a ref and its id name each other
whatever order the records were folded in; every id of a single-file book is a plain one.
"""

from __future__ import annotations

import re

#: table -> (prefix, digits)
PREFIXES: dict[str, tuple[str, int]] = {
    "customers": ("C-", 4),
    "jobs": ("J-", 4),
    "invoices": ("INV-", 4),
    "payments": ("P-", 4),
    "contacts": ("K-", 4),
    "contracts": ("SC-", 3),
    "plans": ("PP-", 3),
    "letters": ("L-", 4),
    "cases": ("CASE-", 2),
    "corrections": ("BC-", 3),
}

_REF = re.compile(r"^(C|J|INV|P|K|SC|PP|L|CASE|BC)-(?:([A-Z][A-Z0-9]{0,5})-)?(\d+)$", re.IGNORECASE)
_TABLE_OF = {prefix[:-1]: table for table, (prefix, _) in PREFIXES.items()}

#: bits of an id that number the records of one series; the bits above name the series
SERIES_SHIFT = 20
#: numbers per series per table (a busy shop writes ~4,000 contacts a year)
SERIES_SIZE = 1 << SERIES_SHIFT
_DIGITS36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def series_base(series: str) -> int:
    """The first id of a series ("" is the plain one): `VAN2` → int("VAN2", 36) << 20."""
    return int(series, 36) << SERIES_SHIFT if series else 0


def series_of(doc_id: int) -> str:
    """The series an id belongs to ("" for the plain one)."""
    number = doc_id >> SERIES_SHIFT
    if number < 10:  # a series name starts with a letter: anything below "A" is plain
        return ""
    name = ""
    while number:
        number, digit = divmod(number, 36)
        name = _DIGITS36[digit] + name
    return name


def make_ref(table: str, doc_id: int) -> str:
    prefix, digits = PREFIXES[table]
    series = series_of(doc_id)
    if not series:
        return f"{prefix}{doc_id:0{digits}d}"
    return f"{prefix}{series}-{doc_id & (SERIES_SIZE - 1):0{digits}d}"


def parse_ref(text: str) -> tuple[str, int] | None:
    """`inv-42` → `("invoices", 42)`, `INV-VAN2-7` → the 7th of van2's series; anything not
    shaped like a ref → None."""
    m = _REF.match(str(text).strip())
    if not m:
        return None
    table, series, number = _TABLE_OF[m.group(1).upper()], m.group(2), int(m.group(3))
    if series is None:
        return table, number
    if not 0 < number < SERIES_SIZE:
        return None
    return table, series_base(series.upper()) | number


def ref_id(ref: str) -> int:
    parsed = parse_ref(ref)
    if parsed is None:
        raise ValueError(ref)
    return parsed[1]
