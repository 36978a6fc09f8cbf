"""The store's whole contract again — write, reopen, kill, two writers, damage, restore — under
Windows' file rules, emulated (tests/book/windows.py): there is no Windows machine here.

Every storage test of tests/book runs here a second time, apart from the few that test POSIX
permissions, which Windows does not have (listed below with why). Then the Windows-only cases:
a rename refused while another program holds the book open, retried, then reported with both
files kept.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import pytest

from tests.book import (
    test_daily_backup,
    test_store_basics,
    test_store_damage,
    test_store_journal,
    test_store_kill,
    test_store_lazy,
    test_store_migration,
)
from tests.book.test_store_concurrency import two_writers_and_a_reader
from tests.book.windows import emulate
from tradebook.book import _fs, _platform
from tradebook.book.store import Store, restore
from tradebook.errors import TradebookError

#: tests of POSIX permissions: Windows has no 0600 and no read-only folders (a folder's
#: read-only flag does not stop writes into it); docs/platforms.md says what protects the book
POSIX_ONLY = {
    "test_new_book_is_private_and_in_tinydb_layout": "checks POSIX modes 0600/0700",
    "test_read_only_folder_and_files": "chmod 0500 folders",
    "test_read_only_folder_without_a_lock_file": "chmod 0500 folders",
    "test_read_only_folder_with_writable_files_keeps_the_write_in_the_journal": "chmod 0500",
    "test_a_folder_that_cannot_be_entered": "chmod 0000 folders",
    "test_upgrade_in_a_read_only_folder_reads_but_refuses_writes": "chmod 0500 folders",
    # reads /proc/self/fd to tell a backup's descriptor, which the emulation does not change
    "test_disk_full_while_backing_up_does_not_undo_the_compaction": "reads /proc/self/fd",
}

for _module in (
    test_daily_backup,
    test_store_basics,
    test_store_damage,
    test_store_journal,
    test_store_kill,
    test_store_lazy,
    test_store_migration,
):
    for _name, _value in vars(_module).items():
        if _name in POSIX_ONLY:
            continue
        # the tests, and the fixtures they ask for (pytest finds both by name in this module)
        if _name.startswith("test_") or type(_value).__name__ == "FixtureFunctionDefinition":
            globals()[_name] = _value


@pytest.fixture(autouse=True)
def windows(tmp_path: Path, monkeypatch):
    return emulate(tmp_path, monkeypatch)


# ----- the emulation itself bites -----------------------------------------------------------


def test_the_emulation_enforces_windows_rules(tmp_path: Path):
    import os

    with pytest.raises(ImportError):
        import fcntl  # noqa: F401
    assert not hasattr(os, "O_CLOEXEC") and not hasattr(os, "O_DIRECTORY")
    with pytest.raises(PermissionError):
        os.open(tmp_path, os.O_RDONLY | os.O_BINARY)
    text = os.open(tmp_path / "x", os.O_WRONLY | os.O_CREAT)
    with pytest.raises(AssertionError, match="without O_BINARY"):
        os.write(text, b"a line\n")
    os.close(text)
    held = tmp_path / "held"
    held.write_bytes(b"old")
    (tmp_path / "new").write_bytes(b"new")
    with open(held, "rb"), pytest.raises(PermissionError):
        os.replace(tmp_path / "new", held)
    os.replace(tmp_path / "new", held)
    assert held.read_bytes() == b"new"
    assert isinstance(_platform.rules(), _platform.WindowsRules)


def test_the_store_takes_no_shared_lock_and_syncs_no_folder(book: Path, monkeypatch):
    synced = []
    monkeypatch.setattr(_platform.WindowsRules, "sync_dir", lambda self, p: synced.append(p))
    with Store.open(book) as store, store.transaction() as txn:
        txn.insert("customers", {"name": "Tom"})
    assert synced == []  # fsync_dir never reaches the rules on Windows


def test_two_writers_and_a_reader(book: Path, tmp_path: Path):
    prelude = (
        f"import os, sys\nfrom tests.book.windows import emulate\nemulate({str(tmp_path)!r})\n"
    )
    two_writers_and_a_reader(book, tmp_path, prelude)


# ----- a rename refused while another program has the file open ---------------------------


def test_compaction_waits_for_a_reader_that_lets_go(book: Path):
    with Store.open(book) as store:
        with store.transaction() as txn:
            txn.insert("customers", {"name": "Tom"})
        held = open(book, "rb")  # noqa: SIM115 - another program reading the book

        def let_go() -> None:
            time.sleep(0.15)
            held.close()

        threading.Thread(target=let_go).start()
        store.compact()  # retried until the reader closed it
        assert store.compaction_error is None
    with Store.open(book) as again:
        assert again.table("customers") == {1: {"name": "Tom"}}


def test_a_book_held_open_for_good_is_reported_and_nothing_is_lost(book: Path):
    store = Store.open(book)
    with store.transaction() as txn:
        txn.insert("customers", {"name": "Tom"})
    before = book.read_bytes()
    with open(book, "rb"):  # an editor, a sync tool or antivirus holding it
        with pytest.raises(TradebookError) as info:
            store.compact()
        message = info.value.message
        assert f"{book} is open in another program" in message
        assert "close it and try again" in message
        kept = book.with_name(f"book.json.tmp-{__import__('os').getpid()}")
        assert f"the new copy is kept at {kept}" in message
        assert kept.exists() and book.read_bytes() == before  # both files stay
        with store.transaction() as txn:  # writes go on: the journal holds them
            txn.insert("customers", {"name": "Ann"})
        store.close()  # folding in fails again, quietly: the reason is kept
        assert store.compaction_error is not None
    with Store.open(book) as again:  # and once it is let go, all is there
        assert [c["name"] for c in again.table("customers").values()] == ["Tom", "Ann"]
        assert not kept.exists()  # the leftover temp file is cleared on open


def test_restore_onto_a_book_held_open_says_so(filled: Path):
    with open(filled, "rb"), pytest.raises(TradebookError, match="is open in another program"):
        restore(filled)
    restore(filled)  # once let go
    with Store.open(filled) as store:
        assert len(store.table("customers")) == 30


def test_writing_a_document_that_is_open_keeps_both(tmp_path: Path):
    from tradebook.documents.output import write_atomic

    pdf = tmp_path / "reminder.pdf"
    pdf.write_bytes(b"%PDF old")
    with open(pdf, "rb"), pytest.raises(TradebookError) as info:  # open in a PDF viewer
        write_atomic(pdf, b"%PDF new")
    assert "is open in another program" in info.value.message
    assert pdf.read_bytes() == b"%PDF old"
    kept = tmp_path / "reminder.new.pdf"
    assert kept.read_bytes() == b"%PDF new" and str(kept) in info.value.message


def test_the_platform_is_chosen_from_sys_platform():
    assert isinstance(_platform.for_platform("win32"), _platform.WindowsRules)
    assert isinstance(_platform.for_platform("darwin"), _platform.MacRules)
    assert type(_platform.for_platform("linux")) is _platform.Rules
    assert sys.modules.get("msvcrt") is not None  # the emulation's stand-in
    assert _fs.PRIVATE == 0o600


def test_the_command_line_on_windows_rules_and_a_csv_open_in_excel(tmp_path: Path, monkeypatch):
    """The whole CLI over the emulated rules: a book made, written and exported; exporting
    again while Excel holds a CSV says so, and works once it is closed."""
    from tests.cli.conftest import TODAY, Cli

    monkeypatch.setenv("TRADEBOOK_TODAY", TODAY)
    cli = Cli(tmp_path / "José Núñez" / "book.json")
    cli.ok("init", "--name", "Spark Electric", "--state", "KY", "--pay-methods", "check")
    cli.ok("customer", "add", "Tom Becker")
    cli.ok("log", "Tom", "Rang about the balance", "--via", "call", "--outcome", "voicemail")
    out = tmp_path / "export"
    cli.ok("export", "--format", "csv", str(out))
    with open(out / "customers.csv", "rb"):  # open in Excel
        held = cli("export", "--format", "csv", str(out))
    assert held.code == 1 and "customers.csv: it is open in another program" in held.err
    cli.ok("export", "--format", "csv", str(out))
    assert cli.ok("verify").out.startswith("OK: 1 contact entries")
