"""The statement of account: every charge and credit, a running balance, fees listed apart."""

from __future__ import annotations

import pytest

from tests.domain import oracle_ledger as ledger
from tests.domain.draft import TODAY, Draft, day
from tradebook.domain.statement import statement_of_account


def _book() -> Draft:
    d = Draft()
    c = d.customer("Tom Becker", late_fee={"kind": "fixed", "amount": 25_00})
    job = d.job(c, 120, quote=4_900_00, deposit_asked=1_000_00, done=105)
    d.pay(job, 1_000_00, 118)
    inv = d.invoice(
        c,
        105,
        4_900_00,
        job=job,
        net=15,
        adjustments=(
            {
                "date": day(100).isoformat(),
                "amount": -100_00,
                "kind": "credit-note",
                "reason": "one fitting returned",
                "source": None,
            },
        ),
    )
    d.pay(inv, 1_000_00, 80)
    d.pay(inv, 500_00, 60, bounced=55)
    d.job(c, 5, quote=800_00, status="in-progress")
    d.pay("J-0002", 200_00, 5)
    return d


def test_lines_run_in_date_order_with_a_running_balance():
    statement = statement_of_account(_book().view(), "C-0001", TODAY)
    lines = [
        (line.date, line.ref, line.charge, line.credit, line.balance, line.kind)
        for line in statement.lines
    ]
    assert lines == [
        (day(118), "P-0001", 0, 1_000_00, -1_000_00, "deposit"),
        (day(105), "INV-0001", 4_900_00, 0, 3_900_00, "invoice"),
        (day(100), "INV-0001", 0, 100_00, 3_800_00, "adjustment"),
        (day(80), "P-0002", 0, 1_000_00, 2_800_00, "payment"),
        (day(60), "P-0003", 0, 500_00, 2_300_00, "payment"),
        (day(55), "P-0003", 500_00, 0, 2_800_00, "bounce"),
    ]
    assert "applied to INV-0001" in statement.lines[0].description
    assert "returned unpaid" in statement.lines[-1].description


def test_totals_match_the_ledger_and_fees_stay_apart():
    d = _book()
    view = d.view()
    statement = statement_of_account(view, "C-0001", TODAY)
    assert statement.balance == ledger.customer_balance(view, "C-0001") == 2_800_00
    assert statement.charges - statement.credits == statement.balance
    assert statement.fees.late_fee == 25_00 and statement.amount_due == 2_825_00
    assert statement.fee_terms == "a late fee of $25.00 once past due"
    assert statement.deposits_held == 200_00
    assert statement.aging.d90_plus == 0 and statement.aging.d61_90 == 2_800_00
    [item] = statement.open_items
    assert (item.invoice, item.balance, item.days_overdue) == ("INV-0001", 2_800_00, 90)


def test_as_json():
    data = statement_of_account(_book().view(), "C-0001", TODAY).as_dict()
    assert data["customer"] == "C-0001" and data["date"] == TODAY.isoformat()
    assert data["balance"] == "2800.00" and data["amount_due"] == "2825.00"
    assert data["fees"] == {"late_fee": "25.00", "interest": "0.00", "total": "25.00"}
    assert data["lines"][1] == {
        "date": day(105).isoformat(),
        "ref": "INV-0001",
        "description": f"Invoice INV-0001, due {day(90).isoformat()}",
        "charge": "4900.00",
        "credit": "0.00",
        "balance": "3900.00",
        "kind": "invoice",
    }
    assert data["open_invoices"][0]["days_overdue"] == 90 and data["deposits_held"] == "200.00"


def test_a_goodwill_write_off_is_a_memo_line_that_costs_nothing():
    d = Draft()
    c = d.customer()
    sc = d.contract(c, 400_00, start="2026-01-01")
    d.correction(c, sc, 10, ["2026-05"], amount=200_00)
    statement = statement_of_account(d.view(), c, TODAY)
    [memo] = statement.lines
    assert memo.kind == "memo" and (memo.charge, memo.credit, memo.balance) == (0, 0, 0)
    assert "written off as goodwill" in memo.description


def test_nothing_after_today_and_no_unknown_customer():
    d = _book()
    early = statement_of_account(d.view(), "C-0001", day(90))
    assert [line.ref for line in early.lines] == ["P-0001", "INV-0001", "INV-0001"]
    with pytest.raises(KeyError):
        statement_of_account(d.view(), "C-0042", TODAY)
