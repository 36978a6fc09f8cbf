"""Bare `tradebook`: the app on the user's book in a terminal; piped, a short overview of the
book, or how to start one (a pipe or a script never starts a book by itself)."""

from __future__ import annotations

from types import SimpleNamespace

from tests.tui.conftest import cli
from tradebook.tui.app import TradebookApp


def test_piped_without_a_book_says_how_to_start_one_and_starts_none(book_path):
    code, out, err = cli(book_path)
    assert code == 0, err
    assert f"No book at {book_path}" in out and 'tradebook init --name "Your Business"' in out
    assert not book_path.exists()


def test_piped_output_gets_the_overview(empty_book, book_path):
    code, out, err = cli(book_path)
    assert code == 0, err
    assert "0 customers, 0 invoices, $0.00 owed" in out


def test_in_a_terminal_the_app_opens_on_the_chosen_book(book_path, monkeypatch):
    opened = []

    def run(app):
        opened.append((app.book.path, app.pinned_today))

    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(TradebookApp, "run", run)
    monkeypatch.setattr(
        "tradebook.cli.overview.sys", SimpleNamespace(stdin=Terminal(), stdout=Terminal())
    )
    code, _, err = cli(book_path)
    assert code == 0, err
    assert opened == [(book_path, None)], "today comes from TRADEBOOK_TODAY, read as it goes"
