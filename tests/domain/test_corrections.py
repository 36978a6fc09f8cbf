"""Billing mistakes on service contracts: arrears per period, and recording the customer's choice."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from tests.domain import oracle_ledger as ledger
from tests.domain.draft import TODAY, Draft
from tradebook.domain.corrections import contract_arrears, next_period, period_of, periods_between
from tradebook.domain.flags import customer_flags
from tradebook.domain.statement import statement_of_account
from tradebook.errors import BadInput, NotFound
from tradebook.services.billing import Item
from tradebook.services.book import Book
from tradebook.services.corrections import check_arrears, record_correction


def test_periods():
    assert period_of(date(2026, 5, 31), "month") == "2026-05"
    assert period_of(date(2026, 5, 31), "quarter") == "2026-Q2"
    assert period_of(date(2026, 5, 31), "year") == "2026"
    assert next_period("2026-12", "month") == "2027-01"
    assert next_period("2026-Q4", "quarter") == "2027-Q1"
    assert periods_between("2025-Q4", "2026-Q2", "quarter") == ["2025-Q4", "2026-Q1", "2026-Q2"]


def test_arrears_per_period_with_tax_and_skipped_periods():
    d = Draft()
    c = d.customer()
    sc = d.contract(c, 300_00, every="quarter", start="2025-10-01")
    d.invoice(c, "2025-10-01", 300_00, contract=sc, tax_pct="6")  # 2025-Q4 (by date)
    d.invoice(c, "2026-01-02", 250_00, contract=sc, period="2026-Q1", tax_pct="6")
    d.invoice(c, "2026-07-01", 300_00, contract=sc, period="2026-Q3", tax_pct="6")
    arrears = contract_arrears(d.view(), sc, TODAY)
    assert [(p.period, p.invoice, p.billed, p.short, p.tax) for p in arrears.periods] == [
        ("2026-Q1", "INV-0002", 250_00, 50_00, 3_00),
        ("2026-Q2", None, 0, 300_00, 18_00),
    ]
    assert (arrears.amount, arrears.tax, arrears.total, arrears.span) == (
        350_00,
        21_00,
        371_00,
        "2026-Q1 to 2026-Q2",
    )
    assert arrears.as_dict()["total"] == "371.00"


def test_periods_after_the_contract_ended_or_not_yet_billed_are_not_arrears():
    d = Draft()
    c = d.customer()
    sc = d.contract(c, 100_00, start="2026-01-01", end="2026-03-31")
    for month in (1, 2, 3):
        d.invoice(c, f"2026-{month:02d}-01", 100_00, contract=sc, period=f"2026-{month:02d}")
    d.invoice(c, "2026-05-01", 50_00, contract=sc, period="2026-05")  # after the end
    assert contract_arrears(d.view(), sc, TODAY).periods == ()


def test_a_separate_correction_invoice_is_not_a_short_bill_for_its_own_month():
    d = Draft()
    c = d.customer()
    sc = d.contract(c, 400_00, start="2026-01-01")
    for month, rate in ((1, 400_00), (2, 200_00), (3, 400_00)):
        d.invoice(c, f"2026-{month:02d}-01", rate, contract=sc)
    assert [p.period for p in contract_arrears(d.view(), sc, TODAY).periods] == ["2026-02"]
    extra = d.invoice(c, "2026-04-10", 200_00, contract=sc)
    d.correction(c, sc, "2026-04-10", ["2026-02"], option="separate", amount=200_00, invoice=extra)
    assert contract_arrears(d.view(), sc, TODAY).periods == ()


# ----- recording a correction through the book ---------------------------------------------------

ZONE = timezone(timedelta(hours=-5))


@pytest.fixture
def book(tmp_path):
    book = Book.open(tmp_path / "book.json", create=True)
    book.init_profile(name="Bright Spark Electric", today=TODAY, state="KY", pay_methods="check")
    c = book.add_customer(
        "Oakridge Rentals LLC", today=TODAY, business=True, principal="Dale Whitcomb"
    )
    sc = book.add_contract(
        c["ref"], amount=400_00, every="month", desc="Maintenance", start=date(2026, 5, 1)
    )
    for month in range(5, 11):
        rate = 400_00 if month < 8 else 200_00
        inv = book.add_invoice(
            c["ref"],
            [Item("Maintenance", Decimal(1), rate)],
            issued=date(2026, month, 1),
            net_days=15,
            contract=sc["ref"],
            period=f"2026-{month:02d}",
        )
        book.pay(inv["ref"], rate, on=date(2026, month, 10))
    yield book
    book.close()


def _talk(book: Book, on: date = date(2026, 11, 18)) -> None:
    book.log_contact(
        "C-0001",
        "Explained the under-billing; they chose an option",
        via="visit",
        outcome="spoke",
        at=datetime(on.year, on.month, on.day, 10, tzinfo=ZONE),
    )


def test_check_shows_the_arrears(book):
    [arrears] = check_arrears(book, "Oakridge", None, TODAY)
    assert arrears.amount == 600_00 and [p.period for p in arrears.periods] == [
        "2026-08",
        "2026-09",
        "2026-10",
    ]
    with pytest.raises(NotFound):
        check_arrears(book, "C-0001", "SC-009", TODAY)


def test_no_correction_before_talking_to_the_customer(book):
    with pytest.raises(BadInput, match="talk to Oakridge Rentals LLC first"):
        record_correction(book, "C-0001", contract="SC-001", option="write-off", on=TODAY)
    book.log_contact(
        "C-0001",
        "Left a voicemail",
        via="call",
        outcome="voicemail",
        at=datetime(2026, 11, 18, 10, tzinfo=ZONE),
    )
    with pytest.raises(BadInput, match="talk to"):
        record_correction(book, "C-0001", contract="SC-001", option="write-off", on=TODAY)
    assert book.view.table("corrections") == []


def test_next_invoice_adds_the_arrears_to_the_draft_invoice(book):
    _talk(book)
    draft = book.add_invoice(
        "C-0001",
        [Item("Maintenance", Decimal(1), 400_00)],
        issued=date(2026, 11, 20),
        contract="SC-001",
        period="2026-11",
    )
    record = record_correction(book, "C-0001", contract="SC-001", option="next-invoice", on=TODAY)
    assert record["ref"] == "BC-001" and record["invoice"] == draft["ref"]
    assert record["amount"] == 600_00 and record["option"] == "next-invoice"
    assert "agreed with the customer on 2026-11-18 (K-0001)" in record["summary"]
    view = book.view
    billed = book.get(draft["ref"], "invoices")
    assert billed["adjustments"][-1]["source"] == "BC-001"
    assert ledger.balance(view, billed) == 1_000_00
    assert [c["ref"] for c in view.table("corrections")] == ["BC-001"]
    assert not any(f.code == "underbilled" for f in customer_flags(view, "C-0001", TODAY))


def test_next_invoice_needs_an_invoice_to_go_on(book):
    _talk(book)
    with pytest.raises(BadInput, match="write the next invoice for SC-001 first"):
        record_correction(book, "C-0001", contract="SC-001", option="next-invoice", on=TODAY)
    with pytest.raises(BadInput, match="already paid"):
        record_correction(
            book, "C-0001", contract="SC-001", option="next-invoice", on=TODAY, invoice="INV-0001"
        )


def test_separate_writes_its_own_invoice(book):
    _talk(book)
    record = record_correction(book, "C-0001", contract="SC-001", option="separate", on=TODAY)
    inv = book.get(record["invoice"], "invoices")
    assert [i["unit"] for i in inv["items"]] == [200_00, 200_00, 200_00]
    assert "2026-08" in inv["items"][0]["desc"] and inv["due"] == "2026-12-22"
    view = book.view
    assert ledger.balance(view, inv) == 600_00
    assert contract_arrears(view, "SC-001", TODAY).periods == ()  # not mistaken for November's bill


def test_write_off_costs_the_customer_nothing(book):
    _talk(book)
    before = ledger.customer_balance(book.view, "C-0001")
    record = record_correction(
        book,
        "C-0001",
        contract="SC-001",
        option="write-off",
        on=TODAY,
        note="Long-standing customer",
    )
    view = book.view
    assert record["invoice"] is None and record["summary"].endswith("Long-standing customer")
    assert ledger.customer_balance(view, "C-0001") == before
    assert statement_of_account(view, "C-0001", TODAY).lines[-1].kind == "memo"
    with pytest.raises(BadInput, match="no under-billed periods"):
        record_correction(book, "C-0001", contract="SC-001", option="write-off", on=TODAY)


def test_refusals(book):
    _talk(book)
    other = book.add_customer("Someone Else", today=TODAY)
    with pytest.raises(BadInput, match="is a contract of C-0001") as refused:
        record_correction(book, other["ref"], contract="SC-001", option="write-off", on=TODAY)
    assert refused.value.field == "contract"
    with pytest.raises(
        BadInput, match="option is one of next-invoice, separate, write-off"
    ) as refused:
        record_correction(book, "C-0001", contract="SC-001", option="forget-it", on=TODAY)
    assert refused.value.field == "option"
    with pytest.raises(BadInput, match="goes only with adding the arrears") as refused:
        record_correction(
            book, "C-0001", contract="SC-001", option="separate", on=TODAY, invoice="INV-0001"
        )
    assert refused.value.field == "invoice"
