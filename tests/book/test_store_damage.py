"""Damaged books, a read-only folder and a full disk: one clear message, nothing overwritten."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.book.helpers import files, in_child, journal, read_only_book
from tradebook.book.store import Store, list_backups, restore
from tradebook.errors import BookDamaged, NotFound, TradebookError

DAMAGE: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "truncated": (lambda b: b[: len(b) // 2], "cut short or not valid JSON"),
    "invalid json": (lambda b: b.replace(b'"name"', b"name", 1), "not valid JSON"),
    "empty": (lambda b: b"", "the file is empty"),
    "zeros": (lambda b: b"\0" * len(b), "not valid JSON"),
    "top level list": (lambda b: b"[1, 2, 3]", "holds a list, not a book"),
    "table is a list": (
        lambda b: b.split(b',\n"customers"')[0] + b',\n"customers":[1,2]}',
        "table 'customers' is a list, not an object",
    ),
    "record is a string": (
        lambda b: b.replace(b'"1":{"name":"Customer 1","n":1}', b'"1":"x"'),
        "holds a record that is not an object",
    ),
    "id not a number": (
        lambda b: b.replace(b'"1":{"name"', b'"one":{"name"'),
        "record id that is not a number",
    ),
    "seq not a number": (lambda b: b.replace(b'"seq":3,', b'"seq":"3",'), "not a whole number"),
    "no _meta (stock TinyDB file)": (lambda b: b'{"_default": {"1": {"a": 1}}}', "no _meta table"),
    "newer schema": (
        lambda b: b.replace(b'"schema":1', b'"schema":99'),
        "newer tradebook (schema 99",
    ),
}


@pytest.mark.parametrize("kind", DAMAGE)
def test_damaged_snapshot(filled: Path, kind: str):
    damage, expected = DAMAGE[kind]
    filled.write_bytes(damage(filled.read_bytes()))
    before = files(filled)
    for create in (False, True):
        with pytest.raises(BookDamaged) as info:
            Store.open(filled, create=create)
        message = info.value.message
        assert "\n" not in message
        assert expected in message
        assert "tradebook restore" in message
        assert str(list_backups(filled)[0]) in message
    assert files(filled) == before  # byte-identical: never written to

    used = restore(filled)
    assert used == list_backups(filled)[0]
    with Store.open(filled) as store:
        assert len(store.table("customers")) == 30
    aside = filled.with_name(
        next(
            p.name
            for p in filled.parent.iterdir()
            if p.name.startswith("book.json.damaged-") and not p.name.endswith(".journal")
        )
    )
    assert aside.read_bytes() == before["book.json"]


def test_newest_backup_damaged_too_falls_back_to_an_older_one(filled: Path):
    with Store.open(filled) as store:
        older = store.backup()
        with store.transaction() as txn:
            txn.insert("customers", {"name": "late"})
    newest = list_backups(filled)[0]
    newest.write_bytes(b"{")
    filled.write_bytes(b"{")
    with pytest.raises(BookDamaged, match=f"newest good backup: {older}"):
        Store.open(filled)
    assert restore(filled) == older
    with pytest.raises(BookDamaged, match="cannot be used"):
        restore(filled, newest)


def test_no_backup_at_all(book: Path):
    Store.open(book).close()
    book.write_bytes(b"garbage")
    with pytest.raises(BookDamaged, match="there is no good backup"):
        Store.open(book)
    with pytest.raises(NotFound, match="no good backup"):
        restore(book)
    assert book.read_bytes() == b"garbage"


def test_missing_book_with_create_false_names_the_path(tmp_path: Path):
    missing = tmp_path / "book.json"
    with pytest.raises(NotFound) as info:
        Store.open(missing, create=False)
    assert info.value.message.startswith(f"no book at {missing}")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_where_the_book_should_be(tmp_path: Path):
    (tmp_path / "book.json").mkdir()
    with pytest.raises(TradebookError, match="cannot read the book"):
        Store.open(tmp_path / "book.json")


# ----- read-only folder ---------------------------------------------------------------------


def try_a_write(book: Path) -> dict:
    store = Store.open(book)
    out = {"read": dict(store.table("customers"))}
    try:
        with store.transaction() as txn:
            txn.insert("customers", {"name": "Ann"})
        out["write"] = "ok"
    except TradebookError as exc:
        out["write"] = exc.message
    out["memory"] = sorted(store.table("customers"))
    store.close()
    out["close"] = None if store.compaction_error is None else store.compaction_error.message
    return out


def test_read_only_folder_and_files(shared_dir: Path):
    book = read_only_book(shared_dir, files_too=True)
    before = files(book)
    out = in_child(lambda: try_a_write(book), unprivileged=True)
    assert out["read"] == {1: {"name": "Tom"}}
    assert out["write"].startswith("permission denied: could not save to")
    assert "\n" not in out["write"]
    assert out["memory"] == [1]
    assert files(book) == before


def test_read_only_folder_without_a_lock_file(shared_dir: Path):
    book = read_only_book(shared_dir, files_too=False, lock_file=False)
    before = files(book)
    out = in_child(lambda: try_a_write(book), unprivileged=True)
    assert out["read"] == {1: {"name": "Tom"}}
    assert out["write"].startswith("permission denied: could not lock")
    assert files(book) == before


def test_read_only_folder_with_writable_files_keeps_the_write_in_the_journal(shared_dir: Path):
    """The journal can still be appended to; only the compaction fails, and quietly."""
    book = read_only_book(shared_dir, files_too=False)
    snapshot = book.read_bytes()
    out = in_child(lambda: try_a_write(book), unprivileged=True)
    assert out["write"] == "ok"
    assert out["close"].startswith("permission denied: could not rewrite")
    assert book.read_bytes() == snapshot
    assert not list(book.parent.glob("book.json.tmp-*"))
    assert in_child(lambda: try_a_write(book), unprivileged=True)["read"] == {
        1: {"name": "Tom"},
        2: {"name": "Ann"},
    }


# ----- full disk ----------------------------------------------------------------------------


def disk_full_after(limit: int):
    """An os.write that lets `limit` more bytes through, then fails with ENOSPC."""
    real_write = os.write
    left = limit

    def write(fd: int, data) -> int:
        nonlocal left
        if left <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written = real_write(fd, bytes(data[:left]))
        left -= written
        return written

    return write


def fail_with_enospc(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("where", ["write", "fsync"])
def test_disk_full_during_a_write(filled: Path, monkeypatch, where: str):
    store = Store.open(filled)
    with store.transaction() as txn:
        txn.insert("customers", {"name": "acknowledged"})
    before, version, table = files(filled), store.version, dict(store.table("customers"))
    with monkeypatch.context() as patch:
        if where == "write":
            patch.setattr(os, "write", disk_full_after(20))  # a torn line reaches the file
        else:
            patch.setattr(os, "fsync", fail_with_enospc)
        with pytest.raises(TradebookError) as info, store.transaction() as txn:
            txn.insert("customers", {"name": "never acknowledged"})
    assert info.value.message.startswith("the disk is full: could not save to")
    assert files(filled) == before
    assert (store.version, dict(store.table("customers"))) == (version, table)
    with store.transaction() as txn:  # space is back
        assert txn.insert("customers", {"name": "next"}) == 32
    store.close()
    with Store.open(filled) as again:
        assert [d["name"] for d in again.table("customers").values()][-2:] == [
            "acknowledged",
            "next",
        ]


def test_disk_full_during_compaction(filled: Path, monkeypatch):
    store = Store.open(filled)
    with store.transaction() as txn:
        txn.insert("customers", {"name": "in the journal"})
    before, table = files(filled), dict(store.table("customers"))
    with monkeypatch.context() as patch:
        patch.setattr(os, "write", disk_full_after(100))
        with pytest.raises(TradebookError, match="the disk is full: could not rewrite"):
            store.compact()
        store.close()  # best effort: no exception, the reason is kept
    assert store.compaction_error.message.startswith("the disk is full")
    assert files(filled) == before
    assert dict(store.table("customers")) == table
    assert not list(filled.parent.glob("book.json.tmp-*"))
    with Store.open(filled) as again:
        assert again.table("customers") == table


def test_disk_full_while_backing_up_does_not_undo_the_compaction(filled: Path, monkeypatch):
    store = Store.open(filled)
    with store.transaction() as txn:
        txn.insert("customers", {"name": "in the journal"})
    real_write = os.write

    def write(fd: int, data) -> int:
        if ".backups" in os.readlink(f"/proc/self/fd/{fd}"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)
    store.compact()
    monkeypatch.undo()
    assert store.compaction_error.message.startswith("the disk is full: could not write a backup")
    assert journal(filled).stat().st_size == 0
    assert b"in the journal" in filled.read_bytes()
    store.close()


def test_a_folder_that_cannot_be_entered(shared_dir: Path):
    locked = shared_dir / "locked"
    locked.mkdir()
    (locked / "inner").mkdir()
    locked.chmod(0o000)

    def attempt() -> str:
        try:
            Store.open(locked / "inner" / "book.json")
        except TradebookError as exc:
            return exc.message
        return "opened"

    assert in_child(attempt, unprivileged=True).startswith("cannot reach the book at")
