"""Bundles in the app: the same refusal as the command line as soon as the customer and kind
are chosen; once the demand was made, the PDF is made in a worker, then opened or printed."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from textual.widgets import ProgressBar

from tests.tui.conftest import SIZE, TODAY, app_on, ref, settle, type_customer
from tradebook.tui.screens.bundles import BundleScreen

FINAL = "tradebook letter {ref} --kind final --send-via certified --tracking NO -o final.pdf"


def send_final_notice(book, customer: str, folder: Path, on: date = date(2026, 11, 2)) -> None:
    """A final notice sent by certified mail three weeks before TODAY: its pay-by date has passed."""
    from tradebook.services.letters import issue_letter

    issue_letter(
        book,
        customer,
        "final",
        today=on,
        at=datetime(on.year, on.month, on.day, 9, 30, tzinfo=UTC),
        path=folder / "final.pdf",
        via="certified",
        tracking="9589 0710 5270 0123 4567 89",
    )


def status_of(app) -> str:
    return str(app.screen.query_one("#bundle-status").content)


async def open_bundle_for(pilot, customer: str) -> BundleScreen:
    app = pilot.app
    await settle(pilot)
    app.open_customer(customer)
    await settle(pilot)
    await pilot.press("b")
    await pilot.pause()
    await settle(pilot)
    assert isinstance(app.screen, BundleScreen)
    return app.screen


async def test_a_bundle_is_made_in_a_worker_with_progress(demo_book, private_home, monkeypatch):
    opened: list[list[str]] = []
    monkeypatch.setattr("tradebook.tui.files.shutil.which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(
        "tradebook.tui.files.subprocess.Popen", lambda command, **_: opened.append(command)
    )
    tom = ref(demo_book, "Tom Becker")
    send_final_notice(demo_book, tom, private_home)
    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_bundle_for(pilot, tom)
        suggested = screen.query_one("#field-path").raw
        assert suggested.endswith(f"2026-11-22-mediation-{tom}.pdf")  # the gentler way first
        assert status_of(app) == ""  # a delivered letter: a mediation bundle can be made
        await pilot.press("right")  # small claims
        await settle(pilot)
        assert screen.query_one("#field-path").raw.endswith(f"2026-11-22-small-claims-{tom}.pdf")
        assert status_of(app) == ""  # the final notice went out and its date has passed
        await pilot.press("enter")
        assert not screen.query_one("#progress", ProgressBar).has_class("-hidden")
        await settle(pilot)
        status = status_of(app)
        assert status.startswith("Made ") and "pages" in status
        made = Path(screen.query_one("#field-path").raw)
        assert made.read_bytes().startswith(b"%PDF")
        await pilot.press("ctrl+o")
        assert opened == [["xdg-open", str(made)]]


async def test_the_screen_gives_the_command_lines_refusal_as_soon_as_the_kind_is_chosen(
    demo_book, tmp_path
):
    tom = ref(demo_book, "Tom Becker")
    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_bundle_for(pilot, tom)
        assert status_of(app) == (
            f"Not yet: nothing {tom} owes was asked for in a delivered letter: a mediation bundle "
            f"needs at least one — next: tradebook letter {tom} --kind reminder --send-via post "
            "-o reminder.pdf"
        )
        await pilot.press("right")  # small claims
        await settle(pilot)
        refusal = status_of(app)
        assert refusal.startswith(
            f"Not yet: nothing {tom} owes was asked for in a delivered letter"
        )
        assert refusal.endswith("next: " + FINAL.format(ref=tom))
        await pilot.press("enter")  # tries anyway: the same words, nothing written
        await settle(pilot)
        assert status_of(app) == refusal.replace("Not yet: ", "Not made: ", 1)
        assert not Path(screen.query_one("#field-path").raw).exists()
        assert isinstance(app.screen, BundleScreen)


async def test_a_small_claim_waits_for_the_final_notices_date_in_the_app(demo_book, private_home):
    tom = ref(demo_book, "Tom Becker")
    send_final_notice(demo_book, tom, private_home, on=date(2026, 11, 20))
    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await open_bundle_for(pilot, tom)
        assert status_of(app) == ""
        await pilot.press("right")
        await settle(pilot)
        status = status_of(app)
        assert status.startswith("Not yet: final notice L-0002 asks for payment by 2026-12-")
        assert status.endswith(
            f"meanwhile: tradebook bundle {tom} --kind mediation -o mediation.pdf"
        )


async def test_a_bundle_that_cannot_be_made_says_why(demo_book):
    app = app_on(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await pilot.pause()
        maria = ref(demo_book, "María Hernández")  # always paid on time
        type_customer(app, maria)
        await pilot.press("enter")  # picks the customer
        await settle(pilot)
        said = status_of(app)
        assert said == f"Not yet: {maria} owes nothing on {TODAY}: there is no claim to bundle"
        await pilot.press("enter")  # makes the bundle
        await settle(pilot)
        assert status_of(app) == said.replace("Not yet: ", "Not made: ", 1)
        assert isinstance(app.screen, BundleScreen)
