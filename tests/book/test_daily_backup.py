"""A user who only runs commands (no compaction ever) still gets a backup a day."""

import os
import time

from tradebook.book.store import Store, list_backups


def _insert(store, n=1):
    for i in range(n):
        with store.transaction() as tx:
            tx.insert("contacts", {"summary": f"call {i}"})


def test_first_open_after_changes_backs_up_once(tmp_path):
    path = tmp_path / "book.json"
    store = Store.open(path)
    assert list_backups(path) == []  # an empty book has nothing worth keeping
    _insert(store, 3)
    Store.open(path)
    backups = list_backups(path)
    assert len(backups) == 1
    Store.open(path)
    assert list_backups(path) == backups  # nothing changed since: no new copy


def test_a_day_old_backup_is_renewed_when_the_book_changed(tmp_path):
    path = tmp_path / "book.json"
    store = Store.open(path)
    _insert(store)
    Store.open(path)
    [old] = list_backups(path)
    _insert(store)
    Store.open(path)
    assert list_backups(path) == [old]  # changed, but the backup is fresh
    day_ago = time.time() - 25 * 3600
    os.utime(old, (day_ago, day_ago))
    Store.open(path)
    assert len(list_backups(path)) == 2
