"""Bare `tradebook`: the app on the user's book in a terminal, a short overview when piped."""

from __future__ import annotations

from types import SimpleNamespace

from tests.tui.conftest import cli
from tradebook.tui.app import TradebookApp


def test_piped_output_gets_the_overview_and_the_book_is_started(book_path):
    code, out, err = cli(book_path)
    assert code == 0, err
    assert "0 customers, 0 invoices, $0.00 owed" in out
    assert book_path.exists()


def test_in_a_terminal_the_app_opens_on_the_chosen_book(book_path, monkeypatch):
    opened = []

    def run(app):
        opened.append((app.book.path, app.pinned_today))

    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(TradebookApp, "run", run)
    monkeypatch.setattr("tradebook.cli.overview.sys", SimpleNamespace(stdin=Terminal(),
                                                                        stdout=Terminal()))
    code, _, err = cli(book_path)
    assert code == 0, err
    assert opened == [(book_path, None)], "today comes from TRADEBOOK_TODAY, read as it goes"
