"""The letter form's "email draft" choice: the PDF, an .eml beside it, the letter prepared."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser

import pytest
from textual.widgets import OptionList

from tests.tui.conftest import SIZE, app_on, fill, ref, settle
from tests.tui.test_documents import open_letter_for
from tradebook.tui.screens.customer import CustomerScreen
from tradebook.tui.screens.letters import LetterScreen


@pytest.fixture(autouse=True)
def instant_preview(monkeypatch):
    monkeypatch.setattr(LetterScreen, "preview_delay", 0.01)


async def test_an_email_draft_from_the_letter_form(demo_book, private_home):
    app = app_on(demo_book)
    target = private_home / "out" / "reminder.pdf"
    tom = ref(demo_book, "Tom Becker")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_letter_for(pilot, tom)
        screen.query_one("#kinds", OptionList).highlighted = 0  # the friendly reminder
        fill(app, path=str(target), via="email-draft")
        await pilot.pause(0.05)
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CustomerScreen)
        assert any("ready to send as an email draft" in n.message for n in app._notifications)
    eml = target.with_suffix(".eml")
    msg = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())
    customer = demo_book.customer(tom)
    assert msg["To"].addresses[0].addr_spec == customer["emails"][0]
    assert msg["X-Unsent"] == "1"
    (attachment,) = list(msg.iter_attachments())
    assert attachment.get_content() == target.read_bytes()
    letter = demo_book.view.table("letters")[-1]
    assert letter["delivery"]["via"] is None
    assert "prepared as an email draft" in demo_book.view.get(letter["contact"])["summary"]
