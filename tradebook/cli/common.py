"""What every command shares: the open book, today, and how results are printed."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tradebook.domain import dates
from tradebook.domain.money import parse_money
from tradebook.errors import BadInput, NotFound


def default_book_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("tradebook", appauthor=False)) / "book.json"


@dataclass
class State:
    book_path: str | None = None
    _book: Any = None

    @property
    def path(self) -> Path:
        chosen = self.book_path or os.environ.get("TRADEBOOK_BOOK")
        return Path(chosen).expanduser() if chosen else default_book_path()

    def book(self, *, create: bool = False, daily_backup: bool = True):
        """The open book; only commands that start a book may create one. The app takes the
        day's backup itself once it is on screen (`daily_backup=False`)."""
        if self._book is None:
            from tradebook.services import Book

            path = self.path
            if not create and not path.exists():
                raise NotFound(f"no book at {path} yet — start one with "
                               "`tradebook init --name \"Your Business\"` or `tradebook demo`")
            self._book = Book.open(path, create=create, daily_backup=daily_backup)
        return self._book

    def close(self) -> None:
        self._book = None


state = State()


def today() -> date:
    return dates.today()


def opt_date(text: str | None, what: str = "date") -> date | None:
    return dates.parse_date(text, what=what) if text else None


def money(text: str, *, allow_zero: bool = False) -> int:
    return parse_money(text, allow_zero=allow_zero)


def opt_money(text: str | None) -> int | None:
    return parse_money(text) if text is not None else None


def at_or_now(text: str | None) -> datetime:
    return dates.parse_timestamp(text) if text else dates.now()


def emit_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def choice(value: str, allowed: tuple[str, ...], flag: str) -> str:
    if value not in allowed:
        raise BadInput(f"{flag} is one of {', '.join(allowed)} (not {value!r})")
    return value


def table(rows: list[list[str]], headers: list[str], right: set[int] = frozenset()) -> str:
    """A plain text table for the terminal."""
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))

    def line(cells: list[str]) -> str:
        return "  ".join(c.rjust(widths[i]) if i in right else c.ljust(widths[i])
                         for i, c in enumerate(cells)).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])
