"""Getting around: customers and their filter, the customer page, keys, palette, themes, polling."""

from __future__ import annotations

from textual.widgets import Input, Static

from tests.domain import oracle_ledger as ledger
from tests.tui.conftest import SIZE, TODAY, app_on, cli, ref, screen_text, settle, type_text
from tradebook.domain.money import fmt
from tradebook.domain.timeline import customer_timeline
from tradebook.tui.commands import COMMANDS
from tradebook.tui.figures import customer_rows
from tradebook.tui.screens.customer import CustomerScreen
from tradebook.tui.screens.customers import CustomersScreen
from tradebook.tui.screens.dashboard import DashboardScreen
from tradebook.tui.screens.help import HelpScreen
from tradebook.tui.widgets.table import FitTable


def names_in(table: FitTable) -> list[str]:
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


async def test_customer_filter_narrows_as_you_type_and_enter_opens(demo_book):
    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CustomersScreen)
        table = screen.query_one("#customers", FitTable)
        assert table.row_count == len(demo_book.view.customers())
        assert "Days late" in screen_text(app)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await type_text(pilot, "kow")
        assert names_in(table) == ["Greg Kowalski", "José Kowalczyk"]
        await type_text(pilot, "alski")
        assert names_in(table) == ["Greg Kowalski"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CustomerScreen)
        assert app.screen.customer_ref == ref(demo_book, "Greg Kowalski")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("escape")  # clears the filter first
        assert table.row_count == len(demo_book.view.customers())


async def test_sorting_by_money_owed_puts_the_biggest_debt_first(demo_book):
    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("s")
        table = app.screen.query_one("#customers", FitTable)
        owed = [str(table.get_row_at(i)[2]) for i in range(3)]
        most = max(r.owes for r in customer_rows(demo_book.view, TODAY))
        assert owed[0] == fmt(most) and "by most owed" in str(table.border_subtitle)


async def test_customer_page_has_balance_flags_and_the_whole_timeline(demo_book):
    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        brenda = ref(demo_book, "Brenda Walsh")  # over her credit limit
        app.open_customer(brenda)
        await settle(pilot)
        summary = str(app.screen.query_one("#summary-text", Static).content)
        assert summary.startswith(f"Owes {fmt(ledger.customer_balance(demo_book.view, brenda))}")
        assert "over-credit-limit" in summary
        table = app.screen.query_one("#timeline", FitTable)
        events = customer_timeline(demo_book.view, brenda)
        assert table.row_count == len(events)
        assert [str(table.get_row_at(i)[1]) for i in range(table.row_count)] == [
            e.ref for e in events
        ]


async def test_keys_help_and_every_action_in_the_palette(demo_book):
    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = screen_text(app)
        for command in COMMANDS:
            assert f"{command.shown_key}  {command.title} —" in shown, command.title
        assert "D  Dashboard of an empty book: load the demo business" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        listed = [c.title for c in app.get_system_commands(app.screen)]
        titles = set(listed)
        assert len(listed) == len(titles), "no entry twice (e.g. 'Keys')"
        assert {c.title for c in COMMANDS} <= titles
        assert "Load the demo business" in titles


async def test_palette_finds_a_customer_by_part_of_the_name(demo_book):
    from tradebook.tui.palette import CustomerCommands

    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        provider = CustomerCommands(app.screen)
        hits = [hit async for hit in provider.search("riversi")]
        diner = ref(demo_book, "Riverside Diner")
        assert [hit.text for hit in hits] == [f"Open {diner} Riverside Diner"]
        hits[0].command()
        await settle(pilot)
        assert isinstance(app.screen, CustomerScreen) and app.screen.customer_ref == diner


async def test_theme_toggles_between_light_and_dark(demo_book):
    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        await pilot.press("t")
        assert app.theme == "textual-light"
        await pilot.press("t")
        assert app.theme == "textual-dark"


async def test_a_write_from_the_command_line_shows_up(demo_book, book_path):
    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_customer(ref(demo_book, "Tom Becker"))
        await settle(pilot)
        table = app.screen.query_one("#timeline", FitTable)
        rows = table.row_count
        code, out, err = cli(
            book_path,
            "log",
            "Tom Becker",
            "Called from the CLI",
            "--via",
            "call",
            "--outcome",
            "spoke",
        )
        assert code == 0, err
        app.poll_book()
        await settle(pilot)
        assert table.row_count == rows + 1
        assert "Called from the CLI" in str(table.get_row_at(table.row_count - 1)[2])


async def test_ctrl_q_quits(demo_book):
    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
