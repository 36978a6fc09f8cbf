"""A shared book: any interleaving of writes and any delivery order of the same journals folds
to the same book on every device, with no entry lost and every ref shown still naming the same
record."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.book.shared_helpers import (
    DAY,
    at,
    digest_of,
    open_device,
    shared_folders,
    sync,
    sync_all,
)
from tests.domain import oracle_ledger as ledger
from tradebook.book.shared import SharedStore
from tradebook.domain.chain import verify_chains
from tradebook.errors import BadInput

DEVICES = ["office", "van2", "van3", "obs"]  # obs never writes: it only receives and reopens
WRITERS = DEVICES[:3]


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("TRADEBOOK_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("TRADEBOOK_TODAY", DAY.isoformat())


write = st.tuples(
    st.just("write"),
    st.sampled_from(WRITERS),
    st.sampled_from(["log", "pay", "phone", "send"]),
    st.integers(0, 1),
)
move = st.tuples(
    st.just("sync"),
    st.sampled_from(DEVICES),
    st.sampled_from(DEVICES),
    st.sampled_from(WRITERS),
    st.one_of(st.none(), st.integers(0, 3000)),
)
reopen = st.tuples(st.just("reopen"), st.sampled_from(DEVICES))
actions = st.lists(st.one_of(write, write, move, move, reopen), min_size=5, max_size=40)


def _run(tmp_path, steps):
    folders = shared_folders(tmp_path, DEVICES)
    books = {}

    def book(device):
        if device not in books:
            books[device] = open_device(folders, device)
        return books[device]

    shown: dict[str, tuple] = {}  # every ref a device printed, and what it named then
    logged = 0
    for number, step in enumerate(steps):
        if step[0] == "write":
            _, device, kind, who = step
            b = book(device)
            customer = f"C-{who + 1:04d}"
            if kind == "log":
                doc = b.log_contact(
                    customer, f"call {number} from {device}", via="call", at=at(), outcome="spoke"
                )
                shown[doc["ref"]] = ("summary", doc["summary"])
                logged += 1
            elif kind == "pay":
                try:
                    doc = b.pay(f"INV-{who + 1:04d}", 100, on=DAY, reference=f"r{number}")
                except BadInput:
                    continue
                shown[doc["ref"]] = ("reference", doc["reference"])
            elif kind == "phone":
                b.update_customer(customer, phones=[f"555-{number:03d}-{len(device):04d}"])
            else:
                b.send_invoice(f"INV-{who + 1:04d}", via="email", on=DAY)
        elif step[0] == "sync":
            _, source, target, writer, cut = step
            sync(folders, source, target, writer, cut)
        else:
            b = books.pop(step[1], None)
            if b is not None:
                b.close()
    for b in books.values():
        b.close()
    sync_all(folders)
    sync_all(folders)
    return folders, shown, logged


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=actions)
def test_every_interleaving_folds_to_one_book(tmp_path_factory, steps):
    tmp_path = tmp_path_factory.mktemp("fold")
    folders, shown, logged = _run(tmp_path, steps)
    digests = {device: digest_of(folders, device) for device in DEVICES}
    assert len(set(digests.values())) == 1, digests
    store = SharedStore.open_folder(folders["obs"], "obs")
    try:
        tables = store.tables()
        contacts = list(tables["contacts"].values())
        assert len(contacts) == 2 * 0 + logged  # the shared book starts with no contacts
        refs = [c["ref"] for c in contacts]
        assert len(refs) == len(set(refs))
        for ref, (field, value) in shown.items():
            from tradebook.domain.refs import parse_ref

            table, doc_id = parse_ref(ref)
            assert tables[table][doc_id][field] == value, ref
        assert all(check.ok for check in verify_chains(contacts).values())
        # every appended sending kept, whichever device made it
        sent = sum(len(inv["sent"]) for inv in tables["invoices"].values())
        assert sent == sum(1 for s in steps if s[0] == "write" and s[2] == "send")
    finally:
        store.close()


def test_refs_are_per_device_series_and_gap_free(tmp_path, monkeypatch):
    folders = shared_folders(tmp_path, ["office", "van2"])
    office, van = open_device(folders, "office"), open_device(folders, "van2")
    refs = []
    for i in range(3):
        refs.append(office.log_contact("C-0001", f"o{i}", via="text", at=at())["ref"])
        refs.append(van.log_contact("C-0001", f"v{i}", via="text", at=at())["ref"])
    assert refs == ["K-0001", "K-VAN2-0001", "K-0002", "K-VAN2-0002", "K-0003", "K-VAN2-0003"]
    invoice = van.add_invoice("C-0002", _items(), issued=DAY)
    assert invoice["ref"] == "INV-VAN2-0001"
    office.close()
    van.close()


def _items():
    from decimal import Decimal

    from tradebook.services.billing import Item

    return [Item("Work", Decimal(1), 5_000)]


def test_concurrent_edit_later_wins_and_the_other_is_listed(tmp_path):
    folders = shared_folders(tmp_path, ["office", "van2"])
    office, van = open_device(folders, "office"), open_device(folders, "van2")
    office.update_customer("C-0001", phones=["555-111-1111"])
    van.update_customer("C-0001", phones=["555-222-2222"])  # written later, neither saw the other
    office.close()
    van.close()
    sync_all(folders)
    for device in ("office", "van2"):
        store = SharedStore.open_folder(folders[device], device)
        assert store.get("customers", 1)["phones"] == ["555-222-2222"]
        [conflict] = store.fold.conflicts
        assert conflict["ref"] == "C-0001" and conflict["field"] == "phones"
        assert conflict["lost"] == {
            **conflict["lost"],
            "device": "office",
            "value": ["555-111-1111"],
        }
        store.close()


def test_same_payment_on_two_devices_is_counted_once_until_settled(tmp_path):
    folders = shared_folders(tmp_path, ["office", "van2"])
    office, van = open_device(folders, "office"), open_device(folders, "van2")
    office.pay("INV-0001", 30_000, on=DAY, reference="chk 1001")
    van.pay("INV-0001", 30_000, on=DAY, reference="CHK 1001")
    office.close()
    van.close()
    sync_all(folders)
    book = open_device(folders, "office")
    view = book.view
    invoice = book.get("INV-0001", "invoices")
    assert ledger.paid(view, invoice) == 30_000
    flagged = [p for p in view.table("payments") if p.get("duplicate_of")]
    assert [p["ref"] for p in flagged] == ["P-VAN2-0001"] and flagged[0]["duplicate_of"] == "P-0001"
    book.close()


def test_a_week_offline_folds_into_its_place(tmp_path):
    """The van's entries, written before the office's, arrive after the office checkpointed:
    the book is the one a device that had everything from the start folds."""
    folders = shared_folders(tmp_path, ["office", "van2", "obs"])
    van = open_device(folders, "van2")
    for i in range(5):
        van.log_contact("C-0001", f"van {i}", via="visit", at=at(), outcome="spoke")
    van.close()
    office = open_device(folders, "office")
    for i in range(20):
        office.log_contact("C-0002", f"office {i}", via="text", at=at())
    office.close()  # a checkpoint after its own entries only
    sync(folders, "van2", "office", "van2")
    store = SharedStore.open_folder(folders["office"], "office")
    assert store.late_folds == 1
    assert len(store.table("contacts")) == 25
    late = store.digest()
    store.close()
    sync_all(folders)
    assert digest_of(folders, "obs") == late
