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


def test_each_open_book_keeps_its_own_figures(tmp_path):
    """Two books open at once, with the same refs: each book's views reuse that book's figures
    only, and a view built from tables of its own shares nothing with either."""
    from datetime import date
    from decimal import Decimal

    from tradebook.services.billing import Item
    from tradebook.services.book import Book

    today = date(2026, 11, 22)
    books = [Book.open(tmp_path / f"{name}.json", create=True) for name in ("a", "b")]
    try:
        for book, unit in zip(books, (100_00, 700_00), strict=True):
            customer = book.add_customer("Ann Lee", today=today)["ref"]
            book.add_invoice(customer, [Item("Work", Decimal(1), unit)], issued=today)
        a, b = books
        assert a.figures is not b.figures
        assert accounts(a.view).invoices["INV-0001"].charged == 100_00
        assert accounts(b.view).invoices["INV-0001"].charged == 700_00
        assert a.figures.charged["INV-0001"][0] is a.view.get("INV-0001")
        assert b.figures.charged["INV-0001"][0] is b.view.get("INV-0001")
        alone = BookView(dict(a.view.tables.items()))
        assert accounts(alone).invoices["INV-0001"].charged == 100_00
        assert alone.figures not in (a.figures, b.figures)
        b.pay("INV-0001", 200_00, on=today)
        assert accounts(a.view).balance("C-0001") == 100_00
        assert accounts(b.view).balance("C-0001") == 500_00
    finally:
        for book in books:
            book.close()


def test_a_view_keeps_its_accounts_and_lets_them_go_with_it():
    import gc
    import weakref

    d = Draft()
    d.invoice(d.customer("Ann"), 10, 100_00, sent=10)
    view = BookView(d.tables)
    books = accounts(view)
    assert accounts(view) is books
    gone = weakref.ref(books)
    del view, books
    gc.collect()
    assert gone() is None


def test_a_likely_duplicate_from_another_device_counts_for_nothing_until_settled():
    from tests.domain import oracle_ledger as ledger

    d = Draft()
    c = d.customer("Ann")
    job = d.job(c, 40, quote=1_000_00)
    inv = d.invoice(c, 30, 1_000_00, sent=30, job=job)
    d.pay(job, 100_00, 35)
    deposit_twice = d.pay(job, 100_00, 35)
    d.pay(inv, 300_00, 10)
    twice = d.pay(inv, 300_00, 10)
    d.doc(twice)["duplicate_of"] = "P-0003"
    d.doc(deposit_twice)["duplicate_of"] = "P-0001"
    view = BookView(d.tables)
    money = accounts(view).invoices[inv]
    assert money.paid == ledger.paid(view, d.doc(inv)) == 400_00
    assert money.balance == 600_00
    assert accounts(view).deposits_received(job) == ledger.deposits_received(view, d.doc(job))
    d.doc(twice)["duplicate_of"] = None  # settled: a payment of its own
    assert accounts(BookView(d.tables)).invoices[inv].paid == 700_00
