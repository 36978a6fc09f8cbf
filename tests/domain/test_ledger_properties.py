"""Property tests over random ledgers: cents stay exact and every figure adds up."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.domain.draft import TODAY, Draft
from tradebook.domain import ledger
from tradebook.domain.accounts import accounts, invoice_charged
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
        assert money.paid + money.balance == money.total
        fees = invoice_fees(view, inv, TODAY)
        assert all(isinstance(x, int) and x >= 0 for x in (fees.late_fee, fees.interest))
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
