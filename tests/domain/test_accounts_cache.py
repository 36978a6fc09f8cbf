"""Invoice figures are reused across views only while the record itself is the same object."""

from datetime import UTC

from tests.domain.draft import Draft
from tradebook.domain.accounts import accounts
from tradebook.domain.view import BookView


def test_a_replaced_invoice_record_is_worked_out_afresh():
    d = Draft()
    c = d.customer("Tom Becker")
    d.invoice(c, 40, 1_000_00, sent=40)
    first = accounts(BookView(d.tables)).invoices["INV-0001"]
    assert first.charged == 1_000_00
    old = d.tables["invoices"][1]
    d.tables["invoices"][1] = {**old, "items": [{"desc": "Work", "qty": "2", "unit": 1_000_00}]}
    again = accounts(BookView(d.tables)).invoices["INV-0001"]
    assert again.charged == 2_000_00


def test_another_book_with_the_same_refs_is_not_confused():
    a, b = Draft(), Draft()
    for draft, amount in ((a, 100_00), (b, 700_00)):
        draft.invoice(draft.customer("Ann"), 10, amount, sent=10)
    assert accounts(BookView(a.tables)).invoices["INV-0001"].charged == 100_00
    assert accounts(BookView(b.tables)).invoices["INV-0001"].charged == 700_00
    assert accounts(BookView(a.tables)).invoices["INV-0001"].charged == 100_00


def _book(tmp_path):
    from datetime import date

    from tradebook.demo import fill_demo
    from tradebook.services.book import Book

    book = Book.open(tmp_path / "book.json", create=True)
    fill_demo(book, today=date(2026, 11, 22))
    return book


def test_a_store_picture_reuses_indexes_of_tables_that_did_not_change(tmp_path):
    from datetime import date, datetime

    from tradebook.domain.aging import aging
    from tradebook.domain.flags import all_flags

    book = _book(tmp_path)
    today = date(2026, 11, 22)
    before = book.view
    money = accounts(before).invoices["INV-0001"]
    contacts_index = accounts(before)._contact_index
    customer = before.customers()[0]["ref"]
    at = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    book.log_contact(customer, "Rang about the balance", via="call", at=at, outcome="voicemail")
    after = book.view
    assert after is not before
    assert accounts(after).invoices["INV-0001"] is money  # invoices and payments unchanged
    assert accounts(after)._contact_index is not contacts_index  # the contact log changed
    assert (
        len(accounts(after).contact_entries(customer))
        == len(accounts(before).contact_entries(customer)) + 1
    )
    fresh = BookView({name: dict(table) for name, table in after.tables.items()})
    assert aging(after, today) == aging(fresh, today)
    assert all_flags(after, today) == all_flags(fresh, today)


def test_a_payment_rebuilds_the_invoice_figures(tmp_path):
    from datetime import date

    book = _book(tmp_path)
    view = book.view
    owing = next(m for m in accounts(view).invoices.values() if m.balance > 0)
    book.pay(owing.ref, 1_00, on=date(2026, 11, 22))
    again = accounts(book.view).invoices[owing.ref]
    assert again is not owing
    assert again.balance == owing.balance - 1_00


def test_plain_tables_that_may_change_are_never_reused():
    d = Draft()
    c = d.customer("Tom Becker")
    d.invoice(c, 40, 1_000_00, sent=40)
    assert accounts(BookView(d.tables)).balance(c) == 1_000_00
    d.tables["payments"] = {
        1: {
            "ref": "P-0001",
            "customer": c,
            "invoice": "INV-0001",
            "job": None,
            "amount": 400_00,
            "date": "2026-11-01",
            "bounced": None,
        }
    }
    assert accounts(BookView(d.tables)).balance(c) == 600_00


def test_a_job_is_found_by_ref_even_when_its_id_does_not_match():
    from tradebook.domain.accounts import _job

    jobs = {1: {"ref": "J-0001"}, 2: {"ref": "J-0007"}}  # job 2 renamed by a hand edit
    assert _job(jobs, "J-0001") is jobs[1]
    assert _job(jobs, "J-0007") is jobs[2]
    assert _job(jobs, "J-0002") is None and _job(jobs, "J-x") is None
