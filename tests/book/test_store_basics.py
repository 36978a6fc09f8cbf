"""Writing, reading back, ids, views, locking and backups of one book."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from tinydb import TinyDB

from tests.book.helpers import files, journal
from tradebook.book.store import Store, list_backups, restore
from tradebook.errors import BadInput, BookLocked, NotFound, TradebookError


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_book_is_private_and_in_tinydb_layout(book: Path):
    with Store.open(book) as store, store.transaction() as txn:
        txn.insert("customers", {"name": "Tom Becker"})
    assert mode(book) == 0o600
    assert mode(journal(book)) == 0o600
    assert mode(Path(f"{book}.lock")) == 0o600
    assert mode(Path(f"{book}.lock.queue")) == 0o600
    backups = Path(f"{book}.backups")
    assert mode(backups) == 0o700
    assert all(mode(b) == 0o600 for b in backups.iterdir())
    db = TinyDB(book, access_mode="r")
    try:
        assert db.table("customers").get(doc_id=1) == {"name": "Tom Becker"}
        assert db.table("_meta").get(doc_id=1)["schema"] == 1
    finally:
        db.close()


def test_roundtrip_insert_update_reopen(book: Path):
    with Store.open(book) as store:
        with store.transaction() as txn:
            a = txn.insert("customers", {"name": "A", "phones": ["1"], "meta": {"x": None}})
            b = txn.insert("customers", {"name": "B", "cod": True})
            txn.update("customers", a, {"phones": ["1", "2"], "credit": 50000})
        before = {name: dict(store.table(name)) for name in ("customers",)}
        assert (a, b) == (1, 2)
        assert store.get("customers", a) == {
            "name": "A",
            "phones": ["1", "2"],
            "meta": {"x": None},
            "credit": 50000,
        }
    with Store.open(book, create=False) as again:
        assert {"customers": dict(again.table("customers"))} == before


def test_replay_without_close_then_ids_continue(book: Path):
    first = Store.open(book)
    with first.transaction() as txn:
        txn.insert("jobs", {"n": 1})
    with first.transaction() as txn:
        txn.insert("jobs", {"n": 2})
    # No close: the journal alone carries the writes.
    second = Store.open(book)
    assert second.table("jobs") == {1: {"n": 1}, 2: {"n": 2}}
    second.compact()
    with second.transaction() as txn:
        assert txn.next_id("jobs") == 3
        assert txn.insert("jobs", {"n": 3}) == 3
    second.close()
    first.close()
    with Store.open(book) as third:
        assert sorted(third.table("jobs")) == [1, 2, 3]


def test_ids_are_never_reused(book: Path):
    with Store.open(book) as store:
        seen = []
        for _ in range(3):
            with store.transaction() as txn:
                seen += [txn.insert("contacts", {"k": len(seen)}) for _ in range(4)]
            store.compact()
        assert seen == list(range(1, 13))
    with Store.open(book) as store, store.transaction() as txn:
        assert txn.insert("contacts", {}) == 13


def test_txn_view_includes_pending_ops_and_store_view_does_not(book: Path):
    with Store.open(book) as store:
        with store.transaction() as txn:
            txn.insert("customers", {"name": "A"})
        with store.transaction() as txn:
            view = txn.table("customers")
            assert view == {1: {"name": "A"}}
            new = txn.insert("customers", {"name": "B"})
            txn.update("customers", 1, {"name": "A2"})
            assert txn.table("customers") == {1: {"name": "A2"}, 2: {"name": "B"}}
            assert txn.get("customers", new) == {"name": "B"}
            assert txn.next_id("customers") == 3
            assert store.table("customers") == {1: {"name": "A"}}
            assert txn.table("nothing") == {}
        assert store.table("customers") == {1: {"name": "A2"}, 2: {"name": "B"}}
        with pytest.raises(TradebookError, match="over"):
            txn.insert("customers", {})


def test_caller_mutation_does_not_reach_the_book(book: Path):
    doc = {"name": "A", "tags": ["x"]}
    with Store.open(book) as store:
        with store.transaction() as txn:
            txn.insert("customers", doc)
            doc["tags"].append("sneaky")
        assert store.get("customers", 1) == {"name": "A", "tags": ["x"]}


def test_exception_in_transaction_writes_nothing(book: Path):
    with Store.open(book) as store:
        with store.transaction() as txn:
            txn.insert("customers", {"name": "A"})
        before, version = files(book), store.version
        with pytest.raises(RuntimeError), store.transaction() as txn:
            txn.insert("customers", {"name": "B"})
            txn.update("customers", 1, {"name": "changed"})
            raise RuntimeError("stop")
        assert files(book) == before
        assert store.version == version
        assert store.table("customers") == {1: {"name": "A"}}
        with Store.open(book, lock_timeout=0.2) as other, other.transaction() as txn:
            assert txn.insert("customers", {"name": "B"}) == 2  # lock released, id not burnt


def test_empty_transaction_writes_nothing(book: Path):
    with Store.open(book) as store:
        before = files(book)
        with store.transaction() as txn:
            txn.table("customers")
        assert files(book) == before


def test_bad_documents_are_refused_before_anything_is_written(book: Path):
    from datetime import date
    from decimal import Decimal

    with Store.open(book) as store:
        before = files(book)
        for doc in (
            {"when": date(2026, 1, 1)},
            {"qty": 1.5},
            {"amount": Decimal("1")},
            {1: "int key"},
            {"nested": [{"x": {1, 2}}]},
            ["not", "a", "dict"],
        ):
            with pytest.raises(BadInput), store.transaction() as txn:
                txn.insert("customers", doc)
        for name in ("_meta", "", 7):
            with pytest.raises(BadInput), store.transaction() as txn:
                txn.insert(name, {})
        with pytest.raises(NotFound), store.transaction() as txn:
            txn.update("customers", 99, {"name": "nobody"})
        assert files(book) == before
        assert store.table("customers") == {}


def test_missing_book_with_create_false(tmp_path: Path):
    with pytest.raises(NotFound, match="no book at"):
        Store.open(tmp_path / "nowhere" / "book.json", create=False)
    assert not (tmp_path / "nowhere").exists()


def test_refresh_sees_other_stores_writes_and_is_idle_otherwise(book: Path):
    reader = Store.open(book)
    writer = Store.open(book)
    assert reader.refresh() is False
    version = reader.version
    with writer.transaction() as txn:
        txn.insert("contacts", {"summary": "called"})
    assert reader.refresh() is True
    assert reader.version > version
    assert reader.get("contacts", 1) == {"summary": "called"}
    assert reader.refresh() is False
    writer.compact()  # snapshot replaced, journal emptied
    with writer.transaction() as txn:
        txn.update("contacts", 1, {"summary": "called twice"})
    assert reader.refresh() is True
    assert reader.get("contacts", 1) == {"summary": "called twice"}
    writer.close()
    reader.close()


def test_transaction_catches_up_before_handing_out_ids(book: Path):
    a, b = Store.open(book), Store.open(book)
    with a.transaction() as txn:
        assert txn.insert("jobs", {"by": "a"}) == 1
    with b.transaction() as txn:  # b never refreshed by hand
        assert txn.insert("jobs", {"by": "b"}) == 2
    with a.transaction() as txn:
        assert txn.table("jobs") == {1: {"by": "a"}, 2: {"by": "b"}}
    a.close()
    b.close()


def test_busy_book_raises_book_locked(book: Path):
    holder = Store.open(book)
    waiter = Store.open(book, lock_timeout=0.2)
    with holder.transaction():
        with pytest.raises(BookLocked, match="busy") as info, waiter.transaction():
            pass
        assert "\n" not in info.value.message
    with waiter.transaction() as txn:
        txn.insert("x", {})
    holder.close()
    waiter.close()


def test_nested_transaction_is_refused(book: Path):
    with (
        Store.open(book) as store,
        store.transaction(),
        pytest.raises(TradebookError, match="already open"),
        store.transaction(),
    ):
        pass


def test_compact_inside_a_transaction_keeps_the_lock(book: Path):
    with Store.open(book) as store, store.transaction() as txn:
        txn.insert("x", {"a": 1})
        store.compact()
        other = Store.open(book, lock_timeout=0.1)
        with pytest.raises(BookLocked), other.transaction():
            pass
        other.close()


def test_large_journal_is_compacted_and_backups_are_pruned(book: Path, monkeypatch):
    monkeypatch.setattr(Store, "JOURNAL_MAX_LINES", 5)
    monkeypatch.setattr(Store, "BACKUPS_KEEP", 3)
    with Store.open(book) as store:
        for n in range(20):
            with store.transaction() as txn:
                txn.insert("contacts", {"n": n})
        assert journal(book).stat().st_size < 600  # folded in every 6 lines
        assert len(list_backups(book)) == 3
        assert len(store.table("contacts")) == 20
    names = [b.name for b in list_backups(book)]
    assert names == sorted(names, reverse=True)
    assert names[0].endswith("-000000020.json")


def test_close_folds_the_journal_in(book: Path):
    store = Store.open(book)
    with store.transaction() as txn:
        txn.insert("x", {"a": 1})
    assert journal(book).stat().st_size > 0
    store.close()
    store.close()  # twice is harmless
    assert journal(book).stat().st_size == 0
    assert b'"x":{"1":{"a":1}}' in book.read_bytes()
    with pytest.raises(TradebookError, match="closed"), store.transaction():
        pass


def test_threads_sharing_one_store_do_not_collide(book: Path):
    import threading

    store = Store.open(book)
    errors = []

    def work(tag: str) -> None:
        try:
            for n in range(50):
                with store.transaction() as txn:
                    txn.insert("jobs", {"tag": tag, "n": n})
        except Exception as exc:  # collected and asserted on below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(t,)) for t in "ab"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(store.table("jobs")) == list(range(1, 101))
    store.close()
    with Store.open(book) as again:
        assert len(again.table("jobs")) == 100


def test_backup_and_restore_a_healthy_book(filled: Path):
    with Store.open(filled) as store:
        taken = store.backup()
        with store.transaction() as txn:
            txn.insert("customers", {"name": "after the backup"})
    assert taken in list_backups(filled)
    assert restore(filled, taken) == taken
    with Store.open(filled) as store:
        assert len(store.table("customers")) == 30
    snapshot, old_journal = sorted(filled.parent.glob("book.json.damaged-*"))
    assert old_journal.name == snapshot.name + ".journal"
    assert b"after the backup" in snapshot.read_bytes()


def test_orphan_temp_files_are_removed_on_open(book: Path):
    Store.open(book).close()
    orphan = book.with_name("book.json.tmp-99999")
    orphan.write_bytes(b"half a snapshot")
    with Store.open(book):
        pass
    assert not orphan.exists()
    assert os.listdir(book.parent)
