"""Every mistake a user can make: one line on stderr, exit 2 (3 for what is not there), and the
book byte-identical."""

from __future__ import annotations

import pytest

BAD = [
    ("malformed amount", ["pay", "INV-0001", "12.3.4"]),
    ("NaN amount", ["pay", "INV-0001", "NaN"]),
    ("negative amount", ["pay", "INV-0001", "-50"]),
    ("zero payment", ["pay", "INV-0001", "0"]),
    ("three decimals", ["pay", "INV-0001", "10.555"]),
    ("overpayment", ["pay", "INV-0001", "10000"]),
    ("impossible date", ["pay", "INV-0001", "10", "--date", "2026-02-30"]),
    ("not a date", ["job", "add", "C-0001", "--site", "x", "--desc", "y", "--date", "someday"]),
    ("empty customer name", ["customer", "add", "   "]),
    ("empty contact text", ["log", "C-0001", " ", "--via", "call", "--outcome", "spoke"]),
    ("bad channel", ["log", "C-0001", "hello", "--via", "pigeon"]),
    ("bad promise date", ["log", "C-0001", "hello", "--via", "call", "--promise", "2026-13-01"]),
    (
        "promise in the past",
        [
            "log",
            "C-0001",
            "hello",
            "--via",
            "call",
            "--promise",
            "2020-01-01",
            "--at",
            "2026-11-20T10:00:00+00:00",
        ],
    ),
    (
        "bad promise amount",
        ["log", "C-0001", "hello", "--via", "call", "--promise", "2026-12-01:abc"],
    ),
    ("bad timestamp", ["log", "C-0001", "hello", "--via", "call", "--at", "sometime"]),
    ("negative quantity", ["invoice", "add", "C-0001", "--item", "Labour:-2:95"]),
    ("zero quantity", ["invoice", "add", "C-0001", "--item", "Labour:0:95"]),
    ("malformed item", ["invoice", "add", "C-0001", "--item", "Labour 2 hours"]),
    ("no items", ["invoice", "add", "C-0001"]),
    ("negative unit price", ["invoice", "add", "C-0001", "--item", "Labour:2:-95"]),
    (
        "due before issue",
        [
            "invoice",
            "add",
            "C-0001",
            "--item",
            "A:1:5",
            "--date",
            "2026-11-10",
            "--due",
            "2026-11-01",
        ],
    ),
    ("negative credit limit", ["customer", "add", "X", "--credit-limit", "-5"]),
    ("bad late fee", ["customer", "add", "X", "--late-fee", "lots"]),
    ("bad email", ["customer", "add", "X", "--email", "not-an-email"]),
    (
        "deposit above quote",
        [
            "job",
            "add",
            "C-0001",
            "--site",
            "x",
            "--desc",
            "y",
            "--quote",
            "100",
            "--deposit",
            "200",
        ],
    ),
    ("bad job status", ["job", "status", "J-0001", "finished"]),
    ("bad send channel", ["invoice", "send", "INV-0001", "--via", "fax"]),
    ("plan of one", ["plan", "INV-0001", "--instalments", "1", "--every", "30"]),
    ("wrong ref kind", ["pay", "C-0001", "10"]),
    ("unknown command", ["frobnicate"]),
    ("missing option", ["log", "C-0001", "hello"]),
    ("bad export format", ["export", "--format", "xml", "/tmp/nowhere"]),
    ("control characters", ["customer", "add", "Bad\x07Name"]),
    ("undecodable bytes", ["log", "C-0001", "caf\udce9", "--via", "call", "--outcome", "spoke"]),
    ("absurd amount", ["pay", "INV-0001", "99999999999999"]),
    ("future payment", ["pay", "INV-0001", "10", "--date", "2030-01-01"]),
    (
        "future contact",
        ["log", "C-0001", "hello", "--via", "text", "--at", "2026-11-24T10:00:00+00:00"],
    ),
    ("future invoice", ["invoice", "add", "C-0001", "--item", "A:1:5", "--date", "2027-05-01"]),
    ("future sending", ["invoice", "send", "INV-0001", "--via", "post", "--date", "2027-01-01"]),
    ("tracking for email", ["invoice", "send", "INV-0001", "--via", "email", "--tracking", "123"]),
    (
        "plan before the invoice",
        ["plan", "INV-0001", "--instalments", "2", "--every", "14", "--start", "2020-01-01"],
    ),
    ("resolve with no dispute", ["log", "C-0001", "sorted", "--via", "text", "--resolve-dispute"]),
    (
        "promise above what is owed",
        ["log", "C-0001", "hi", "--via", "text", "--promise", "2026-12-01:99999"],
    ),
    ("deposit above the quote", ["pay", "J-0001", "5000"]),
    ("eastern arabic digits", ["pay", "INV-0001", "١٠٠"]),
    ("newline in a name", ["customer", "add", "Line1\nLine2"]),
    ("not a state", ["init", "--state", "ZZ"]),
    ("bad profile email", ["init", "--email", "bad"]),
    ("absurd invoice line", ["invoice", "add", "C-0001", "--item", "Thing:100000:100000"]),
    (
        "discount bigger than the work",
        ["invoice", "add", "C-0001", "--item", "Work:1:100", "--item", "Discount:1:-200"],
    ),
    (
        "bad TRADEBOOK_TODAY-free bad --net",
        ["invoice", "add", "C-0001", "--item", "A:1:5", "--net", "-3"],
    ),
    ("space inside an amount", ["pay", "INV-0001", "12 00"]),
    ("space inside a unit price", ["invoice", "add", "C-0001", "--item", "Labour:2:9 5"]),
    ("a lone dash as what happened", ["log", "C-0001", "-", "--via", "call", "--outcome", "spoke"]),
    ("a lone dot as what happened", ["log", "C-0001", ".", "--via", "text"]),
    ("dashes and dots as what happened", ["log", "C-0001", " -.- ", "--via", "text"]),
    ("blank notes", ["customer", "add", "Ann Lee", "--notes", "   "]),
    ("a dash for notes", ["invoice", "add", "C-0001", "--item", "A:1:5", "--notes", "-"]),
    ("a dash for a job", ["job", "add", "C-0001", "--site", "12 Elm St", "--desc", "-"]),
    ("dots for a name", ["customer", "add", "..."]),
]

NOT_THERE = [  # exit 3: a script can tell "no such record" from a mistake in how it was asked
    ("unknown invoice", ["pay", "INV-0099", "10"]),
    ("unknown customer ref", ["log", "C-0042", "hello", "--via", "call", "--outcome", "spoke"]),
    ("unknown customer name", ["log", "Nobody", "hello", "--via", "call", "--outcome", "spoke"]),
    ("bounce unknown payment", ["bounce", "P-0042"]),
]


@pytest.fixture
def book(started):
    started.ok(
        "job",
        "add",
        "C-0001",
        "--site",
        "12 Elm St",
        "--desc",
        "Panel",
        "--date",
        "2026-10-01",
        "--quote",
        "1000",
        "--deposit",
        "300",
    )
    started.ok("invoice", "add", "C-0001", "--item", "Labour:10:95", "--date", "2026-10-05")
    return started


@pytest.mark.parametrize(
    ("args", "code"),
    [(a, 2) for _, a in BAD] + [(a, 3) for _, a in NOT_THERE],
    ids=[n for n, _ in BAD] + [n for n, _ in NOT_THERE],
)
def test_refused_without_a_write(book, args, code):
    before = book.fingerprint()
    result = book(*args)
    assert result.code == code, result
    assert result.err.startswith("tradebook: ")
    assert result.err.count("\n") == 1, result.err
    assert "Traceback" not in result.err
    assert book.fingerprint() == before


def test_missing_book_is_an_error_not_a_new_file(cli):
    result = cli("customer", "list")
    assert result.code == 3 and "no book at" in result.err
    assert not cli.book.exists()
