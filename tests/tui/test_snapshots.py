"""What the main screens look like at 80×24 on the demo book (today pinned): compared as SVGs.

Regenerate with `pytest tests/tui/test_snapshots.py --snapshot-update` after a deliberate
change of look, and open the SVGs under `__snapshots__/` to check them by eye.
"""

from __future__ import annotations

from tests.tui.conftest import SIZE, app_on, fill, ref, settle


def test_dashboard(snap_compare, demo_book):
    assert snap_compare(app_on(demo_book), terminal_size=SIZE, run_before=settle)


def test_customer_detail(snap_compare, demo_book):
    async def open_tom(pilot):
        await settle(pilot)
        pilot.app.open_customer(ref(demo_book, "Tom Becker"))
        await settle(pilot)

    assert snap_compare(app_on(demo_book), terminal_size=SIZE, run_before=open_tom)


def test_quick_log(snap_compare, demo_book):
    async def half_typed(pilot):
        await settle(pilot)
        await pilot.press("l")
        await pilot.pause()
        fill(
            pilot.app,
            customer="beck",
            summary="Says he will pay half on Friday",
            promise_date="2026-11-27",
            promise_amount="1,450",
        )
        await pilot.press("tab", "t")  # from the picker to the channel: text
        await settle(pilot)

    assert snap_compare(app_on(demo_book), terminal_size=SIZE, run_before=half_typed)
