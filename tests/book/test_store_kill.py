"""Kill -9 at any moment: the book opens afterwards with every acknowledged write in it."""

from __future__ import annotations

import os
import random
import select
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tradebook.book import store as store_module
from tradebook.book.store import Store, list_backups, restore
from tradebook.errors import BookDamaged


def abandon(store: Store) -> None:
    """Let go of a store as a dying process would: no close, no compaction."""
    store._lock.close()


def prefill(book: Path, docs: int = 3000) -> None:
    """Enough records that a compaction takes a few milliseconds, so kills land inside it."""
    with Store.open(book) as store, store.transaction() as txn:
        for n in range(docs):
            txn.insert("contacts", {"n": -n, "summary": "left a voicemail about the balance"})


def spawn(body: Callable[[int], None]) -> tuple[int, int]:
    """Fork a child running body(write_fd); returns (pid, read_fd)."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        try:
            body(write_fd)
            os._exit(0)
        finally:
            os._exit(3)
    os.close(write_fd)
    return pid, read_fd


def acknowledged(read_fd: int, first: bytes = b"") -> set[int]:
    with os.fdopen(read_fd, "rb") as fh:
        return {int(x) for x in (first + fh.read()).split()}


def first_acknowledgement(read_fd: int) -> bytes:
    """Wait (under any load) until the child has acknowledged a write; what it said so far."""
    ready, _, _ = select.select([read_fd], [], [], 30)
    assert ready, "the writer acknowledged nothing within 30 s"
    return os.read(read_fd, 65536)


def write_forever(book: Path, compact_every: int) -> Callable[[int], None]:
    def body(out: int) -> None:
        store = Store.open(book, lock_timeout=30)
        n = 0
        while True:
            with store.transaction() as txn:
                doc_id = txn.insert("contacts", {"n": n, "summary": "called about the balance"})
                if n % 4 == 3:
                    txn.update("contacts", doc_id - 1, {"outcome": "spoke"})
            os.write(out, b"%d\n" % doc_id)  # acknowledged: the transaction has exited
            n += 1
            if n % compact_every == 0:
                store.compact()

    return body


def check_book(book: Path, acked: set[int]) -> int:
    store = Store.open(book)
    try:
        contacts = store.table("contacts")
        assert not acked - contacts.keys(), (
            f"lost acknowledged ids {sorted(acked - contacts.keys())}"
        )
        assert sorted(contacts) == list(range(1, len(contacts) + 1))
        return len(contacts)
    finally:
        abandon(store)


def torture(book: Path, kills: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    prefill(book)
    acked: set[int] = set()
    in_compaction = 0
    for _ in range(kills):
        pid, read_fd = spawn(write_forever(book, compact_every=rng.choice((2, 3, 5))))
        first = first_acknowledgement(read_fd) if rng.random() < 0.9 else b""
        time.sleep(rng.uniform(0, 0.02))  # then kill anywhere: in a write, a compaction, ...
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status), "the writer stopped by itself: it must have hit an error"
        acked |= acknowledged(read_fd, first)
        in_compaction += book.with_name(f"book.json.tmp-{pid}").exists()
        check_book(book, acked)
    for backup in list_backups(book):
        assert backup.read_bytes().startswith(b'{"_meta"')
    return {"acked": len(acked), "in_compaction": in_compaction}


def test_sigkill_torture(book: Path):
    result = torture(book, kills=100, seed=1)
    assert result["acked"] >= 90  # the writers really did work between kills


@pytest.mark.slow
def test_sigkill_torture_long(book: Path):
    result = torture(book, kills=300, seed=2)
    assert result["acked"] >= 270
    assert result["in_compaction"] > 0


def kill_at_call(number: int) -> None:
    """From now on, SIGKILL this process just before its `number`-th file-changing call."""
    calls = 0

    def wrap(fn):
        def call(*args, **kwargs):
            nonlocal calls
            calls += 1
            if calls == number:
                os.kill(os.getpid(), signal.SIGKILL)
            return fn(*args, **kwargs)

        return call

    for name in ("write", "fsync", "replace", "ftruncate", "link", "unlink", "mkdir", "open"):
        setattr(os, name, wrap(getattr(os, name)))


def test_kill_at_every_step_of_compaction_and_commit(book: Path):
    prefill(book, docs=50)
    acked = set(range(1, 51))
    step = 0
    while True:
        step += 1

        def body(out: int, step: int = step) -> None:
            store = Store.open(book)
            with store.transaction() as txn:
                txn.insert("contacts", {"n": "before"})
            os.write(out, b"%d\n" % max(store.table("contacts")))
            kill_at_call(step)
            store.compact()
            with store.transaction() as txn:
                doc_id = txn.insert("contacts", {"n": "after"})
            os.write(out, b"%d\n" % doc_id)
            store.close()

        pid, read_fd = spawn(body)
        _, status = os.waitpid(pid, 0)
        acked |= acknowledged(read_fd)
        check_book(book, acked)
        if not os.WIFSIGNALED(status):
            assert os.WEXITSTATUS(status) == 0
            break
    assert step > 15  # every write, fsync, rename and truncate along the way was a kill point


def test_kill_at_every_step_of_restore(book: Path):
    prefill(book, docs=10)
    with Store.open(book) as store:
        good = store.backup()
        with store.transaction() as txn:
            txn.insert("contacts", {"n": "after the backup"})
    step = 0
    while True:
        step += 1
        pid, read_fd = spawn(lambda out, step=step: (kill_at_call(step), restore(book, good)))
        _, status = os.waitpid(pid, 0)
        os.close(read_fd)
        try:
            check_book(book, set(range(1, 11)))
        except BookDamaged:
            restore(book, good)  # running restore again finishes the job
            check_book(book, set(range(1, 11)))
        if not os.WIFSIGNALED(status):
            break
    assert step > 5
    assert len(list(book.parent.glob("book.json.damaged-*"))) >= 2


def test_kill_points_are_real(book: Path, monkeypatch):
    """The helper above really intercepts the store's file calls."""
    seen = []
    monkeypatch.setattr(store_module.os, "replace", lambda *a: seen.append(a) or os.rename(*a))
    Store.open(book).close()
    assert seen
