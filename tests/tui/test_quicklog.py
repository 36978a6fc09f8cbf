"""The 30-second quick log: open anywhere with `l`, type part of a name, Enter saves."""

from __future__ import annotations

import time

from tests.tui.conftest import (
    SIZE,
    app_on,
    cli,
    cli_json,
    fill,
    ref,
    screen_text,
    settle,
    type_text,
)
from tradebook.tui.screens.customer import CustomerScreen
from tradebook.tui.screens.dashboard import DashboardScreen
from tradebook.tui.screens.quicklog import QuickLogScreen
from tradebook.tui.widgets.field import Field


def field(app, name: str) -> Field:
    return app.screen.query_one(f"#field-{name}", Field)


def error_of(app, name: str) -> str:
    return str(field(app, name).query_one(".field--error").content)


async def open_quick_log(pilot) -> QuickLogScreen:
    await settle(pilot)
    await pilot.press("l")
    await pilot.pause()
    assert isinstance(pilot.app.screen, QuickLogScreen)
    return pilot.app.screen


async def test_a_call_logged_in_the_app_is_on_the_command_line_timeline(demo_book, book_path):
    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await open_quick_log(pilot)
        await type_text(pilot, "beck")  # part of "Tom Becker"
        await pilot.press("tab", "t")  # channel: text
        await pilot.press("tab", "i")  # direction: in
        await pilot.press("tab")  # outcome: received, the only one for a reply
        assert app.screen.query_one("#outcome").value == "received"
        await pilot.press("tab")
        await type_text(pilot, "Says he will pay 500 on Friday")
        await pilot.press("tab")
        await type_text(pilot, "2026-11-27")
        await pilot.press("tab")
        await type_text(pilot, "500")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
    events = cli_json(book_path, "timeline", "Tom Becker")
    contact = [e for e in events if e["kind"] == "contact"][-1]
    promise = [e for e in events if e["kind"] == "promise"][-1]
    assert contact["text"] == "text from customer (received): Says he will pay 500 on Friday"
    assert contact["at"].startswith("2026-11-22T12:00")
    assert promise["ref"] == contact["ref"]
    assert promise["amount"] == "500.00" and "2026-11-27" in promise["text"]
    assert cli(book_path, "verify")[1].startswith("OK:")


async def test_saving_says_the_new_ref_and_refreshes_the_dashboard(demo_book):
    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await open_quick_log(pilot)
        loaded = app.screen_stack[1].loaded_version
        greg = ref(demo_book, "Greg Kowalski")
        fill(app, customer=greg, summary="Left a voicemail")
        await pilot.press("enter")
        await settle(pilot)
        newest = demo_book.view.table("contacts")[-1]
        assert newest["customer"] == greg and newest["via"] == "call"
        assert newest["direction"] == "out" and newest["promise"] is None
        assert any(f"Logged {newest['ref']}" in n.message for n in app._notifications)
        assert isinstance(app.screen, DashboardScreen)
        assert app.screen.loaded_version > loaded


async def test_bad_promise_date_and_amount_are_refused_at_the_field(demo_book):
    app = app_on(demo_book)
    before = demo_book.store.version
    async with app.run_test(size=SIZE) as pilot:
        await open_quick_log(pilot)
        fill(
            app,
            customer="beck",
            summary="Promised to pay",
            promise_date="2026-02-30",
            promise_amount="12.3.4",
        )
        await pilot.press("enter")
        await pilot.pause()
        assert field(app, "promise_date").has_class("-invalid")
        assert field(app, "promise_amount").has_class("-invalid")
        assert "is not a real date" in error_of(app, "promise_date")
        assert "not an amount" in error_of(app, "promise_amount")
        assert isinstance(app.screen, QuickLogScreen)
        assert app.screen.focused is field(app, "promise_date").control, "first bad field focused"
        fill(app, promise_date="2026-11-01", promise_amount="-5")
        await pilot.press("enter")
        await pilot.pause()
        assert "cannot be negative" in error_of(app, "promise_amount")
        fill(app, promise_amount="250")
        await pilot.press("enter")
        await pilot.pause()
        assert "in the past" in error_of(app, "promise_date")
        assert not field(app, "promise_amount").has_class("-invalid")
        fill(app, promise_date="", promise_amount="250")
        await pilot.press("enter")
        await pilot.pause()
        assert "a promise needs its day" in error_of(app, "promise_date")
    assert demo_book.store.version == before, "nothing reached the book"


async def test_nothing_is_saved_without_a_customer_or_a_summary(demo_book):
    app = app_on(demo_book)
    before = demo_book.store.version
    async with app.run_test(size=SIZE) as pilot:
        await open_quick_log(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert "name a customer" in error_of(app, "customer")
        assert field(app, "summary").has_class("-invalid")
        fill(app, customer="nobody by this name")
        await pilot.press("enter")
        await pilot.pause()
        assert "no customer matches" in error_of(app, "customer")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
    assert demo_book.store.version == before


async def test_arrow_keys_pick_among_matching_customers(demo_book):
    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_quick_log(pilot)
        await type_text(pilot, "jos")  # several customers called José
        picker = screen.query_one("#picker")
        assert len(picker.matches) >= 2
        second = picker.matches[1].ref
        await pilot.press("down")
        before = demo_book.store.version
        await pilot.press("enter")  # picks the highlighted customer, saves nothing
        await settle(pilot)
        assert isinstance(app.screen, QuickLogScreen) and demo_book.store.version == before
        assert picker.value.startswith(second) and picker.has_class("-settled")
        assert app.screen.focused is field(app, "via").control, "the cursor moved on"
        fill(app, summary="Asked for a copy of the invoice")
        await pilot.press("enter")
        await settle(pilot)
    assert demo_book.view.table("contacts")[-1]["customer"] == second


async def test_from_a_customer_page_the_log_starts_on_that_customer(demo_book):
    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        tom = ref(demo_book, "Tom Becker")
        app.open_customer(tom)
        await settle(pilot)
        assert isinstance(app.screen, CustomerScreen)
        screen = await open_quick_log(pilot)
        assert screen.query_one("#picker").value == f"{tom} Tom Becker"
        assert screen.focused is field(app, "summary").control
        await type_text(pilot, "Dropped by; nobody home")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CustomerScreen)
        table = app.screen.query_one("#timeline")
        assert "Dropped by; nobody home" in str(table.get_row_at(table.row_count - 1)[2])


async def test_markup_in_what_happened_is_kept_literally(demo_book, book_path):
    text = "Said [bold]no[/] and [/] hung up"
    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await open_quick_log(pilot)
        fill(app, customer="beck", summary=text)
        await pilot.press("enter")
        await settle(pilot)
        app.open_customer(ref(demo_book, "Tom Becker"))
        await settle(pilot)
        table = app.screen.query_one("#timeline")
        assert text in str(table.get_row_at(table.row_count - 1)[2])
    assert text in cli(book_path, "timeline", "Tom Becker")[1]


async def test_the_save_itself_is_quick(demo_book):
    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_quick_log(pilot)
        fill(app, customer=ref(demo_book, "Tom Becker"), summary="Quick one")
        await pilot.pause()
        started = time.perf_counter()
        screen.action_save()
        elapsed = time.perf_counter() - started
        await settle(pilot)
    assert demo_book.view.table("contacts")[-1]["summary"] == "Quick one"
    assert elapsed < 0.05, f"saving took {elapsed * 1000:.1f} ms"


async def test_the_outcome_is_shown_before_saving_and_one_key_changes_it(demo_book, book_path):
    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_quick_log(pilot)
        outcome = screen.query_one("#outcome")
        assert outcome.value == "spoke", "a call made starts on 'spoke'"
        assert "Outcome" in screen_text(app) and " spoke " in screen_text(app)
        await type_text(pilot, "beck")
        await pilot.press("tab", "tab", "tab")  # channel, direction, outcome
        assert screen.focused is outcome
        await pilot.press("n")
        assert outcome.value == "no-answer"
        await pilot.press("tab")
        await type_text(pilot, "Rang at 9; nobody picked up")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert any("(no answer)" in n.message for n in app._notifications)
    newest = demo_book.view.table("contacts")[-1]
    assert (newest["via"], newest["direction"], newest["outcome"]) == ("call", "out", "no-answer")
    contact = [e for e in cli_json(book_path, "timeline", "Tom Becker") if e["kind"] == "contact"][
        -1
    ]
    assert contact["text"] == "call to customer (no-answer): Rang at 9; nobody picked up"


async def test_the_outcomes_offered_follow_the_channel_and_direction(demo_book):
    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_quick_log(pilot)
        outcome = screen.query_one("#outcome")
        offered = {}
        for via, direction in (
            ("call", "out"),
            ("visit", "out"),
            ("email", "out"),
            ("text", "in"),
            ("call", "out"),
        ):
            fill(app, via=via, direction=direction)
            await pilot.pause()
            offered[via, direction] = (outcome.value, outcome.values)
        assert offered["call", "out"] == (
            "spoke",
            ["spoke", "no-answer", "voicemail", "left-message", "refused"],
        )
        assert (
            offered["visit", "out"][0] == "spoke" and "voicemail" not in offered["visit", "out"][1]
        )
        assert offered["email", "out"] == ("sent", ["sent"])
        assert offered["text", "in"] == ("received", ["received"])
        fill(app, outcome="voicemail", via="visit")
        await pilot.pause()
        assert outcome.value == "spoke", "an outcome that does not fit the channel is not kept"
        fill(app, outcome="refused", via="call")
        await pilot.pause()
        assert outcome.value == "refused", "one that still fits is kept"


async def test_tab_goes_through_the_form_in_the_order_it_is_filled(demo_book):
    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_quick_log(pilot)
        order = []
        for _ in range(8):
            focused = screen.focused
            order.append(focused.id if focused.id != "picker-input" else "picker")
            await pilot.press("tab")
    assert order == [
        "picker",
        "via",
        "direction",
        "outcome",
        "summary-input",
        "promise_date-input",
        "promise_amount-input",
        "dispute",
    ]


async def test_a_promise_on_a_call_nobody_answered_is_refused_at_the_outcome(demo_book):
    app = app_on(demo_book)
    before = demo_book.store.version
    async with app.run_test(size=SIZE) as pilot:
        await open_quick_log(pilot)
        fill(
            app,
            customer="beck",
            outcome="voicemail",
            summary="Will pay Friday",
            promise_date="2026-11-27",
        )
        await pilot.press("enter")
        await pilot.pause()
        assert "needs them to have answered" in error_of(app, "outcome")
        assert isinstance(app.screen, QuickLogScreen)
    assert demo_book.store.version == before


async def test_a_dispute_is_opened_and_settled_from_the_quick_log(demo_book):
    app = app_on(demo_book)
    greg, tom = ref(demo_book, "Greg Kowalski"), ref(demo_book, "Tom Becker")
    async with app.run_test(size=SIZE) as pilot:
        await open_quick_log(pilot)
        fill(
            app,
            customer=greg,
            summary="Fixed the flickering lights; he is happy now",
            dispute="resolve",
        )
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert any("dispute settled" in n.message for n in app._notifications)
        await open_quick_log(pilot)
        fill(
            app, customer=tom, outcome="no-answer", summary="Says the bill is wrong", dispute="open"
        )
        await pilot.press("enter")
        await pilot.pause()
        assert "a dispute needs them to have answered" in error_of(app, "outcome")
        fill(app, outcome="spoke")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
    settled, opened = demo_book.view.table("contacts")[-2:]
    assert (settled["customer"], settled["resolves_dispute"], settled["dispute"]) == (
        greg,
        True,
        False,
    )
    assert (opened["customer"], opened["dispute"], opened["outcome"]) == (tom, True, "spoke")


async def test_a_lone_dash_is_not_what_happened(demo_book):
    app = app_on(demo_book)
    before = demo_book.store.version
    async with app.run_test(size=SIZE) as pilot:
        await open_quick_log(pilot)
        fill(app, customer="beck", summary="-")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QuickLogScreen)
        assert "what happened must say something (not just '-')" in error_of(app, "summary")
    assert demo_book.store.version == before, "nothing reached the book"


async def test_the_book_refusing_a_settlement_shows_it_at_the_dispute(demo_book):
    """Tom has no open dispute: the book refuses to settle one, and names `resolve_dispute`,
    which the quick log shows at its Dispute choice."""
    app = app_on(demo_book)
    before = demo_book.store.version
    async with app.run_test(size=SIZE) as pilot:
        await open_quick_log(pilot)
        fill(
            app,
            customer=ref(demo_book, "Tom Becker"),
            outcome="spoke",
            summary="Talked it over",
            dispute="resolve",
        )
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuickLogScreen)
        assert "has no open dispute to resolve" in error_of(app, "dispute")
        assert app.screen.focused is field(app, "dispute").control
    assert demo_book.store.version == before


async def test_a_refusal_goes_to_the_field_it_names_whatever_its_words(demo_book):
    from tradebook.errors import BadInput, NotFound

    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_quick_log(pilot)
        screen.refused(BadInput("words that name no field at all", field="promise_amount"))
        await pilot.pause()
        assert error_of(app, "promise_amount") == "words that name no field at all"
        screen.refused(NotFound("the outcome, the summary, a promise", field="customer"))
        await pilot.pause()
        assert error_of(app, "customer") == "the outcome, the summary, a promise"
        for unplaced in (BadInput("a promise to pay on a day"), BadInput("x", field="letter")):
            screen.refused(unplaced)
            await pilot.pause()
            assert str(screen.query_one("#form-error").content) == unplaced.message
