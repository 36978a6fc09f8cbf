"""Helpers shared by the storage tests."""

from __future__ import annotations

import os
import pickle
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tradebook.book.store import Store

NOBODY = 65534


def files(book: Path) -> dict[str, bytes]:
    """The bytes of the snapshot and the journal, to prove nothing was written."""
    out = {}
    for path in (book, Path(f"{book}.journal")):
        if path.exists():
            out[path.name] = path.read_bytes()
    return out


def journal(book: Path) -> Path:
    return Path(f"{book}.journal")


def in_child(fn: Callable[[], Any], *, unprivileged: bool = False) -> Any:
    """Run fn in a forked child and return its result (re-raising its exception).

    With `unprivileged`, a root child first becomes nobody, so that file permissions bite.
    """
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_fd)
        try:
            if unprivileged and os.getuid() == 0:
                os.setgroups([])
                os.setgid(65534)
                os.setuid(65534)
            result = ("ok", fn())
        except BaseException as exc:  # reported to the parent, which re-raises it
            result = ("error", (exc, traceback.format_exc()))
        try:
            payload = pickle.dumps(result)
        except Exception as exc:
            payload = pickle.dumps(("error", (RuntimeError(repr(exc)), "")))
        with os.fdopen(write_fd, "wb") as out:
            out.write(payload)
        os._exit(0)
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as inp:
        data = inp.read()
    os.waitpid(pid, 0)
    status, value = pickle.loads(data)
    if status == "error":
        exc, trace = value
        raise AssertionError(f"child failed:\n{trace}") from exc
    return value


def read_only_book(shared_dir: Path, *, files_too: bool, lock_file: bool = True) -> Path:
    """A one-customer book in a folder (and, with files_too, files) its owner cannot write."""
    folder = shared_dir / "ro"
    book = folder / "book.json"
    with Store.open(book) as store, store.transaction() as txn:
        txn.insert("customers", {"name": "Tom"})
    if not lock_file:
        for extra in folder.glob("book.json.lock*"):
            extra.unlink()
    for path in [folder, *folder.rglob("*")]:
        if os.getuid() == 0:
            os.chown(path, NOBODY, NOBODY)
        if path.is_file() and files_too:
            path.chmod(0o400)
    folder.chmod(0o500)
    return book
