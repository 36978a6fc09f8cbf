"""Small pieces of English that every document shares: dates, lists of refs, plurals."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(d: date | str) -> str:
    """`2026-11-20` → `November 20, 2026`, the way a US letter writes it (no locale needed)."""
    if isinstance(d, str):
        d = date.fromisoformat(d[:10])
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def and_join(items: Sequence[str]) -> str:
    """`[a, b, c]` → `a, b and c`."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def stamp(at: str) -> str:
    """A stored timestamp as `2026-11-20 14:30` (its own local time, as recorded)."""
    return at[:16].replace("T", " ")
