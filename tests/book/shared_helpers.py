"""Devices of a shared book on one machine: each its own copy of the folder, and a stand-in for
the sync engine that copies whole journal files (or the first part of one, still arriving)."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

from tradebook.book.shared import DEVICES, JOURNAL, SharedStore, share
from tradebook.services.book import Book

DAY = date(2024, 6, 14)


def at(hour: int = 12) -> datetime:
    return datetime(2024, 6, 14, hour, 0).astimezone()


def single_book(path: Path, customers: int = 2) -> Path:
    book = Book.open(path, create=True, daily_backup=False)
    book.init_profile(name="Sparks Electric", today=DAY)
    for i in range(customers):
        book.add_customer(f"Customer {i}", today=DAY, phones=["555-000-1234"])
    from decimal import Decimal

    from tradebook.services.billing import Item

    for i in range(customers):
        book.add_invoice(f"C-{i + 1:04d}", [Item("Work", Decimal(1), 100_000)], issued=DAY)
    book.close()
    return path


def shared_folders(tmp: Path, devices: list[str], customers: int = 2) -> dict[str, Path]:
    """One shared book, shared by devices[0], and a copy of its folder per device."""
    source = single_book(tmp / "single" / "book.json", customers)
    origin = tmp / "folders" / devices[0]
    share(source, origin, devices[0])
    folders = {devices[0]: origin}
    for device in devices[1:]:
        folders[device] = tmp / "folders" / device
        shutil.copytree(origin, folders[device])
    return folders


def open_device(folders: dict[str, Path], device: str) -> Book:
    return Book(SharedStore.open_folder(folders[device], device))


def sync(folders: dict[str, Path], source: str, target: str, writer: str, cut: int | None = None):
    """Copy `writer`'s journal as `source` holds it into `target`'s folder (whole, or only its
    first `cut` bytes: a file still arriving), with its device.json and base."""
    src = folders[source] / DEVICES / writer
    if not src.is_dir() or source == target:
        return
    dst = folders[target] / DEVICES / writer
    dst.mkdir(parents=True, exist_ok=True)
    for name in ("device.json", "base.json"):
        if (src / name).exists() and not (dst / name).exists():
            shutil.copy2(src / name, dst / name)
    if writer == target:
        return  # nobody else writes a device's own files
    journal = src / JOURNAL
    if journal.exists():
        data = journal.read_bytes()
        if cut is not None:
            data = data[: min(cut, len(data))]
        old = dst / JOURNAL
        if old.exists() and len(old.read_bytes()) > len(data) and cut is not None:
            return  # a sync engine only ever brings a newer copy
        tmp = dst / f".syncthing.{JOURNAL}.tmp"
        tmp.write_bytes(data)
        tmp.replace(old)


def sync_all(folders: dict[str, Path]) -> None:
    names = list(folders)
    for source in names:
        for target in names:
            for writer in names:
                sync(folders, source, target, writer)


def digest_of(folders: dict[str, Path], device: str) -> str:
    store = SharedStore.open_folder(folders[device], device)
    try:
        return store.digest()
    finally:
        store.close()
