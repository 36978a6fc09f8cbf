"""Who owes what and since when: open principal sorted into aging buckets, and days-to-pay.

Buckets count days past the due date: current (not yet due), 1–30, 31–60, 61–90, 90+.
Overpayments are kept apart as `credit` rather than netted against what others owe.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tradebook.domain.accounts import InvoiceMoney, accounts
from tradebook.domain.money import decimal_str
from tradebook.domain.view import BookView

BUCKETS = ("current", "1-30", "31-60", "61-90", "90+")
BUCKET_LABELS = {
    "current": "current",
    "1-30": "1–30 days",
    "31-60": "31–60 days",
    "61-90": "61–90 days",
    "90+": "90+ days",
}


def bucket_of(days_overdue: int) -> str:
    if days_overdue <= 0:
        return "current"
    if days_overdue <= 30:
        return "1-30"
    if days_overdue <= 60:
        return "31-60"
    if days_overdue <= 90:
        return "61-90"
    return "90+"


@dataclass(frozen=True)
class Aging:
    current: int = 0
    d1_30: int = 0
    d31_60: int = 0
    d61_90: int = 0
    d90_plus: int = 0
    credit: int = 0

    @property
    def total(self) -> int:
        """Open principal owed (credits not netted)."""
        return self.current + self.overdue

    @property
    def overdue(self) -> int:
        return self.d1_30 + self.d31_60 + self.d61_90 + self.d90_plus

    def buckets(self) -> dict[str, int]:
        return dict(
            zip(
                BUCKETS,
                (self.current, self.d1_30, self.d31_60, self.d61_90, self.d90_plus),
                strict=True,
            )
        )

    def as_dict(self) -> dict[str, str]:
        """Decimal strings, for JSON."""
        return {
            **{k: decimal_str(v) for k, v in self.buckets().items()},
            "total": decimal_str(self.total),
            "credit": decimal_str(self.credit),
        }


def age(invoices: list[InvoiceMoney], today: date) -> Aging:
    sums = dict.fromkeys(BUCKETS, 0)
    credit = 0
    for money in invoices:
        if money.balance > 0:
            sums[bucket_of((today - money.due).days)] += money.balance
        elif money.balance < 0:
            credit -= money.balance
    return Aging(
        current=sums["current"],
        d1_30=sums["1-30"],
        d31_60=sums["31-60"],
        d61_90=sums["61-90"],
        d90_plus=sums["90+"],
        credit=credit,
    )


def aging(view: BookView, today: date) -> Aging:
    """The whole book's receivables by age."""
    return age(list(accounts(view).invoices.values()), today)


def customer_aging(view: BookView, customer_ref: str, today: date) -> Aging:
    return age(accounts(view).customer_invoices(customer_ref), today)


def aging_by_customer(view: BookView, today: date) -> dict[str, Aging]:
    """Every customer who owes something (or holds a credit), with their aging."""
    books = accounts(view)
    result = {}
    for ref, invoices in books.of_customer.items():
        found = age(invoices, today)
        if found.total or found.credit:
            result[ref] = found
    return result


@dataclass(frozen=True)
class PaidInvoice:
    invoice: str
    issued: date
    paid_on: date

    @property
    def days(self) -> int:
        return (self.paid_on - self.issued).days


def days_to_pay(view: BookView, customer_ref: str) -> list[PaidInvoice]:
    """How long each settled invoice of the customer took to pay, oldest issue first."""
    paid = [
        PaidInvoice(m.ref, m.issued, m.settled_on)
        for m in accounts(view).customer_invoices(customer_ref)
        if m.settled_on is not None and m.total > 0
    ]
    return sorted(paid, key=lambda p: (p.issued, p.invoice))
