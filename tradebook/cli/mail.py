"""`tradebook sent`: a prepared letter (an email draft, a letter to post) went out."""

from __future__ import annotations

import typer

from tradebook.cli import app
from tradebook.cli.common import at_or_now, state, today


@app.command()
def sent(
    letter: str = typer.Argument(..., metavar="LETTER", help="The letter's ref (L-0003)."),
    via: str = typer.Option(..., "--via", help="email, post, certified or hand."),
    tracking: str = typer.Option(None, "--tracking", help="Tracking number (post or certified)."),
    at: str = typer.Option(None, "--at", metavar="WHEN", help="When it went (default: now)."),
) -> None:
    """Record that a prepared letter went out.

    A letter made without --send-via, or as an email draft (--eml), is only prepared: it
    counts as sent (for the next steps and a bundle) once this records it.

    Examples:
      tradebook sent L-0003 --via email
      tradebook sent L-0004 --via certified --tracking "9589 0710 5270 0123 4567 89\""""
    from tradebook.services.delivery import record_sent

    book = state.book()
    record, contact = record_sent(
        book, letter, via=via, at=at_or_now(at), today=today(), tracking=tracking
    )
    print(
        f"{record['ref']} recorded as sent by {via} on {record['delivery']['date']}, "
        f"logged as {contact['ref']}"
    )
