"""A statement of account: every charge and credit of one customer with the running balance.

The closing balance is the principal the ledger says is owed. Agreed late fees and interest
are listed apart, per open invoice, and only added in `amount_due`. Deposits taken for work
not invoiced yet are held, not netted; a goodwill write-off appears as a memo line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tradebook.domain.accounts import accounts
from tradebook.domain.aging import Aging, customer_aging
from tradebook.domain.corrections import OPTION_TEXT
from tradebook.domain.fees import Fees, describe_terms, invoice_fees, terms_of
from tradebook.domain.money import decimal_str, fmt
from tradebook.domain.view import BookView

_KIND_ORDER = {"invoice": 0, "adjustment": 1, "memo": 2, "deposit": 3, "payment": 4, "bounce": 5}


@dataclass(frozen=True)
class StatementLine:
    date: date
    ref: str
    description: str
    charge: int
    credit: int
    balance: int  # running, after this line
    kind: str = "invoice"
    invoice: str | None = None  # the invoice the line belongs to, or a credit is counted against

    def as_dict(self) -> dict:
        return {
            "date": self.date.isoformat(),
            "ref": self.ref,
            "description": self.description,
            "charge": decimal_str(self.charge),
            "credit": decimal_str(self.credit),
            "balance": decimal_str(self.balance),
            "kind": self.kind,
        }


@dataclass(frozen=True)
class OpenItem:
    invoice: str
    issued: date
    due: date
    total: int
    paid: int
    balance: int
    days_overdue: int
    fees: Fees

    def as_dict(self) -> dict:
        return {
            "invoice": self.invoice,
            "issued": self.issued.isoformat(),
            "due": self.due.isoformat(),
            "total": decimal_str(self.total),
            "paid": decimal_str(self.paid),
            "balance": decimal_str(self.balance),
            "days_overdue": self.days_overdue,
            "fees": self.fees.as_dict(),
        }


@dataclass(frozen=True)
class Statement:
    customer: str
    name: str
    address: str
    today: date
    lines: tuple[StatementLine, ...]
    open_items: tuple[OpenItem, ...]
    charges: int
    credits: int
    balance: int  # principal owed
    fees: Fees
    fee_terms: str
    aging: Aging
    deposits_held: int

    @property
    def amount_due(self) -> int:
        """Principal plus the agreed fees on it."""
        return self.balance + self.fees.total

    def as_dict(self) -> dict:
        return {
            "customer": self.customer,
            "name": self.name,
            "address": self.address,
            "date": self.today.isoformat(),
            "lines": [line.as_dict() for line in self.lines],
            "open_invoices": [item.as_dict() for item in self.open_items],
            "charges": decimal_str(self.charges),
            "credits": decimal_str(self.credits),
            "balance": decimal_str(self.balance),
            "fees": self.fees.as_dict(),
            "fee_terms": self.fee_terms,
            "amount_due": decimal_str(self.amount_due),
            "aging": self.aging.as_dict(),
            "deposits_held": decimal_str(self.deposits_held),
        }


def statement_of_account(view: BookView, customer_ref: str, today: date) -> Statement:
    """Everything the customer was charged and paid up to `today`, oldest first."""
    customer = view.get(customer_ref)
    if customer is None:
        raise KeyError(customer_ref)
    entries = sorted(
        _entries(view, customer_ref, today), key=lambda e: (e[0], _KIND_ORDER[e[5]], e[1])
    )
    running = 0
    lines = []
    for on, ref, text, charge, credit, kind, invoice in entries:
        running += charge - credit
        lines.append(StatementLine(on, ref, text, charge, credit, running, kind, invoice))
    books = accounts(view)
    open_items = []
    fees = Fees()
    for money in books.open_invoices(customer_ref):
        owed_fees = invoice_fees(view, money.ref, today)
        fees += owed_fees
        open_items.append(
            OpenItem(
                money.ref,
                money.issued,
                money.due,
                money.total,
                money.paid,
                money.balance,
                money.days_overdue(today),
                owed_fees,
            )
        )
    return Statement(
        customer=customer_ref,
        name=customer["name"],
        address=customer.get("address") or "",
        today=today,
        lines=tuple(lines),
        open_items=tuple(open_items),
        charges=sum(line.charge for line in lines),
        credits=sum(line.credit for line in lines),
        balance=running,
        fees=fees,
        fee_terms=describe_terms(terms_of(view, customer_ref)),
        aging=customer_aging(view, customer_ref, today),
        deposits_held=_deposits_held(view, customer_ref),
    )


def _entries(view: BookView, customer_ref: str, today: date):
    """(date, ref, description, charge, credit, kind, invoice) for everything up to today."""
    books = accounts(view)
    for money in books.customer_invoices(customer_ref):
        if money.issued <= today:
            yield (
                money.issued,
                money.ref,
                f"Invoice {money.ref}, due {money.due}",
                money.charged,
                0,
                "invoice",
                money.ref,
            )
        for adjustment in money.doc.get("adjustments", ()):
            on = date.fromisoformat(adjustment["date"])
            if on <= today:
                amount = adjustment["amount"]
                yield (
                    on,
                    money.ref,
                    f"{adjustment['kind'].replace('-', ' ')} on {money.ref}: "
                    f"{adjustment['reason']}",
                    max(amount, 0),
                    max(-amount, 0),
                    "adjustment",
                    money.ref,
                )
        for credit in money.credits:
            payment = view.get(credit.ref) or {}
            if credit.on <= today:
                yield (
                    credit.on,
                    credit.ref,
                    payment_text(payment, money.ref),
                    0,
                    credit.amount,
                    "deposit" if credit.deposit else "payment",
                    money.ref,
                )
            if credit.bounced is not None and credit.bounced <= today:
                yield (
                    credit.bounced,
                    credit.ref,
                    f"{credit.ref} returned unpaid (bounced)",
                    credit.amount,
                    0,
                    "bounce",
                    money.ref,
                )
    for corr in view.records(customer_ref, "corrections"):
        on = date.fromisoformat(corr["date"])
        if corr.get("option") == "write-off" and on <= today:
            yield (
                on,
                corr["ref"],
                f"{fmt(corr['amount'])} under-billed on {corr['contract']} "
                f"{OPTION_TEXT['write-off']} (no charge)",
                0,
                0,
                "memo",
                None,
            )


def payment_text(payment: dict, invoice: str) -> str:
    method = payment.get("method", "payment")
    reference = payment.get("reference") or ""
    if reference.lower().startswith(method):
        reference = reference[len(method) :].strip()  # "check #2217", not "check check #2217"
    reference = f" {reference}" if reference else ""
    if payment.get("job"):
        return f"Deposit on {payment['job']} by {method}{reference}, applied to {invoice}"
    return f"Payment by {method}{reference}"


def _deposits_held(view: BookView, customer_ref: str) -> int:
    """Deposits on jobs that have no invoice yet to be applied to."""
    books = accounts(view)
    held = 0
    for payment in view.records(customer_ref, "payments"):
        job = payment.get("job")
        if job and not payment.get("bounced") and not books.invoices_of_job(job):
            held += payment["amount"]
    return held
