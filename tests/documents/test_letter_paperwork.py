"""Letters that hold up: a calendar pay-by date, how to pay, what the work was, enclosures,
the delivery on their face, the truth of the record, a window-envelope address and agreed
fees apart from the principal — each read back from the PDF, not from the builder's input."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pdfplumber
import pytest

from tests.documents.builder import TODAY, Builder, at, sample_tables
from tests.documents.conftest import flat, pages_text
from tradebook.documents.letter_pdf import render_letter
from tradebook.documents.letters import compose_letter
from tradebook.documents.paying import how_to_pay, pay_by_date
from tradebook.errors import BadInput
from tradebook.model.records import Demanded

PT_PER_INCH = 72


def words_on(data: bytes, page: int = 0) -> list[dict]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return pdf.pages[page].extract_words()


def letter_pages(view, kind: str, today: date = TODAY, **kw) -> tuple[object, list[str], bytes]:
    letter = compose_letter(view, "C-0001", kind, today, **kw)
    data = render_letter(view, letter, letter_ref="L-0009")
    return letter, pages_text(data), data


# ----- 1. a calendar pay-by date -----------------------------------------------------


def test_pay_by_is_days_ahead_on_a_weekday_and_never_before_the_due_date():
    assert pay_by_date(date(2026, 12, 4), 10, [date(2026, 11, 1)]) == date(2026, 12, 14)  # a Monday
    assert pay_by_date(date(2026, 12, 3), 10, []) == date(2026, 12, 14)  # Sun 13th → Mon 14th
    assert pay_by_date(date(2026, 12, 1), 10, [date(2027, 1, 6)]) == date(2027, 1, 6)
    for day in range(1, 29):
        got = pay_by_date(date(2026, 2, day), 10, [])
        assert got.weekday() < 5 and got >= date(2026, 2, day) + timedelta(days=10)


@pytest.mark.parametrize("kind", ["reminder", "second-reminder", "firm"])
def test_chasing_letters_name_a_calendar_date_to_pay_by(view, kind):
    letter, pages, _ = letter_pages(view, kind)
    assert letter.pay_by == date(2026, 11, 30)  # Nov 20 + 10 days, a Monday
    first = flat(pages[0])
    assert "Total to pay by Monday, November 30, 2026" in first
    assert "next few days" not in first and "fourteen days" not in first
    assert "by Monday, November 30, 2026" in flat(" ".join(letter.paragraphs))


def test_the_final_notice_pays_by_its_deadline_and_a_plan_by_its_first_installment(view):
    final, pages, _ = letter_pages(view, "final")
    assert final.pay_by == final.deadline == date(2026, 12, 4)
    assert "Total to pay by Friday, December 4, 2026" in flat(pages[0])
    plan, pages, _ = letter_pages(view, "plan-offer")
    assert plan.pay_by == plan.installments[0][0]
    assert "First installment, by Friday, December 4, 2026 $560.00" in flat(pages[0])


def test_a_deadline_in_the_past_or_before_a_due_date_is_refused():
    from tradebook.documents.letters import _deadline

    dues = [date(2026, 11, 1), date(2026, 12, 30)]
    with pytest.raises(BadInput, match="before the due date 2026-12-30"):
        _deadline(date(2026, 12, 10), TODAY, 14, dues)
    with pytest.raises(BadInput, match="must be after today"):
        _deadline(date(2026, 11, 19), TODAY, 14, [])
    assert _deadline(None, TODAY, 14, dues) == date(2026, 12, 30)


# ----- 2. how to pay -----------------------------------------------------------------


def test_every_letter_asking_for_money_says_how_to_pay(view):
    for kind in ("reminder", "second-reminder", "firm", "final", "plan-offer", "mediation"):
        _, pages, _ = letter_pages(view, kind)
        text = flat(pages[0] + " " + (pages[1] if len(pages) > 1 else ""))
        assert "How to pay" in text, kind
        assert (
            "By check payable to Ångström & Daughters Electric, mailed to 1200 Bardstown Rd, "
            "Louisville, KY 40204" in text
        ), kind


def test_how_to_pay_uses_the_payee_address_methods_and_note_of_the_profile():
    lines = how_to_pay(
        {
            "name": "Spark LLC",
            "pay_to": "Sam Carter",
            "pay_address": "PO Box 9\nLouisville, KY",
            "pay_methods": ["check", "transfer", "card"],
            "payment_note": "Transfer: Republic Bank, routing 083000108, account 5551234",
        },
        ("INV-0004",),
    )
    assert lines == (
        "By check payable to Sam Carter, mailed to PO Box 9, Louisville, KY; please write "
        "INV-0004 on it.",
        "Also accepted: bank transfer and card.",
        "Transfer: Republic Bank, routing 083000108, account 5551234",
    )
    assert how_to_pay(
        {"name": "X", "payment_note": "Pay at https://pay.example/x"}, ("INV-1",)
    ) == ("Pay at https://pay.example/x", "Please quote INV-1 with your payment.")


def test_a_letter_is_refused_while_the_profile_says_nothing_about_how_to_pay():
    b = sample_tables()
    b.tables["profile"][1].pop("pay_methods")
    with pytest.raises(BadInput, match="tradebook init --pay-methods"):
        compose_letter(b.view(), "C-0001", "reminder", TODAY)


def test_the_payment_note_is_checked_by_the_tone_guard():
    b = sample_tables()
    b.tables["profile"][1]["payment_note"] = "Pay or else."
    with pytest.raises(Exception, match="payment details"):
        compose_letter(b.view(), "C-0001", "reminder", TODAY)


# ----- 3. what the work was ----------------------------------------------------------


def test_each_invoice_says_what_the_work_was_where_and_when_it_was_done(view):
    _, pages, _ = letter_pages(view, "reminder")
    assert (
        "For: Replace 100A panel with 200A service at 47 Cherokee Rd, Louisville, completed "
        "June 3, 2026 (J-0001)."
    ) in flat(pages[0])


# ----- 4. enclosures -----------------------------------------------------------------


def test_the_invoices_and_statement_are_enclosed_in_the_same_pdf(view):
    letter, pages, _ = letter_pages(view, "final")
    assert letter.enclosures == (
        "Copy of invoice INV-0001",
        "Copy of invoice INV-0003",
        "Statement of account as of November 20, 2026",
    )
    signed = next(p for p in pages if "Sincerely," in p)
    assert (
        "Enclosures: 1. Copy of invoice INV-0001 2. Copy of invoice INV-0003 3. Statement of "
        "account as of November 20, 2026" in flat(signed)
    )
    copy = next(p for p in pages if "Invoice INV-0001 — copy" in p)
    assert "Enclosure 1" in copy and "Labour: panel change" in copy
    assert "Balance due $1,500.00" in flat(copy)
    statement = next(
        p
        for p in pages
        if "Statement of account as of November 20, 2026" in p and "Enclosure 3" in p
    )
    assert "INV-0003" in statement
    assert "Enclosures:" in letter.body  # the text as sent lists them too


# ----- 5. delivery on the face -------------------------------------------------------


def test_a_certified_letter_carries_its_number_under_the_date(view):
    letter, pages, data = letter_pages(
        view, "final", via="certified", tracking="9589 0710 5270 0123 4567 89"
    )
    assert letter.delivery == "Sent by certified mail, No. 9589 0710 5270 0123 4567 89"
    first = pages[0]
    assert "Sent by certified mail," in first and "No. 9589 0710 5270 0123 4567 89" in first
    words = words_on(data)
    date_word = next(w for w in words if w["text"] == "November" and w["x0"] > 300)
    sent = next(w for w in words if w["text"] == "Sent")
    assert sent["top"] > date_word["top"] and abs(sent["x1"] - date_word["x1"]) < 40
    assert "Sent by certified mail, No. 9589" in letter.body


@pytest.mark.parametrize(
    ("via", "face"),
    [
        ("post", "Sent by first-class mail"),
        ("email", "Sent by email to renee@example.org"),
        ("hand", "Delivered by hand"),
    ],
)
def test_every_way_of_sending_is_told_on_the_face(view, via, face):
    _, pages, _ = letter_pages(view, "reminder", via=via)
    assert face in flat(pages[0])


def test_a_letter_made_without_sending_says_nothing_of_delivery(view):
    letter, pages, _ = letter_pages(view, "reminder")
    assert letter.delivery == "" and "Sent by" not in pages[0]


# ----- 6. the truth of the record ----------------------------------------------------


def test_a_bounced_check_is_told_with_its_date_amount_and_number():
    b = sample_tables()
    pay = b.payment(
        "C-0001",
        30000,
        "2026-09-10",
        invoice="INV-0001",
        reference="check #1077",
        bounced="2026-09-15",
    )
    _, pages, _ = letter_pages(b.view(), "firm")
    text = flat(pages[0])
    assert (
        f"Payment by check #1077 ({pay['ref']}) for $300.00, received September 10, 2026, was returned "
        "unpaid on September 15, 2026, so it is not counted as paid."
    ) in text


def test_only_delivered_letters_and_contacts_made_are_cited():
    b = sample_tables()
    b.add(
        "letters",
        customer="C-0001",
        kind="firm",
        invoices=["INV-0001"],
        date="2026-10-20",
        body="…",
        sha256="ef" * 32,
        delivery={"via": None, "tracking": None},
        contact=None,
        deadline=None,
        note="",
    )
    visit = b.contact(
        "C-0001",
        at("2026-11-02", 9),
        "Went round",
        via="visit",
        outcome="spoke",
        invoices=["INV-0001"],
    )
    fix = b.contact(
        "C-0001",
        at("2026-11-03", 9),
        "Correction: nobody was in",
        via="visit",
        outcome="no-answer",
        invoices=["INV-0001"],
    )
    b.tables["contacts"][len(b.tables["contacts"])]["corrects"] = visit["ref"]
    del fix
    letter = compose_letter(b.view(), "C-0001", "firm", TODAY)
    text = " ".join(letter.paragraphs)
    assert "October 20, 2026" not in text  # prepared, never sent
    assert "spoke with you in person on November 2" not in text
    assert "came by to see you on November 2, 2026" in text


# ----- 7. a #10 window envelope ------------------------------------------------------


def test_the_address_sits_in_the_envelope_window_with_the_return_address_above(view):
    _, _, data = letter_pages(view, "reminder")
    words = words_on(data)
    window = (1.0 * PT_PER_INCH, 2.042 * PT_PER_INCH, 4.375 * PT_PER_INCH, 2.917 * PT_PER_INCH)
    sender = next(w for w in words if w["text"] == "Ångström" and window[1] <= w["top"] < window[3])
    lines = [("Renée", "Núñez-Łukasiewicz"), ("47", "Cherokee"), ("Louisville,", "40205")]
    tops = []
    for first, last in lines:
        w = next(
            w
            for w in words
            if w["text"] == first
            and sender["top"] < w["top"] < window[3]
            and any(v["text"] == last and abs(v["top"] - w["top"]) < 1 for v in words)
        )
        assert window[0] - 1 <= w["x0"] and w["bottom"] <= window[3], w
        tops.append(w["top"])
    assert tops == sorted(tops), "the return address above, then name, street, city"
    assert (
        max(w["x1"] for w in words if window[1] <= w["top"] <= window[3] and w["x0"] < 300)
        <= window[2]
    )


# ----- 8. fees and interest ----------------------------------------------------------


def test_agreed_interest_is_itemised_apart_from_the_principal(view):
    letter, pages, _ = letter_pages(view, "final")
    demand = letter.demand
    assert demand.principal == 1500_00 + 180_00 and demand.late_fees == 0 and demand.interest > 0
    text = flat(pages[0])
    assert "Outstanding on INV-0001 and INV-0003 $1,680.00" in text
    assert (
        "Interest to November 20, 2026, as agreed (interest of 1.5% a month on the overdue "
        "principal)" in text
    )
    assert demand.as_record() == {"principal": 168000, "late_fees": 0, "interest": demand.interest}


def test_no_fee_or_interest_line_where_none_was_agreed():
    b = Builder()
    b.profile(name="Spark", address="1 Main St", pay_methods=["check"])
    b.customer("Al", address="2 Oak St")
    b.invoice("C-0001", [("Work", "1", 50000)], "2026-09-01", "2026-10-01")
    letter = compose_letter(b.view(), "C-0001", "firm", TODAY)
    assert letter.demand.late_fees == letter.demand.interest == 0
    text = flat(pages_text(render_letter(b.view(), letter))[0])
    assert "Interest" not in text and "Late fee" not in text
    assert "Total to pay by Monday, November 30, 2026 $500.00" in text


def test_the_issued_letter_records_its_pay_by_and_what_it_demanded(tmp_path):
    from datetime import datetime, timedelta, timezone
    from decimal import Decimal

    from tradebook.services.billing import Item
    from tradebook.services.book import Book
    from tradebook.services.letters import issue_letter

    book = Book.open(tmp_path / "book.json", create=True)
    try:
        book.init_profile(name="Spark", today=TODAY, state="KY", pay_methods="check, card")
        book.add_customer(
            "Al", today=TODAY, address="2 Oak St", late_fee={"kind": "fixed", "amount": 2500}
        )
        inv = book.add_invoice(
            "C-0001", [Item("Work", Decimal("1"), 60000)], issued=date(2026, 9, 1), net_days=30
        )
        noon = datetime(2026, 11, 20, 12, tzinfo=timezone(timedelta(hours=-5)))
        issue_letter(
            book,
            inv["ref"],
            "firm",
            today=TODAY,
            at=noon,
            path=tmp_path / "firm.pdf",
            via="certified",
            tracking="9589 0710",
        )
        record = book.get("L-0001", "letters")
        assert record["pay_by"] == "2026-11-30"
        assert record["demanded"] == Demanded(principal=60000, late_fees=2500, interest=0)
        text = flat(pages_text(tmp_path / "firm.pdf")[0])
        assert "Late fee, as agreed (a late fee of $25.00 once past due) $25.00" in text
        assert "Total to pay by Monday, November 30, 2026 $625.00" in text
        assert "Sent by certified mail, No. 9589 0710" in record["body"]
        assert book.view.profile["pay_methods"] == ["check", "card"]
    finally:
        book.close()


def test_a_plan_offer_keeps_the_same_day_of_each_month(view):
    from tradebook.documents.letters import PlanTerms

    letter = compose_letter(
        view, "C-0001", "plan-offer", TODAY, plan=PlanTerms(installments=4, first=date(2027, 1, 31))
    )
    assert [d for d, _ in letter.installments] == [
        date(2027, 1, 31),
        date(2027, 2, 28),
        date(2027, 3, 31),
        date(2027, 4, 30),
    ]
    every_two_weeks = compose_letter(
        view,
        "C-0001",
        "plan-offer",
        TODAY,
        plan=PlanTerms(installments=2, every_days=14, first=date(2026, 12, 1)),
    )
    assert [d for d, _ in every_two_weeks.installments] == [date(2026, 12, 1), date(2026, 12, 15)]
