"""What every command shares: the open book, today, and how results are printed."""

from __future__ import annotations

import json
import os
import shutil
import sys
import textwrap
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import typer

from tradebook.domain import dates
from tradebook.domain.money import parse_money
from tradebook.errors import BadInput, NotFound


def default_book_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("tradebook", appauthor=False)) / "book.json"


@dataclass
class State:
    book_path: str | None = None
    device: str | None = None
    _book: Any = None

    @property
    def path(self) -> Path:
        chosen = self.book_path or os.environ.get("TRADEBOOK_BOOK")
        return Path(chosen).expanduser() if chosen else default_book_path()

    def book(self, *, create: bool = False, daily_backup: bool = True):
        """The open book; only commands that start a book may create one. The app takes the
        day's backup itself once it is on screen (`daily_backup=False`)."""
        if self._book is None:
            from tradebook.services.book import Book

            path = self.path
            if path.is_dir():
                self._book = Book(_open_shared(path, self.device))
                return self._book
            if not create and not path.exists():
                raise NotFound(
                    f"no book at {path} yet — start one with "
                    '`tradebook init --name "Your Business"` or `tradebook demo`'
                )
            self._book = Book.open(path, create=create, daily_backup=daily_backup)
        return self._book

    def close(self) -> None:
        self._book = None


state = State()


def _open_shared(folder: Path, device: str | None):
    """A shared book folder (`tradebook share`), opened as this computer's device; what is
    amiss in the folder (a journal still arriving, a conflict copy) is said on stderr."""
    from tradebook.book.shared import SharedStore, is_shared

    if not is_shared(folder):
        raise NotFound(
            f"{folder} is a folder, not a book: `tradebook share {folder}` turns your book "
            "into a shared one there"
        )
    store = SharedStore.open_folder(folder, device)
    for problem in store.problems:
        print(f"tradebook: note: {problem}", file=sys.stderr)
    return store


def today() -> date:
    return dates.today()


#: date options that name a day still to come; every other date option names one that has been
AHEAD_OPTIONS = frozenset({"--due", "--deadline", "--start", "--end", "--promise"})
#: `ahead=BY_NAME`: the option's name says which way it looks (see AHEAD_OPTIONS)
BY_NAME = "by name"


def looks_ahead(what: str, ahead: bool | None | str = BY_NAME) -> bool | None:
    """Whether a date option names a day still to come (a promise, a due date, a plan's start)
    or one that has been (a payment, a job done): `fri` is then the next Friday or the last.
    None: either is as likely (a job's start), and `fri` is the nearer one."""
    if ahead == BY_NAME:
        return what in AHEAD_OPTIONS
    return bool(ahead) if ahead is not None else None


def opt_date(
    text: str | None,
    what: str = "date",
    *,
    ahead: bool | None | str = BY_NAME,
    said_on: date | None = None,
) -> date | None:
    """A date as people say it (`fri`, `+3`, `12/15`, `Dec 15`, ISO), counted from today (or
    the day it was said), or None when not given."""
    if not text:
        return None
    from tradebook.domain.spoken import read_date  # its patterns are compiled only when needed

    return read_date(
        text, today=said_on or dates.today(), ahead=looks_ahead(what, ahead), what=what
    )


def money(text: str, *, allow_zero: bool = False) -> int:
    return parse_money(text, allow_zero=allow_zero)


def opt_money(text: str | None) -> int | None:
    return parse_money(text) if text is not None else None


def at_or_now(text: str | None, what: str = "--at") -> datetime:
    """When something happened (`4pm`, `yesterday 16:30`, ISO), or now when not given."""
    if not text:
        return dates.now()
    from tradebook.domain.spoken import read_moment

    return read_moment(text, now=dates.now(), what=what)


def emit_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False, default=_json_default))


def _json_default(value: Any) -> Any:
    """A record as the plain values the book holds; anything else as its text."""
    from tradebook.model.records import Shape, plain

    return plain(value) if isinstance(value, Shape) else str(value)


def choice(value: str, allowed: tuple[str, ...], flag: str) -> str:
    if value not in allowed:
        raise BadInput(f"{flag} is one of {', '.join(allowed)} (not {value!r})")
    return value


def customer_argument() -> Any:
    """The CUSTOMER argument most commands start with."""
    return typer.Argument(
        ..., metavar="CUSTOMER", help="A ref (C-0007) or an unambiguous part of the name."
    )


def date_option(help: str, name: str = "--date", *, ahead: bool | None | str = BY_NAME) -> Any:
    """A date option, shown in --help with a few of the ways to write it: forward-looking ones
    (`--due`, `--start`) with days to come, the others with days gone."""
    way = looks_ahead(name, ahead)
    said = (
        "mon (the nearest), 12/15, +3"
        if way is None
        else "fri, +14, 12/15, Dec 15"
        if way
        else "yesterday, mon, -3, 11/28"
    )
    return typer.Option(None, name, metavar="DATE", help=f"{help} E.g. {said} or YYYY-MM-DD.")


def customer_label(view, ref: str | None) -> str:
    """`C-0027 Tom Becker`: a ref beside the name a person knows the customer by."""
    if not ref:
        return "business"
    name = (view.get(ref) or {}).get("name")
    return f"{ref} {name}" if name else ref


# ----- fitting text to the terminal ------------------------------------------------------


def terminal_width() -> int | None:
    """The width text is fitted to: COLUMNS when set, else the terminal's. None when the output
    goes to a pipe or a file: each entry then stays on one line, whole, for grep and the like."""
    if "COLUMNS" in os.environ or sys.stdout.isatty():
        return max(40, shutil.get_terminal_size().columns)
    return None


def wrap_words(text: str, width: int, indent: int = 0) -> list[str]:
    """`text` in lines of at most `width`, broken only between words: a ref, a date or an
    amount is never cut (a single word longer than `width` keeps its own line whole). Lines
    after the first are indented `indent` columns."""
    return textwrap.wrap(
        text,
        width,
        subsequent_indent=" " * indent,
        break_long_words=False,  # INV-0068 stays whole
        break_on_hyphens=False,
    ) or [""]


def paragraph(text: str, indent: int = 0, lead: str | None = None) -> str:
    """`text` wrapped between words to the terminal's width with a hanging indent: the first
    line starts with `lead` (default: the indent), the others are indented `indent` columns."""
    pad = " " * indent
    lead = pad if lead is None else lead
    width = terminal_width()
    if width is None:
        return lead + text
    return textwrap.fill(
        text,
        width,
        initial_indent=lead,
        subsequent_indent=pad,
        break_long_words=False,  # INV-0068 stays whole
        break_on_hyphens=False,
    )


def table(
    rows: list[list[str]],
    headers: list[str],
    right: AbstractSet[int] = frozenset(),
    wrap: AbstractSet[int] = frozenset(),
) -> str:
    """A plain text table for the terminal. When it would be wider than the terminal, the
    `wrap` columns are narrowed (the widest first) and their cells wrapped between words."""
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    _fit(widths, headers, rows, wrap)

    def lines(cells: list[str]) -> list[str]:
        parts = [
            wrap_words(c, widths[i]) if i in wrap and len(c) > widths[i] else [c]
            for i, c in enumerate(cells)
        ]
        height = max(len(part) for part in parts)
        out = []
        for n in range(height):
            texts = [part[n] if n < len(part) else "" for part in parts]
            out.append(
                "  ".join(
                    t.rjust(widths[i]) if i in right else t.ljust(widths[i])
                    for i, t in enumerate(texts)
                ).rstrip()
            )
        return out

    return "\n".join(
        [
            *lines(headers),
            *lines(["-" * w for w in widths]),
            *(line for row in rows for line in lines(row)),
        ]
    )


def _fit(
    widths: list[int], headers: list[str], rows: list[list[str]], wrap: AbstractSet[int]
) -> None:
    """Narrow the `wrap` columns until the table fits the terminal, none below its header,
    its longest word, or 12 characters."""
    width = terminal_width()
    if width is None:
        return
    floors = {}
    for i in wrap:
        longest_word = max((len(word) for row in rows for word in row[i].split()), default=0)
        floors[i] = max(len(headers[i]), longest_word, min(widths[i], 12))
    excess = sum(widths) + 2 * (len(widths) - 1) - width
    while excess > 0:
        narrowable = [i for i in wrap if widths[i] > floors[i]]
        if not narrowable:
            return
        widths[max(narrowable, key=lambda i: widths[i])] -= 1
        excess -= 1
