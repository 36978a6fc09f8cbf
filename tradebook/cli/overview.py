"""Bare `tradebook`: open the app on the user's book (a short overview when not on a terminal)."""

from __future__ import annotations

import sys

from tradebook.cli.common import paragraph, state, today


def print_overview() -> None:
    """A short picture of the book and the commands, for a terminal without the app."""
    from tradebook.domain import ledger
    from tradebook.domain.money import fmt

    book = state.book(create=True)
    view = book.view
    on = today()
    invoices = view.table("invoices")
    owed = sum(max(0, ledger.balance(view, i)) for i in invoices)
    overdue = [i for i in invoices if ledger.days_overdue(view, i, on) > 0]
    name = view.profile.get("name") or "(no business profile yet: tradebook init --name ...)"
    print(f"{name} — {book.path}")
    print(f"{len(view.customers())} customers, {len(invoices)} invoices, {fmt(owed)} owed, "
          f"{len(overdue)} invoices overdue")
    print(paragraph("Try: tradebook demo · customer add · job add · invoice add · pay · log · "
                    "timeline · --help", 5, ""))


def open_app() -> None:
    """The app on the user's book, started if there is none; piped output gets the overview."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print_overview()
        return
    from tradebook.tui.app import make_app

    book = state.book(create=True, daily_backup=False)  # taken by the app once it is drawn
    try:
        make_app(book, daily_backup=True).run()
    finally:
        book.close()  # leaving the app folds the journal into the book file and backs it up
