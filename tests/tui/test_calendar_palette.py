"""The calendar from the command palette: written beside the book, its path told."""

from __future__ import annotations

from icalendar import Calendar

from tests.tui.conftest import SIZE, app_on, settle


async def test_the_palette_writes_the_calendar_beside_the_book(demo_book):
    app = app_on(demo_book)
    shown = []
    app.notify = lambda message, **kw: shown.append((message, kw))  # run_test draws no toasts
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        entry = next(
            c for c in app.get_system_commands(app.screen) if c.title == "Write the calendar (.ics)"
        )
        entry.callback()
        await settle(pilot)
    target = demo_book.path.parent / "collections.ics"
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert events
    message, options = shown[-1]
    assert message.startswith(f"{len(events)} events for the next 90 days written to {target}")
    assert options["markup"] is False
