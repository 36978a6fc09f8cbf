"""The dashboard: money owed and aging, today's actions, flagged customers, and the welcome."""

from __future__ import annotations

import shutil

from textual.widgets import Static

from tests.tui.conftest import SIZE, TODAY, app_on, settle
from tradebook.book.store import list_backups
from tradebook.domain import aging, flags, ladder
from tradebook.domain.money import fmt
from tradebook.tui.app import make_app
from tradebook.tui.screens.customer import CustomerScreen
from tradebook.tui.screens.dashboard import DashboardScreen
from tradebook.tui.widgets.bars import AgingBars
from tradebook.tui.widgets.table import FitTable


def plain(widget) -> str:
    return str(widget.render())


async def test_dashboard_shows_what_is_owed_and_why(demo_book):
    view = demo_book.view
    expected = aging.aging(view, TODAY)
    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        owed = str(screen.query_one("#owed", Static).content)
        assert f"{fmt(expected.total)} owed" in owed
        assert f"{fmt(expected.overdue)} overdue" in owed
        bars = plain(screen.query_one(AgingBars))
        for cents in (expected.d1_30, expected.d31_60, expected.d61_90, expected.d90_plus):
            assert fmt(cents) in bars
        actions = screen.query_one("#actions", FitTable)
        assert actions.row_count == len(ladder.next_actions(view, TODAY)) > 0
        flagged = screen.query_one("#flags", FitTable)
        assert flagged.row_count == len(flags.all_flags(view, TODAY)) > 0
        severities = [str(flagged.get_row_at(i)[0]) for i in range(flagged.row_count)]
        ranks = [["alert", "warn", "info"].index(s.split()[-1]) for s in severities]
        assert ranks == sorted(ranks), "most serious first"


async def test_choosing_a_flag_opens_that_customer(demo_book):
    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#flags", FitTable)
        table.focus()
        table.move_cursor(row=0)
        first_name = str(table.get_row_at(0)[1])
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CustomerScreen)
        assert first_name in str(app.screen.query_one("#summary").border_title)


async def test_empty_book_offers_profile_and_demo(empty_book):
    app = app_on(empty_book)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert not screen.query_one("#welcome").has_class("-hidden")
        assert screen.query_one("#board").has_class("-hidden")
        assert "This book is empty" in str(screen.query_one("#welcome-text", Static).content)
        await pilot.press("D")
        await settle(pilot)
        assert len(empty_book.view.customers()) > 20
        assert screen.query_one("#welcome").has_class("-hidden")
        assert "owed" in str(screen.query_one("#owed", Static).content)
        assert app.focused is screen.query_one("#actions"), "the arrow keys work at once"


async def test_demo_refused_on_a_book_with_records(demo_book):
    app = app_on(demo_book)
    before = demo_book.store.version
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.run_action("load_demo")
        await settle(pilot)
        assert demo_book.store.version == before
        messages = [n.message for n in app._notifications]
        assert any("loads only into an empty book" in m for m in messages)
        assert not any("--book" in m for m in messages), "no command-line options in the app"


def patched_actions(monkeypatch, customer: str, invoice: str) -> None:
    """The ladder as it stands for this customer, plus the two newest kinds of action."""
    real = ladder.customer_actions

    def extra(view, ref, today, settings=None, **kw):
        found = real(view, ref, today, settings, **kw)
        if ref == customer:
            found = [
                ladder.Action(
                    customer,
                    invoice,
                    "send-invoice",
                    today,
                    f"{invoice} was never sent — send it first",
                ),
                ladder.Action(
                    customer,
                    invoice,
                    "decide-claim",
                    today,
                    "the limitation period ends soon: decide now",
                ),
                *found,
            ]
        return found

    def every(view, today, settings=None, **kw):
        return extra(view, customer, today, settings, **kw) + real_next(view, today, settings, **kw)

    real_next = ladder.next_actions
    monkeypatch.setattr(ladder, "customer_actions", extra)
    monkeypatch.setattr(ladder, "next_actions", every)


async def test_new_kinds_of_action_read_as_words_on_dashboard_and_customer(demo_book, monkeypatch):
    tom = demo_book.customer("Tom Becker")["ref"]
    patched_actions(monkeypatch, tom, "INV-0068")
    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        actions = app.screen.query_one("#actions", FitTable)
        steps = [str(actions.get_row_at(i)[2]) for i in range(actions.row_count)]
        assert "send invoice" in steps and "decide: claim?" in steps
        assert not any("-" in step for step in steps), steps
        decide = actions.get_row_at(steps.index("decide: claim?"))[2]
        assert "red" in str(decide.style), "a decision against the clock stands out"
        app.open_customer(tom)
        await settle(pilot)
        summary = str(app.screen.query_one("#summary-text", Static).content)
        assert "→ send invoice INV-0068 today: INV-0068 was never sent" in summary
        assert "→ decide: claim? INV-0068 today:" in summary


def test_every_ladder_action_has_a_label():
    from tradebook.tui.figures import ACTION_LABELS, action_label

    assert set(ladder.KIND_ORDER) <= set(ACTION_LABELS)
    assert action_label("send-invoice") == "send invoice"
    assert action_label("something-new") == "something new"
    assert all(len(label) <= 15 for label in ACTION_LABELS.values()), "fits the Step column"


async def test_a_book_opened_lazily_shows_money_owed_then_the_rest(demo_book, book_path):
    """Just opened, nothing is parsed: money owed comes from the money tables, then the signs."""
    from tradebook.services.book import Book

    demo_book.store.compact()
    expected = aging.aging(demo_book.view, TODAY)
    shutil.rmtree(f"{book_path}.backups")  # no backup yet: the day's is due
    book = Book.open(book_path, daily_backup=False)
    assert not list_backups(book_path)
    assert "contacts" in book.store.unread
    app = make_app(book, today=TODAY, poll_seconds=3600, daily_backup=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        owed = str(app.screen.query_one("#owed", Static).content)
        assert f"{fmt(expected.total)} owed" in owed
        assert app.screen.query_one("#flags", FitTable).row_count > 0
        assert not book.store.unread
    assert len(list_backups(book_path)) == 1  # the day's, taken once the dashboard was drawn
    book.close()


async def test_damage_found_after_opening_is_a_message_not_a_spinner(demo_book, book_path):
    """A contact log damaged in place (lengths intact) is only found when it is read."""
    from tradebook.services.book import Book

    demo_book.store.compact()
    data = book_path.read_bytes()
    at = data.index(b'"summary":"', data.index(b'\n"contacts"'))
    book_path.write_bytes(data[: at + 10] + b"[" + data[at + 11 :])
    damaged = book_path.read_bytes()
    book = Book.open(book_path, daily_backup=False)
    app = make_app(book, today=TODAY, poll_seconds=3600, daily_backup=True)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(100):  # the failed worker is reported, not awaited
            await pilot.pause(0.05)
            if app._notifications:
                break
        assert "owed" in str(app.screen.query_one("#owed", Static).content)
        messages = [n.message for n in app._notifications]
        assert any(
            "table 'contacts' is damaged" in m and "tradebook restore" in m for m in messages
        )
        assert not any(w.loading for w in app.screen.query("*"))
    book.close()
    assert book_path.read_bytes() == damaged
