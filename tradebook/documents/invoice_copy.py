"""A copy of one invoice, drawn on a DocumentPDF page: who it bills, for what work, its lines
and totals, and every payment against it (a bounced one marked as such).

A letter encloses the copies of the invoices it asks to be paid, so the customer holds
the bill itself and not only its number. This module imports fpdf2 through `base`.
"""

from __future__ import annotations

from datetime import date

from tradebook.documents.base import MUTED, Column
from tradebook.documents.wording import long_date
from tradebook.domain.accounts import accounts, invoice_lines, invoice_tax, line_cents
from tradebook.domain.money import fmt
from tradebook.domain.statement import payment_text
from tradebook.domain.view import BookView, Doc


def draw_invoice_copy(pdf, view: BookView, inv: Doc, today: date) -> None:
    """Invoice `inv` as it stands on `today`, from the current position of `pdf`."""
    customer: Doc = view.get(inv["customer"]) or {}
    pdf.heading(f"Invoice {inv['ref']} — copy", 0, outline=False)
    bill_to: list[str] = [customer["name"] if "name" in customer else inv["customer"]]
    if customer.get("kind") == "business" and customer.get("principal"):
        bill_to.append(f"Attn: {customer['principal']}")
    bill_to += [
        line.strip() for line in (customer.get("address") or "").splitlines() if line.strip()
    ]
    pairs = [
        ("Bill to", "\n".join(bill_to)),
        ("Issued", long_date(inv["issued"])),
        ("Due", long_date(inv["due"])),
    ]
    for job_ref in inv.get("jobs") or ():
        job = view.get(job_ref) or {}
        work = job.get("desc") or job_ref
        if job.get("site"):
            work += f", at {job['site']}"
        if job.get("done"):
            work += f"; completed {long_date(job['done'])}"
        pairs.append(("Work", f"{work} ({job_ref})"))
    contract = view.get(inv.get("contract") or "")
    if contract is not None:
        period = f", period {inv['period']}" if inv.get("period") else ""
        pairs.append(("Service", f"{contract.get('desc', '')} ({contract['ref']}){period}"))
    pdf.key_values(pairs, key_width=26, size=9.5)
    pdf.set_y(pdf.get_y() + 2)
    rows = [
        [item["desc"], str(item["qty"]), fmt(item["unit"]), fmt(line_cents(item))]
        for item in inv["items"]
    ]
    rows.append(["Subtotal", "", "", fmt(invoice_lines(inv))])
    if invoice_tax(inv):
        rows.append([f"Sales tax {inv.get('tax_pct')}%", "", "", fmt(invoice_tax(inv))])
    for adj in inv.get("adjustments") or ():
        rows.append(
            [
                f"{adj['kind'].replace('-', ' ').capitalize()} {adj['date']}: {adj['reason']}",
                "",
                "",
                fmt(adj["amount"]),
            ]
        )
    rows.append(["Total", "", "", fmt(accounts(view).money(inv).total)])
    total_row = len(rows) - 1
    pdf.light_table(
        [
            Column("Description", pdf.flex(18, 26, 28)),
            Column("Qty", 18, "R"),
            Column("Unit price", 26, "R"),
            Column("Amount", 28, "R"),
        ],
        rows,
        size=9,
        bold_rows=frozenset({total_row}),
    )
    payments = [p for p in view.payments_of.get(inv["ref"], ()) if p["date"] <= today.isoformat()]
    for job_ref in inv.get("jobs") or ():
        if (view.invoices_of_job.get(job_ref) or [{}])[0].get("ref") == inv["ref"]:
            payments += [
                p for p in view.payments_of.get(job_ref, ()) if p["date"] <= today.isoformat()
            ]
    payments.sort(key=lambda p: (p["date"], p["ref"]))
    if payments:
        pdf.para("Payments received", size=10, bold=True, gap=1)
        pdf.light_table(
            [
                Column("Date", 24),
                Column("Ref", 18),
                Column("How", pdf.flex(24, 18, 28)),
                Column("Amount", 28, "R"),
            ],
            [[p["date"], p["ref"], _how(p, inv["ref"], today), fmt(p["amount"])] for p in payments],
            size=9,
        )
    pdf.key_values([("Balance due", fmt(accounts(view).money(inv).balance))], key_width=40, size=11)
    pdf.para(f"As of {long_date(today)}.", size=8.5, color=MUTED)


def _how(payment: Doc, invoice_ref: str, today: date) -> str:
    how = payment_text(payment, invoice_ref)
    bounced = payment.get("bounced")
    if bounced and bounced <= today.isoformat():
        how += f" — returned unpaid on {bounced}, not counted"
    return how
