"""Rules for a business collecting its own bills follow the customer's state: a Massachusetts
customer called three times in a week, a Florida customer called at night, and no chasing
letter on a time-barred invoice."""

from __future__ import annotations

from datetime import date

import pytest


@pytest.fixture
def ma_customer(started):
    """A Boston customer with an invoice long overdue (today is 2026-11-22)."""
    started.ok(
        "customer", "add", "Beacon Hill Condos", "--address", "3 Beacon St, Boston, MA 02108"
    )
    started.ok(
        "invoice", "add", "Beacon", "--item", "Rewire:1:900", "--date", "2026-08-01", "--net", "30"
    )
    started.ok("invoice", "send", "INV-0001", "--via", "post", "--date", "2026-08-01")
    return started


def _calls(cli):
    return [a for a in cli.ok("next", "--json", "--days", "14").json() if a["action"] == "call"]


def test_a_massachusetts_customer_called_three_times_in_a_week(ma_customer):
    cli = ma_customer
    for at in ("2026-11-17T10:00", "2026-11-19T10:00"):
        cli.ok(
            "log",
            "Beacon",
            "Rang about INV-0001",
            "--via",
            "call",
            "--outcome",
            "voicemail",
            "--at",
            at,
        )
    calls = _calls(cli)
    assert calls and all(a["due"] >= "2026-11-24" for a in calls)  # never within the cap
    from tradebook.domain.creditor import next_call_allowed
    from tradebook.services.book import Book

    book = Book.open(cli.book)
    try:
        customer = book.customer("Beacon")
        allowed, why = next_call_allowed(book.view, customer, date(2026, 11, 22))
        assert str(allowed) == "2026-11-24"
        assert why.startswith(
            "Massachusetts allows 2 calls per 7 days to a home per debt (940 CMR 7.04"
        )
        assert "state from the customer's address (MA 02108)" in why
    finally:
        book.close()
    third = cli.ok(
        "log",
        "Beacon",
        "Rang again",
        "--via",
        "call",
        "--outcome",
        "no-answer",
        "--at",
        "2026-11-21T10:00",
    )
    assert "warning: 3 calls to Beacon Hill Condos in 7 days" in third.err
    assert third.out.strip().startswith("K-")  # still recorded: the log is evidence


def test_a_florida_call_at_night_warns(started):
    started.ok("customer", "add", "Miami Marina", "--address", "1 Bay Rd, Miami, FL 33101")
    late = started.ok(
        "log",
        "Miami",
        "Rang about the bill",
        "--via",
        "call",
        "--outcome",
        "voicemail",
        "--at",
        "2026-11-20T21:30",
    )
    assert "Florida forbids calls between 21:00 and 08:00" in late.err
    day = started.ok(
        "log",
        "Miami",
        "Rang about the bill",
        "--via",
        "call",
        "--outcome",
        "voicemail",
        "--at",
        "2026-11-20T11:00",
    )
    assert day.err == ""


def test_no_chasing_letter_on_a_time_barred_invoice(started, tmp_path):
    started.ok(
        "invoice", "add", "becker", "--item", "Old job:1:500", "--date", "2019-01-02", "--net", "30"
    )
    before = started.fingerprint()
    result = started("letter", "INV-0001", "--kind", "reminder", "-o", str(tmp_path / "r.pdf"))
    assert result.code == 2 and started.fingerprint() == before
    assert "past Kentucky's 5-year limitation period (it ended 2024-02-01" in result.err
    assert "decide instead: write it off as goodwill, or ask a lawyer first" in result.err
