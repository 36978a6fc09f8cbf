"""A cell's money and dates as the exporting program wrote them: `$1,234.50`, `1234.5`,
`12/15/2026` (month first, as in the US), `15/12/2026` when the file writes the day first,
`2026-12-15`, `Dec 15, 2026`, `15 Dec 2026`. Every refusal says what the cell held."""

from __future__ import annotations

import re
from datetime import date

from tradebook.domain.money import parse_money
from tradebook.errors import BadInput

_MONTHS = {
    name: i
    for i, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        1,
    )
    for name in names
}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ].*)?$")
_NUMERIC = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})$")
_MONTH_FIRST = re.compile(r"^([a-z]+)\.?[ -](\d{1,2})(?:st|nd|rd|th)?,?[ -](\d{4})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[ -]([a-z]+)\.?,?[ -](\d{4})$")
_TIME = re.compile(r"\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm)?(?:\s+\S+)?$")
_WEEKDAY = re.compile(r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*,?\s+")


def cell_date(text: str, *, what: str, day_first: bool = False) -> date:
    """A date cell in any of the shapes exports use; a time after it is set aside."""
    raw = text.strip()
    low = _WEEKDAY.sub("", _TIME.sub("", raw.casefold()).strip())
    if not low:
        raise BadInput(f"{what} is empty")
    m = _ISO.match(low)
    if m:
        return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)), raw, what)
    m = _NUMERIC.match(low)
    if m:
        first, second, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
        if len(m.group(4)) == 2:
            year += 2000 if year < 70 else 1900
        month, day = (second, first) if day_first else (first, second)
        if month > 12:
            hint = (
                "the file may write the month first: leave out --day-first"
                if day_first
                else "the file may write the day first: add --day-first"
            )
            raise BadInput(f"{what} {raw!r} has no month {month} — {hint}")
        return _make(year, month, day, raw, what)
    m = _MONTH_FIRST.match(low)
    if m and m.group(1) in _MONTHS:
        return _make(int(m.group(3)), _MONTHS[m.group(1)], int(m.group(2)), raw, what)
    m = _DAY_FIRST.match(low)
    if m and m.group(2) in _MONTHS:
        return _make(int(m.group(3)), _MONTHS[m.group(2)], int(m.group(1)), raw, what)
    raise BadInput(f"{what} {raw!r} is not a date (such as 12/15/2026, 2026-12-15 or Dec 15, 2026)")


def _make(year: int, month: int, day: int, raw: str, what: str) -> date:
    try:
        value = date(year, month, day)
    except ValueError:
        raise BadInput(f"{what} {raw!r} is not a real date") from None
    if not 1970 <= value.year <= 2200:
        raise BadInput(f"{what} {raw!r} is out of range")
    return value


def cell_money(text: str, *, what: str, negative: bool = False) -> int:
    """Cents from `$1,234.50`, `1234.5`, `USD 1,234.50` or `(400.00)` (a negative in
    accounting style, taken only where `negative` allows it). A formula is not an amount."""
    raw = text.strip()
    if raw.startswith(("=", "+", "@")) and not re.fullmatch(r"\+?[\d,.$ ]+", raw):
        raise BadInput(f"{what} {raw!r} is a formula, not an amount")
    value = re.sub(r"^(?:usd|us\$)\s*|\s*(?:usd)$", "", raw, flags=re.IGNORECASE)
    if value.startswith("+"):
        value = value[1:]
    minus = False
    if value.startswith("(") and value.endswith(")"):
        value, minus = value[1:-1].strip(), True
    elif value.startswith("-"):
        value, minus = value[1:].strip(), True
    if not value:
        raise BadInput(f"{what} is empty")
    try:
        cents = parse_money(value)
    except BadInput:
        raise BadInput(f"{what} {raw!r} is not an amount") from None
    if minus and cents:
        if not negative:
            raise BadInput(f"{what} {raw!r} is negative")
        cents = -cents
    return cents
