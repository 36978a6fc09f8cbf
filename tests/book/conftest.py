"""Fixtures for the storage tests: a temporary book path and ways to look at its files."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tradebook.book.store import Store


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """Where a fresh book lives; nothing is created yet."""
    return tmp_path / "data" / "book.json"


@pytest.fixture
def filled(book: Path) -> Path:
    """A closed book with 30 customers (ids 1..30) and a backup of that state."""
    with Store.open(book) as store:
        for start in range(0, 30, 10):
            with store.transaction() as txn:
                for n in range(start, start + 10):
                    txn.insert("customers", {"name": f"Customer {n + 1}", "n": n + 1})
    return book


@pytest.fixture
def shared_dir(tmp_path: Path):
    """A folder an unprivileged child can reach (as root, pytest's own tmp is private)."""
    base = tmp_path
    if os.getuid() == 0:
        base = Path(tempfile.mkdtemp(prefix="tradebook-test-"))
        base.chmod(0o755)
    try:
        yield base
    finally:
        for path in [base, *base.rglob("*")]:  # tests make parts of it read-only
            path.chmod(0o700 if path.is_dir() else 0o600)
        if base != tmp_path:
            shutil.rmtree(base)
