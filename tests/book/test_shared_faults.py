"""Sync faults are normal: a journal still arriving, temp files and conflict copies, a journal
that shrank or came back older, a device folder deleted, a writer killed mid-append, two
processes of one device. Each is said clearly, nothing of this device's is lost, the book opens."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import sys
import time

import pytest

from tests.book.shared_helpers import DAY, at, digest_of, open_device, shared_folders, sync
from tradebook.book.shared import DEVICES, JOURNAL, SharedStore


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("TRADEBOOK_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("TRADEBOOK_TODAY", DAY.isoformat())


def _log(book, n, who="C-0001", text="call"):
    return [book.log_contact(who, f"{text} {i}", via="text", at=at())["ref"] for i in range(n)]


def _journal(folders, holder, writer):
    return folders[holder] / DEVICES / writer / JOURNAL


def test_a_journal_still_arriving_folds_what_is_whole_and_the_rest_later(tmp_path):
    folders = shared_folders(tmp_path, ["office", "van2"])
    van = open_device(folders, "van2")
    _log(van, 3)
    van.close()
    whole = _journal(folders, "van2", "van2").read_bytes()
    cut = whole.index(b"\n", whole.index(b"\n") + 1) + 20  # two lines and part of the third
    sync(folders, "van2", "office", "van2", cut=cut)
    office = SharedStore.open_folder(folders["office"], "office")
    assert len(office.table("contacts")) == 2
    assert office.problems == []  # a line still arriving is not a fault
    sync(folders, "van2", "office", "van2")
    assert office.refresh()
    assert len(office.table("contacts")) == 3
    office.close()


def test_temp_files_are_ignored_and_conflict_copies_named(tmp_path):
    folders = shared_folders(tmp_path, ["office", "van2"])
    van = open_device(folders, "van2")
    _log(van, 2)
    van.close()
    sync(folders, "van2", "office", "van2")
    theirs = folders["office"] / DEVICES / "van2"
    (theirs / ".syncthing.journal.tmp").write_bytes(b"garbage half written")
    shutil.copy(theirs / JOURNAL, theirs / "journal.sync-conflict-20240614-120000-ABCDEF7")
    office = SharedStore.open_folder(folders["office"], "office")
    assert len(office.table("contacts")) == 2
    [problem] = office.problems
    assert "conflict copy devices/van2/journal.sync-conflict-" in problem
    assert "own --device name" in problem
    office.close()


def test_another_devices_journal_coming_back_older_loses_nothing(tmp_path):
    folders = shared_folders(tmp_path, ["office", "van2"])
    van = open_device(folders, "van2")
    _log(van, 2)
    older = _journal(folders, "van2", "van2").read_bytes()
    _log(van, 2, text="later")
    van.close()
    sync(folders, "van2", "office", "van2")
    office = SharedStore.open_folder(folders["office"], "office")
    assert len(office.table("contacts")) == 4
    office.close()
    _journal(folders, "office", "van2").write_bytes(older)  # a stale copy came back
    office = SharedStore.open_folder(folders["office"], "office")
    assert len(office.table("contacts")) == 4
    assert any("shorter than the copy already folded" in p for p in office.problems)
    office.close()
    shutil.rmtree(folders["office"] / DEVICES / "van2")  # and then the whole folder went
    office = SharedStore.open_folder(folders["office"], "office")
    assert len(office.table("contacts")) == 4
    assert any("van2's folder is gone" in p and "4 entries are kept" in p for p in office.problems)
    office.close()


def test_this_devices_own_journal_put_back_when_it_shrank_or_vanished(tmp_path):
    folders = shared_folders(tmp_path, ["office", "van2"])
    van = open_device(folders, "van2")
    _log(van, 2)
    mine = _journal(folders, "van2", "van2")
    older = mine.read_bytes()
    _log(van, 2)
    whole = mine.read_bytes()
    van.close()
    mine.write_bytes(older)  # e.g. a cloud drive restored yesterday's copy
    van = open_device(folders, "van2")
    assert len(van.view.table("contacts")) == 4
    ref = _log(van, 1)[0]
    assert ref == "K-VAN2-0005"  # numbers never reused
    assert mine.read_bytes().startswith(whole)
    assert list(mine.parent.glob("journal.replaced-*"))  # the odd copy is kept aside
    van.close()
    mine.unlink()
    van = open_device(folders, "van2")
    assert _log(van, 1)[0] == "K-VAN2-0006"
    assert mine.read_bytes().startswith(whole)
    van.close()


def _writer(folder, cache, started, count):
    os.environ["TRADEBOOK_CACHE"] = cache
    book = open_device({"van2": folder}, "van2")
    started.set()
    for i in range(count):
        book.log_contact("C-0001", f"loop {i}", via="text", at=at())


def test_a_writer_killed_mid_append_leaves_a_book_that_opens_and_goes_on(tmp_path):
    if sys.platform == "win32":
        pytest.skip("no SIGKILL on Windows")
    folders = shared_folders(tmp_path, ["office", "van2"])
    ctx = multiprocessing.get_context("fork")
    started = ctx.Event()
    proc = ctx.Process(
        target=_writer, args=(folders["van2"], os.environ["TRADEBOOK_CACHE"], started, 10_000)
    )
    proc.start()
    started.wait(30)
    time.sleep(0.4)
    os.kill(proc.pid, signal.SIGKILL)
    proc.join()
    van = open_device(folders, "van2")
    refs = [c["ref"] for c in van.view.table("contacts")]
    assert refs, "some writes were acknowledged before the kill"
    assert refs == [f"K-VAN2-{i:04d}" for i in range(1, len(refs) + 1)]
    assert van.log_contact("C-0001", "after", via="text", at=at())["ref"] == (
        f"K-VAN2-{len(refs) + 1:04d}"
    )
    van.close()
    sync(folders, "van2", "office", "van2")
    assert digest_of(folders, "office") == digest_of(folders, "van2")


def _burst(folder, cache, name, count):
    os.environ["TRADEBOOK_CACHE"] = cache
    book = open_device({"van2": folder}, "van2")
    for i in range(count):
        book.log_contact("C-0001", f"{name} {i}", via="text", at=at())
    book.close()


def test_two_processes_of_one_device_never_lose_each_others_writes(tmp_path):
    folders = shared_folders(tmp_path, ["office", "van2"])
    ctx = multiprocessing.get_context("spawn")
    cache = os.environ["TRADEBOOK_CACHE"]
    procs = [
        ctx.Process(target=_burst, args=(folders["van2"], cache, name, 40)) for name in ("a", "b")
    ]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(120)
        assert proc.exitcode == 0
    van = open_device(folders, "van2")
    contacts = van.view.table("contacts")
    assert len(contacts) == 80
    assert sorted(c["ref"] for c in contacts) == [f"K-VAN2-{i:04d}" for i in range(1, 81)]
    van.close()
