"""Late fees and interest: only where the customer agreed to them, and never mixed into principal.

A customer's `late_fee` terms are either a fixed fee charged once the invoice is past due, or
a percentage per month charged as simple interest, day by day, on the principal still owed
after the due date (a month being a twelfth of 365 days). Once the principal is paid the
fees are no longer claimed: they exist to encourage payment, not to keep a debt alive.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from tradebook.domain.accounts import InvoiceMoney, accounts, round_fraction
from tradebook.domain.money import decimal_str, fmt
from tradebook.domain.view import BookView, Doc
from tradebook.model.records import Shape


@dataclass(frozen=True)
class Fees:
    late_fee: int = 0
    interest: int = 0

    @property
    def total(self) -> int:
        return self.late_fee + self.interest

    def __add__(self, other: Fees) -> Fees:
        return Fees(self.late_fee + other.late_fee, self.interest + other.interest)

    def as_dict(self) -> dict[str, str]:
        return {
            "late_fee": decimal_str(self.late_fee),
            "interest": decimal_str(self.interest),
            "total": decimal_str(self.total),
        }


NO_FEES = Fees()


def terms_of(view: BookView, customer_ref: str) -> Any:
    """The customer's agreed late-fee terms, or None when none were agreed."""
    customer = view.get(customer_ref) or {}
    terms = customer.get("late_fee")
    return (
        terms
        if isinstance(terms, (dict, Shape)) and terms.get("kind") in ("fixed", "percent")
        else None
    )


def describe_terms(terms: Doc | None) -> str:
    if not terms:
        return "no late fee agreed"
    if terms["kind"] == "fixed":
        return f"a late fee of {fmt(terms['amount'])} once past due"
    return f"interest of {terms['pct']}% a month on the overdue principal"


def invoice_fees(view: BookView, invoice: Doc | str, today: date) -> Fees:
    """The late fee and interest the customer's terms allow on this invoice, as of `today`."""
    ref = invoice if isinstance(invoice, str) else invoice["ref"]
    money = accounts(view).invoices[ref]
    terms = terms_of(view, money.customer)
    if terms is None or money.balance <= 0 or today <= money.due:
        return NO_FEES
    if terms["kind"] == "fixed":
        return Fees(late_fee=int(terms["amount"]))
    return Fees(interest=simple_interest(money, Fraction(str(terms["pct"])), today))


def customer_fees(view: BookView, customer_ref: str, today: date) -> Fees:
    total = NO_FEES
    for money in accounts(view).open_invoices(customer_ref):
        total += invoice_fees(view, money.ref, today)
    return total


def simple_interest(money: InvoiceMoney, pct_per_month: Fraction, today: date) -> int:
    """Σ over each day after the due date of (principal owed at its end × daily rate), in cents.

    A payment that bounced never paid anything, so interest runs as if it had not been made.
    """
    first = money.due + timedelta(days=1)
    if today < first:
        return 0
    changes = {first}
    changes.update(c.on for c in money.credits if c.bounced is None and first < c.on <= today)
    changes.update(on for on, _ in money.adjustments if first < on <= today)
    points = sorted(changes)
    cent_days = 0
    for start, end in zip(points, [*points[1:], today + timedelta(days=1)], strict=True):
        owed = money.balance_on(start, as_known=False)
        cent_days += max(0, owed) * (end - start).days
    return round_fraction(cent_days * pct_per_month * 12 / (100 * 365))
