"""Invoice figures are reused across views only while the record itself is the same object."""

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
