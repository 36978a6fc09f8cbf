"""Dates and times. `today` comes from one place: TRADEBOOK_TODAY or the system date."""

from __future__ import annotations

import os
from calendar import monthrange
from datetime import UTC, date, datetime, timedelta

from tradebook.errors import BadInput


def today() -> date:
    """The one 'today' of the whole program; TRADEBOOK_TODAY=YYYY-MM-DD pins it."""
    pinned = os.environ.get("TRADEBOOK_TODAY")
    if pinned:
        try:
            return date.fromisoformat(pinned.strip())
        except ValueError:
            raise BadInput(f"TRADEBOOK_TODAY={pinned!r} is not a date (YYYY-MM-DD)") from None
    return date.today()


def now() -> datetime:
    """Now, timezone-aware in the local zone; on a pinned day, noon of that day."""
    if os.environ.get("TRADEBOOK_TODAY"):
        d = today()
        return datetime(d.year, d.month, d.day, 12, 0).astimezone()
    return datetime.now().astimezone()


def parse_date(text: str, *, what: str = "date") -> date:
    """An ISO date `YYYY-MM-DD`; refuses impossible days like 2026-02-30."""
    raw = str(text).strip()
    if len(raw) != 10:
        raise BadInput(f"{what} {text!r} is not a date (write YYYY-MM-DD)")
    try:
        value = date.fromisoformat(raw)
    except ValueError:
        raise BadInput(f"{what} {text!r} is not a real date (write YYYY-MM-DD)") from None
    if not 1970 <= value.year <= 2200:
        raise BadInput(f"{what} {text!r} is out of range")
    return value


def parse_timestamp(text: str) -> datetime:
    """An ISO timestamp; without a zone it is taken as local time. Always returned aware."""
    raw = str(text).strip()
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise BadInput(f"timestamp {text!r} is not ISO 8601 (e.g. 2026-11-20T14:30)") from None
    if not 1970 <= value.year <= 2200:
        raise BadInput(f"timestamp {text!r} is out of range")
    if value.tzinfo is None:
        value = value.astimezone()
    return value


def iso(d: date) -> str:
    return d.isoformat()


def days_between(a: date, b: date) -> int:
    return (b - a).days


def add_days(d: date, n: int) -> date:
    return d + timedelta(days=n)


def month_on(anchor: date, months: int) -> date:
    """The anchor's day of the month, `months` calendar months on; the month's last day when
    it is shorter (31st → 30th, 28th or 29th), and back to the anchor's day after that."""
    index = anchor.year * 12 + anchor.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(anchor.day, monthrange(year, month + 1)[1]))


def date_of(stamp: str) -> date:
    """The calendar date of a stored date or timestamp string."""
    return date.fromisoformat(stamp[:10])


__all__ = [
    "UTC",
    "add_days",
    "date_of",
    "days_between",
    "iso",
    "month_on",
    "now",
    "parse_date",
    "parse_timestamp",
    "today",
]
