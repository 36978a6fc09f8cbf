"""The per-system rules of the storage seam that this Linux machine cannot run for real."""

from __future__ import annotations

import errno
import os
import types
from pathlib import Path

import pytest

from tradebook.book import _fs, _platform


class FakeFcntl(types.SimpleNamespace):
    """macOS's fcntl as far as the rules use it: flock, and F_FULLFSYNC recorded."""

    F_FULLFSYNC = 51

    def __init__(self, fails_with: int | None = None) -> None:
        import fcntl

        super().__init__(
            calls=[],
            fails_with=fails_with,
            flock=fcntl.flock,
            LOCK_EX=fcntl.LOCK_EX,
            LOCK_SH=fcntl.LOCK_SH,
            LOCK_NB=fcntl.LOCK_NB,
            LOCK_UN=fcntl.LOCK_UN,
        )

    def fcntl(self, fd: int, command: int, arg: int = 0) -> int:
        self.calls.append(command)
        if self.fails_with is not None:
            raise OSError(self.fails_with, os.strerror(self.fails_with))
        return 0


def test_macos_flushes_the_drive_cache_with_f_fullfsync(tmp_path: Path, monkeypatch):
    rules = _platform.MacRules()
    rules._fcntl = FakeFcntl()
    fsyncs = []
    monkeypatch.setattr(os, "fsync", fsyncs.append)
    fd = os.open(tmp_path / "x", os.O_WRONLY | os.O_CREAT)
    try:
        rules.sync(fd)
    finally:
        os.close(fd)
    assert rules._fcntl.calls == [FakeFcntl.F_FULLFSYNC] and fsyncs == []


def test_macos_falls_back_to_fsync_where_the_volume_cannot(tmp_path: Path, monkeypatch):
    rules = _platform.MacRules()
    rules._fcntl = FakeFcntl(fails_with=errno.ENOTSUP)  # a network or FAT volume
    fsyncs = []
    monkeypatch.setattr(os, "fsync", fsyncs.append)
    rules.sync(7)
    assert fsyncs == [7]


def test_the_store_syncs_through_the_rules(tmp_path: Path, monkeypatch):
    rules = _platform.MacRules()
    rules._fcntl = FakeFcntl()
    monkeypatch.setattr(_platform, "_rules", rules)
    from tradebook.book.store import Store

    with Store.open(tmp_path / "book.json") as store:
        with store.transaction() as txn:
            txn.insert("customers", {"name": "Tom"})
        assert len(rules._fcntl.calls) == 2  # the new snapshot, the journal line
    assert (
        len(rules._fcntl.calls) >= 4
    )  # and the compaction on close  # the new snapshot, the journal line, the compaction


def test_windows_gives_up_on_a_held_file_after_a_while_and_keeps_the_new_one(
    tmp_path: Path, monkeypatch
):
    rules = _platform.WindowsRules()
    rules.replace_patience = 0.05
    tries = []

    def refuse(src, dst):
        tries.append(dst)
        raise PermissionError(errno.EACCES, "used by another process", dst)

    monkeypatch.setattr(os, "replace", refuse)
    new = tmp_path / "new"
    new.write_bytes(b"new")
    with pytest.raises(_platform.ReplaceRefused) as info:
        rules.replace(str(new), str(tmp_path / "book.json"))
    assert len(tries) > 1  # retried first
    assert info.value.kept == str(new) and new.exists()
    message = _fs.os_error(info.value, "rewrite the book", tmp_path).message
    assert "is open in another program" in message and str(new) in message


def test_posix_here_syncs_the_folder(tmp_path: Path, monkeypatch):
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real_fsync(fd))
    monkeypatch.setattr(_platform, "_rules", _platform.Rules())
    _fs.fsync_dir(tmp_path)
    assert len(synced) == 1
