"""A damaged book, from the shell: one clear line, exit 4, nothing overwritten, and a way back."""

from __future__ import annotations

import json

import pytest

DAMAGE = {
    "truncated": lambda data: data[: len(data) // 2],
    "invalid JSON": lambda data: b'{"customers": [oops' + data[20:],
    "wrong types": lambda data: json.dumps(
        {**json.loads(data), "customers": ["not", "a", "table"]}
    ).encode(),
    "newer schema": lambda data: json.dumps(
        {**json.loads(data), "_meta": {"1": {"schema": 99, "seq": 1}}}
    ).encode(),
    "empty": lambda data: b"",
    "not a book": lambda data: b"[1, 2, 3]",
}


@pytest.fixture
def backed_up(started):
    started.ok("log", "C-0001", "Called about the invoice", "--via", "call", "--outcome", "spoke")
    started.ok("backup")
    from tradebook.services.book import Book

    Book.open(started.book).store.compact()
    return started


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_damaged_book_is_named_left_alone_and_restorable(backed_up, kind):
    cli = backed_up
    damaged = DAMAGE[kind](cli.book.read_bytes())
    cli.book.write_bytes(damaged)
    for args in (
        ["customer", "list"],
        ["log", "C-0001", "hello", "--via", "call", "--outcome", "spoke"],
        ["demo"],
    ):
        result = cli(*args)
        assert result.code == 4, (args, result)
        assert result.err.count("\n") == 1
        assert "tradebook restore" in result.err or "newer tradebook" in result.err
        assert cli.book.read_bytes() == damaged  # never overwritten
    restored = cli.ok("restore")
    assert "restored" in restored.out
    assert "Tom Becker" in cli.ok("customer", "list").out
    assert list(cli.book.parent.glob("book.json.damaged-*"))  # the damaged file is kept aside


def test_missing_book_says_how_to_start(cli):
    result = cli("log", "C-0001", "hello", "--via", "call", "--outcome", "spoke")
    assert result.code == 3 and "tradebook init" in result.err


def test_restore_without_backups_is_a_clear_error(cli):
    cli.ok("init", "--name", "X")
    result = cli("restore")
    assert result.code == 2 and "backup" in result.err


HAND_EDITS = {
    "amount is text": (lambda d: d["payments"]["1"].update(amount="abc"), "P-0001: amount"),
    "due removed": (lambda d: d["invoices"]["1"].pop("due"), "INV-0001: due"),
    "impossible due date": (lambda d: d["invoices"]["1"].update(due="2026-02-30"), "INV-0001: due"),
    "customers deleted": (lambda d: d.pop("customers"), "INV-0001: customer"),
    "line without price": (
        lambda d: d["invoices"]["1"]["items"][0].pop("unit"),
        "INV-0001: line 1",
    ),
}


@pytest.mark.parametrize("kind", list(HAND_EDITS))
def test_hand_edited_records_are_named_by_verify_and_never_a_traceback(started, kind):
    cli = started
    cli.ok("invoice", "add", "C-0001", "--item", "Labour:2:95", "--date", "2026-11-01")
    cli.ok("pay", "INV-0001", "100", "--date", "2026-11-02")
    from tradebook.services.book import Book

    Book.open(cli.book).store.compact()
    edit, named = HAND_EDITS[kind]
    data = json.loads(cli.book.read_text())
    edit(data)
    cli.book.write_text(json.dumps(data))
    result = cli("verify")
    assert result.code == 4 and named in result.out, result.out
    for args in (
        ["customer", "list"],
        ["invoice", "list"],
        ["flags"],
        ["next"],
        ["invoice", "show", "INV-0001"],
    ):
        outcome = cli(*args)
        assert "Traceback" not in outcome.err
        assert outcome.err.count("\n") <= 1
