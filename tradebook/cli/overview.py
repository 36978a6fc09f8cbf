"""Bare `tradebook`: open the app on the user's book (a short overview when not on a terminal,
and what to do when there is no book yet: a pipe or a script never starts one by accident)."""

from __future__ import annotations

import sys

from tradebook.cli.common import paragraph, state, today


def print_overview() -> None:
    """A short picture of the book and the commands, for a terminal without the app."""
    from tradebook.domain.accounts import accounts
    from tradebook.domain.money import fmt

    book = state.book()
    view = book.view
    on = today()
    invoices = view.table("invoices")
    money = [accounts(view).money(i) for i in invoices]
    owed = sum(max(0, m.balance) for m in money)
    overdue = [m for m in money if m.days_overdue(on) > 0]
    name = view.profile.get("name") or "(no business profile yet: tradebook init --name ...)"
    print(f"{name} — {book.path}")
    print(
        f"{len(view.customers())} customers, {len(invoices)} invoices, {fmt(owed)} owed, "
        f"{len(overdue)} invoices overdue"
    )
    print(
        paragraph(
            "Try: tradebook demo · customer add · job add · invoice add · pay · log · "
            "timeline · --help",
            5,
            "",
        )
    )


def print_how_to_start() -> None:
    """No book and no terminal for the app: say how to start one, and start nothing."""
    print(f"No book at {state.path} yet (the app needs a terminal, so none was started).")
    print(
        paragraph(
            'Start one with `tradebook init --name "Your Business"`, or try '
            "`tradebook demo`; `tradebook` in a terminal opens the app; "
            "`tradebook --help` lists the commands.",
            0,
        )
    )


def open_app() -> None:
    """The app on the user's book, started if there is none; without a terminal, the overview
    of the book there is, or how to start one."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        if state.path.exists():
            print_overview()
        else:
            print_how_to_start()
        return
    from tradebook.tui.app import make_app

    book = state.book(create=True, daily_backup=False)  # taken by the app once it is drawn
    try:
        make_app(book, daily_backup=True).run()
    finally:
        book.close()  # leaving the app folds the journal into the book file and backs it up
