"""The app on a temporary book, with today pinned and the developer's own book out of reach."""

from __future__ import annotations

import html
import io
import json
import re
from contextlib import redirect_stderr, redirect_stdout
from datetime import date
from pathlib import Path

import pytest

from tradebook.demo import fill_demo
from tradebook.services.book import Book
from tradebook.tui.app import TradebookApp, make_app

TODAY = date(2026, 11, 22)
SIZE = (80, 24)


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """TRADEBOOK_TODAY pinned; TRADEBOOK_BOOK, HOME and the XDG folders inside tmp_path."""
    monkeypatch.setenv("TRADEBOOK_TODAY", TODAY.isoformat())
    monkeypatch.setenv("TRADEBOOK_BOOK", str(tmp_path / "book.json"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    (tmp_path / "home").mkdir()
    return tmp_path


@pytest.fixture
def book_path(private_home: Path) -> Path:
    return private_home / "book.json"


@pytest.fixture
def empty_book(book_path: Path):
    book = Book.open(book_path, create=True)
    yield book
    book.close()


@pytest.fixture
def demo_book(empty_book):
    """The demo electrician's business, as `tradebook demo` writes it on TODAY."""
    fill_demo(empty_book, today=TODAY)
    return empty_book


def ref(book, name: str) -> str:
    """A customer's ref by name: the demo's refs are not part of what is tested."""
    return book.customer(name)["ref"]


def open_invoice(book, name: str) -> str:
    """The customer's oldest invoice that still has money owing."""
    from tests.domain import oracle_ledger as ledger

    view = book.view
    return next(
        i["ref"] for i in view.records(ref(book, name), "invoices") if ledger.balance(view, i) > 0
    )


def app_on(book) -> TradebookApp:
    """The app as the command line makes it, without the 2-second poll getting in the way."""
    return make_app(book, today=TODAY, poll_seconds=3600)


async def settle(pilot) -> None:
    """Let every worker finish and the screen catch up with what they posted."""
    app = pilot.app
    for _ in range(5):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in app.workers):
            break


async def type_text(pilot, text: str) -> None:
    """Type into the focused input as a paste would: one change, not one pilot round per key."""
    from textual.widgets import Input

    focused = pilot.app.focused
    assert isinstance(focused, Input), f"typing needs an input, not {focused!r}"
    focused.insert_text_at_cursor(text)
    await pilot.pause()


def fill(app, **values: str) -> None:
    """Set form fields by name (what typing them would leave there; a customer is typed and
    its first match picked, as Enter or Tab would)."""
    from tradebook.tui.widgets.field import Field
    from tradebook.tui.widgets.picker import CustomerPicker

    for name, text in values.items():
        field = app.screen.query_one(f"#field-{name}", Field)
        if isinstance(field.control, CustomerPicker):
            field.control.value = text
            field.control.narrow(text)
            field.control.settle()
        elif hasattr(field.control, "options"):
            field.control.value = text
        else:
            field.raw = text


def type_customer(app, text: str) -> None:
    """Type into the customer picker without picking: its list of matches stays open."""
    from tradebook.tui.widgets.picker import CustomerPicker

    picker = app.screen.query_one(CustomerPicker)
    picker.value = text
    picker.narrow(text)


def screen_text(app) -> str:
    """What the terminal shows, line by line (read back from the SVG screenshot)."""
    svg = app.export_screenshot()
    rows: dict[float, dict[int, str]] = {}
    pattern = r'<text class="terminal-[^"]*" x="([\d.]+)" y="([\d.]+)" textLength="([\d.]+)"[^>]*>(.*?)</text>'
    for x, y, length, raw in re.findall(pattern, svg, flags=re.S):
        text = html.unescape(raw).replace("\xa0", " ")
        if text:
            cell = float(length) / len(text)
            rows.setdefault(float(y), {})[round(float(x) / cell)] = text
    lines = []
    for _, pieces in sorted(rows.items()):
        line = ""
        for column, text in sorted(pieces.items()):
            line = line.ljust(column) + text
        lines.append(line)
    return "\n".join(lines)


def cli(book_path: Path, *args: str) -> tuple[int, str, str]:
    """`tradebook ARGS` in-process against the book; (exit code, stdout, stderr)."""
    from tradebook.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = 0
    with redirect_stdout(out), redirect_stderr(err):
        try:
            main(["--book", str(book_path), *args])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return code, out.getvalue(), err.getvalue()


def cli_json(book_path: Path, *args: str):
    code, out, err = cli(book_path, *args, "--json")
    assert code == 0, err
    return json.loads(out)
