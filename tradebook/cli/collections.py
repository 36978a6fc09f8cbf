"""Commands that chase the money: warning signs, next actions, statements, billing corrections."""

from __future__ import annotations

from pathlib import Path

import typer

from tradebook.cli import app
from tradebook.cli.common import (
    choice,
    customer_argument,
    customer_label,
    date_option,
    emit_json,
    opt_date,
    paragraph,
    state,
    table,
    today,
)
from tradebook.domain.money import fmt
from tradebook.errors import BadInput

correction_app = typer.Typer(
    help="Fix billing mistakes on service contracts.\n\nCheck the arrears, then record what the "
    "customer chose.",
    no_args_is_help=True,
)
app.add_typer(correction_app, name="correction")

SEVERITY_WORD = {"alert": "ALERT", "warn": "warn", "info": "info"}


def _settings():
    from tradebook.settings import load_settings

    return load_settings(state.path)


@app.command()
def flags(
    customer: str = typer.Option(None, "--customer", help="Only this customer (ref or name)."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Show who is sliding towards not paying, and why."""
    from tradebook.domain.flags import all_flags, customer_flags

    book = state.book()
    view, on, settings = book.view, today(), _settings()
    if customer:
        found = customer_flags(view, book.customer(customer)["ref"], on, settings)
    else:
        found = all_flags(view, on, settings)
    if as_json:
        emit_json([f.as_dict() for f in found])
        return
    if not found:
        print("No warning signs today.")
        return
    code_width = max(len(f.code) for f in found)
    for f in found:
        print(
            paragraph(
                f"{f.code:<{code_width}}  {customer_label(view, f.customer)}",
                7,
                f"{SEVERITY_WORD[f.severity]:<5}  ",
            )
        )
        print(paragraph(f.message, 7))


@app.command("next")
def next_(
    days: int = typer.Option(0, "--days", help="Also list steps falling due this many days ahead."),
    customer: str = typer.Option(None, "--customer", help="Only this customer (ref or name)."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """What to do today, each step with its reason.

    Courteous first and firmer step by step: reminders, calls, letters, mediation."""
    from tradebook.domain.ladder import customer_actions, next_actions

    if not 0 <= days <= 365:
        raise BadInput("--days must be between 0 and 365")
    book = state.book()
    view, on, settings = book.view, today(), _settings()
    if customer:
        actions = customer_actions(
            view, book.customer(customer)["ref"], on, settings, horizon_days=days
        )
    else:
        actions = next_actions(view, on, settings, horizon_days=days)
    if as_json:
        emit_json([a.as_dict() for a in actions])
        return
    if not actions:
        print("Nothing to chase today.")
        return
    for action in actions:
        about = f" {action.invoice}" if action.invoice else ""
        print(
            paragraph(
                f"{action.action:<17} {customer_label(view, action.customer)}{about}",
                12,
                f"{action.due}  ",
            )
        )
        print(paragraph(action.reason, 12))
        if action.command:
            print(paragraph(action.command, 14, f"{'':12}→ "))
        elif action.letter_kind:
            target = action.invoice or action.customer
            print(f"{'':12}→ tradebook letter {target} --kind {action.letter_kind} -o FILE.pdf")


@app.command()
def statement(
    customer: str = customer_argument(),
    output: str = typer.Option(None, "-o", "--output", metavar="FILE.pdf", help="Write a PDF."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """A customer's statement of account.

    Every charge and payment with the running balance, agreed fees apart; -o writes a PDF."""
    from tradebook.domain.statement import statement_of_account

    book = state.book()
    ref = book.customer(customer)["ref"]
    view, on = book.view, today()
    if output:
        _write_pdf(view, ref, on, Path(output))
        if not as_json:
            return
    found = statement_of_account(view, ref, on)
    if as_json:
        emit_json(found.as_dict())
        return
    _print_statement(found)


def _write_pdf(view, ref: str, on, path: Path) -> None:
    try:
        from tradebook.documents.statement import write_statement_pdf
    except ImportError:
        raise BadInput("PDF statements are not available yet") from None
    written = write_statement_pdf(view, ref, on, path)
    print(f"statement for {ref} written to {written}")


def _print_statement(found) -> None:
    """As the PDF shows it: a deposit taken before its invoice is held until that invoice."""
    from tradebook.documents.statement_lines import presented_lines

    print(f"Statement of account — {found.name} ({found.customer}), {found.today}")
    if found.address:
        print(found.address)
    rows = [
        [
            str(line.date),
            line.ref,
            line.description,
            fmt(line.charge) if line.charge else "",
            fmt(line.credit) if line.credit else "",
            fmt(line.balance),
        ]
        for line in presented_lines(found)
    ]
    print(
        table(
            rows,
            ["date", "ref", "description", "charge", "credit", "balance"],
            right={3, 4, 5},
            wrap={2},
        )
    )
    print()
    _total("charges", fmt(found.charges))
    _total("payments, credits", fmt(found.credits))
    _total("balance", fmt(found.balance))
    if found.fees.total:
        _total(
            "agreed fees",
            f"{fmt(found.fees.total)} (late fees {fmt(found.fees.late_fee)}, "
            f"interest {fmt(found.fees.interest)}; {found.fee_terms})",
        )
        _total("amount due", fmt(found.amount_due))
    if found.deposits_held:
        _total("deposits held", f"{fmt(found.deposits_held)} (for work not yet invoiced)")
    aging = found.aging.buckets()
    print()
    print(
        paragraph(
            "  ".join(f"{bucket} {fmt(owed)}" for bucket, owed in aging.items()), 7, "aging: "
        )
    )


def _total(label: str, text: str) -> None:
    print(paragraph(text, 20, f"{label:>18}: "))


# ----- billing corrections ---------------------------------------------------------------


@correction_app.command("check")
def correction_check(
    customer: str = customer_argument(),
    contract: str = typer.Option(None, "--contract", help="Only this service contract."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Find periods billed below the agreed amount.

    Shows each under-billed period of the customer's service contracts, and the arrears."""
    from tradebook.services.corrections import check_arrears

    book = state.book()
    found = check_arrears(book, customer, contract, today())
    if as_json:
        emit_json([a.as_dict() for a in found])
        return
    if not any(a.periods for a in found):
        print("No under-billing found." if found else "This customer has no service contract.")
        return
    for arrears in found:
        if not arrears.periods:
            print(f"{arrears.contract}: billed as agreed.")
            continue
        print(paragraph(arrears.describe()))
        rows = [
            [p.period, p.invoice or "(not billed)", fmt(p.agreed), fmt(p.billed), fmt(p.short)]
            for p in arrears.periods
        ]
        print(table(rows, ["period", "invoice", "agreed", "billed", "short"], right={2, 3, 4}))
        print(
            paragraph(
                "Talk to the customer first (a call or a visit): explain the mistake and "
                "offer to add it to the next invoice, bill it separately, or write it off "
                "as goodwill."
            )
        )
        print(
            "Then record what they chose (next-invoice, separate or write-off):\n"
            f"  tradebook correction record {arrears.customer} --contract {arrears.contract} "
            "--option CHOICE"
        )


@correction_app.command("record")
def correction_record(
    customer: str = customer_argument(),
    contract: str = typer.Option(..., "--contract", help="The service contract (SC-001)."),
    option: str = typer.Option(..., "--option", help="next-invoice, separate or write-off."),
    invoice: str = typer.Option(
        None,
        "--invoice",
        help="For next-invoice: the invoice to add it to (default: the "
        "contract's latest unsent one).",
    ),
    on: str = date_option("Date of the correction (today)."),
    note: str = typer.Option(None, "--note", help="What was agreed, in your words."),
) -> None:
    """Record how the customer chose to settle arrears.

    The option for under-billed periods: next-invoice, separate or write-off. Prints the
    correction's ref."""
    from tradebook.domain.corrections import OPTIONS
    from tradebook.services.corrections import record_correction

    choice(option, OPTIONS, "--option")
    record = record_correction(
        state.book(),
        customer,
        contract=contract,
        option=option,
        on=opt_date(on, "--date") or today(),
        invoice=invoice,
        note=note,
    )
    print(record["ref"])
    print(record["summary"])
    if record["invoice"]:
        print(f"billed on {record['invoice']}")


@correction_app.command("list")
def correction_list(
    customer: str = typer.Option(None, "--customer"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Billing corrections recorded so far."""
    from tradebook.domain.money import decimal_str

    book = state.book()
    view = book.view
    found = (
        view.records(book.customer(customer)["ref"], "corrections")
        if customer
        else view.table("corrections")
    )
    if as_json:
        emit_json(
            [
                {
                    **c,
                    "amount": decimal_str(c["amount"]),
                    "tax": decimal_str(c.get("tax") or 0),
                    "periods": [
                        {
                            **p,
                            "billed": decimal_str(p["billed"]),
                            "agreed": decimal_str(p["agreed"]),
                        }
                        for p in c["periods"]
                    ],
                }
                for c in found
            ]
        )
        return
    if not found:
        print("No billing corrections recorded.")
        return
    print(
        table(
            [
                [
                    c["ref"],
                    customer_label(view, c["customer"]),
                    c["contract"],
                    c["date"],
                    c["option"],
                    fmt(c["amount"]),
                    c.get("invoice") or "",
                ]
                for c in found
            ],
            ["ref", "customer", "contract", "date", "option", "amount", "invoice"],
            right={5},
            wrap={1},
        )
    )
