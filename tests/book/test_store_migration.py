"""Older books are upgraded: migrated in memory, the old file backed up, the new one written."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import orjson
import pytest

from tests.book.helpers import files, in_child, journal, read_only_book
from tradebook.book import store as store_module
from tradebook.book.store import Store, list_backups
from tradebook.errors import BookDamaged, TradebookError


def journal_entry(seq: int, *ops: list) -> bytes:
    payload = orjson.dumps({"seq": seq, "ops": list(ops)})
    return b"%08x %b\n" % (zlib.crc32(payload), payload)


def schema_0_book(book: Path) -> bytes:
    """A book from before _meta carried a schema number, with one write still in its journal."""
    book.parent.mkdir(parents=True, exist_ok=True)
    old = b'{"_meta":{"1":{"seq":1}},"customers":{"1":{"name":"Tom","phone":"502-555-0199"}}}'
    book.write_bytes(old)
    journal(book).write_bytes(
        journal_entry(2, ["i", "customers", 2, {"name": "Ann", "phone": "1"}])
    )
    return old


def test_schema_0_book_is_upgraded_on_open(book: Path):
    old = schema_0_book(book)
    with Store.open(book) as store:
        assert store.table("customers") == {
            1: {"name": "Tom", "phone": "502-555-0199"},
            2: {"name": "Ann", "phone": "1"},
        }
        meta = json.loads(book.read_bytes())["_meta"]["1"]
        assert (meta["schema"], meta["seq"]) == (1, 2)
        assert journal(book).read_bytes() == b""
    backups = list_backups(book)
    assert backups[-1].read_bytes() == old  # the file as it was, before the upgrade
    assert backups[-1].name.endswith("-000000001.json")


def test_migrations_run_in_order_once(book: Path, monkeypatch):
    with Store.open(book) as store, store.transaction() as txn:
        txn.insert("customers", {"name": "Tom", "phone": "502-555-0199"})
    journal(book).write_bytes(
        journal_entry(2, ["i", "customers", 2, {"name": "Ann", "phone": "1"}])
    )
    calls = []

    def phones_become_a_list(tables: dict) -> dict:
        calls.append(1)
        for doc in tables.get("customers", {}).values():
            doc["phones"] = [doc.pop("phone")]
        return tables

    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(store_module.MIGRATIONS, 1, phones_become_a_list)
    with Store.open(book) as store:
        assert store.table("customers") == {
            1: {"name": "Tom", "phones": ["502-555-0199"]},
            2: {"name": "Ann", "phones": ["1"]},
        }
        with store.transaction() as txn:
            txn.insert("customers", {"name": "Bo", "phones": []})
    with Store.open(book) as store:
        assert store.get("customers", 3) == {"name": "Bo", "phones": []}
    assert calls == [1]
    assert b'"schema":2' in book.read_bytes()


def test_a_failing_migration_leaves_the_file_alone(book: Path, monkeypatch):
    schema_0_book(book)
    before = files(book)

    def broken(tables: dict) -> dict:
        raise KeyError("phone")

    monkeypatch.setitem(store_module.MIGRATIONS, 0, broken)
    with pytest.raises(TradebookError, match="could not upgrade the book .* from schema 0"):
        Store.open(book)
    monkeypatch.delitem(store_module.MIGRATIONS, 0)
    with pytest.raises(TradebookError, match="cannot upgrade"):
        Store.open(book)
    assert files(book) == before
    assert list_backups(book) == []


def test_newer_book_is_refused_with_advice(book: Path):
    Store.open(book).close()
    book.write_bytes(book.read_bytes().replace(b'"schema":1', b'"schema":2'))
    with pytest.raises(BookDamaged, match="written by a newer tradebook .*update tradebook"):
        Store.open(book)


def test_upgrade_in_a_read_only_folder_reads_but_refuses_writes(shared_dir: Path):
    book = read_only_book(shared_dir, files_too=True)
    book.parent.chmod(0o700)
    book.chmod(0o600)
    book.write_bytes(book.read_bytes().replace(b'"schema":1,', b""))  # now schema 0
    book.chmod(0o400)
    book.parent.chmod(0o500)
    before = files(book)

    def attempt() -> dict:
        store = Store.open(book)
        out = {"read": dict(store.table("customers"))}
        try:
            with store.transaction() as txn:
                txn.insert("customers", {"name": "Ann"})
        except TradebookError as exc:
            out["write"] = exc.message
        store.close()
        return out

    out = in_child(attempt, unprivileged=True)
    assert out["read"] == {1: {"name": "Tom"}}
    assert out["write"].startswith("permission denied")
    assert files(book) == before
