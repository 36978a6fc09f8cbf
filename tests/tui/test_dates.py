"""Date fields read dates as people say them and show the day they stand for as it is typed."""

from __future__ import annotations

from datetime import date

from tests.tui.conftest import SIZE, TODAY, app_on, fill, open_invoice, settle, type_text
from tradebook.tui.app import make_app
from tradebook.tui.screens.dashboard import DashboardScreen
from tradebook.tui.screens.forms import PaymentForm
from tradebook.tui.screens.quicklog import QuickLogScreen
from tradebook.tui.widgets.field import Field

assert date(2026, 11, 22) == TODAY  # a Sunday: the coming Friday is the 27th, the last the 20th


def hint(app, name: str) -> str:
    return str(app.screen.query_one(f"#field-{name}", Field).query_one(".field--hint").content)


def error_of(app, name: str) -> str:
    return str(app.screen.query_one(f"#field-{name}", Field).query_one(".field--error").content)


async def open_screen(pilot, key: str, kind: type) -> None:
    await settle(pilot)
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(pilot.app.screen, kind)


async def test_a_promise_typed_as_fri_is_the_coming_friday(demo_book):
    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, "l", QuickLogScreen)
        fill(app, customer="beck", summary="Says he will pay Friday")
        app.screen.field("promise_date").focus()
        await pilot.pause()
        await type_text(pilot, "fri")
        assert hint(app, "promise_date") == "→ Fri 2026-11-27"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
    assert demo_book.view.table("contacts")[-1]["promise"]["date"] == "2026-11-27"


async def test_a_payment_received_fri_is_the_last_friday(demo_book):
    invoice = open_invoice(demo_book, "Tom Becker")
    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, "p", PaymentForm)
        assert hint(app, "on") == "→ Sun 2026-11-22"  # today, as the field starts
        fill(app, target=invoice, amount="10", on="fri")
        await pilot.pause()
        assert hint(app, "on") == "→ Fri 2026-11-20"
        await pilot.press("enter")
        await settle(pilot)
    assert demo_book.view.table("payments")[-1]["date"] == "2026-11-20"


async def test_a_day_that_could_mean_two_is_refused_with_both(demo_book):
    app = app_on(demo_book)
    before = demo_book.store.version
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, "l", QuickLogScreen)
        fill(app, customer="beck", summary="Will pay on the 15th", promise_date="15")
        await pilot.pause()
        assert hint(app, "promise_date") == "→ ?"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QuickLogScreen)
        message = error_of(app, "promise_date")
        assert "could mean the 15th (12/15) or 15 days from now (+15)" in message
        fill(app, promise_date="")
        await pilot.pause()
        assert hint(app, "promise_date") == ""
    assert demo_book.store.version == before


async def test_the_app_counts_from_its_own_today(demo_book):
    app = make_app(demo_book, today=date(2026, 12, 6), poll_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, "l", QuickLogScreen)
        fill(app, promise_date="fri")
        await pilot.pause()
        assert hint(app, "promise_date") == "→ Fri 2026-12-11"
