"""The contact log is evidence: tampering is found, and two writers never lose an entry."""

from __future__ import annotations

import json
import subprocess
import sys


def _edit_snapshot(book_path, edit):
    data = json.loads(book_path.read_text())
    edit(data)
    book_path.write_text(json.dumps(data))


def test_verify_names_a_hand_edited_entry(started):
    cli = started
    for i in range(4):
        cli.ok("log", "C-0001", f"Call number {i}", "--via", "call", "--outcome", "spoke")
    from tradebook.services.book import Book

    Book.open(cli.book).store.compact()
    _edit_snapshot(
        cli.book, lambda d: d["contacts"]["3"].update(summary="Customer agreed to pay double")
    )
    result = cli("verify")
    assert result.code == 4  # the book is damaged
    assert result.out.startswith("K-0003 does not match")


def test_verify_notices_a_removed_entry(started):
    cli = started
    for i in range(3):
        cli.ok("log", "C-0001", f"Call number {i}", "--via", "call", "--outcome", "spoke")
    from tradebook.services.book import Book

    Book.open(cli.book).store.compact()
    _edit_snapshot(cli.book, lambda d: d["contacts"].pop("2"))
    result = cli("verify")
    assert result.code == 4 and result.out.startswith("K-0003")


WRITER = """
import sys
from tradebook.cli import main
book, who, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
for i in range(n):
    try:
        main(["--book", book, "log", "C-0001", f"{who} entry {i}", "--via", "call", "--outcome", "spoke"])
    except SystemExit as exc:
        if exc.code:
            raise
"""


def test_two_processes_logging_at_once_lose_nothing(started):
    cli = started
    n = 60
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(cli.book), who, str(n)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who in ("van", "office")
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1] for o in outs]
    refs = [line for out, _ in outs for line in out.split()]
    assert len(refs) == 2 * n and len(set(refs)) == 2 * n
    events = cli.ok("timeline", "C-0001", "--json").json()
    texts = {e["text"] for e in events if e["kind"] == "contact"}
    for who in ("van", "office"):
        for i in range(n):
            assert any(t.endswith(f"{who} entry {i}") for t in texts)
    assert cli.ok("verify").out.startswith(f"OK: {2 * n} contact entries")
