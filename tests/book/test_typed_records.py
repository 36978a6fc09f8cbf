"""The book read into typed records and written back is the same file, byte for byte."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import orjson
import pytest

from tradebook.book.store import Store
from tradebook.model.records import TABLE_TYPES, Contact, Customer, Invoice, Record

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import bench  # noqa: E402


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> bytes:
    """The bench's reference book of one year, as its file."""
    return bench.reference_book(tmp_path_factory.mktemp("bench"), years=1).read_bytes()


def test_every_table_is_read_into_its_struct(reference: bytes, tmp_path: Path):
    book = tmp_path / "book.json"
    book.write_bytes(reference)
    with Store.open(book) as store:
        for name, kind in TABLE_TYPES.items():
            table = store.table(name)
            assert all(type(doc) is kind for doc in table.values()), name
        assert len(store.table("contacts")) > 1000


def test_open_write_compact_gives_back_the_same_bytes(reference: bytes, tmp_path: Path):
    book = tmp_path / "book.json"
    book.write_bytes(reference)
    with Store.open(book) as store:
        for name in TABLE_TYPES:
            store.table(name)  # every table decoded into Structs, none copied as raw JSON
        first = store.get("customers", 1)
        with store.transaction() as txn:  # a write that changes nothing: journal, then fold
            txn.update("customers", 1, {"notes": first.notes})
            txn.update("invoices", 1, sent=[*store.get("invoices", 1).sent])
        store.compact()
    seq = orjson.loads(reference)["_meta"]["1"]["seq"]
    written = reference.replace(b'"seq":%d,' % seq, b'"seq":%d,' % (seq + 1), 1)
    assert book.read_bytes() == written  # only the count of writes moved on


def test_each_table_is_written_as_orjson_writes_its_dicts(reference: bytes, tmp_path: Path):
    """The encoder of the Structs and the dict writer the book had agree on every record."""
    book = tmp_path / "book.json"
    book.write_bytes(reference)
    whole = orjson.loads(reference)
    with Store.open(book) as store:
        for name in TABLE_TYPES:
            store.table(name)
        store.compact()
    again = orjson.loads(book.read_bytes())
    assert again == whole
    lines = book.read_bytes().removesuffix(b"}").split(b",\n")[1:]
    assert len(lines) == len(whole) - 1
    for line in lines:
        name, _, body = line.partition(b":")
        assert body == orjson.dumps(whole[orjson.loads(name)]), name


def test_a_book_read_whole_keeps_its_bytes_too(reference: bytes, tmp_path: Path):
    """A snapshot in an older layout (no `lines` in `_meta`) is parsed whole and typed."""
    whole = orjson.loads(reference)
    for key in ("lines", "sums", "tails", "splits"):
        whole["_meta"]["1"].pop(key)
    book = tmp_path / "book.json"
    book.write_bytes(orjson.dumps(whole))
    with Store.open(book) as store:
        assert type(store.get("invoices", 1)) is Invoice
        store.compact()
    assert book.read_bytes() == reference


def test_a_record_that_does_not_fit_stays_as_it_was_and_the_rest_are_typed(
    reference: bytes, tmp_path: Path
):
    whole = orjson.loads(reference)
    whole["customers"]["2"]["credit_limit"] = "lots"
    whole["customers"]["3"]["colour"] = "blue"
    damaged = orjson.dumps(whole)
    book = tmp_path / "book.json"
    book.write_bytes(damaged)
    with Store.open(book) as store:
        customers = store.table("customers")
        assert customers[2] == whole["customers"]["2"]  # the dict, exactly as in the file
        assert customers[3]["colour"] == "blue"
        assert type(customers[1]) is Customer and type(customers[4]) is Customer
        store.compact()
    again, before = orjson.loads(book.read_bytes()), orjson.loads(damaged)
    del again["_meta"], before["_meta"]
    assert again == before  # nothing dropped, nothing changed


def test_writes_take_a_struct_or_its_fields(tmp_path: Path):
    with Store.open(tmp_path / "book.json", create=True) as store:
        with store.transaction() as txn:
            txn.insert(
                "customers",
                Customer(
                    ref="C-0001",
                    name="Ann",
                    kind="person",
                    principal=None,
                    phones=[],
                    emails=[],
                    address="",
                    credit_limit=None,
                    cod=False,
                    net_days=None,
                    late_fee=None,
                    state="KY",
                    notes="",
                    created="2026-11-01",
                ),
            )
            txn.update("customers", 1, cod=True)
        ann = store.get("customers", 1)
        assert type(ann) is Customer and ann.cod is True and ann.name == "Ann"
        with store.transaction() as txn:
            txn.update("customers", 1, {"late_fee": {"kind": "percent", "pct": "1.5"}})
        assert store.get("customers", 1).late_fee.pct == "1.5"
    with Store.open(tmp_path / "book.json") as store:  # read back from the file
        ann = store.get("customers", 1)
        assert isinstance(ann, Record) and ann.cod and ann.late_fee.kind == "percent"


def test_a_struct_with_a_float_is_refused_like_a_dict(tmp_path: Path):
    from tradebook.errors import BadInput

    with Store.open(tmp_path / "book.json", create=True) as store:
        with pytest.raises(BadInput, match="float"), store.transaction() as txn:
            txn.insert(
                "contacts",
                Contact(
                    ref="K-0001",
                    customer="C-0001",
                    at="2026-11-01T09:00:00-05:00",
                    at_utc="2026-11-01T14:00:00Z",
                    via="call",
                    direction="out",
                    summary="Called",
                    outcome="spoke",
                    promise={"date": "2026-11-05", "amount": 12.5},
                    dispute=False,
                    resolves_dispute=False,
                    invoices=[],
                    corrects=None,
                    letter=None,
                    recorded="2026-11-01",
                    prev="0" * 64,
                    hash="",
                ),
            )
        assert len(store.table("contacts")) == 0
    shutil.rmtree(tmp_path / "book.json.backups", ignore_errors=True)
