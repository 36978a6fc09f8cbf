"""Aging, days-to-pay, late fees and interest: exact cents, fees always apart from principal."""

from __future__ import annotations

import pytest

from tests.domain import oracle_ledger as ledger
from tests.domain.draft import TODAY, Draft, day
from tradebook.domain.accounts import accounts
from tradebook.domain.aging import (
    Aging,
    aging,
    aging_by_customer,
    bucket_of,
    customer_aging,
    days_to_pay,
)
from tradebook.domain.fees import Fees, customer_fees, describe_terms, invoice_fees


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (-5, "current"),
        (0, "current"),
        (1, "1-30"),
        (30, "1-30"),
        (31, "31-60"),
        (60, "31-60"),
        (61, "61-90"),
        (90, "61-90"),
        (91, "90+"),
    ],
)
def test_buckets(days, bucket):
    assert bucket_of(days) == bucket


def test_aging_of_the_book_and_of_each_customer():
    d = Draft()
    a, b = d.customer("A"), d.customer("B")
    d.invoice(a, 20, 100_00, net=30)  # current
    d.invoice(a, 60, 200_00, net=30)  # 30 days: 1–30
    d.invoice(b, 61 + 30, 300_00, net=30)  # 61 days: 61–90
    late = d.invoice(b, 200, 400_00, net=30)  # 170 days: 90+, half paid
    d.pay(late, 150_00, 100)
    over = d.invoice(b, 10, 50_00, net=30)  # overpaid by 5.00: a credit, not netted
    d.pay(over, 50_00, 9)
    d.pay(over, 5_00, 8, method="cash")
    view = d.view()
    book = aging(view, TODAY)
    assert book == Aging(
        current=100_00, d1_30=200_00, d31_60=0, d61_90=300_00, d90_plus=250_00, credit=5_00
    )
    assert book.total == 850_00 and book.overdue == 750_00
    assert book.as_dict()["90+"] == "250.00" and book.as_dict()["total"] == "850.00"
    assert customer_aging(view, a, TODAY).total == 300_00
    assert set(aging_by_customer(view, TODAY)) == {a, b}
    assert book.total - book.credit == sum(ledger.balance(view, i) for i in view.table("invoices"))


def test_days_to_pay_history():
    d = Draft()
    c = d.customer()
    first = d.invoice(c, 100, 100_00)
    d.pay(first, 40_00, 95)
    d.pay(first, 60_00, 80)  # paid in full after 20 days
    second = d.invoice(c, 50, 100_00)
    d.pay(second, 100_00, 45, bounced=40)
    d.pay(second, 100_00, 30)  # the bounce does not count: 20 days
    d.invoice(c, 10, 100_00)  # open: not in the history
    history = days_to_pay(d.view(), c)
    assert [(p.invoice, p.days) for p in history] == [(first, 20), (second, 20)]


# ----- fees ---------------------------------------------------------------------------------


def _fee_book(terms: dict | None, days_overdue: int, amount: int = 1_000_00) -> tuple[Draft, str]:
    d = Draft()
    c = d.customer("Tom Becker", late_fee=terms)
    inv = d.invoice(c, days_overdue + 30, amount, net=30)
    return d, inv


def test_no_fees_unless_agreed():
    d, inv = _fee_book(None, 90)
    assert invoice_fees(d.view(), inv, TODAY) == Fees() and Fees().total == 0
    assert describe_terms(None) == "no late fee agreed"


def test_a_fixed_late_fee_once_past_due():
    d, inv = _fee_book({"kind": "fixed", "amount": 25_00}, 1)
    assert invoice_fees(d.view(), d.doc(inv), TODAY) == Fees(late_fee=25_00)
    d, inv = _fee_book({"kind": "fixed", "amount": 25_00}, 0)
    assert invoice_fees(d.view(), inv, TODAY) == Fees()


def test_monthly_interest_is_simple_and_day_by_day():
    d, inv = _fee_book({"kind": "percent", "pct": "1.5"}, 30)
    # 1,000.00 × 1.5% × 12 / 365 × 30 days = 14.794… → 14.79
    fees = invoice_fees(d.view(), inv, TODAY)
    assert fees == Fees(interest=14_79) and fees.total == 14_79
    assert fees.as_dict() == {"late_fee": "0.00", "interest": "14.79", "total": "14.79"}


def test_interest_follows_the_principal_still_owed():
    d, inv = _fee_book({"kind": "percent", "pct": "2"}, 60)
    d.pay(inv, 500_00, 30)  # owed 1,000.00 at the end of 29 days, then 500.00 for 31
    expected = round((1_000_00 * 29 + 500_00 * 31) * 2 * 12 / (100 * 365))
    assert invoice_fees(d.view(), inv, TODAY).interest == expected == 2926


def test_fees_stay_apart_from_the_principal_and_stop_when_it_is_paid():
    d, inv = _fee_book({"kind": "percent", "pct": "1.5"}, 45)
    view = d.view()
    assert ledger.balance(view, d.doc(inv)) == 1_000_00
    assert accounts(view).invoices[inv].balance == 1_000_00
    assert customer_fees(view, "C-0001", TODAY).interest > 0
    d.pay(inv, 1_000_00, 1)
    assert invoice_fees(d.view(), inv, TODAY) == Fees()


def test_a_bounced_payment_keeps_interest_running():
    d, inv = _fee_book({"kind": "percent", "pct": "1.5"}, 30)
    unpaid = d.view()
    d.pay(inv, 1_000_00, 20, bounced=10)
    bounced = d.view()
    assert (
        invoice_fees(bounced, inv, TODAY)
        == invoice_fees(unpaid, inv, TODAY)
        == Fees(interest=14_79)
    )
    assert invoice_fees(bounced, inv, day(1)).interest < 14_79  # one day less
