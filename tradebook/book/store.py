"""The book on disk and in memory: a TinyDB-layout JSON snapshot plus an append-only journal.

A write appends one checksummed line to ``PATH.journal`` and fsyncs it — a few hundred bytes,
never a rewrite of the snapshot. The journal is folded into a new snapshot (temp file, fsync,
atomic rename) when it grows large and when a Store closes. Beside PATH live ``PATH.lock`` (a
lock held while writing; ``PATH.lock.queue`` makes waiters take turns), ``PATH.backups/``
(rolling copies) and, after a restore, the ``PATH.damaged-*`` files that were moved aside.
Other processes' writes arrive via ``refresh()``.

The snapshot holds one table per line; opening parses only its `_meta` line and each table is
parsed the first time something reads it, so a command that lists customers never parses ten
years of contact log. A write parses only what it touches: a record inserted into a table not
parsed yet (a contact logged from the command line) is kept beside that table's JSON, its id
and the record before it (the contact chain's head) found from the snapshot's `_meta` without
parsing the table. Before anything is written every table not parsed is checked against its
crc32 in `_meta`, so damage anywhere in the book still stops a write.
"""

from __future__ import annotations

import gc
import os
import re
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec
import orjson

from tradebook.book import _fs
from tradebook.book._codec import (
    META,
    Corrupt,
    Doc,
    Raw,
    Tables,
    Tail,
    dump_snapshot,
    encode_doc,
    encode_op,
    journal_line,
    merged,
    parse_journal,
    parse_pages,
    parse_snapshot,
    parse_table,
    read_snapshot,
    typed,
    typed_json,
)
from tradebook.book._table import Table
from tradebook.errors import BadInput, BookDamaged, BookLocked, NotFound, TradebookError
from tradebook.model.records import TABLE_TYPES, UNSET, Shape

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Store", "Txn", "list_backups", "restore"]

SCHEMA_VERSION: int = 1


def _schema_0_to_1(tables: Tables) -> Tables:
    """Schema 0 books kept only ``seq`` in ``_meta``; their records need no change."""
    return tables


# from_version -> function taking {table: {id: doc}} at that version and returning it at the next.
MIGRATIONS: dict[int, Callable[[dict], dict]] = {0: _schema_0_to_1}

_BACKUP_NAME = re.compile(r"^\d{8}T\d{6}\.\d{6}Z-\d{9,}\.json$")


_EMPTY = Table()
_EMPTY.shared = True

Staged = dict[tuple[str, int], Doc]


@dataclass(slots=True)
class _State:
    """Everything read from the files, and where reading stopped.

    A table handed to a reader (`Table.shared`) is never changed again: a write replaces it
    with a successor that shares all of it but the page it writes to.
    """

    tables: dict[str, Table]
    next_ids: dict[str, int]  # of the parsed tables
    seq: int  # last journal entry applied
    snap_seq: int  # seq the snapshot file was written at
    disk_schema: int  # schema of the snapshot file (older until an upgrade is written)
    snap_ident: _fs.Ident | None
    journal_ident: _fs.Ident | None
    journal_end: int  # bytes of the journal up to the end of its last good line
    journal_lines: int
    #: tables of the snapshot not parsed yet: their JSON, exactly as in the file
    unread: dict[str, memoryview]
    #: crc32 of each unread table's JSON, from `_meta` (none in a book of an older layout)
    sums: dict[str, int] = field(default_factory=dict)
    #: each unread table's highest id in the snapshot, and where that record's JSON starts
    tails: dict[str, Tail] = field(default_factory=dict)
    #: where each unread table's pages start within its JSON, from `_meta`
    splits: dict[str, list[int]] = field(default_factory=dict)
    #: records written to an unread table since the snapshot, whole; laid over it when parsed
    overlay: dict[str, Table] = field(default_factory=dict)
    #: every unread table's JSON was found to match its checksum
    checked: bool = False
    #: the snapshot file has no checksums (written by an older tradebook, or by hand): the
    #: next write rewrites it in the current layout
    old_layout: bool = False
    #: each table as parsed from the snapshot, before the overlay (for pictures taken earlier)
    first: dict[str, Table] = field(default_factory=dict)
    #: the tables in the order the snapshot file has them (a new snapshot keeps it)
    order: list[str] = field(default_factory=list)

    def parse(self, names) -> None:
        """Parse these tables if they are still unread (Corrupt if one is damaged)."""
        for name in names:
            data = self.unread.get(name)
            if data is None:
                continue
            splits = self.splits.pop(name, None)
            with _gc_paused():
                base = parse_pages(name, data, splits) if splits else None
                if base is None:
                    base = Table.of(parse_table(name, data))
            base.shared = True
            table = self.tables[name] = _laid_over(base, self.overlay.pop(name, None))
            self.first[name] = base
            self.next_ids[name] = (table.last_id or 0) + 1
            del self.unread[name]
            self.sums.pop(name, None)
            self.tails.pop(name, None)

    def next_id(self, name: str) -> int:
        """The id the next insert into `name` gets; an unread table's comes from its tail."""
        if name in self.unread:
            tail = self.tails.get(name)
            if tail is None:
                self.parse((name,))
            else:
                overlay = self.overlay.get(name)
                return max(tail[0], (overlay.last_id or 0) if overlay else 0) + 1
        return self.next_ids.get(name, 1)

    def doc(self, name: str, doc_id: int) -> Doc | None:
        """One record as it is now. In an unread table the overlay, or the snapshot's newest
        record, answers without parsing it; anything else parses the table."""
        if name in self.unread:
            overlay = self.overlay.get(name)
            if overlay is not None and doc_id in overlay:
                return overlay[doc_id]
            tail = self.tails.get(name)
            if tail is not None:
                if doc_id > tail[0]:
                    return None  # above every id of the snapshot's table
                if doc_id == tail[0]:
                    found = self._tail_doc(name, tail)
                    if found is not None:
                        return found
            self.parse((name,))
        return self.tables.get(name, _EMPTY).get(doc_id)

    def _tail_doc(self, name: str, tail: Tail) -> Doc | None:
        """The snapshot's newest record of an unread table, parsed alone (None if the tail
        does not point at one: the whole table is parsed instead, and tells what is wrong)."""
        data = self.unread[name]
        last, start = tail
        prefix = b'"%d":' % last
        if start <= len(prefix) or data[start - len(prefix) - 1 : start] not in (
            b"{" + prefix,
            b"," + prefix,
        ):
            return None
        return typed_json(name, data[start : len(data) - 1])

    def stage(self, ops: list) -> Staged | str:
        """Each record as one transaction's ops leave it, or what makes them not fit the book."""
        staged: Staged = {}
        for kind, name, doc_id, body in ops:
            key = (name, doc_id)
            current = staged[key] if key in staged else self.doc(name, doc_id)
            if kind == "i":
                if current is not None:
                    return f"it inserts record {doc_id} of {name!r} twice"
                staged[key] = typed(name, body)
            else:
                if current is None:
                    return f"it updates record {doc_id} of {name!r}, which does not exist"
                staged[key] = merged(name, current, body)
        return staged

    def install(self, staged: Staged) -> None:
        for (name, doc_id), doc in staged.items():
            if name in self.unread:
                overlay = self.overlay.get(name)
                if overlay is None:
                    overlay = self.overlay[name] = Table()
                elif overlay.shared:
                    overlay = self.overlay[name] = overlay.thaw()
                overlay.put(doc_id, doc)
                continue
            table = self.tables.get(name)
            if table is None:
                table = self.tables[name] = Table()
            elif table.shared:
                table = self.tables[name] = table.thaw()
            table.put(doc_id, doc)
            if doc_id >= self.next_ids.get(name, 1):
                self.next_ids[name] = doc_id + 1

    def apply(self, ops: list) -> str | None:
        """Apply one transaction's ops all together, or none of them and say why not."""
        staged = self.stage(ops)
        if isinstance(staged, str):
            return staged
        self.install(staged)
        return None


def _laid_over(base: Table, overlay: Table | None) -> Table:
    """The snapshot's table with the records written since laid over it."""
    if not overlay:
        return base
    table = base.thaw()
    for doc_id, doc in overlay.items():
        table.put(doc_id, doc)
    return table


class Store:
    """One book, held in memory as plain dicts. Transactions from several threads are taken one
    at a time; a reader in another thread should not iterate a table while a write lands."""

    JOURNAL_MAX_BYTES = 4 * 1024 * 1024
    JOURNAL_MAX_LINES = 5000
    BACKUPS_KEEP = 10
    BACKUP_EVERY_SECONDS = 24 * 3600

    path: Path
    version: int

    def __init__(self, path: Path, lock_timeout: float) -> None:
        """Use Store.open()."""
        self.path = path
        self.version = 0
        # Set when best-effort housekeeping (compaction, backup) failed; the data is safe anyway.
        self.compaction_error: TradebookError | None = None
        self._file = str(path)
        self._journal = f"{path}.journal"
        self._lock = _fs.FileLock(f"{path}.lock")
        self._lock_timeout = lock_timeout
        self._lock_depth = 0
        self._mutex = threading.RLock()
        self._in_txn = False
        self._closed = False
        self._state: _State

    # ----- opening --------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        create: bool = True,
        lock_timeout: float = 5.0,
        daily_backup: bool = True,
    ) -> Store:
        """Open (or start) the book at `path`. The once-a-day backup is taken here unless the
        caller takes it later itself with `daily_backup()` (the app does, once it is drawn)."""
        path = Path(os.path.abspath(Path(path).expanduser()))
        store = cls(path, lock_timeout)
        try:
            if not _exists(path):
                if not create:
                    raise NotFound(f"no book at {path} — run `tradebook init` to start one")
                store._create()
            store._load(locked=False)
            store._remove_orphans()
            if store._state.disk_schema < SCHEMA_VERSION:
                store._upgrade()
            if daily_backup:
                store.daily_backup()
        except BaseException:
            store._lock.close()
            raise
        return store

    def _create(self) -> None:
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            with self._locked():
                if self.path.exists():
                    return
                if os.path.exists(self._journal):
                    # A journal whose book is gone belongs to no book now; keep it, out of the way.
                    _fs.replace(self._journal, f"{self._journal}.orphan-{_stamp()}")
                _fs.atomic_write(self.path, dump_snapshot({}, SCHEMA_VERSION, 0))
                fd, _ = _fs.open_append(self._journal)
                os.close(fd)
                _fs.fsync_dir(self.path.parent)
        except OSError as exc:
            raise _fs.os_error(exc, f"create the book at {self.path}", self.path.parent) from None

    def _upgrade(self) -> None:
        """Write a migrated book back at SCHEMA_VERSION; if that is impossible now, stay readable."""
        try:
            with self._mutex, self._locked():
                self._catch_up(locked=True)
                if self._state.disk_schema < SCHEMA_VERSION:
                    self._compact_locked()
        except BookDamaged:
            raise
        except TradebookError as exc:
            self.compaction_error = exc  # transactions retry the upgrade and report if it fails

    def _remove_orphans(self) -> None:
        """Temp files of a process killed mid-write; removed only while no one else is writing."""
        prefix = f"{self.path.name}.tmp-"
        try:
            orphans = [e.path for e in os.scandir(self.path.parent) if e.name.startswith(prefix)]
            backups = _backups_dir(self.path)
            if backups.is_dir():
                orphans += [e.path for e in os.scandir(backups) if ".tmp-" in e.name]
        except OSError:
            return
        if not orphans or not self._lock.try_acquire():
            return
        try:
            for orphan in orphans:
                with suppress(OSError):
                    os.unlink(orphan)
        finally:
            self._lock.release()

    # ----- reading --------------------------------------------------------------------

    def table(self, name: str) -> Table:
        """The records of a table as they are now, {id: doc}. Read-only, and never changed
        afterwards: a write replaces the table (and its records) rather than editing them, so
        a reader in another thread may keep it; fetch again to see later writes."""
        with self._mutex:
            state = self._state
            table = self._loaded(state, name)
            if table is None:
                return _EMPTY
            table.shared = True
            return table

    def get(self, name: str, doc_id: int) -> dict | None:
        table = self._loaded(self._state, name)
        return None if table is None else table.get(doc_id)

    def _loaded(self, state: _State, name: str) -> Table | None:
        """The table as it is in `state`, parsed now if it was not yet."""
        if name in state.unread:
            self._parse(state, (name,))
        return state.tables.get(name)

    def tables(self) -> Picture:
        """Every table of the book as it is now, each parsed when first looked up. Taking it
        copies nothing, and later writes (or a reload) never change what it shows."""
        with self._mutex:
            state = self._state
            for table in (*state.tables.values(), *state.overlay.values()):
                table.shared = True
            return Picture(
                self, state, dict(state.tables), frozenset(state.unread), dict(state.overlay)
            )

    @property
    def unread(self) -> frozenset[str]:
        """Tables not parsed yet."""
        return frozenset(self._state.unread)

    def _parse(self, state: _State, names) -> None:
        with self._mutex:
            try:
                state.parse(names)
            except Corrupt as problem:
                raise self._damaged(problem) from None

    def _whole_book(self) -> dict[str, Table | Raw]:
        """Every table, to write the book out: a table not parsed is copied as the JSON it was
        read as (after its checksum is checked), with the records inserted since after it;
        only one whose snapshot records were changed since is parsed."""
        self._check_unread()
        state = self._state
        changed = []
        for name, overlay in state.overlay.items():
            tail = state.tails.get(name)
            if tail is None or next(iter(overlay)) <= tail[0]:
                changed.append(name)
        self._parse(state, changed)
        whole: dict[str, Table | Raw] = {}
        for name in dict.fromkeys([*state.order, *state.tables, *state.unread]):
            if name in state.unread:
                whole[name] = Raw(
                    state.unread[name],
                    state.sums[name],
                    state.tails.get(name),
                    state.splits.get(name),
                    state.overlay.get(name),
                )
            elif name in state.tables:
                whole[name] = state.tables[name]
        return whole

    def _check_unread(self) -> None:
        """Before a write: every table not parsed is checked against its checksum (a table of
        an older layout, which has none, is parsed), so a damaged book is never written to."""
        state = self._state
        if state.checked:
            return
        with self._mutex:
            self._parse(state, [name for name in state.unread if name not in state.sums])
            for name, data in state.unread.items():
                if zlib.crc32(data) != state.sums[name]:
                    raise self._damaged(
                        Corrupt(f"table {name!r} is damaged (it does not match its checksum)")
                    )
            state.checked = True

    def _next_id(self, name: str) -> int:
        with self._mutex:
            try:
                return self._state.next_id(name)
            except Corrupt as problem:
                raise self._damaged(problem) from None

    def _doc(self, name: str, doc_id: int) -> dict | None:
        with self._mutex:
            try:
                return self._state.doc(name, doc_id)
            except Corrupt as problem:
                raise self._damaged(problem) from None

    def refresh(self) -> bool:
        """Pick up other processes' writes; True (and a new .version) if anything changed."""
        self._check_open()
        state = self._state
        if (
            _fs.ident(self._file) == state.snap_ident
            and _fs.ident(self._journal) == state.journal_ident
        ):
            return False
        with self._mutex:
            return self._catch_up(locked=self._in_txn)

    def _catch_up(self, *, locked: bool) -> bool:
        """Apply new journal lines, or reload everything when the snapshot was replaced."""
        state = self._state
        snap_ident, journal_ident = _fs.ident(self._file), _fs.ident(self._journal)
        if snap_ident != state.snap_ident or (journal_ident is None) != (
            state.journal_ident is None
        ):
            return self._reload(locked)
        if journal_ident is None or (not locked and journal_ident == state.journal_ident):
            return False
        assert state.journal_ident is not None  # both or neither, by the first test
        if journal_ident[0] != state.journal_ident[0] or journal_ident[1] < state.journal_end:
            return self._reload(locked)  # journal replaced or cut back by a compaction or restore
        try:
            data, read_ident = _fs.read(self._journal, offset=state.journal_end, missing_ok=True)
            entries, end, lines = parse_journal(data)
        except (OSError, Corrupt):
            return self._reload(locked)
        if (
            read_ident is None
            or read_ident[0] != journal_ident[0]
            or (entries and state.disk_schema < SCHEMA_VERSION)
            or (not locked and _fs.ident(self._file) != state.snap_ident)
        ):
            return self._reload(locked)
        for seq, ops in entries:
            if seq != state.seq + 1:
                return self._reload(locked)
            try:
                problem = state.apply(ops)
            except Corrupt as damage:
                raise self._damaged(damage) from None
            if problem is not None:
                return self._reload(locked)
            state.seq = seq
        state.journal_end += end
        state.journal_lines += lines
        state.journal_ident = read_ident
        if entries:
            self.version += 1
        return bool(entries)

    def _reload(self, locked: bool) -> bool:
        self._load(locked=locked)
        return True

    def _load(self, *, locked: bool) -> None:
        """Read snapshot + journal afresh and install them (migrated in memory if older)."""
        try:
            state = self._read_state(consistent=not locked)
        except Corrupt as problem:
            if locked:
                raise self._damaged(problem) from None
            # Make sure it is not a writer caught mid-change: read once more while none may write.
            try:
                self._lock.acquire(self._lock_timeout, shared=True)
            except _fs.LockTimeout:
                raise self._busy() from None
            except OSError:
                raise self._damaged(problem) from None
            try:
                state = self._read_state(consistent=False)
            except Corrupt as again:
                raise self._damaged(again) from None
            finally:
                self._lock.release()
        self._state = state
        self.version += 1

    def _read_state(self, *, consistent: bool) -> _State:
        for _attempt in range(100):
            try:
                snap, snap_ident = _fs.read(self._file)
                journal, journal_ident = _fs.read(self._journal, missing_ok=True)
            except FileNotFoundError:
                raise NotFound(f"no book at {self.path}") from None
            except OSError as exc:
                raise TradebookError(
                    f"cannot read the book at {self.path}: {exc.strerror}"
                ) from None
            # Unlocked, a compaction may swap the snapshot between the two reads: read again.
            if not consistent or _fs.ident(self._file) == snap_ident:
                break
        else:
            raise self._busy()
        with _gc_paused():
            snapshot = read_snapshot(snap, lazy=True)
            schema, snap_seq = snapshot.schema, snapshot.seq
            if schema > SCHEMA_VERSION:
                raise BookDamaged(
                    f"the book at {self.path} was written by a newer tradebook (schema {schema}; "
                    f"this one reads up to {SCHEMA_VERSION}): update tradebook, or "
                    f"{_way_back(self.path)}"
                )
            entries, end, lines = parse_journal(journal)
            tables = {name: Table.of(docs) for name, docs in snapshot.tables.items()}
            next_ids = {name: (table.last_id or 0) + 1 for name, table in tables.items()}
            state = _State(
                tables,
                next_ids,
                snap_seq,
                snap_seq,
                schema,
                snap_ident,
                journal_ident,
                end,
                lines,
                snapshot.unread,
                snapshot.sums,
                snapshot.tails,
                snapshot.splits,
            )
            state.old_layout = len(snapshot.sums) < len(snapshot.unread) + len(tables)
            state.order = [*snapshot.unread, *tables]
            if schema < SCHEMA_VERSION:
                state.parse(list(state.unread))
            seq = snap_seq
            previous = None
            for number, (entry_seq, ops) in enumerate(entries, 1):
                if previous is not None and entry_seq != previous + 1:
                    raise Corrupt(f"its journal is out of order at line {number}")
                previous = entry_seq
                if entry_seq <= snap_seq:
                    continue  # already in the snapshot (a compaction stopped before the journal was emptied)
                if entry_seq != seq + 1:
                    raise Corrupt(f"its journal lacks entries {seq + 1} to {entry_seq - 1}")
                problem = state.apply(ops)
                if problem:
                    raise Corrupt(f"line {number} of its journal does not fit the book: {problem}")
                seq = entry_seq
            state.seq = seq
            if schema < SCHEMA_VERSION:
                migrated = self._migrate(
                    {name: dict(table.items()) for name, table in state.tables.items()}, schema
                )
                state.tables = {name: Table.of(docs) for name, docs in migrated.items()}
                state.next_ids = {
                    name: (table.last_id or 0) + 1 for name, table in state.tables.items()
                }
        return state

    def _migrate(self, tables: Tables, schema: int) -> Tables:
        for version in range(schema, SCHEMA_VERSION):
            step = MIGRATIONS.get(version)
            if step is None:
                raise TradebookError(
                    f"the book at {self.path} is at schema {version}, "
                    "which this tradebook cannot upgrade"
                )
            try:
                tables = step(tables)
            except TradebookError:
                raise
            except Exception as exc:  # a failed upgrade leaves the file as it is, and says so
                raise TradebookError(
                    f"could not upgrade the book at {self.path} from schema {version}: {exc}"
                ) from exc
        return tables

    # ----- writing --------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Txn]:
        """Lock, catch up, and yield a Txn; its ops are written as one journal line on exit."""
        self._check_open()
        with self._mutex:
            if self._in_txn:
                raise TradebookError("a transaction is already open on this book; finish it first")
            with self._locked():
                self._in_txn = True
                try:
                    self._catch_up(locked=True)
                    self._check_unread()
                    if self._state.disk_schema < SCHEMA_VERSION:
                        self._compact_locked()  # never write new-schema ops after an old snapshot
                    txn = Txn(self)
                    try:
                        yield txn
                    finally:
                        txn._open = False
                    if txn._ops:
                        self._commit(txn._ops)
                        state = self._state
                        if (
                            state.journal_end > self.JOURNAL_MAX_BYTES
                            or state.journal_lines > self.JOURNAL_MAX_LINES
                            or state.old_layout  # read whole for this write: written anew once
                        ):
                            self._compact_best_effort()
                finally:
                    self._in_txn = False

    def _commit(self, ops: list[bytes]) -> None:
        state = self._state
        seq = state.seq + 1
        payload, line = journal_line(seq, ops)
        try:
            staged = state.stage(orjson.loads(payload)["ops"])
        except Corrupt as problem:
            raise self._damaged(problem) from None
        if isinstance(staged, str):  # cannot happen: Txn builds ops against this very state
            raise TradebookError(f"internal error applying a write: {staged}")
        doing = f"save to {self._journal}"
        try:
            fd, created = _fs.open_append(self._journal)
        except OSError as exc:
            raise _fs.os_error(exc, doing, self.path.parent) from None
        try:
            try:
                if created:
                    _fs.fsync_dir(self.path.parent)
                elif os.fstat(fd).st_size != state.journal_end:
                    os.ftruncate(fd, state.journal_end)  # the torn line of an unacknowledged write
                _fs.write_all(fd, line)
                _fs.sync(fd)
            except OSError as exc:
                self._undo_append(fd)
                raise _fs.os_error(exc, doing, self.path.parent) from None
            st = os.fstat(fd)
        finally:
            os.close(fd)
        state.install(staged)
        state.seq = seq
        state.journal_end += len(line)
        state.journal_lines += 1
        state.journal_ident = (st.st_ino, st.st_size, st.st_mtime_ns)
        self.version += 1

    def _undo_append(self, fd: int) -> None:
        """Cut a failed append back off so the journal ends with the last acknowledged line."""
        try:
            os.ftruncate(fd, self._state.journal_end)
            _fs.sync(fd)
        except OSError:
            self._state.journal_ident = None  # unknown tail: reread it before trusting memory

    def compact(self) -> None:
        """Fold the journal into a fresh snapshot (and take a backup of it)."""
        self._check_open()
        with self._mutex, self._locked():
            self._catch_up(locked=True)
            self._compact_locked()

    def _compact_best_effort(self) -> None:
        try:
            self._compact_locked()
        except TradebookError as exc:
            self.compaction_error = exc  # every acknowledged write is already safe in the journal

    def _compact_locked(self) -> None:
        """Write snapshot, back it up, empty the journal. A kill at any point loses nothing:
        until the rename the old snapshot + journal stand; after it, entries <= seq are skipped."""
        whole = self._whole_book()
        state = self._state
        folder = self.path.parent
        try:
            if state.disk_schema < SCHEMA_VERSION:
                old, _ = _fs.read(self._file)
                self._write_backup(old, state.snap_seq)  # the file as it was before the upgrade
            data = dump_snapshot(whole, SCHEMA_VERSION, state.seq)
            _fs.atomic_write(self.path, data)
        except OSError as exc:
            raise _fs.os_error(exc, f"rewrite {self.path}", folder) from None
        state.snap_ident = _fs.ident(self._file)
        state.snap_seq = state.seq
        state.disk_schema = SCHEMA_VERSION
        state.old_layout = False
        try:
            self._write_backup(data, state.seq)
        except OSError as exc:
            backups = _backups_dir(self.path)
            self.compaction_error = _fs.os_error(exc, f"write a backup into {backups}", backups)
        try:
            fd, created = _fs.open_append(self._journal)
            try:
                os.ftruncate(fd, 0)
                _fs.sync(fd)
            finally:
                os.close(fd)
            if created:
                _fs.fsync_dir(folder)
        except OSError as exc:
            raise _fs.os_error(exc, f"empty {self._journal}", folder) from None
        state.journal_end = state.journal_lines = 0
        state.journal_ident = _fs.ident(self._journal)

    def daily_backup(self) -> None:
        """A book changed since its newest backup, and that backup a day old, gets a fresh one:
        a user who only ever runs commands still has a way back."""
        newest = next(iter(list_backups(self.path)), None)
        if newest is None:
            if self._state.seq == 0:
                return
        else:
            backed_up_seq = int(newest.stem.rsplit("-", 1)[1])
            with suppress(OSError):
                if (
                    backed_up_seq >= self._state.seq
                    or time.time() - newest.stat().st_mtime < self.BACKUP_EVERY_SECONDS
                ):
                    return
        try:
            self.backup()
        except TradebookError as exc:
            self.compaction_error = exc  # the book itself is fine; say so where it is looked at

    def backup(self) -> Path:
        """A consistent copy of the book as it is now, in PATH.backups/ (the last N are kept)."""
        self._check_open()
        with self._mutex, self._locked():
            self._catch_up(locked=True)
            whole = self._whole_book()
            state = self._state
            try:
                return self._write_backup(
                    dump_snapshot(whole, SCHEMA_VERSION, state.seq), state.seq
                )
            except OSError as exc:
                backups = _backups_dir(self.path)
                raise _fs.os_error(exc, f"write a backup into {backups}", backups) from None

    def _write_backup(self, data: bytes, seq: int) -> Path:
        folder = _backups_dir(self.path)
        with suppress(FileExistsError):
            folder.mkdir(mode=0o700)
        target = folder / f"{_stamp()}-{seq:09d}.json"
        _fs.atomic_write(target, data)
        for old in list_backups(self.path)[self.BACKUPS_KEEP :]:
            with suppress(OSError):  # gone already, or (Windows) held open: pruned next time
                old.unlink()
        return target

    def close(self) -> None:
        """Fold the journal in if it holds anything (best effort), then let go of the files."""
        if self._closed:
            return
        with self._mutex:
            if self._in_txn:
                raise TradebookError("cannot close the book inside one of its transactions")
            try:
                journal = _fs.ident(self._journal)
                if journal is not None and journal[1] > 0:
                    try:
                        with self._locked():
                            self._catch_up(locked=True)
                            if (_fs.ident(self._journal) or (0, 0, 0))[1] > 0:
                                self._compact_locked()
                    except TradebookError as exc:
                        self.compaction_error = (
                            exc  # the journal keeps every write; next open uses it
                        )
            finally:
                self._closed = True
                self._lock.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----- helpers --------------------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the write lock (re-entrant within this Store, e.g. compact() inside a transaction)."""
        if self._lock_depth:
            yield
            return
        try:
            self._lock.acquire(self._lock_timeout)
        except _fs.LockTimeout:
            raise self._busy() from None
        except OSError as exc:
            raise _fs.os_error(exc, f"lock {self.path} for writing", self.path.parent) from None
        self._lock_depth += 1
        try:
            yield
        finally:
            self._lock_depth -= 1
            self._lock.release()

    def _check_open(self) -> None:
        if self._closed:
            raise TradebookError(f"the book at {self.path} is closed")

    def _busy(self) -> BookLocked:
        return BookLocked(
            f"the book is busy: another tradebook is writing to {self.path} — try again in a moment"
        )

    def _damaged(self, problem: Corrupt) -> BookDamaged:
        return BookDamaged(f"the book at {self.path} is damaged: {problem}; {_way_back(self.path)}")


class Picture(Mapping[str, Table]):
    """The book's tables at one moment (see `Store.tables`), each parsed when first looked up.
    Any name looks up: a table nothing was written to yet is empty."""

    #: what it hands out never changes afterwards, so indexes over it may be kept and reused
    unchanging = True

    def __init__(
        self,
        store: Store,
        state: _State,
        tables: dict[str, Table],
        unread: frozenset[str],
        overlay: dict[str, Table],
    ) -> None:
        self._store = store
        self._state = state
        self._tables = tables
        self._unread = unread
        self._overlay = overlay

    def __getitem__(self, name: str) -> Table:
        found = self._tables.get(name)
        if found is None and name in self._unread:
            # unread when the picture was taken: what it held then is the table as first parsed
            # with what had been written to it by then laid over it
            self._store._parse(self._state, (name,))
            found = _laid_over(self._state.first[name], self._overlay.get(name))
            found.shared = True
            self._tables[name] = found
        return _EMPTY if found is None else found

    def __iter__(self) -> Iterator[str]:
        return iter([*self._tables, *(n for n in self._unread if n not in self._tables)])

    def __len__(self) -> int:
        return len(self._tables) + len(self._unread - self._tables.keys())


class Txn:
    """One write transaction: reads include its own pending ops; nothing is written until it ends."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._ops: list[bytes] = []
        self._pending: dict[str, dict[int, dict]] = {}
        self._views: dict[str, dict[int, dict]] = {}
        self._next_ids: dict[str, int] = {}
        self._open = True

    def table(self, name: str) -> Mapping[int, dict]:
        self._check()
        pending = self._pending.get(name)
        if not pending:
            return self._store.table(name)
        view = self._views.get(name)
        if view is None:
            view = self._views[name] = dict(self._store.table(name).items())
            view.update(pending)
        return view

    def get(self, name: str, doc_id: int) -> dict | None:
        self._check()
        pending = self._pending.get(name)
        if pending and doc_id in pending:
            return pending[doc_id]
        return self._store._doc(name, doc_id)

    def next_id(self, name: str) -> int:
        """The id the next insert into `name` gets: ids only grow, none is ever reused."""
        self._check()
        return self._next_ids.get(name) or self._store._next_id(name)

    def insert(self, name: str, doc: Doc | None = None, **fields: Any) -> int:
        """Add a record: a Struct of the table (or built here from `fields`), or a dict."""
        _check_table(name)
        if doc is None and fields:
            kind = TABLE_TYPES.get(name)
            if kind is None:
                raise BadInput(f"{name!r} has no record type to build from fields; give a dict")
            try:
                doc = kind(**fields)
            except TypeError as exc:
                raise BadInput(f"a new {name} record: {exc}") from None
        elif fields:
            raise BadInput("give a new record or its fields, not both")
        body = encode_doc(doc, f"a new {name} record")
        doc_id = self.next_id(name)
        self._add("i", name, doc_id, body, typed_json(name, body))
        self._next_ids[name] = doc_id + 1
        return doc_id

    def update(
        self, name: str, doc_id: int, fields: dict | Shape | None = None, **changes: Any
    ) -> None:
        """Shallow merge of `fields` (a dict, or a Struct's set fields) or of the keyword
        `changes` into the record; the new record is its Struct's `replace`."""
        _check_table(name)
        if type(doc_id) is not int:
            raise BadInput(f"record id {doc_id!r} of {name} is not a whole number")
        if isinstance(fields, Shape):
            fields = {k: v for k, v in msgspec.structs.asdict(fields).items() if v is not UNSET}
        elif fields is None:
            fields = changes
        elif changes:
            raise BadInput("give the changed fields as a dict or as keywords, not both")
        current = self.get(name, doc_id)
        if current is None:
            raise NotFound(f"no record {doc_id} in {name} to update")
        body = encode_doc(fields, f"the change to {name} record {doc_id}")
        if fields:
            self._add("u", name, doc_id, body, merged(name, current, orjson.loads(body)))

    def _add(self, kind: str, name: str, doc_id: int, body: bytes, doc: Doc) -> None:
        self._ops.append(encode_op(kind, name, doc_id, body))
        self._pending.setdefault(name, {})[doc_id] = doc
        view = self._views.get(name)
        if view is not None:
            view[doc_id] = doc

    def _check(self) -> None:
        if not self._open:
            raise TradebookError("this transaction is over; start a new one")


Store.Txn = Txn  # type: ignore[attr-defined]


def _check_table(name: object) -> None:
    if type(name) is not str or not name or name == META:
        raise BadInput(f"{name!r} cannot be the name of a table of the book")


# ----- backups ------------------------------------------------------------------------------


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError as exc:  # e.g. a folder on the way that may not be entered
        raise TradebookError(f"cannot reach the book at {path}: {exc.strerror}") from None


def _backups_dir(path: Path) -> Path:
    return path.with_name(f"{path.name}.backups")


def _stamp() -> str:
    """UTC time to the microsecond, in a form that sorts as it reads."""
    ns = time.time_ns()
    seconds = time.strftime("%Y%m%dT%H%M%S", time.gmtime(ns // 1_000_000_000))
    return f"{seconds}.{ns // 1000 % 1_000_000:06d}Z"


def list_backups(path: Path | str) -> list[Path]:
    """The book's backups, newest first."""
    folder = _backups_dir(Path(path).expanduser())
    try:
        names = [entry.name for entry in os.scandir(folder) if _BACKUP_NAME.match(entry.name)]
    except FileNotFoundError:
        return []
    return [folder / name for name in sorted(names, reverse=True)]


def _check_backup(backup: Path) -> tuple[bytes, str | None]:
    """(content, problem or None) for a backup file."""
    try:
        data = backup.read_bytes()
    except OSError as exc:
        return b"", f"it cannot be read ({exc.strerror})"
    try:
        with _gc_paused():
            _tables, _unread, schema, _seq = parse_snapshot(data)
    except Corrupt as problem:
        return data, str(problem)
    if schema > SCHEMA_VERSION:
        return data, f"it was written by a newer tradebook (schema {schema})"
    return data, None


def _newest_good_backup(path: Path) -> tuple[Path, bytes] | None:
    for backup in list_backups(path):
        data, problem = _check_backup(backup)
        if problem is None:
            return backup, data
    return None


def _way_back(path: Path) -> str:
    good = _newest_good_backup(path)
    if good is None:
        return "there is no good backup to restore; the file is left as it is"
    return f"newest good backup: {good[0]} — run `tradebook restore` to bring it back"


def restore(path: Path | str, backup: Path | None = None) -> Path:
    """Bring back the newest (or the given) good backup; returns the backup used.

    The current file and journal are moved aside to PATH.damaged-<time>[.journal], never deleted.
    """
    path = Path(os.path.abspath(Path(path).expanduser()))
    if backup is None:
        good = _newest_good_backup(path)
        if good is None:
            raise NotFound(f"no good backup of {path} in {_backups_dir(path)}")
        backup, data = good
    else:
        backup = Path(backup)
        data, problem = _check_backup(backup)
        if problem:
            raise BookDamaged(f"the backup {backup} cannot be used: {problem}")
    lock = _fs.FileLock(f"{path}.lock")
    try:
        try:
            lock.acquire(5.0)
        except _fs.LockTimeout:
            raise BookLocked(
                f"the book is busy: another tradebook is writing to {path} — try again in a moment"
            ) from None
        aside = path.with_name(f"{path.name}.damaged-{_stamp()}")
        journal = Path(f"{path}.journal")
        if path.exists():
            _fs.link_or_copy(path, aside)
        if journal.exists():
            _fs.link_or_copy(journal, Path(f"{aside}.journal"))
        # Snapshot first: a kill before the journal is emptied leaves a book that either fits
        # the old journal or reports damage again, and restore can simply be run once more.
        _fs.atomic_write(path, data)
        _fs.atomic_write(journal, b"")
    except OSError as exc:
        raise _fs.os_error(exc, f"restore {path}", path.parent) from None
    finally:
        lock.close()
    return backup


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Parsing builds ~100k small dicts at once; the collector would rescan them for nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # The parsed records live as long as the book is open and hold no cycles: move them out
        # of the collector's sight, or its next pass walks all of them (~150 ms on a 20 MB book).
        gc.freeze()
        if enabled:
            gc.enable()
