"""Human references (`C-0007`, `INV-0042`) for every record, derived from its id in its table."""

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

_REF = re.compile(r"^(C|J|INV|P|K|SC|PP|L|CASE|BC)-(\d+)$", re.IGNORECASE)
_TABLE_OF = {prefix[:-1]: table for table, (prefix, _) in PREFIXES.items()}


def make_ref(table: str, doc_id: int) -> str:
    prefix, digits = PREFIXES[table]
    return f"{prefix}{doc_id:0{digits}d}"


def parse_ref(text: str) -> tuple[str, int] | None:
    """`inv-42` → `("invoices", 42)`; anything not shaped like a ref → None."""
    m = _REF.match(str(text).strip())
    if not m:
        return None
    return _TABLE_OF[m.group(1).upper()], int(m.group(2))


def ref_id(ref: str) -> int:
    parsed = parse_ref(ref)
    if parsed is None:
        raise ValueError(ref)
    return parsed[1]
