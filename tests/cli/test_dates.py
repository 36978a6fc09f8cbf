"""Dates and times typed as people say them, on every command that takes one."""

from __future__ import annotations

import pytest

# the cli fixture pins today to Sunday 2026-11-22: the coming Friday is the 27th, the last the 20th


@pytest.fixture
def billed(started):
    started.ok(
        "job",
        "add",
        "C-0001",
        "--site",
        "12 Elm St",
        "--desc",
        "Panel",
        "--quote",
        "900",
        "--date",
        "2026-10-01",
    )
    started.ok(
        "invoice",
        "add",
        "C-0001",
        "--job",
        "J-0001",
        "--item",
        "Panel:1:900",
        "--date",
        "2026-10-05",
        "--net",
        "15",
    )
    return started


def test_a_promise_typed_as_fri_is_the_coming_friday(billed):
    billed.ok(
        "log", "becker", "Said he'd pay Friday", "--via", "call", "--in", "--promise", "fri:200"
    )
    promise = next(
        e for e in billed.ok("timeline", "C-0001", "--json").json() if e["kind"] == "promise"
    )
    assert "2026-11-27" in promise["text"] and promise["amount"] == "200.00"


def test_a_promise_is_read_from_the_day_it_was_made(billed):
    billed.ok(
        "log",
        "becker",
        "Will pay Friday",
        "--via",
        "call",
        "--outcome",
        "spoke",
        "--at",
        "wed 10am",
        "--promise",
        "fri",
    )
    events = billed.ok("timeline", "C-0001", "--json").json()
    at = next(e for e in events if e["kind"] == "contact")["at"]
    promise = next(e for e in events if e["kind"] == "promise")
    assert at.startswith("2026-11-18T10:00")
    assert "2026-11-20" in promise["text"]  # the Friday after that Wednesday


def test_what_has_happened_takes_the_last_one(billed):
    billed.ok("pay", "INV-0001", "100", "--date", "fri")
    billed.ok("pay", "INV-0001", "100", "--date", "11/2")
    billed.ok("pay", "INV-0001", "100", "--date", "Nov 3")
    billed.ok("pay", "INV-0001", "100", "--date", "-3")
    billed.ok("pay", "INV-0001", "100", "--date", "yesterday")
    dates = [p["date"] for p in _payments(billed)]
    assert dates == ["2026-11-20", "2026-11-02", "2026-11-03", "2026-11-19", "2026-11-21"]
    assert "done on 2026-11-16" in billed.ok("job", "done", "J-0001", "--date", "mon").out


def _payments(cli):
    from tradebook.services.book import Book

    return Book.open(cli.book).view.table("payments")


def test_a_contact_at_a_time_said_aloud(billed):
    billed.ok("log", "becker", "Rang back", "--via", "call", "--in", "--at", "yesterday 4:30pm")
    billed.ok("log", "becker", "Rang again", "--via", "call", "--in", "--at", "9:15")
    ats = [
        e["at"] for e in billed.ok("timeline", "C-0001", "--json").json() if e["kind"] == "contact"
    ]
    assert ats[0].startswith("2026-11-21T16:30") and ats[1].startswith("2026-11-22T09:15")


def test_a_job_starts_on_the_nearer_day(billed):
    billed.ok("job", "add", "becker", "--site", "12 Elm St", "--desc", "Porch", "--date", "Nov 2")
    billed.ok("job", "add", "becker", "--site", "12 Elm St", "--desc", "Shed", "--date", "tue")
    starts = [j["start"] for j in billed.ok("job", "list", "--json").json()]
    assert starts == ["2026-10-01", "2026-11-02", "2026-11-24"]


def test_days_to_come_on_invoices_and_plans(billed):
    billed.ok("invoice", "add", "C-0001", "--item", "Socket:1:80", "--due", "+2w")
    assert billed.ok("invoice", "show", "INV-0002", "--json").json()["due"] == "2026-12-06"
    out = billed.ok(
        "plan", "INV-0001", "--installments", "2", "--every", "14", "--start", "12/1"
    ).out
    assert "2026-12-01" in out and "2026-12-15" in out


@pytest.mark.parametrize(
    "args, words",
    [
        (
            ["pay", "INV-0001", "10", "--date", "15"],
            "could mean the 15th (11/15) or 15 days ago (-15)",
        ),
        (
            ["log", "becker", "x", "--via", "call", "--in", "--promise", "next fri"],
            "could mean Fri 2026-11-27 or Fri 2026-12-04",
        ),
        (
            ["log", "becker", "x", "--via", "call", "--in", "--at", "4:30"],
            "could be 4:30am or 4:30pm",
        ),
        (["log", "becker", "x", "--via", "call", "--in", "--promise", ":200"], "has no day"),
        (["invoice", "add", "C-0001", "--item", "A:1:5", "--due", "2/30"], "February has 29 days"),
        (
            ["pay", "INV-0001", "10", "--date", "22/11"],
            "dates are month/day — for Nov 22 write 11/22",
        ),
        (["pay", "INV-0001", "10", "--date", "tomorrow"], "in the future"),
    ],
)
def test_a_day_that_is_not_one_or_could_be_two_is_refused(billed, args, words):
    before = billed.fingerprint()
    result = billed(*args)
    assert result.code == 2 and words in result.err and result.err.count("\n") == 1, result
    assert billed.fingerprint() == before


def test_help_shows_the_ways_to_write_a_day(cli):
    due = " ".join(cli.ok("invoice", "add", "--help").out.split())
    assert "--due DATE" in due and "E.g. fri, +14, 12/15, Dec 15 or YYYY-MM-DD." in due
    pay = " ".join(cli.ok("pay", "--help").out.split())
    assert "E.g. yesterday, mon, -3, 11/28 or YYYY-MM-DD." in pay
    log = " ".join(cli.ok("log", "--help").out.split())
    assert "--promise DATE[:AMOUNT]" in log and "fri:200" in log and "yesterday 16:30" in log
