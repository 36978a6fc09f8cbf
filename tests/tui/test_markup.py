"""Names and notes holding markup characters are shown literally, everywhere, without a crash."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.tui.conftest import SIZE, TODAY, app_on, screen_text, settle
from tradebook.services.billing import Item
from tradebook.tui.screens.customer import CustomerScreen
from tradebook.tui.screens.quicklog import QuickLogScreen

NAMES = ("Client [/] Ltd", "[bold]Acme[/bold] Supply", "Oak [red]Tree\\[x] Homes")


@pytest.fixture
def hostile_book(empty_book):
    book = empty_book
    book.init_profile(name="[red]Sparks[/] & Co", today=TODAY, state="KY")
    for n, name in enumerate(NAMES):
        customer = book.add_customer(name, today=date(2026, 1, 5), address="[link=x]1 Elm[/link]")
        inv = book.add_invoice(
            customer["ref"],
            [Item("Wiring [b]x[/b]", Decimal(1), 40000 + n)],
            issued=date(2026, 8, 1),
            net_days=14,
        )
        book.send_invoice(inv["ref"], via="post", on=date(2026, 8, 1))
        book.log_contact(
            customer["ref"],
            "He said [/] and [bold]no[/bold]",
            via="call",
            at=book_time(),
            outcome="spoke",
        )
    return book


def book_time():
    from datetime import datetime

    return datetime(2026, 9, 1, 10, 0).astimezone()


async def test_markup_characters_show_literally_on_every_screen(hostile_book):
    app = app_on(hostile_book)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        shown = screen_text(app)
        for name in NAMES:
            assert name[:16] in shown, name
        assert "[red]Sparks[/] & Co" in shown
        await pilot.press("c")
        await settle(pilot)
        shown = screen_text(app)
        assert all(name in shown for name in NAMES)
        for customer in hostile_book.view.customers():
            app.open_customer(customer["ref"])
            await settle(pilot)
            assert isinstance(app.screen, CustomerScreen)
            shown = screen_text(app)
            assert customer["name"] in shown
            assert "He said [/] and [bold]no[/bold]" in shown
            assert "[link=x]1 Elm[/link]" in shown
            await pilot.press("l")
            await pilot.pause()
            assert isinstance(app.screen, QuickLogScreen)
            assert customer["name"] in screen_text(app)
            app.screen.query_one("#field-summary").raw = "Left [i]a[/i] note"
            await pilot.press("enter")
            await settle(pilot)
            assert any(customer["name"] in n.message for n in app._notifications)
            await pilot.press("escape")
            await settle(pilot)


async def test_the_palette_lists_a_markup_name_literally(hostile_book):
    from tradebook.tui.palette import CustomerCommands

    app = app_on(hostile_book)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        hits = [hit async for hit in CustomerCommands(app.screen).search("client")]
        assert [hit.text for hit in hits] == ["Open C-0001 Client [/] Ltd"]
        assert hits[0].prompt.plain == "Open C-0001 Client [/] Ltd"
