"""The test oracle: what each invoice and customer owes, worked out one invoice at a time the
plain way, in Decimal, straight from the records. `tradebook.domain.accounts` (the engine)
must agree with it to the cent.

Late fees and interest are not principal: they are computed apart (see `fees`) and never
mixed into `balance`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tradebook.domain.money import percent_of, times
from tradebook.domain.view import BookView, Doc


def line_total(item: Doc) -> int:
    return times(item["unit"], Decimal(item["qty"]))


def subtotal(invoice: Doc) -> int:
    return sum(line_total(item) for item in invoice["items"])


def tax(invoice: Doc) -> int:
    return percent_of(subtotal(invoice), invoice.get("tax_pct") or "0")


def adjustments(invoice: Doc) -> int:
    """Credit notes (negative) and billing corrections (positive) recorded on the invoice."""
    return sum(a["amount"] for a in invoice.get("adjustments", ()))


def total(invoice: Doc) -> int:
    """What the invoice asks for: lines + tax + adjustments."""
    return subtotal(invoice) + tax(invoice) + adjustments(invoice)


def is_live(payment: Doc) -> bool:
    """A payment counts unless it bounced, or is the likely duplicate of one recorded on another
    device of a shared book (until the user settles it as a payment of its own)."""
    return not payment.get("bounced") and not payment.get("duplicate_of")


def deposits_applied(view: BookView, invoice: Doc) -> int:
    """Deposits received on the invoice's jobs count against the first invoice of each job."""
    applied = 0
    for job_ref in invoice.get("jobs", ()):
        first = view.invoices_of_job[job_ref][0] if view.invoices_of_job[job_ref] else None
        if first is not None and first["ref"] == invoice["ref"]:
            applied += sum(p["amount"] for p in view.payments_of.get(job_ref, ()) if is_live(p))
    return applied


def paid(view: BookView, invoice: Doc) -> int:
    direct = sum(p["amount"] for p in view.payments_of.get(invoice["ref"], ()) if is_live(p))
    return direct + deposits_applied(view, invoice)


def balance(view: BookView, invoice: Doc) -> int:
    """Principal still owed on the invoice (never negative-hidden: an overpayment shows as < 0)."""
    return total(invoice) - paid(view, invoice)


def due_date(invoice: Doc) -> date:
    return date.fromisoformat(invoice["due"])


def days_overdue(view: BookView, invoice: Doc, today: date) -> int:
    if balance(view, invoice) <= 0:
        return 0
    return max(0, (today - due_date(invoice)).days)


def status(view: BookView, invoice: Doc, today: date) -> str:
    """paid / overdue / partial / open / draft (not sent yet)."""
    owed = balance(view, invoice)
    if owed <= 0:
        return "paid"
    if today > due_date(invoice):
        return "overdue"
    if paid(view, invoice) > 0:
        return "partial"
    return "open" if invoice.get("sent") else "draft"


def customer_balance(view: BookView, customer_ref: str) -> int:
    return sum(balance(view, inv) for inv in view.records(customer_ref, "invoices"))


def deposits_received(view: BookView, job: Doc) -> int:
    return sum(p["amount"] for p in view.payments_of.get(job["ref"], ()) if is_live(p))
