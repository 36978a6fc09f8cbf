"""The statement of account as a PDF: the domain's statement, laid out for the customer.

The figures are `tradebook.domain.statement`'s, so the PDF, `tradebook statement` on the
terminal and a bundle's statement exhibit always agree. Agreed fees are shown apart from
the principal, never mixed into the running balance; a deposit taken before its invoice
is shown held until that invoice (see `statement_lines`). This module imports fpdf2.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tradebook.documents.base import Column, DocumentPDF
from tradebook.documents.output import pdf_target
from tradebook.documents.statement_lines import presented_lines
from tradebook.domain.aging import BUCKET_LABELS
from tradebook.domain.money import fmt
from tradebook.domain.statement import Statement, statement_of_account
from tradebook.domain.view import BookView
from tradebook.errors import NotFound


def statement_for(view: BookView, customer_ref: str, today: date) -> Statement:
    try:
        return statement_of_account(view, customer_ref, today)
    except KeyError:
        raise NotFound(f"no customer {customer_ref} in this book") from None


def statement_refs(statement: Statement) -> list[str]:
    return list(dict.fromkeys([statement.customer, *(line.ref for line in statement.lines)]))


def draw_statement(pdf, statement: Statement) -> None:
    """The statement's tables on `pdf` (a DocumentPDF) from the current position."""
    ref_w, date_w, money_w = 20, 22, 24
    columns = [
        Column("Date", date_w),
        Column("Ref", ref_w),
        Column("Description", pdf.flex(date_w, ref_w, 3 * money_w)),
        Column("Charge", money_w, "R"),
        Column("Credit", money_w, "R"),
        Column("Balance", money_w, "R"),
    ]
    rows = [
        [
            line.date.isoformat(),
            line.ref,
            line.description,
            fmt(line.charge) if line.charge else "",
            fmt(line.credit) if line.credit else "",
            fmt(line.balance),
        ]
        for line in presented_lines(statement)
    ]
    rows.append(
        ["", "", f"Balance due on {statement.today.isoformat()}", "", "", fmt(statement.balance)]
    )
    bold = {len(rows) - 1}
    fees = statement.fees
    if fees.total:
        rows.append(
            [
                "",
                "",
                f"Agreed late fees and interest ({statement.fee_terms})",
                "",
                "",
                fmt(fees.total),
            ]
        )
        rows.append(["", "", "Amount due, with agreed fees", "", "", fmt(statement.amount_due)])
        bold.add(len(rows) - 1)
    pdf.light_table(columns, rows, bold_rows=frozenset(bold))
    if statement.open_items:
        pdf.para("Open invoices", size=10, bold=True, gap=1)
        widths = (22, 22, 22, 24, 24, 24)
        cols = [
            Column("Invoice", 22),
            Column("Issued", 22),
            Column("Due", 22),
            Column("Total", 24, "R"),
            Column("Paid", 24, "R"),
            Column("Balance", 24, "R"),
            Column("Days overdue", pdf.flex(*widths), "R"),
        ]
        pdf.light_table(
            cols,
            [
                [
                    item.invoice,
                    item.issued.isoformat(),
                    item.due.isoformat(),
                    fmt(item.total),
                    fmt(item.paid),
                    fmt(item.balance),
                    str(item.days_overdue) if item.days_overdue else "not yet due",
                ]
                for item in statement.open_items
            ],
        )
        pdf.para("Aging of the balance", size=10, bold=True, gap=1)
        buckets = statement.aging.buckets()
        pdf.light_table(
            [Column(BUCKET_LABELS[b], pdf.body_width / len(buckets), "R") for b in buckets],
            [[fmt(owed) for owed in buckets.values()]],
        )
    if statement.deposits_held:
        pdf.para(
            f"Deposits of {fmt(statement.deposits_held)} are held for work not yet invoiced; "
            "they will be credited on that work's invoice.",
            size=9,
        )


def write_statement_pdf(view: BookView, customer_ref: str, today: date, path: Path | str) -> Path:
    """A one-customer statement of account as a PDF at `path`."""
    target = pdf_target(path)
    statement = statement_for(view, customer_ref, today)
    pdf = DocumentPDF(
        view.profile, f"Statement of account — {statement.name}", today, statement_refs(statement)
    )
    pdf.add_page()
    pdf.heading("Statement of account", outline=False)
    pairs = [
        ("Customer", f"{statement.name} ({statement.customer})"),
        ("Address", statement.address or "—"),
        ("Statement date", today.isoformat()),
        ("Balance due", fmt(statement.balance)),
    ]
    if statement.fees.total:
        pairs.append(("With agreed fees", fmt(statement.amount_due)))
    pdf.key_values(pairs)
    pdf.set_y(pdf.get_y() + 3)
    draw_statement(pdf, statement)
    pdf.save(target)
    return target
