"""`tradebook calendar`: the days that matter, as an .ics file for the phone's calendar."""

from __future__ import annotations

from pathlib import Path

import typer

from tradebook.cli import app
from tradebook.cli.common import state, today


@app.command()
def calendar(
    output: Path = typer.Option(
        ..., "-o", "--output", metavar="FILE.ics", help="Where to write it."
    ),
    days: int = typer.Option(90, "--days", metavar="N", help="How far ahead (default 90 days)."),
) -> None:
    """Write the collection calendar (.ics).

    Promises to pay, plan installments, pay-by dates, limitation-period ends and the days
    the next steps fall due, as all-day events.

    Open or import the file in Google, Outlook or Apple Calendar; importing a newer file
    updates the events instead of adding them twice. Each deadline has an alarm the day
    before.

    Examples:
      tradebook calendar -o ~/collections.ics
      tradebook calendar -o week.ics --days 7"""
    from tradebook.calendar_ics import write_calendar
    from tradebook.settings import load_settings

    book = state.book()
    target, found = write_calendar(
        book.view, output, today=today(), settings=load_settings(book.path), days=days
    )
    kinds: dict[str, int] = {}
    for day in found:
        kinds[day.kind] = kinds.get(day.kind, 0) + 1
    words = {
        "promise": "promise",
        "instalment": "installment",
        "deadline": "deadline",
        "limitation": "limitation-period end",
        "action": "next step",
    }
    counts = ", ".join(f"{n} {words[k]}{'s' if n != 1 else ''}" for k, n in kinds.items())
    print(
        f"{len(found)} events in the next {days} days written to {target}"
        + (f" ({counts})" if counts else "")
    )
