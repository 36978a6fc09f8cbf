"""Letters in the app: preview, tone guard, making and recording them (bundles: test_bundles.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from tests.tui.conftest import (
    SIZE,
    TODAY,
    app_on,
    cli_json,
    fill,
    open_invoice,
    ref,
    settle,
)
from tradebook.documents.letters import TITLES
from tradebook.domain import ladder
from tradebook.model.records import Delivery
from tradebook.tui.screens.customer import CustomerScreen
from tradebook.tui.screens.letters import LetterScreen


@pytest.fixture(autouse=True)
def instant_preview(monkeypatch):
    """The preview waits for typing to stop; a test types all at once."""
    monkeypatch.setattr(LetterScreen, "preview_delay", 0.01)


def preview_of(app) -> str:
    return str(app.screen.query_one("#preview-text").content)


async def open_letter_for(pilot, customer: str) -> LetterScreen:
    app = pilot.app
    await settle(pilot)
    app.open_customer(customer)
    await settle(pilot)
    assert isinstance(app.screen, CustomerScreen)
    await pilot.press("w")
    await pilot.pause(0.05)
    await settle(pilot)
    assert isinstance(app.screen, LetterScreen)
    return app.screen


async def test_the_preview_follows_the_kind_chosen(demo_book):
    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        tom = ref(demo_book, "Tom Becker")
        screen = await open_letter_for(pilot, tom)
        due = ladder.customer_actions(demo_book.view, tom, TODAY, horizon_days=30)
        suggested = next(a.letter_kind for a in due if a.letter_kind)
        assert screen.kind == suggested, "the ladder's next letter is chosen"
        assert f"Preview: {TITLES[suggested]}" in str(screen.query_one("#preview").border_title)
        assert "Dear Tom Becker," in preview_of(app)
        kinds = screen.query_one("#kinds", OptionList)
        kinds.focus()
        await pilot.press("home", "down", "down")  # the third kind: the firm letter
        await pilot.pause(0.05)
        await settle(pilot)
        assert screen.kind == "firm"
        assert "Preview: Overdue account" in str(screen.query_one("#preview").border_title)
        assert open_invoice(demo_book, "Tom Becker") in preview_of(app)


async def test_a_note_refused_by_the_tone_guard_shows_the_reason(demo_book):
    app = app_on(demo_book)
    before = demo_book.store.version
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_letter_for(pilot, ref(demo_book, "Tom Becker"))
        fill(app, note="Pay by Friday or else we will tell your employer.")
        await pilot.pause(0.05)
        await settle(pilot)
        shown = preview_of(app)
        assert shown.startswith("Refused by the tone guard")
        assert "'or else' in your note" in shown and "threats have no place" in shown
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, LetterScreen), "nothing issued, the screen stays"
        assert "Not issued — letter refused" in str(screen.query_one("#form-error").content)
    assert demo_book.store.version == before
    assert not list(Path.home().rglob("*.pdf"))


async def test_a_reminder_during_an_open_dispute_is_refused_with_a_message(demo_book):
    app = app_on(demo_book)
    before = demo_book.store.version
    async with app.run_test(size=SIZE) as pilot:
        greg = ref(demo_book, "Greg Kowalski")  # disputes his last invoice
        screen = await open_letter_for(pilot, greg)
        screen.query_one("#kinds", OptionList).highlighted = 0  # the friendly reminder
        await pilot.pause(0.05)
        await settle(pilot)
        shown = preview_of(app)
        assert shown.startswith("This letter cannot be sent\n\n")
        assert "under an open dispute" in shown and "resolve it first" in shown
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, LetterScreen), "nothing issued, the screen stays"
        error = str(screen.query_one("#form-error").content)
        assert error.startswith("Not issued — ") and "under an open dispute" in error
    assert demo_book.store.version == before


async def test_issuing_writes_the_pdf_and_logs_the_letter(demo_book, private_home):
    app = app_on(demo_book)
    target = private_home / "out" / "reminder.pdf"
    tom, invoice = ref(demo_book, "Tom Becker"), open_invoice(demo_book, "Tom Becker")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_letter_for(pilot, tom)
        screen.query_one("#kinds", OptionList).highlighted = 0  # the friendly reminder
        fill(app, path=str(target), via="certified", tracking="9407 1234")
        await pilot.pause(0.05)
        await settle(pilot)
        assert screen.kind == "reminder"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CustomerScreen)
        assert any("Issued L-0002" in n.message for n in app._notifications)  # L-0001: the demo's
    assert target.read_bytes().startswith(b"%PDF")
    letter = demo_book.view.table("letters")[-1]
    assert (letter["kind"], letter["invoices"], letter["delivery"]) == (
        "reminder",
        [invoice],
        Delivery(via="certified", tracking="9407 1234"),
    )
    events = cli_json(demo_book.path, "timeline", tom)
    assert [e["ref"] for e in events if e["kind"] == "letter"] == ["L-0002"]


async def test_a_letter_is_not_sent_yet_unless_the_user_says_how(demo_book, private_home):
    app = app_on(demo_book)
    target = private_home / "out" / "reminder.pdf"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_letter_for(pilot, ref(demo_book, "Tom Becker"))
        screen.query_one("#kinds", OptionList).highlighted = 0  # the friendly reminder
        assert screen.query_one("#via").value == ""  # nothing is logged as posted unless chosen
        fill(app, path=str(target))
        assert "not sent yet" in str(screen.query_one("#via").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CustomerScreen)
    letter = demo_book.view.table("letters")[-1]
    assert letter["delivery"]["via"] is None
    contact = demo_book.view.get(letter["contact"])
    assert "delivery not recorded" in contact["summary"]


async def test_a_letter_about_another_customers_invoice_is_refused(demo_book):
    app = app_on(demo_book)
    before = demo_book.store.version
    async with app.run_test(size=SIZE) as pilot:
        tom, harolds = ref(demo_book, "Tom Becker"), open_invoice(demo_book, "Harold Simms")
        screen = await open_letter_for(pilot, tom)
        fill(app, invoice=harolds)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert f"{harolds} is not an invoice of {tom}" in str(
            screen.query_one("#form-error").content
        )
    assert demo_book.store.version == before


async def test_the_preview_says_how_the_letter_goes_out(demo_book):
    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await open_letter_for(pilot, ref(demo_book, "Tom Becker"))
        assert "Sent by" not in preview_of(app)
        fill(app, via="certified", tracking="9589 0710 5270")
        await pilot.pause(0.05)
        await settle(pilot)
        shown = preview_of(app)
        assert "Sent by certified mail, No. 9589 0710 5270" in shown
        assert "How to pay:" in shown and "Total to pay by" in shown
