"""Tables are parsed when first read: a command that lists customers never parses the contact
log. Damage found late is reported as at open, and nothing is written over it."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest

from tests.book.helpers import files, in_child, journal
from tradebook.book._codec import (
    dump_snapshot,
    parse_pages,
    parse_snapshot,
    parse_table,
    read_snapshot,
)
from tradebook.book.store import Store
from tradebook.errors import BookDamaged


@pytest.fixture
def two_tables(book: Path) -> Path:
    """A closed, compacted book with customers and contacts, and a backup of it."""
    with Store.open(book) as store, store.transaction() as txn:
        for n in range(1, 4):
            txn.insert("customers", {"name": f"Customer {n}"})
        for n in range(1, 6):
            txn.insert("contacts", {"customer": n % 3 + 1, "summary": f"call {n}"})
    return book


def test_the_snapshot_is_one_json_object_with_a_table_per_line(two_tables: Path):
    data = two_tables.read_bytes()
    lines = data.split(b"\n")
    assert len(lines) == 3  # _meta, then one line per table
    whole = json.loads(data)  # any JSON reader (and stock TinyDB) still reads it whole
    assert sorted(whole) == ["_meta", "contacts", "customers"]
    assert whole["_meta"]["1"]["lines"] == [
        ["customers", len(lines[1]) - 1],
        ["contacts", len(lines[2]) - 1],
    ]


def test_opening_parses_no_table_and_reading_one_parses_only_it(two_tables: Path):
    with Store.open(two_tables) as store:
        assert store.unread == {"customers", "contacts"}
        assert store.get("customers", 2) == {"name": "Customer 2"}
        assert store.unread == {"contacts"}
        assert len(store.table("contacts")) == 5
        assert store.unread == frozenset()


def test_tables_view_keeps_to_the_moment_it_was_taken(two_tables: Path):
    with Store.open(two_tables) as store:
        tables = store.tables()
        assert sorted(tables) == ["contacts", "customers"]
        in_child(lambda: _add_customer(two_tables, "From elsewhere"))
        store.refresh()
        assert len(tables["customers"]) == 3  # the state it was taken from
        assert len(store.tables()["customers"]) == 4


def _add_customer(path: Path, name: str) -> None:
    with Store.open(path) as other, other.transaction() as txn:
        txn.insert("customers", {"name": name})


def test_a_write_parses_only_what_it_reads(two_tables: Path):
    """Logging a contact needs the next id and the chain's head: both come from the snapshot's
    _meta and the table's last record, so ten years of contact log stay unparsed."""
    with Store.open(two_tables) as store:
        with store.transaction() as txn:
            new = txn.next_id("contacts")
            head = txn.get("contacts", new - 1)
            assert (new, head) == (6, {"customer": 3, "summary": "call 5"})
            assert txn.get("contacts", new) is None
            txn.insert("contacts", {"customer": 1, "summary": "after " + head["summary"]})
        assert store.unread == {"customers", "contacts"}
        with store.transaction() as txn:
            assert txn.next_id("contacts") == 7
            assert txn.get("contacts", 6)["summary"] == "after call 5"
            txn.insert("contacts", {"customer": 2, "summary": "and again"})
            txn.update("contacts", 6, {"seen": True})
        assert store.unread == {"customers", "contacts"}
        contacts = store.table("contacts")  # the snapshot's table with both writes laid over it
        assert sorted(contacts) == [1, 2, 3, 4, 5, 6, 7]
        assert contacts[6] == {"customer": 1, "summary": "after call 5", "seen": True}
    with Store.open(two_tables) as again:
        assert again.table("contacts") == contacts


def test_a_write_to_an_older_layout_parses_every_table_first(two_tables: Path):
    """A book written before the checksums were kept has no way to be checked but reading it."""
    data = two_tables.read_bytes()
    meta_end = data.index(b",\n")
    meta = orjson.loads(data[len(b'{"_meta":') : meta_end])
    del meta["1"]["sums"], meta["1"]["tails"]
    two_tables.write_bytes(b'{"_meta":' + orjson.dumps(meta) + data[meta_end:])
    with Store.open(two_tables) as store, store.transaction() as txn:
        assert store.unread == frozenset()
        assert txn.next_id("contacts") == 6
        txn.insert("customers", {"name": "New"})
    with Store.open(two_tables) as store:
        assert store.unread == {"customers", "contacts"}  # the layout is written anew
        assert [c["name"] for c in store.table("customers").values()][-1] == "New"


def test_a_tail_that_points_nowhere_means_reading_the_table(two_tables: Path):
    data = two_tables.read_bytes()
    meta_end = data.index(b",\n")
    meta = orjson.loads(data[len(b'{"_meta":') : meta_end])
    meta["1"]["tails"][1][1] -= 3  # contacts' last record said to start elsewhere
    two_tables.write_bytes(b'{"_meta":' + orjson.dumps(meta) + data[meta_end:])
    with Store.open(two_tables) as store:
        with store.transaction() as txn:
            assert txn.get("contacts", 5) == {"customer": 3, "summary": "call 5"}
        assert store.unread == {"customers"}


def test_journal_lines_for_an_unread_table_are_applied_when_it_is_read(two_tables: Path):
    store = Store.open(two_tables)
    with store.transaction() as txn:
        txn.insert("contacts", {"customer": 1, "summary": "in the journal"})
    assert journal(two_tables).read_bytes()  # not compacted: the next open replays it
    with Store.open(two_tables) as again:
        assert len(again.table("contacts")) == 6
        assert again.get("customers", 1) == {"name": "Customer 1"}
    store.close()


def test_another_process_writing_to_an_unread_table_is_seen(two_tables: Path):
    with Store.open(two_tables) as store:
        assert store.get("customers", 1)
        in_child(lambda: _log(two_tables))
        assert store.refresh()
        assert store.table("contacts")[6]["summary"] == "from the command line"


def _log(path: Path) -> None:
    with Store.open(path) as other:
        with other.transaction() as txn:
            txn.insert("contacts", {"customer": 2, "summary": "from the command line"})
        other.compaction_error = None


def same_length_damage(data: bytes) -> bytes:
    """A flipped byte inside the contacts line: the lengths still add up."""
    at = data.index(b"call 3")
    damaged = data[: at - 2] + b"[" + data[at - 1 :]  # "summary":"call 3" -> "summary":[call 3"
    assert len(damaged) == len(data)
    return damaged


def test_damage_found_on_first_read_is_reported_and_nothing_is_written(two_tables: Path):
    with Store.open(two_tables) as store:  # a good backup to name
        store.backup()
    two_tables.write_bytes(same_length_damage(two_tables.read_bytes()))
    before = files(two_tables)
    store = Store.open(two_tables)
    assert store.get("customers", 1) == {"name": "Customer 1"}  # what is intact still reads
    for attempt in (lambda: store.table("contacts"), store.compact, store.backup, _write(store)):
        with pytest.raises(BookDamaged) as info:
            attempt()
        message = info.value.message
        assert "table 'contacts' is damaged" in message
        assert "tradebook restore" in message and "\n" not in message
    store.close()
    assert files(two_tables) == before


def _write(store: Store):
    def write() -> None:
        with store.transaction() as txn:
            txn.insert("customers", {"name": "never written"})

    return write


def test_a_hand_edited_or_older_layout_is_parsed_whole(two_tables: Path):
    whole = json.loads(two_tables.read_bytes())
    whole["customers"]["1"]["name"] = "Edited by hand, longer than before"
    two_tables.write_text(json.dumps(whole, indent=2))
    with Store.open(two_tables) as store:
        assert store.unread == frozenset()
        assert store.get("customers", 1) == {"name": "Edited by hand, longer than before"}


@pytest.mark.parametrize("cut", [1, 10, 200])
def test_a_cut_short_file_is_never_read_lazily(cut: int):
    data = dump_snapshot({"customers": {1: {"name": "A"}}, "contacts": {1: {"s": "x" * 300}}}, 1, 2)
    tables, unread, _, _ = parse_snapshot(data, lazy=True)
    assert sorted(unread) == ["contacts", "customers"] and not tables
    with pytest.raises(Exception, match="cut short or not valid JSON"):
        parse_snapshot(data[:-cut], lazy=True)


def test_both_readers_agree(two_tables: Path):
    data = two_tables.read_bytes()
    whole, unread, schema, seq = parse_snapshot(data)
    assert not unread
    _, lazy, lazy_schema, lazy_seq = parse_snapshot(data, lazy=True)
    assert (schema, seq) == (lazy_schema, lazy_seq)
    assert {
        name: {int(k): v for k, v in orjson.loads(raw).items()} for name, raw in lazy.items()
    } == whole


def test_a_write_to_a_table_handed_out_copies_one_page_of_it(two_tables: Path):
    """A reader keeps its table while a write goes on; the write shares the rest of it."""
    with Store.open(two_tables) as store:
        with store.transaction() as txn:
            for n in range(3000):
                txn.insert("jobs", {"n": n})
        held = store.table("jobs")
        with store.transaction() as txn:
            txn.insert("jobs", {"n": 3000})
        now = store.table("jobs")
        assert len(held) == 3000 and len(now) == 3001 and 3001 not in held
        pages = list(zip(held._pages.values(), now._pages.values(), strict=False))
        assert [a is b for a, b in pages] == [True, True, False]


def test_a_picture_never_changes_after_writes(two_tables: Path):
    with Store.open(two_tables) as store:
        customers = store.table("customers")
        picture = store.tables()  # contacts still unread in it
        assert store.unread == {"contacts"}
        with store.transaction() as txn:
            txn.insert("customers", {"name": "Later"})
            txn.insert("contacts", {"customer": 1, "summary": "later"})
            txn.update("customers", 1, {"name": "Renamed"})
        assert len(customers) == 3 and customers[1] == {"name": "Customer 1"}
        assert len(picture["customers"]) == 3 and len(picture["contacts"]) == 5
        now = store.tables()
        assert len(now["customers"]) == 4 and len(now["contacts"]) == 6
        assert now["customers"][1] == {"name": "Renamed"}


def test_a_table_no_reader_holds_is_written_in_place(two_tables: Path):
    """Copying is only for tables handed out: a run of writes nobody reads copies nothing."""
    with Store.open(two_tables) as store:
        store.get("customers", 1)  # parsed, not handed out
        with store.transaction() as txn:
            txn.insert("customers", {"name": "First"})
        table = store._state.tables["customers"]
        for n in range(3):
            with store.transaction() as txn:
                txn.insert("customers", {"name": f"More {n}"})
        assert store._state.tables["customers"] is table


def test_folding_the_journal_copies_unread_tables_as_they_are(two_tables: Path):
    """A compaction or a backup writes a table not parsed as the JSON it was read as, with the
    records inserted since after it: the same bytes as parsing and writing everything."""
    with Store.open(two_tables) as store:
        with store.transaction() as txn:
            txn.insert("contacts", {"customer": 1, "summary": "appended"})
        store.compact()
        assert store.unread == {"customers", "contacts"}
        backup = store.backup()
        assert store.unread == {"customers", "contacts"}
    data = two_tables.read_bytes()
    assert backup.read_bytes() == data
    with Store.open(two_tables) as again:
        tables = {name: again.table(name) for name in ("customers", "contacts")}
        assert tables["contacts"][6] == {"customer": 1, "summary": "appended"}
    assert dump_snapshot(tables, 1, 2) == data


def test_a_changed_record_of_an_unread_table_is_parsed_before_it_is_written_out(two_tables: Path):
    with Store.open(two_tables) as store:
        with store.transaction() as txn:
            txn.update("contacts", 5, {"summary": "call 5, corrected"})  # the newest: its tail
        assert store.unread == {"customers", "contacts"}  # a journal line is all it took
        store.compact()
        assert store.unread == {"customers"}
    with Store.open(two_tables) as again:
        assert again.table("contacts")[5] == {"customer": 3, "summary": "call 5, corrected"}
        assert len(again.table("contacts")) == 5


def test_a_large_table_is_parsed_a_page_at_a_time(two_tables: Path):
    """_meta says where each page of 1,024 ids starts; parsed page by page (so a reader in
    another thread gets its turns), the table is the one a whole parse gives."""
    with Store.open(two_tables) as store, store.transaction() as txn:
        for n in range(2500):
            txn.insert("jobs", {"n": n, "text": 'ß,}{"' * (n % 3)})
    data = two_tables.read_bytes()
    snap = read_snapshot(data, lazy=True)
    assert snap.splits["jobs"][0] == 1 and len(snap.splits["jobs"]) == 3
    paged = parse_pages("jobs", snap.unread["jobs"], snap.splits["jobs"])
    assert paged == parse_table("jobs", snap.unread["jobs"]) and len(paged) == 2500
    assert parse_pages("jobs", snap.unread["jobs"], [1, snap.splits["jobs"][1] + 3]) is None
    with Store.open(two_tables) as store:
        assert store.table("jobs")[2499] == {"n": 2498, "text": 'ß,}{"ß,}{"'}
