"""The journal: replay, unacknowledged torn writes, and damage in the middle."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from tests.book.helpers import files, journal
from tradebook.book.store import Store, restore
from tradebook.errors import BookDamaged


def unclosed_book(book: Path, writes: int = 3) -> None:
    """A book whose last `writes` transactions live only in the journal (as after a crash)."""
    Store.open(book).close()
    store = Store.open(book)
    for n in range(1, writes + 1):
        with store.transaction() as txn:
            txn.insert("contacts", {"n": n})
    store._lock.close()  # the process "dies": no close, no compaction


def test_journal_is_replayed_on_open(book: Path):
    unclosed_book(book, writes=3)
    assert journal(book).read_bytes().count(b"\n") == 3
    with Store.open(book) as store:
        assert store.table("contacts") == {1: {"n": 1}, 2: {"n": 2}, 3: {"n": 3}}


@pytest.mark.parametrize(
    "tail",
    [
        b'0badc0de {"seq":4,"ops":[["i","contacts",4,{"n":4}]]',  # torn: no newline
        b"\x00\x00\x00\x00\x00\x00",  # zeros after a power cut
        b"deadbeef " + b'{"seq":4,"ops":[["i","contacts",4,{"n":4}]]}\n',  # bad checksum, last line
    ],
)
def test_torn_last_line_is_ignored_then_cut_at_next_write(book: Path, tail: bytes):
    unclosed_book(book, writes=3)
    good = journal(book).read_bytes()
    with journal(book).open("ab") as fh:
        fh.write(tail)
    damaged = files(book)
    store = Store.open(book)
    assert sorted(store.table("contacts")) == [1, 2, 3]
    assert files(book) == damaged  # reading never writes
    with store.transaction() as txn:
        assert txn.insert("contacts", {"n": "four"}) == 4
    data = journal(book).read_bytes()
    assert data.startswith(good)
    assert tail not in data
    assert data.count(b"\n") == 4
    store._lock.close()
    with Store.open(book) as again:
        assert again.get("contacts", 4) == {"n": "four"}


def test_refresh_ignores_a_torn_line_of_another_process(book: Path):
    unclosed_book(book, writes=1)
    reader = Store.open(book)
    with journal(book).open("ab") as fh:
        fh.write(b'12345678 {"seq":2,"ops":[["i","contacts",2,')
    assert reader.refresh() is False
    with Store.open(book) as writer, writer.transaction() as txn:
        txn.insert("contacts", {"n": 2})
    reader.refresh()
    assert reader.get("contacts", 2) == {"n": 2}
    reader.close()


def corrupt_line(book: Path, index: int) -> None:
    lines = journal(book).read_bytes().split(b"\n")
    lines[index] = lines[index].replace(b'"n":', b'"m":')  # payload changed, checksum not
    journal(book).write_bytes(b"\n".join(lines))


def test_bad_line_in_the_middle_is_damage(book: Path):
    unclosed_book(book, writes=3)
    corrupt_line(book, 1)
    before = files(book)
    with pytest.raises(BookDamaged) as info:
        Store.open(book)
    message = info.value.message
    assert "\n" not in message
    assert "line 2 of its journal is corrupt" in message
    assert "there is no good backup" in message
    Path(f"{book}.backups").mkdir()
    backup = Path(f"{book}.backups/20260101T000000.000000Z-000000000.json")
    backup.write_bytes(b'{"_meta":{"1":{"schema":1,"seq":0}}}')
    with pytest.raises(BookDamaged) as info:
        Store.open(book)
    assert f"newest good backup: {backup} — run `tradebook restore`" in info.value.message
    assert files(book) == before


def test_damage_seen_by_refresh_stops_writes(book: Path):
    unclosed_book(book, writes=2)
    store = Store.open(book)
    with journal(book).open("ab") as fh:  # a good-looking line after a bad one
        fh.write(b"garbage\n")
        payload = b'{"seq":3,"ops":[["i","contacts",3,{"n":3}]]}'
        fh.write(b"%08x %b\n" % (zlib.crc32(payload), payload))
    before = files(book)
    with pytest.raises(BookDamaged):
        store.refresh()
    with pytest.raises(BookDamaged), store.transaction():
        pass
    store.close()
    assert files(book) == before


def test_gap_in_sequence_is_damage(book: Path):
    unclosed_book(book, writes=1)
    payload = b'{"seq":5,"ops":[["i","contacts",9,{"n":9}]]}'
    line = b"%08x %b\n" % (zlib.crc32(payload), payload)
    with journal(book).open("ab") as fh:
        fh.write(line)
    with pytest.raises(BookDamaged, match="out of order at line 2"):
        Store.open(book)
    journal(book).write_bytes(line)
    with pytest.raises(BookDamaged, match="lacks entries 1 to 4"):
        Store.open(book)


def test_entry_that_does_not_fit_is_damage(book: Path):
    unclosed_book(book, writes=1)
    payload = b'{"seq":2,"ops":[["i","contacts",1,{"n":"again"}]]}'
    with journal(book).open("ab") as fh:
        fh.write(b"%08x %b\n" % (zlib.crc32(payload), payload))
        fh.write(b"%08x %b\n" % (zlib.crc32(payload), payload.replace(b'"seq":2', b'"seq":3')))
    with pytest.raises(BookDamaged, match="inserts record 1 of 'contacts' twice"):
        Store.open(book)


def test_entries_already_in_the_snapshot_are_skipped(book: Path):
    """A compaction killed after the rename but before the journal was emptied."""
    unclosed_book(book, writes=4)
    old_journal = journal(book).read_bytes()
    with Store.open(book) as store:
        store.compact()
    journal(book).write_bytes(old_journal)
    with Store.open(book) as store:
        assert sorted(store.table("contacts")) == [1, 2, 3, 4]
        with store.transaction() as txn:
            assert txn.insert("contacts", {"n": 5}) == 5
    with Store.open(book) as store:
        assert sorted(store.table("contacts")) == [1, 2, 3, 4, 5]


def test_restore_after_journal_damage(book: Path):
    unclosed_book(book, writes=3)
    with Store.open(book) as store:
        store.backup()
    unclosed_book(book, writes=2)  # ids 4, 5 in the journal
    corrupt_line(book, 0)
    with pytest.raises(BookDamaged, match="newest good backup"):
        Store.open(book)
    damaged_journal = journal(book).read_bytes()
    restore(book)
    with Store.open(book) as store:
        assert sorted(store.table("contacts")) == [1, 2, 3]
    kept = next(book.parent.glob("book.json.damaged-*.journal"))
    assert kept.read_bytes() == damaged_journal
