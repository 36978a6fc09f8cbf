"""A statement's lines as a customer reads them: a deposit taken before its invoice is held.

The domain's statement runs strictly by date, so a deposit paid before the work was billed
shows first as a credit against nothing: a balance of -$1,000.00. Here such a deposit is
shown on the day it came in as held — the balance does not move — and credited on the day
its invoice was issued, right after the invoice. The figures are the domain's: every line
keeps its amount, and the last running balance is the statement's own.

No fpdf2 here, so a printed statement on the terminal can read the lines the same way.
"""

from __future__ import annotations

from dataclasses import replace

from tradebook.domain.money import fmt
from tradebook.domain.statement import Statement, StatementLine


def presented_lines(statement: Statement) -> tuple[StatementLine, ...]:
    """The statement's lines, each deposit received before its invoice held until that invoice;
    the running balance is worked out again over the lines as shown."""
    billed = {line.ref for line in statement.lines if line.kind == "invoice"}
    held: dict[str, list[StatementLine]] = {}  # invoice ref → deposits waiting for it
    issued: set[str] = set()
    shown: list[StatementLine] = []
    running = 0
    for line in statement.lines:
        invoice = line.invoice or ""
        if line.kind == "deposit" and invoice in billed and invoice not in issued:
            held.setdefault(invoice, []).append(line)
            received = line.description.removesuffix(f", applied to {invoice}")
            shown.append(
                replace(
                    line,
                    description=f"{received}: {fmt(line.credit)} held until the work is invoiced",
                    credit=0,
                    balance=running,
                    kind="held",
                )
            )
            continue
        waiting = held.get(invoice, [])
        if line.kind == "bounce" and any(d.ref == line.ref for d in waiting):
            waiting[:] = [d for d in waiting if d.ref != line.ref]
            shown.append(
                replace(
                    line,
                    description=f"Deposit {line.ref} returned unpaid (bounced): no longer held",
                    charge=0,
                    balance=running,
                )
            )
            continue
        running += line.charge - line.credit
        shown.append(replace(line, balance=running))
        if line.kind == "invoice":
            issued.add(line.ref)
            for deposit in held.pop(line.ref, []):
                running -= deposit.credit
                shown.append(
                    replace(
                        deposit,
                        date=line.date,
                        balance=running,
                        description=f"Deposit {deposit.ref} of {deposit.date.isoformat()} "
                        f"applied to {line.ref}",
                    )
                )
    return tuple(shown)
