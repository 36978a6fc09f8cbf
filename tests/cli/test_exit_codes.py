"""Exit codes a script can act on, the same for every command, and help that shows examples."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from tradebook.cli import app, examples

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "args",
    [
        ["customer", "show", "Nobody"],
        ["invoice", "show", "INV-0099"],
        ["timeline", "C-0042"],
        ["pay", "INV-0099", "10"],
        ["job", "done", "J-0042"],
        ["bounce", "P-0042"],
        ["statement", "C-0042"],
        ["letter", "INV-0099", "--kind", "reminder", "-o", "r.pdf"],
        ["flags", "--customer", "Nobody"],
    ],
)
def test_not_found_is_3(started, args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = started.fingerprint()
    result = started(*args)
    assert result.code == 3 and result.err.startswith("tradebook: ") and result.err.count("\n") == 1
    assert started.fingerprint() == before


def test_no_book_is_3(cli):
    result = cli("flags")
    assert result.code == 3 and "no book at" in result.err and not cli.book.exists()


def test_a_name_that_fits_two_customers_is_bad_input(started):
    started.ok("customer", "add", "Tom Baker")
    result = started("customer", "show", "Tom")
    assert result.code == 2 and "matches 2 customers" in result.err


def test_a_damaged_book_is_4(started):
    started.book.write_bytes(b'{"customers": [oops')
    result = started("customer", "list")
    assert result.code == 4 and "damaged" in result.err and result.err.count("\n") == 1


def test_a_busy_book_is_75(started, monkeypatch):
    from tradebook.book import _fs
    from tradebook.book.store import Store

    opened = Store.open.__func__
    monkeypatch.setattr(
        Store,
        "open",
        classmethod(lambda cls, path, **kw: opened(cls, path, **{**kw, "lock_timeout": 0.2})),
    )
    other = _fs.FileLock(f"{started.book}.lock")  # another tradebook, in the middle of a write
    other.acquire(1.0)
    try:
        before = started.fingerprint()
        result = started("customer", "add", "Ann Lee")
    finally:
        other.release()
    assert result.code == 75 and "busy" in result.err and "try again" in result.err
    assert started.fingerprint() == before
    assert started.ok("customer", "add", "Ann Lee").out.strip() == "C-0002"  # and once it is free


def test_anything_unexpected_is_1_in_one_line(started, monkeypatch):
    from tradebook.domain.accounts import Accounts

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(Accounts, "balance", broken)
    result = started("customer", "list")
    assert result.code == 1 and result.err.count("\n") == 1 and "Traceback" not in result.err
    assert "unexpected error (ZeroDivisionError" in result.err


def test_refused_by_a_rule_is_2(started):
    started.ok("invoice", "add", "C-0001", "--item", "Panel:1:900", "--date", "2026-11-20")
    result = started("letter", "INV-0001", "--kind", "final", "-o", "final.pdf")
    assert result.code == 2 and result.err.count("\n") == 1


def test_usage_mistakes_are_2(started):
    assert started("frobnicate").code == 2
    assert started("pay", "INV-0001").code == 2
    assert started("pay", "INV-0001", "10", "--colour", "red").code == 2


def test_version(cli):
    from tradebook import __version__

    assert cli.ok("--version").out.strip() == f"tradebook {__version__}"


def _commands(command, path=()):
    subs = getattr(command, "commands", None)
    if not subs:
        yield path
        return
    for name, sub in subs.items():
        yield from _commands(sub, (*path, name))


@pytest.mark.parametrize("path", list(_commands(typer.main.get_command(app))), ids=" ".join)
def test_every_command_shows_examples_of_itself_line_by_line(cli, path):
    shown = cli.ok(*path, "--help").out
    assert "\n  Examples:\n" in shown, shown
    lines = shown.split("\n  Examples:\n", 1)[1].split("\n\n")[0].splitlines()
    assert 1 <= len(lines) <= 4
    for line in lines:
        assert line.startswith(f"    tradebook {' '.join(path)}"), line
        assert len(line) <= 110, line


def test_the_exit_codes_are_in_help_and_readme_alike(cli):
    shown = cli.ok("--help").out
    codes = re.findall(r"^\s+(\d+)\s+(\S.*)$", examples.EXIT_CODES, flags=re.M)
    assert [c for c, _ in codes] == ["0", "2", "3", "4", "75", "1"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code, meaning in codes:
        assert re.search(rf"^\s+{code}\s+{re.escape(meaning)}$", shown, flags=re.M), code
        assert re.search(rf"^\| `{code}` \|", readme, flags=re.M), code
    words = " ".join(shown.split())
    assert "fri" in words and "12/15" in words and "yesterday 4pm" in words


def test_a_closed_pipe_ends_quietly_as_done(started):
    started.ok("invoice", "add", "C-0001", "--item", "Panel:1:900", "--date", "2026-10-01")
    for args in (["flags"], ["invoice", "list"], ["--help"], ["timeline", "C-0001", "--json"]):
        reader, writer = os.pipe()
        os.close(reader)  # the reader has gone (`| head -1` after its line)
        try:
            done = subprocess.run(
                [sys.executable, "-m", "tradebook", "--book", str(started.book), *args],
                stdout=writer,
                stderr=subprocess.PIPE,
                timeout=60,
                env={**os.environ, "TRADEBOOK_TODAY": "2026-11-22"},
            )
        finally:
            os.close(writer)
        assert done.returncode == 0 and done.stderr == b"", (args, done)


def test_bare_tradebook_without_a_terminal_starts_no_book(cli):
    result = cli.ok()
    assert "No book at" in result.out and "tradebook init" in result.out
    assert not cli.book.exists() and not list(cli.book.parent.glob("book.json*"))


def test_bare_tradebook_without_a_terminal_sums_up_the_book_there_is(started):
    result = started.ok()
    assert "Bright Spark Electric" in result.out and "1 customers" in result.out
