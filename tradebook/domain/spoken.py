"""Dates and times as people say them: `fri`, `+3`, `12/15`, `Dec 15`, `yesterday 4pm`.

Every date a person types goes through here, on the command line and in the app alike. A
day named without its year or week is read forward (the next one) for what is still to
come — a promise, a due date, a plan's start — and backward (the last one) for what has
happened: a payment, a contact, a job done. Where either is as likely (a job's start) it is
the nearer of the two. Input that could mean two things is refused with both, so nothing is
guessed into the book.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from tradebook.domain.dates import month_on
from tradebook.errors import BadInput

WEEKDAYS = {
    "mon": 0,
    "monday": 0,
    "tue": 1,
    "tues": 1,
    "tuesday": 1,
    "wed": 2,
    "weds": 2,
    "wednesday": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "thursday": 3,
    "fri": 4,
    "friday": 4,
    "sat": 5,
    "saturday": 5,
    "sun": 6,
    "sunday": 6,
}
MONTHS = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
DAY_WORDS = {"today": 0, "now": 0, "yesterday": -1, "tomorrow": 1, "tmrw": 1}
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_NAMES = (
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

#: what to type instead, for a day still to come and for a day that has been
AHEAD_EXAMPLES = "fri, tomorrow, +14, +2w, 12/15, Dec 15 or 2026-12-15"
BACK_EXAMPLES = "today, yesterday, mon, -3, 11/28, Nov 28 or 2026-11-28"
NEAREST_EXAMPLES = "mon, tomorrow, +3, -3, 12/15, Dec 15 or 2026-12-15"
TIME_EXAMPLES = "9:30, 4:30pm, 16:30, yesterday 4pm, mon 9:30 or 2026-11-20T16:30"

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?")
_OFFSET = re.compile(r"([+-])\s*(\d{1,5})\s*(d|days?|w|wks?|weeks?|m|mos?|months?)?")
_IN = re.compile(r"in (\d{1,5}) (days?|weeks?|months?)")
_AGO = re.compile(r"(\d{1,5}) (days?|weeks?|months?) ago")
_NAMED = re.compile(
    r"(?:([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?|(\d{1,2})(?:st|nd|rd|th)? ([a-z]+)\.?)"
    r"(?:,? (\d{4}))?"
)
_WEEKDAY = re.compile(r"(?:(last|next|this|coming) )?([a-z]+)\.?")
_CLOCK = re.compile(r"(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?(am|pm|a|p)?")
_STAMP = re.compile(r"\d{4}-\d{1,2}-\d{1,2}t\d")


def day_label(day: date) -> str:
    """`Fri 2026-12-11`: the weekday beside the date, so a slip of a week shows."""
    return f"{DAY_NAMES[day.weekday()]} {day.isoformat()}"


def examples(ahead: bool | None) -> str:
    return NEAREST_EXAMPLES if ahead is None else AHEAD_EXAMPLES if ahead else BACK_EXAMPLES


def read_date(text: str, *, today: date, ahead: bool | None, what: str = "date") -> date:
    """The day `text` names, counted from `today`; `ahead` says which way a day named without
    its year or week is taken: True the next one, False the last one, None the nearer of the
    two. Raises BadInput, one line."""
    raw = " ".join(str(text).split())
    said = raw.lower()
    if not said:
        raise BadInput(f"{what} is empty: write {examples(ahead)}")
    try:
        found = _read(said, raw, today, ahead, what)
    except (OverflowError, ValueError):
        found = date.max
    if found is None:
        raise BadInput(f"{what} {raw!r} is not a date: write {examples(ahead)}")
    if not 1970 <= found.year <= 2200:
        raise BadInput(f"{what} {raw!r} is out of range")
    return found


def _read(said: str, raw: str, today: date, ahead: bool | None, what: str) -> date | None:
    if said in DAY_WORDS:
        return today + timedelta(days=DAY_WORDS[said])
    if m := _ISO.fullmatch(said):
        return _real(int(m[1]), int(m[2]), int(m[3]), raw, what)
    if m := _OFFSET.fullmatch(said):
        return _moved(today, -int(m[2]) if m[1] == "-" else int(m[2]), m[3] or "d")
    if m := _IN.fullmatch(said):
        return _moved(today, int(m[1]), m[2])
    if m := _AGO.fullmatch(said):
        return _moved(today, -int(m[1]), m[2])
    if m := _SLASHED.fullmatch(said):
        month, day, year = int(m[1]), int(m[2]), m[3]
        if month > 12 and day <= 12:
            raise BadInput(
                f"{what} {raw!r} is not a date: dates are month/day — "
                f"for {_month_day(day, month)} write {day}/{month}"
            )
        if year is not None:
            return _real(int(year) + (2000 if len(year) == 2 else 0), month, day, raw, what)
        return _nearest(month, day, today, ahead, raw, what)
    if m := _NAMED.fullmatch(said):
        word, day_said = (m[1], m[2]) if m[1] else (m[4], m[3])
        named = MONTHS.get(word)
        if named is None:
            return None
        if m[5]:
            return _real(int(m[5]), named, int(day_said), raw, what)
        return _nearest(named, int(day_said), today, ahead, raw, what)
    if m := _WEEKDAY.fullmatch(said):
        return _weekday(m[1], m[2], today, ahead, raw, what)
    if said.isdigit() and 1 <= int(said) <= 31:
        n = int(said)
        on = _either(lambda way: _nth(n, today, way), today, ahead)
        meant = f"the {_ordinal(n)} ({on.month}/{n})"
        days = f"{n} days ago (-{n})" if ahead is False else f"{n} days from now (+{n})"
        raise BadInput(f"{what} {raw!r} could mean {meant} or {days}: write one of those")
    return None


def _moved(today: date, n: int, unit: str) -> date:
    if unit.startswith("w"):
        return today + timedelta(weeks=n)
    if unit.startswith("m"):
        return month_on(today, n)
    return today + timedelta(days=n)


def _either(find: Callable[[bool], date | None], today: date, ahead: bool | None) -> date:
    """The day `find` gives that way, or for no way in particular the nearer of the next and
    the last (the next when they are as near)."""
    if ahead is not None:
        found = find(ahead)
        assert found is not None
        return found
    coming, gone = find(True), find(False)
    if coming is None or gone is None:
        found = coming or gone
        assert found is not None
        return found
    return coming if (coming - today) <= (today - gone) else gone


def _weekday(
    word: str | None, name: str, today: date, ahead: bool | None, raw: str, what: str
) -> date | None:
    wanted = WEEKDAYS.get(name)
    if wanted is None:
        return None
    coming = (wanted - today.weekday()) % 7
    gone = (today.weekday() - wanted) % 7
    if word == "last":
        return today - timedelta(days=gone or 7)
    if word == "next":
        first = today + timedelta(days=coming or 7)
        raise BadInput(
            f"{what} {raw!r} could mean {day_label(first)} or "
            f"{day_label(first + timedelta(days=7))}: write "
            f"{first.month}/{first.day} or {(first + timedelta(days=7)).month}/"
            f"{(first + timedelta(days=7)).day}"
        )
    if word in ("this", "coming") or ahead or (ahead is None and coming <= gone):
        return today + timedelta(days=coming)
    return today - timedelta(days=gone)


def _nth(n: int, today: date, ahead: bool) -> date:
    """The next (or last) day of a month numbered `n`, skipping months too short for it."""
    step = 1 if ahead else -1
    for months in range(0, 13 * step, step):
        first = month_on(today.replace(day=1), months)
        if n <= monthrange(first.year, first.month)[1]:
            found = first.replace(day=n)
            if (found >= today) if ahead else (found <= today):
                return found
    raise AssertionError("every month has a 1st to 28th, and one in two a 31st")


def _real(year: int, month: int, day: int, raw: str, what: str) -> date:
    if not 1 <= month <= 12:
        raise BadInput(f"{what} {raw!r} is not a real date: there is no month {month}")
    last = monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise BadInput(
            f"{what} {raw!r} is not a real date: {MONTH_NAMES[month - 1]} {year} has {last} days"
        )
    return date(year, month, day)


def _nearest(
    month: int, day: int, today: date, ahead: bool | None, raw: str, what: str
) -> date | None:
    """The next (or last, or nearer) `month`/`day` from today: this year's, or the year after
    (before); Feb 29 waits for a leap year."""
    if not 1 <= month <= 12:
        raise BadInput(f"{what} {raw!r} is not a real date: there is no month {month}")
    longest = monthrange(2000, month)[1]  # 2000 was a leap year: the longest each month gets
    if not 1 <= day <= longest:
        raise BadInput(
            f"{what} {raw!r} is not a real date: {MONTH_NAMES[month - 1]} has {longest} days"
        )
    return _either(lambda way: _that_way(month, day, today, way), today, ahead)


def _that_way(month: int, day: int, today: date, ahead: bool) -> date | None:
    step = 1 if ahead else -1
    year = today.year
    for _ in range(9):
        if day <= monthrange(year, month)[1]:
            found = date(year, month, day)
            if (found >= today) if ahead else (found <= today):
                return found
        year += step
    return None


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _month_day(month: int, day: int) -> str:
    return f"{MONTH_NAMES[month - 1][:3]} {day}" if 1 <= month <= 12 else f"{month}/{day}"


# ----- times: when something happened -----------------------------------------------------


def read_moment(text: str, *, now: datetime, what: str = "--at") -> datetime:
    """When something happened: `4pm`, `yesterday 16:30`, `mon 9:30`, an ISO timestamp (a zone
    after it is kept). A day without a time is taken at noon, today without one is now. Days
    are read backward (`mon` is the last Monday). Always returned timezone-aware."""
    raw = " ".join(str(text).split())
    said = raw.lower()
    if not said:
        raise BadInput(f"{what} is empty: write {TIME_EXAMPLES}")
    if _STAMP.match(said):
        return _stamp(raw, what)
    said = re.sub(r"(\d) ?(a|p)\.?m\.?$", r"\1\2m", said).replace(" at ", " ")
    said = re.sub(r"(\d) (am|pm)\b", r"\1\2", said)
    parts = said.split(" ")
    clock = None
    if _is_clock(parts[-1]):
        clock = _clock(parts.pop(), raw, what)
    elif len(parts) > 1 and _is_clock(parts[0]):
        clock = _clock(parts.pop(0), raw, what)
    rest = " ".join(parts)
    if clock is None and rest.isdigit() and int(rest) <= 23:
        raise BadInput(
            f"{what} {raw!r} could be a time ({rest}am, {rest}pm or {rest}:00) or a day "
            f"({rest} days ago: -{rest}): write one of those"
        )
    if rest in ("", "now", "today"):
        day = now.date()
    else:
        try:
            day = read_date(rest, today=now.date(), ahead=False, what=what)
        except BadInput as exc:
            if clock is None and "is not a date" in exc.message:
                raise BadInput(f"{what} {raw!r} is not a time: write {TIME_EXAMPLES}") from None
            raise
    if clock is None:
        if day == now.date():
            return now
        clock = time(12, 0)
    return datetime.combine(day, clock).astimezone()


def _stamp(raw: str, what: str) -> datetime:
    try:
        value = datetime.fromisoformat(raw.replace(" ", "T", 1))
    except ValueError:
        raise BadInput(f"{what} {raw!r} is not a real time: write {TIME_EXAMPLES}") from None
    if not 1970 <= value.year <= 2200:
        raise BadInput(f"{what} {raw!r} is out of range")
    return value if value.tzinfo is not None else value.astimezone()


def _is_clock(word: str) -> bool:
    if word in ("noon", "midnight"):
        return True
    m = _CLOCK.fullmatch(word)
    return m is not None and (m[2] is not None or m[4] is not None)


def _clock(word: str, raw: str, what: str) -> time:
    if word == "noon":
        return time(12, 0)
    if word == "midnight":
        return time(0, 0)
    m = _CLOCK.fullmatch(word)
    assert m is not None
    hour, minute, second = int(m[1]), int(m[2] or 0), int(m[3] or 0)
    half = m[4]
    shown = f"{hour}:{minute:02d}"
    if minute > 59 or second > 59:
        raise BadInput(f"{what} {raw!r} is not a real time: minutes go up to 59")
    if half:
        if not 1 <= hour <= 12:
            raise BadInput(f"{what} {raw!r} is not a real time: with am or pm the hour is 1 to 12")
        hour = hour % 12 + (12 if half.startswith("p") else 0)
    elif hour > 23:
        raise BadInput(f"{what} {raw!r} is not a real time: hours go up to 23")
    elif 1 <= hour <= 6:
        raise BadInput(
            f"{what} {raw!r} could be {shown}am or {shown}pm ({hour + 12}:{minute:02d}):"
            f" add am or pm"
        )
    return time(hour, minute, second)


__all__ = [
    "AHEAD_EXAMPLES",
    "BACK_EXAMPLES",
    "TIME_EXAMPLES",
    "day_label",
    "examples",
    "read_date",
    "read_moment",
]
