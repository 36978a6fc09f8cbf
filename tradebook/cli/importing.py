"""`tradebook import`: customers, invoices and payments from another program's CSV export."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from tradebook.cli import app
from tradebook.cli.common import state, today

SOURCES = "quickbooks, wave, invoiceninja, jobber or generic"
#: bad rows listed before the rest are summed up
SHOWN = 20


@app.command("import")
def import_(
    file: Path = typer.Argument(..., metavar="FILE.csv", help="The CSV export to bring in."),
    source: str = typer.Option(
        ..., "--from", metavar="PROGRAM", help=f"Whose export it is: {SOURCES}."
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Show what would be added; write nothing."
    ),
    skip_bad: bool = typer.Option(
        False, "--skip-bad", help="Import the rows that can be read, leaving out the others."
    ),
    day_first: bool = typer.Option(
        False, "--day-first", help="Dates like 15/12/2026 are day/month/year (default month/day)."
    ),
    sent_via: str = typer.Option(
        None,
        "--sent-via",
        metavar="HOW",
        help="How the invoices went out (email, post, certified, hand): "
        "recorded as sent that way on their own dates.",
    ),
) -> None:
    """Import invoices and customers from a CSV.

    Customers, invoices and what was paid on them, from a QuickBooks, Wave, Invoice Ninja or
    Jobber export or a spreadsheet laid out as customer,invoice,date,due,amount,paid.

    Invoices keep their own numbers (shown beside tradebook's INV refs); importing the
    same file again adds nothing. A file with rows that cannot be read writes nothing,
    unless --skip-bad is given.

    Examples:
      tradebook import invoices.csv --from quickbooks --dry-run
      tradebook import invoices.csv --from quickbooks --sent-via email
      tradebook import old.csv --from generic --day-first --skip-bad"""
    from tradebook.domain.money import fmt
    from tradebook.errors import BadInput
    from tradebook.importing import apply_import, plan_import

    if sent_via is not None:
        from tradebook.services.billing import DELIVERY

        if sent_via not in DELIVERY:
            raise BadInput(f"--sent-via is one of {', '.join(DELIVERY)} (not {sent_via!r})")
    book = state.book()
    on = today()
    plan = plan_import(book, file, source.strip().casefold(), today=on, day_first=day_first)
    if plan.bad and not skip_bad:
        if len(plan.bad) == 1:
            line, why = plan.bad[0]
            raise BadInput(
                f"{plan.file} line {line}: {why} — nothing written (fix it, or add "
                "--skip-bad to import the rest)"
            )
        _list(plan.bad, sys.stderr)
        raise BadInput(
            f"{len(plan.bad)} rows of {plan.file} cannot be read (listed above) — "
            "nothing written (fix them, or add --skip-bad to import the rest)"
        )
    print(f"{plan.file}: {plan.source} layout, {plan.encoding}")
    from tradebook.cli.common import table

    print(
        table(
            [
                ["customers", str(len(plan.customers)), str(plan.known_customers)],
                ["invoices", str(len(plan.invoices)), str(plan.matched + len(plan.top_ups))],
                ["payments", str(plan.payments), ""],
            ],
            ["", "to add" if dry_run else "added", "already in the book"],
            right={1, 2},
        )
    )
    if plan.invoices:
        print(
            f"billed {fmt(plan.billed)} on the new invoices, of which {fmt(plan.owed)} is "
            "still owed"
        )
    if plan.top_ups:
        print(
            f"{len(plan.top_ups)} invoices already in the book were paid more since: "
            "the difference is added as a payment"
        )
    if plan.left_out:
        print(f"left out ({len(plan.left_out)}, not invoices or nothing owed):")
        _list(plan.left_out, sys.stdout)
    if plan.bad:
        print(f"skipped ({len(plan.bad)} rows that cannot be read):")
        _list(plan.bad, sys.stdout)
        plan.bad = []
    if dry_run:
        print("dry run: nothing written")
        return
    if plan.empty and not (sent_via and plan.unsent):
        print("nothing to add: the book already holds everything in this file")
        return
    made = apply_import(book, plan, today=on, sent_via=sent_via)
    parts = [
        p
        for p in (
            _span(made.customers, "customer"),
            _span(made.invoices, "invoice"),
            _span(made.payments, "payment"),
        )
        if p
    ]
    if parts:
        print("imported " + ", ".join(parts))
    if made.marked_sent:
        print(f"{made.marked_sent} invoices imported before are now recorded as sent ({sent_via})")
    if made.invoices and not sent_via:
        print(
            "the invoices are not recorded as sent: import the file again with --sent-via "
            "email (or post, hand) to record how they went out"
        )


def _span(refs: list[str], noun: str) -> str:
    if not refs:
        return ""
    if len(refs) == 1:
        return f"1 {noun} ({refs[0]})"
    return f"{len(refs)} {noun}s ({refs[0]}–{refs[-1]})"


def _list(rows: list[tuple[int, str]], out) -> None:
    for line, why in rows[:SHOWN]:
        print(f"  line {line}: {why}", file=out)
    if len(rows) > SHOWN:
        print(f"  … and {len(rows) - SHOWN} more", file=out)
