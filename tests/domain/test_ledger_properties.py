"""Property tests over random ledgers: cents stay exact, every figure adds up, and the
engine (`accounts`) agrees to the cent with the plain Decimal ledger kept here as the oracle."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.domain import oracle_ledger as ledger
from tests.domain.draft import TODAY, Draft
from tradebook.domain.accounts import (
    accounts,
    invoice_charged,
    invoice_lines,
    invoice_tax,
    invoice_total,
    line_cents,
)
from tradebook.domain.aging import aging
from tradebook.domain.fees import customer_fees, invoice_fees
from tradebook.domain.statement import statement_of_account

QTYS = ("1", "2", "3", "0.5", "2.25", "1.333", "3.125", "0.001", "12")
TAXES = ("0", "6", "8.25", "7.125", "10", "0.5")

items = st.lists(
    st.fixed_dictionaries(
        {
            "desc": st.just("Work"),
            "qty": st.sampled_from(QTYS),
            "unit": st.integers(min_value=0, max_value=5_000_00),
        }
    ),
    min_size=1,
    max_size=4,
)


@given(items=items, tax=st.sampled_from(TAXES))
def test_the_fast_invoice_total_is_the_ledgers_to_the_cent(items, tax):
    invoice = {"items": items, "tax_pct": tax, "adjustments": []}
    assert invoice_charged(invoice) == ledger.subtotal(invoice) + ledger.tax(invoice)
    assert invoice_lines(invoice) == ledger.subtotal(invoice)
    assert invoice_tax(invoice) == ledger.tax(invoice)
    assert [line_cents(item) for item in items] == [ledger.line_total(item) for item in items]
    ratios: dict = {}
    assert invoice_charged(invoice, ratios) == invoice_charged(invoice, ratios)  # memo reused
    assert set(ratios) == {item["qty"] for item in items} | ({tax} if tax != "0" else set())


@st.composite
def ledgers(draw):
    """A customer with a few invoices, part-paid at random, some payments bounced, some credits,
    and perhaps a job deposit; `payments` lists (ref, bounced?)."""
    d = Draft()
    terms = draw(
        st.sampled_from(
            [None, {"kind": "fixed", "amount": 25_00}, {"kind": "percent", "pct": "1.5"}]
        )
    )
    c = d.customer(late_fee=terms)
    for _ in range(draw(st.integers(1, 4))):
        issued = draw(st.integers(30, 400))
        job = None
        if draw(st.booleans()):
            job = d.job(c, issued + 5, quote=draw(st.integers(1, 3_000_00)))
            d.pay(
                job,
                draw(st.integers(1, 500_00)),
                issued + 3,
                bounced=issued + 1 if draw(st.booleans()) else None,
            )
        inv = d.invoice(
            c,
            issued,
            items=draw(items),
            tax_pct=draw(st.sampled_from(TAXES)),
            net=draw(st.integers(0, 45)),
            job=job,
        )
        total = ledger.total(d.doc(inv))
        if total > 0 and draw(st.booleans()):
            credit = draw(st.integers(1, total))
            d.doc(inv)["adjustments"].append(
                {
                    "date": (TODAY - timedelta(days=issued - 1)).isoformat(),
                    "amount": -credit,
                    "kind": "credit-note",
                    "reason": "goodwill",
                    "source": None,
                }
            )
        for _ in range(draw(st.integers(0, 3))):
            day = draw(st.integers(0, issued))
            bounced = draw(st.one_of(st.none(), st.integers(0, day)))
            d.pay(inv, draw(st.integers(1, 2_000_00)), day, bounced=bounced)
    return d, c


def _live(view, invoice_refs) -> int:
    return sum(ledger.paid(view, view.get(r)) for r in invoice_refs)


@settings(max_examples=150, deadline=None)
@given(ledgers())
def test_payments_plus_balance_make_the_total_plus_fees(case):
    d, c = case
    view = d.view()
    books = accounts(view)
    refs = [i["ref"] for i in view.records(c, "invoices")]
    for ref in refs:
        inv = view.get(ref)
        money = books.invoices[ref]
        assert (money.total, money.paid, money.balance) == (
            ledger.total(inv),
            ledger.paid(view, inv),
            ledger.balance(view, inv),
        )
        assert invoice_total(inv) == ledger.total(inv)
        assert money.adjusted_by == ledger.adjustments(inv)
        assert money.due == ledger.due_date(inv)
        for day in (TODAY, TODAY - timedelta(days=40), TODAY - timedelta(days=400)):
            assert money.status(day) == ledger.status(view, inv, day)
            assert money.days_overdue(day) == ledger.days_overdue(view, inv, day)
        assert money.paid + money.balance == money.total
        fees = invoice_fees(view, inv, TODAY)
        assert all(isinstance(x, int) and x >= 0 for x in (fees.late_fee, fees.interest))
    for job in view.table("jobs"):
        assert books.deposits_received(job["ref"]) == ledger.deposits_received(view, job)
    assert books.balance(c) == ledger.customer_balance(view, c)
    statement = statement_of_account(view, c, TODAY)
    total = sum(ledger.total(view.get(r)) for r in refs)
    fees = customer_fees(view, c, TODAY)
    assert statement.fees == fees
    assert _live(view, refs) + statement.amount_due == total + fees.total
    assert statement.balance == ledger.customer_balance(view, c)
    assert statement.lines == () or statement.lines[-1].balance == statement.balance
    book = aging(view, TODAY)
    assert book.total - book.credit == ledger.customer_balance(view, c)
    assert all(isinstance(v, int) for v in book.buckets().values())


@settings(max_examples=100, deadline=None)
@given(ledgers(), st.data())
def test_a_bounce_restores_the_balance(case, data):
    d, c = case
    live = [p for p in d.tables["payments"].values() if not p["bounced"] and p.get("invoice")]
    if not live:
        return
    payment = data.draw(st.sampled_from(live))
    yesterday = TODAY - timedelta(days=1)
    before = accounts(d.view()).invoices[payment["invoice"]]
    owed_before, known_yesterday = before.balance, before.balance_on(yesterday)
    customer_before = ledger.customer_balance(d.view(), c)
    payment["bounced"] = TODAY.isoformat()
    after = d.view()
    money = accounts(after).invoices[payment["invoice"]]
    assert money.balance == owed_before + payment["amount"]
    assert ledger.customer_balance(after, c) == customer_before + payment["amount"]
    assert money.balance_on(yesterday) == known_yesterday  # history is not rewritten
