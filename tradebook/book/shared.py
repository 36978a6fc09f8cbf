"""A shared book: one folder, kept in step between the office and every van by a sync engine.

Layout of the folder (what Syncthing, Dropbox or OneDrive copy between computers)::

    FOLDER/tradebook-shared.json        the marker: format, version, the device that shared it
    FOLDER/.stignore                    Syncthing: never copy its temp files or conflict copies
    FOLDER/devices/<name>/device.json   written once by that device
    FOLDER/devices/<name>/base.json     the book as it was when shared (the sharing device only)
    FOLDER/devices/<name>/journal       every change that device made, one checksummed line each

Only device <name> ever writes in ``devices/<name>/``, so a sync engine never sees two writers on
one file and never has to make a conflict copy. A journal line is
``<crc32 of payload, 8 hex digits> <payload>\\n``, the payload
``{"n": N, "t": T, "seen": {device: count}, "ops": [...]}``: N counts the device's entries from 1,
T is a hybrid logical clock (milliseconds << 16, plus a counter; never below any entry the device
had seen), `seen` how many entries of each other device it had folded in when it wrote, and each
op ``["i", table, id, doc]`` (insert), ``["u", table, id, fields]`` (set fields) or
``["a", table, id, {field: [items]}]`` (append to a list field: two devices appending to the same
list both keep their items).

**One order.** Every device folds the base and every entry it holds in the order (T, device, N):
two devices holding the same journals hold the same book (`digest`). An entry waits until the
entries it had seen have arrived (a journal still arriving), so a change is never applied to a
record that is not there yet. An entry that arrives late (a van a week offline) sorts before
entries already folded: the fold starts again from the newest checkpoint before it, not from
the base.

**Ids and refs.** The sharing device keeps the plain series (`INV-0042`); every other device
numbers its records in a series named after it (`INV-VAN2-0007`, see tradebook/domain/refs.py).
The series is part of the record's id, so ids, and the refs made from them, never depend on the
order entries arrived in; numbers are gap-free and increasing per series and table, because only
that device hands them out. A device's contact log is chained in its own series: each device
keeps its own hash chain.

**Concurrent edits.** A field set by an entry that had not seen the entry that set it last is a
conflict: the later by the order wins, and the other value is kept in the fold's list of
conflicts (`tradebook conflicts`). Inserts and appends never conflict. A payment inserted by one
device that matches one another device inserted without having seen it (same invoice or job,
amount, date and reference) is marked `duplicate_of` the first: it is not counted until the user
settles it.

**What stays on this computer.** Everything a device builds for speed lives outside the folder,
in the user's cache folder (``TRADEBOOK_CACHE`` moves it), keyed by the folder and the device:
checkpoints of the folded book (TinyDB layout, read lazily like a single-file book), a copy of
every journal as folded (so a journal that shrank, was replaced by an older copy or deleted in
the folder loses nothing: this device's own journal is put back from it), and the lock two
processes of one device take turns on.
"""

from __future__ import annotations

import hashlib
import os
import re
import socket
import time
import zlib
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

import msgspec
import orjson

from tradebook.book import _fs
from tradebook.book._codec import Corrupt, dump_snapshot, merged, read_snapshot, typed
from tradebook.book._table import Table
from tradebook.book.store import SCHEMA_VERSION, Store, _gc_paused, _State
from tradebook.domain.refs import SERIES_SHIFT, SERIES_SIZE, make_ref, series_base, series_of
from tradebook.errors import BadInput, BookDamaged, NotFound, TradebookError

__all__ = [
    "SharedStore",
    "check_device_name",
    "default_device",
    "is_shared",
    "resolve_device",
    "share",
]

MARKER = "tradebook-shared.json"
FORMAT = "tradebook-shared"
FORMAT_VERSION = 1
DEVICES = "devices"
JOURNAL = "journal"
BASE = "base.json"
DEVICE_FILE = "device.json"
STIGNORE = ".stignore"
STIGNORE_TEXT = b"""// Written by `tradebook share`. Syncthing copies every device's journal; never these:
(?d).syncthing.*.tmp
(?d)*.sync-conflict-*
(?d)*.tmp-*
(?d)*.lock
(?d)*.lock.queue
"""
#: tables of one record each (id 1), written by any device: never numbered in a series
SINGLETONS = frozenset({"profile", "settings"})

_NAME = re.compile(r"^[a-z][a-z0-9]{0,5}$")
_CONFLICT_COPY = re.compile(r"\.sync-conflict-|\.syncthing\..*\.tmp$|~syncthing~")

#: how far back (in clock units: ms << 16) a change is still checked for a concurrent one
CONFLICT_WINDOW = 180 * 86_400_000 << 16

Key = tuple[int, str, int]  # (clock, device, n): the one order entries are folded in
ZERO: Key = (0, "", 0)


# ----- names, places ------------------------------------------------------------------------


def check_device_name(name: str) -> str:
    """A device's name: 1-6 letters and digits, starting with a letter (it names the device's
    series of refs, INV-VAN2-0007, so it is short and case does not matter)."""
    text = (name or "").strip().lower()
    if not _NAME.match(text):
        raise BadInput(
            f"a device name is 1-6 letters and digits starting with a letter, like office or "
            f"van2 (not {name!r})"
        )
    return text


def default_device() -> str:
    """This computer's host name, cut to a device name."""
    host = re.sub(r"[^a-z0-9]", "", socket.gethostname().lower())
    if not host:
        return "device"
    if not host[0].isalpha():
        host = "d" + host
    return host[:6]


def _device_setting_file() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("tradebook", appauthor=False)) / "device"


def saved_device() -> str | None:
    """The device name set once for this computer (`tradebook devices --set NAME`)."""
    try:
        text = _device_setting_file().read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return text or None


def save_device(name: str) -> Path:
    name = check_device_name(name)
    target = _device_setting_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    _fs.atomic_write(target, name.encode() + b"\n")
    return target


def resolve_device(given: str | None = None) -> str:
    """--device, else TRADEBOOK_DEVICE, else the name set for this computer, else its host name."""
    chosen = given or os.environ.get("TRADEBOOK_DEVICE") or saved_device() or default_device()
    return check_device_name(chosen)


def is_shared(path: Path | str) -> bool:
    """A folder holding a shared book (its marker file)."""
    path = Path(path).expanduser()
    try:
        return path.is_dir() and (path / MARKER).is_file()
    except OSError:
        return False


def cache_root() -> Path:
    chosen = os.environ.get("TRADEBOOK_CACHE")
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("tradebook", appauthor=False)) / "shared"


def cache_dir(folder: Path, device: str) -> Path:
    """Where this device keeps what it builds from `folder`: never inside the synced folder."""
    digest = hashlib.sha1(str(folder).encode()).hexdigest()[:12]
    label = re.sub(r"[^A-Za-z0-9_-]", "_", folder.name)[:24] or "book"
    return cache_root() / f"{label}-{digest}-{device}"


def _read_marker(folder: Path) -> dict:
    try:
        marker = orjson.loads((folder / MARKER).read_bytes())
    except FileNotFoundError:
        raise NotFound(f"no shared book in {folder} (no {MARKER})") from None
    except (OSError, orjson.JSONDecodeError) as exc:
        raise BookDamaged(
            f"the shared book's marker {folder / MARKER} cannot be read: {exc}"
        ) from None
    if type(marker) is not dict or marker.get("format") != FORMAT:
        raise BookDamaged(f"{folder / MARKER} is not a tradebook shared-book marker")
    if marker.get("version", 0) > FORMAT_VERSION:
        raise BookDamaged(
            f"the shared book in {folder} was made by a newer tradebook (format "
            f"{marker.get('version')}): update tradebook on this computer"
        )
    origin = marker.get("origin")
    if type(origin) is not str or not _NAME.match(origin):
        raise BookDamaged(f"{folder / MARKER} does not name the device that shared the book")
    return marker


# ----- sharing a single-file book -----------------------------------------------------------


def share(book: Path, folder: Path, device: str) -> dict:
    """Turn the single-file book at `book` into a shared book in `folder` (new or empty); the
    file stays where it is, untouched, as a backup. Returns the marker."""
    device = check_device_name(device)
    folder = Path(os.path.abspath(folder.expanduser()))
    if is_shared(folder):
        raise BadInput(f"{folder} already holds a shared book: open it with --book {folder}")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BadInput(f"{folder} is not an empty folder: share into a new or empty folder")
    store = Store.open(book, create=False, daily_backup=False)
    with store, store._mutex, store._locked():
        store._catch_up(locked=True)
        data = dump_snapshot(store._whole_book(), SCHEMA_VERSION, 0)
    mine = folder / DEVICES / device
    try:
        mine.mkdir(parents=True, mode=0o700)
        _fs.atomic_write(mine / BASE, data)
        _fs.atomic_write(mine / DEVICE_FILE, _device_doc(device))
        _fs.atomic_write(folder / STIGNORE, STIGNORE_TEXT)
        marker = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "origin": device,
            "base": {"size": len(data), "crc": zlib.crc32(data)},
            "shared": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "from": str(book),
        }
        _fs.atomic_write(folder / MARKER, orjson.dumps(marker, option=orjson.OPT_INDENT_2))
    except OSError as exc:
        raise _fs.os_error(exc, f"write the shared book into {folder}", folder) from None
    return marker


def _device_doc(device: str) -> bytes:
    return orjson.dumps(
        {"name": device, "joined": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
        option=orjson.OPT_INDENT_2,
    )


# ----- journal lines ------------------------------------------------------------------------


@dataclass(slots=True)
class Entry:
    device: str
    n: int
    t: int
    seen: dict[str, int]
    ops: list
    line: bytes

    @property
    def key(self) -> Key:
        return (self.t, self.device, self.n)


def entry_line(n: int, t: int, seen: dict[str, int], ops: list) -> bytes:
    payload = orjson.dumps({"n": n, "t": t, "seen": seen, "ops": ops})
    return b"%08x %b\n" % (zlib.crc32(payload), payload)


def _valid_op(op: object) -> bool:
    return (
        type(op) is list
        and len(op) == 4
        and op[0] in ("i", "u", "a")
        and type(op[1]) is str
        and op[1] != "_meta"
        and type(op[2]) is int
        and type(op[3]) is dict
    )


def _decode(line: bytes, device: str) -> Entry | None:
    if len(line) < 10 or line[8:9] != b" ":
        return None
    try:
        crc = int(line[:8], 16)
    except ValueError:
        return None
    payload = line[9:]
    if zlib.crc32(payload) != crc:
        return None
    try:
        body = orjson.loads(payload)
    except orjson.JSONDecodeError:
        return None
    if type(body) is not dict:
        return None
    n, t, seen, ops = body.get("n"), body.get("t"), body.get("seen"), body.get("ops")
    if type(n) is not int or type(t) is not int or type(seen) is not dict or type(ops) is not list:
        return None
    if not all(type(k) is str and type(v) is int for k, v in seen.items()):
        return None
    if not all(_valid_op(op) for op in ops):
        return None
    return Entry(device, n, t, seen, ops, line + b"\n")


def read_entries(
    data: bytes, device: str, first_n: int, last_t: int
) -> tuple[list[Entry], int, str | None]:
    """(entries, bytes they take, problem) from journal bytes starting at entry `first_n`.

    A last line without its newline is still arriving (or a write that was never acknowledged):
    it is left for later, not an error. A bad line, a number out of turn or a clock that goes
    back stops the reading there, and says so."""
    entries: list[Entry] = []
    end = 0
    n, t = first_n, last_t
    while True:
        stop = data.find(b"\n", end)
        if stop < 0:
            return entries, end, None
        entry = _decode(data[end:stop], device)
        if entry is None:
            return entries, end, f"entry {n} of device {device}'s journal is damaged"
        if entry.n != n:
            return entries, end, f"device {device}'s journal has entry {entry.n} where {n} belongs"
        if entry.t <= t:
            return entries, end, f"entry {n} of device {device}'s journal goes back in time"
        entries.append(entry)
        end = stop + 1
        n, t = n + 1, entry.t


# ----- the fold's own state (beside the tables) --------------------------------------------


@dataclass
class Cursor:
    """How far one device's journal is folded in."""

    count: int = 0  # entries
    offset: int = 0  # bytes of its journal they take
    last_t: int = 0


@dataclass
class FoldState:
    """What the fold knows beside the tables; saved with every checkpoint."""

    cursor: Key = ZERO
    devices: dict[str, Cursor] = field(default_factory=dict)
    #: series ("" plain) -> table -> highest number handed out
    series: dict[str, dict[str, int]] = field(default_factory=dict)
    #: (table, id, field) -> [device, n, t] of the entry that set it last
    writers: dict[tuple[str, int, str], list] = field(default_factory=dict)
    #: (target, amount, date, reference) -> [[id, device, n]] of payments inserted by entries
    payments: dict[tuple, list] = field(default_factory=dict)
    conflicts: list[dict] = field(default_factory=list)
    hlc: int = 0
    #: each device's latest `seen`, with its own count: what it is known to have folded
    ack: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_json(self) -> bytes:
        return orjson.dumps(
            {
                "cursor": list(self.cursor),
                "devices": {d: [c.count, c.offset, c.last_t] for d, c in self.devices.items()},
                "series": self.series,
                "writers": [[*k, *v] for k, v in self.writers.items()],
                "payments": [[list(k), v] for k, v in self.payments.items()],
                "conflicts": self.conflicts,
                "hlc": self.hlc,
                "ack": self.ack,
            }
        )

    @classmethod
    def from_json(cls, data: bytes) -> FoldState:
        raw = orjson.loads(data)
        return cls(
            cursor=tuple(raw["cursor"]),
            devices={d: Cursor(*c) for d, c in raw["devices"].items()},
            series=raw["series"],
            writers={(w[0], w[1], w[2]): w[3:] for w in raw["writers"]},
            payments={tuple(k): v for k, v in raw["payments"]},
            conflicts=raw["conflicts"],
            hlc=raw["hlc"],
            ack=raw["ack"],
        )

    def copy(self) -> FoldState:
        return FoldState.from_json(self.to_json())

    def prune(self) -> None:
        """Forget who wrote what and which payments were recorded more than CONFLICT_WINDOW
        before the newest entry: an entry written that long without seeing them is not looked
        at for conflicts (its change still wins or loses by the order)."""
        horizon = self.cursor[0] - CONFLICT_WINDOW
        self.writers = {k: v for k, v in self.writers.items() if v[2] >= horizon}
        self.payments = {
            k: kept for k, v in self.payments.items() if (kept := [p for p in v if p[3] >= horizon])
        }


# ----- the store ----------------------------------------------------------------------------


@dataclass
class _Checkpoint:
    path: Path  # the snapshot; its FoldState is beside it, PATH.fold
    cursor: Key
    made: float


class SharedStore(Store):
    """A shared book folder, read and written like a single-file book (see the module)."""

    #: fold into a fresh checkpoint once this many entries were folded since the last one
    CHECKPOINT_EVERY = 2000

    def __init__(self, folder: Path, device: str, lock_timeout: float) -> None:
        super().__init__(folder / "book.json", lock_timeout)
        self.folder = folder
        self.device = device
        self.shared = True
        self.cache = cache_dir(folder, device)
        self._lock = _fs.FileLock(str(self.cache / "lock"))
        self.marker: dict = {}
        self.origin = ""
        self.fold = FoldState()
        #: what is wrong with the folder right now, one line each (shown, never fatal)
        self.problems: list[str] = []
        self._since_checkpoint = 0
        self._seen_idents: dict[str, _fs.Ident | None] = {}
        #: entries copied here and not folded yet, per device
        self._pending: dict[str, list[Entry]] = {}
        #: the last entry of each device's copy kept here, and where the copy ends
        self._tails: dict[str, Cursor] = {}
        self.late_folds = 0

    # ----- opening ----------------------------------------------------------------------

    @classmethod
    def open_folder(
        cls, folder: Path | str, device: str | None = None, *, lock_timeout: float = 5.0
    ) -> SharedStore:
        folder = Path(os.path.abspath(Path(folder).expanduser()))
        store = cls(folder, resolve_device(device), lock_timeout)
        try:
            store.marker = _read_marker(folder)
            store.origin = store.marker["origin"]
            try:
                (store.cache / "journals").mkdir(parents=True, exist_ok=True, mode=0o700)
            except OSError as exc:
                raise _fs.os_error(
                    exc, f"make the cache folder {store.cache}", store.cache
                ) from None
            store._join()
            store._start()
            with store._mutex:
                store._catch_up(locked=False)
        except BaseException:
            store._lock.close()
            raise
        return store

    @property
    def series(self) -> str:
        """This device's series of refs ("" for the plain one of the device that shared)."""
        return "" if self.device == self.origin else self.device.upper()

    def _dir(self, device: str) -> Path:
        return self.folder / DEVICES / device

    def _join(self) -> None:
        """This device's folder and its device.json, written once, by this device only."""
        mine = self._dir(self.device)
        if (mine / DEVICE_FILE).exists():
            return
        try:
            mine.mkdir(parents=True, exist_ok=True, mode=0o700)
            _fs.atomic_write(mine / DEVICE_FILE, _device_doc(self.device))
        except OSError as exc:
            raise _fs.os_error(exc, f"join the shared book in {self.folder}", mine) from None

    def _start(self) -> None:
        """The newest checkpoint this device made, or the base the book was shared with."""
        for checkpoint in self._checkpoints():
            try:
                self._install(self._read_checkpoint(checkpoint))
                return
            except (OSError, Corrupt, KeyError, TypeError, ValueError, orjson.JSONDecodeError):
                continue  # a checkpoint is only a cache: an older one, or the base, will do
        self._install(self._read_base())

    def _read_base(self) -> tuple[_State, FoldState]:
        path = self._dir(self.origin) / BASE
        try:
            data, _ = _fs.read(str(path))
        except FileNotFoundError:
            raise NotFound(
                f"the shared book's first copy ({path}) has not arrived on this computer yet — "
                "let the sync finish, then try again"
            ) from None
        except OSError as exc:
            raise TradebookError(f"cannot read {path}: {exc.strerror}") from None
        expected = self.marker.get("base") or {}
        if expected and (
            len(data) != expected.get("size") or zlib.crc32(data) != expected.get("crc")
        ):
            raise NotFound(
                f"the shared book's first copy ({path}) is not all here yet — let the sync "
                "finish, then try again"
            )
        state = self._state_of(data)
        fold = FoldState()
        plain: dict[str, int] = {}
        state.parse([name for name in state.unread if name not in state.tails])
        for name in list(state.unread):
            plain[name] = state.tails[name][0]
        for name, table in state.tables.items():
            if table.last_id:
                plain[name] = table.last_id
        fold.series[""] = plain
        return state, fold

    def _state_of(self, data: bytes) -> _State:
        try:
            with _gc_paused():
                snap = read_snapshot(data, lazy=True)
        except Corrupt as problem:
            raise BookDamaged(f"the shared book's folded copy is damaged: {problem}") from None
        tables = {name: Table.of(docs) for name, docs in snap.tables.items()}
        state = _State(
            tables,
            {name: (t.last_id or 0) + 1 for name, t in tables.items()},
            0,
            0,
            SCHEMA_VERSION,
            None,
            None,
            0,
            0,
            snap.unread,
            snap.sums,
            snap.tails,
            snap.splits,
        )
        state.old_layout = False
        state.order = [*snap.unread, *tables]
        if len(snap.sums) < len(snap.unread):
            state.parse([n for n in snap.unread if n not in snap.sums])
        return state

    def _install(self, found: tuple[_State, FoldState]) -> None:
        self._state, self.fold = found
        self.version += 1

    # ----- checkpoints ------------------------------------------------------------------

    def _checkpoints(self) -> list[_Checkpoint]:
        """This device's checkpoints, newest (by the order) first."""
        found = []
        with suppress(OSError):
            for entry in os.scandir(self.cache):
                name = entry.name
                if name.startswith("ckpt-") and name.endswith(".json"):
                    fold = Path(entry.path + ".fold")
                    try:
                        head = orjson.loads(fold.read_bytes().split(b"\n", 1)[0])
                        found.append(
                            _Checkpoint(Path(entry.path), tuple(head["cursor"]), head["made"])
                        )
                    except (OSError, orjson.JSONDecodeError, KeyError, TypeError):
                        continue
        return sorted(found, key=lambda c: c.cursor, reverse=True)

    def _read_checkpoint(self, checkpoint: _Checkpoint) -> tuple[_State, FoldState]:
        head, body = Path(f"{checkpoint.path}.fold").read_bytes().split(b"\n", 1)
        data, _ = _fs.read(str(checkpoint.path))
        if orjson.loads(head)["size"] != len(data):
            raise Corrupt("checkpoint cut short")
        fold = FoldState.from_json(body)
        for device, cursor in fold.devices.items():
            try:
                size = os.path.getsize(self._archive(device))
            except FileNotFoundError:
                size = 0
            if size < cursor.offset:
                raise Corrupt(f"the copy of device {device}'s journal is shorter than it counts on")
        return self._state_of(data), fold

    def checkpoint(self) -> Path | None:
        """Save the folded book as it is now (outside the folder), and let old ones go."""
        with self._mutex, self._locked():
            return self._checkpoint_locked()

    def _checkpoint_locked(self) -> Path | None:
        fold = self.fold
        whole = self._whole_book()
        data = dump_snapshot(whole, SCHEMA_VERSION, 0)
        t, device, n = fold.cursor
        target = self.cache / f"ckpt-{t:020d}-{device or '_'}-{n:09d}.json"
        fold.prune()
        head = orjson.dumps({"cursor": list(fold.cursor), "made": time.time(), "size": len(data)})
        try:
            for name in os.listdir(self.cache / "journals"):
                # the copies the checkpoint counts on reach the disk before it does
                fd = os.open(self.cache / "journals" / name, os.O_RDONLY)
                try:
                    _fs.sync(fd)
                finally:
                    os.close(fd)
            _fs.atomic_write(target, data)
            _fs.atomic_write(Path(f"{target}.fold"), head + b"\n" + fold.to_json())
        except OSError as exc:
            self.compaction_error = _fs.os_error(
                exc, f"write a checkpoint into {self.cache}", self.cache
            )
            return None
        self._since_checkpoint = 0
        self._prune_checkpoints()
        return target

    def _prune_checkpoints(self) -> None:
        """Keep the newest two, and the newest older than a day, a week and a month: a van a
        month offline re-folds from there, not from the base."""
        checkpoints = self._checkpoints()
        keep = {c.path for c in checkpoints[:2]}
        now_ms = time.time() * 1000
        for days in (1, 8, 35):
            limit = (now_ms - days * 86_400_000) * 65536
            older = [c for c in checkpoints if c.cursor[0] < limit]
            if older:
                keep.add(older[0].path)
        for c in checkpoints:
            if c.path not in keep:
                self._drop_checkpoint(c)

    def _drop_checkpoint(self, c: _Checkpoint) -> None:
        for path in (Path(f"{c.path}.fold"), c.path):
            with suppress(OSError):
                path.unlink()

    # ----- reading the folder -----------------------------------------------------------

    def _device_names(self) -> list[str]:
        try:
            names = sorted(
                e.name
                for e in os.scandir(self.folder / DEVICES)
                if e.is_dir() and _NAME.match(e.name)
            )
        except FileNotFoundError:
            names = []
        except OSError as exc:
            raise TradebookError(f"cannot read {self.folder / DEVICES}: {exc.strerror}") from None
        known = set(names) | set(self.fold.devices) | set(self._archived())
        return sorted(known)

    def _archived(self) -> list[str]:
        with suppress(OSError):
            return [n for n in os.listdir(self.cache / "journals") if _NAME.match(n)]
        return []

    def _archive(self, device: str) -> Path:
        return self.cache / "journals" / device

    def _remote(self, device: str) -> Path:
        return self._dir(device) / JOURNAL

    def refresh(self) -> bool:
        """Pick up what other devices (and this one's other processes) wrote since."""
        self._check_open()
        idents = self._idents()
        if idents == self._seen_idents:
            return False
        with self._mutex:
            return self._catch_up(locked=self._in_txn)

    def _idents(self) -> dict[str, _fs.Ident | None]:
        idents = {d: _fs.ident(str(self._remote(d))) for d in self._device_names()}
        idents["."] = _fs.ident(str(self.folder / DEVICES))
        return idents

    def _catch_up(self, *, locked: bool) -> bool:
        """Bring the copies kept here up to the folder, then fold in whatever is new. The copies
        are shared by this device's processes: they are only written under the lock."""
        if not locked:
            with self._locked():
                return self._catch_up(locked=True)
        idents = self._idents()
        problems: list[str] = []
        for device in self._device_names():
            self._take_in(device, problems)
        self.problems = problems + self._stray_files()
        changed = self._fold_new()
        self._seen_idents = idents
        return changed

    def _take_in(self, device: str, problems: list[str]) -> None:
        """Copy the new complete lines of `device`'s journal into the copy kept here. Nothing
        is ever taken out of the copy."""
        archive, remote = self._archive(device), self._remote(device)
        tail = self._read_archive(device)
        kept = tail.offset
        try:
            remote_data, _ = _fs.read(str(remote), offset=max(0, kept - 4096), missing_ok=True)
            exists = remote.exists()
        except OSError as exc:
            problems.append(f"device {device}'s journal cannot be read ({exc.strerror})")
            return
        if not exists:
            if kept and device == self.device:
                self._put_back(device, problems, "was missing from the folder")
            elif kept:
                problems.append(
                    f"device {device}'s folder is gone from {self.folder / DEVICES}: its "
                    f"{tail.count} entries are kept on this computer"
                )
            return
        overlap = min(kept, 4096)
        if kept:
            with open(archive, "rb") as fh:
                fh.seek(kept - overlap)
                ours = fh.read(overlap)
            if remote_data[:overlap] != ours:
                if device == self.device:
                    self._put_back(device, problems, "was older than the copy kept here")
                else:
                    shorter = len(remote_data) < overlap
                    what = "is shorter than" if shorter else "differs from"
                    problems.append(
                        f"device {device}'s journal in the folder {what} the copy already folded "
                        "here (an older copy came back?): its new entries wait; nothing is lost"
                    )
                return
        fresh = remote_data[overlap:]
        entries, used, problem = read_entries(fresh, device, tail.count + 1, tail.last_t)
        if problem:
            problems.append(problem + "; the entries after it wait")
        if not entries:
            return
        try:
            fd, _created = _fs.open_append(str(archive))
            try:
                _fs.write_all(fd, fresh[:used])
            finally:
                os.close(fd)
        except OSError as exc:
            raise _fs.os_error(
                exc, f"keep a copy of device {device}'s journal", self.cache
            ) from None
        self._pending.setdefault(device, []).extend(entries)
        self._tails[device] = Cursor(entries[-1].n, kept + used, entries[-1].t)

    def _read_archive(self, device: str) -> Cursor:
        """The last entry of the copy kept here; lines another process of this device added
        to it since are read (and queued to fold), a torn last line cut off."""
        tail = self._tails.get(device)
        if tail is None:
            folded = self.fold.devices.get(device, Cursor())
            tail = Cursor(folded.count, folded.offset, folded.last_t)
            self._pending[device] = []
        archive = self._archive(device)
        try:
            size = os.path.getsize(archive)
        except FileNotFoundError:
            size = 0
        if size < tail.offset:
            raise TradebookError(
                f"the copy of device {device}'s journal kept in {self.cache} lost entries; "
                "delete that folder and open the book again (it is rebuilt from the folder)"
            )
        if size > tail.offset:
            data, _ = _fs.read(str(archive), offset=tail.offset)
            entries, used, _problem = read_entries(data, device, tail.count + 1, tail.last_t)
            if entries:
                self._pending.setdefault(device, []).extend(entries)
                tail = Cursor(entries[-1].n, tail.offset + used, entries[-1].t)
            if used < len(data):
                with open(archive, "r+b") as fh:
                    fh.truncate(tail.offset)
        self._tails[device] = tail
        return tail

    def _count(self, device: str) -> int:
        tail = self._tails.get(device)
        return tail.count if tail is not None else self.fold.devices.get(device, Cursor()).count

    def _put_back(self, device: str, problems: list[str], why: str) -> None:
        """This device's own journal went missing or back in the folder: the copy kept here
        holds every entry it ever wrote; put it back (the odd file is kept aside)."""
        remote = self._remote(device)
        try:
            if remote.exists():
                _fs.replace(
                    remote, remote.with_name(f"{JOURNAL}.replaced-{time.strftime('%Y%m%dT%H%M%S')}")
                )
            data, _ = _fs.read(str(self._archive(device)))
            remote.parent.mkdir(parents=True, exist_ok=True)
            _fs.atomic_write(remote, data)
        except OSError as exc:
            raise _fs.os_error(exc, f"put back {remote}", remote.parent) from None
        problems.append(f"this device's journal {why}: put back from the copy kept here")

    def _stray_files(self) -> list[str]:
        """Conflict copies a sync engine made: two computers writing as one device."""
        found = []
        with suppress(OSError):
            for device in os.scandir(self.folder / DEVICES):
                if not device.is_dir():
                    continue
                for entry in os.scandir(device.path):
                    if ".sync-conflict-" in entry.name or entry.name.startswith(
                        "journal.sync-conflict"
                    ):
                        found.append(
                            f"conflict copy {DEVICES}/{device.name}/{entry.name}: two computers "
                            f"wrote as device {device.name}; it is not folded in — give each "
                            "computer its own --device name (docs/sharing.md)"
                        )
        return found

    # ----- folding ------------------------------------------------------------------------

    def _foldable(self) -> dict[str, list[Entry]]:
        """Each device's entries held here and not folded yet that may be folded now: an entry
        waits while an entry it had seen is not here."""
        pending = self._pending
        ready: dict[str, list[Entry]] = {}
        limit = {d: c.count for d, c in self.fold.devices.items()}
        changed = True
        while changed:
            changed = False
            for device, entries in pending.items():
                taken = ready.setdefault(device, [])
                while len(taken) < len(entries):
                    entry = entries[len(taken)]
                    if any(limit.get(d, 0) < k for d, k in entry.seen.items()):
                        break
                    taken.append(entry)
                    limit[device] = entry.n
                    changed = True
        return {d: e for d, e in ready.items() if e}

    def _fold_new(self) -> bool:
        ready = self._foldable()
        if not ready:
            return False
        entries = sorted((e for es in ready.values() for e in es), key=lambda e: e.key)
        if entries[0].key <= self.fold.cursor:
            self._refold(entries[0].key, ready)
        else:
            for entry in entries:
                self._apply(entry)
        for device, taken in ready.items():
            del self._pending[device][: len(taken)]
        self._since_checkpoint += len(entries)
        self.version += 1
        return True

    def _refold(self, late: Key, ready: dict[str, list[Entry]]) -> None:
        """An entry sorts before what is folded already: start again from the newest checkpoint
        before it (or the base) and fold every entry after that point in order."""
        self.late_folds += 1
        start = None
        for checkpoint in self._checkpoints():
            if checkpoint.cursor < late:
                try:
                    start = self._read_checkpoint(checkpoint)
                    break
                except (OSError, Corrupt, KeyError, TypeError, ValueError, orjson.JSONDecodeError):
                    continue
            else:
                self._drop_checkpoint(checkpoint)  # it lacks the late entry: no longer true
        old = self.fold
        self._state, self.fold = start if start is not None else self._read_base()
        entries: list[Entry] = []
        for device, cursor in old.devices.items():
            from_here = self.fold.devices.get(device, Cursor())
            if cursor.count > from_here.count:
                data, _ = _fs.read(str(self._archive(device)), offset=from_here.offset)
                got, _used, _problem = read_entries(
                    data, device, from_here.count + 1, from_here.last_t
                )
                entries.extend(got[: cursor.count - from_here.count])
        for taken in ready.values():
            entries.extend(taken)
        for entry in sorted(entries, key=lambda e: e.key):
            self._apply(entry)

    def _apply(self, entry: Entry) -> None:
        """Fold one entry into the book (see the module: conflicts, appends, duplicates)."""
        fold, state = self.fold, self._state
        for kind, table, doc_id, body in entry.ops:
            try:
                current = state.doc(table, doc_id)
            except Corrupt as problem:
                raise self._damaged(problem) from None
            if kind == "i" and current is None:
                doc = dict(body)
                if table == "payments":
                    self._check_duplicate(entry, doc_id, doc)
                state.install({(table, doc_id): typed(table, doc)})
                series = series_of(doc_id)
                highs = fold.series.setdefault(series, {})
                number = doc_id & (SERIES_SIZE - 1) if series else doc_id
                if number > highs.get(table, 0):
                    highs[table] = number
                continue
            if current is None:
                self.problems.append(
                    f"entry {entry.n} of device {entry.device} changes {table} record {doc_id}, "
                    "which is not in the book: that change is left out"
                )
                continue
            fields: dict = {}
            for name, value in body.items():
                old = msgspec.to_builtins(current.get(name))  # as the entry's JSON holds it
                if kind == "a":
                    fields[name] = [*(old if type(old) is list else ()), *value]
                    continue
                self._note_conflict(entry, table, doc_id, name, old, value)
                fields[name] = value
            state.install({(table, doc_id): merged(table, current, fields)})
        fold.cursor = entry.key
        fold.hlc = max(fold.hlc, entry.t)
        fold.devices[entry.device] = Cursor(
            entry.n,
            fold.devices.get(entry.device, Cursor()).offset + len(entry.line),
            entry.t,
        )
        fold.ack[entry.device] = {**entry.seen, entry.device: entry.n}

    def _note_conflict(self, entry: Entry, table: str, doc_id: int, name: str, old, new) -> None:
        fold = self.fold
        key = (table, doc_id, name)
        last = fold.writers.get(key)
        if (
            last is not None
            and last[0] != entry.device
            and entry.seen.get(last[0], 0) < last[1]
            and old != new
        ):
            fold.conflicts.append(
                {
                    "ref": _ref(table, doc_id),
                    "table": table,
                    "field": name,
                    "kept": {"device": entry.device, "entry": entry.n, "t": entry.t, "value": new},
                    "lost": {"device": last[0], "entry": last[1], "t": last[2], "value": old},
                }
            )
        fold.writers[key] = [entry.device, entry.n, entry.t]

    def _check_duplicate(self, entry: Entry, doc_id: int, doc: dict) -> None:
        key = (
            doc.get("invoice") or doc.get("job"),
            doc.get("amount"),
            doc.get("date"),
            (doc.get("reference") or "").strip().lower(),
        )
        same = self.fold.payments.setdefault(key, [])
        for other_id, device, n, _t in same:
            if device != entry.device and entry.seen.get(device, 0) < n:
                doc["duplicate_of"] = _ref("payments", other_id)
                break
        same.append([doc_id, entry.device, entry.n, entry.t])

    # ----- writing ----------------------------------------------------------------------

    def _next_id(self, name: str) -> int:
        """The next id of this device's series: gap-free, because only this device numbers it."""
        if name in SINGLETONS:
            return super()._next_id(name)
        number = self.fold.series.get(self.series, {}).get(name, 0) + 1
        if number >= SERIES_SIZE:
            raise TradebookError(f"device {self.device}'s series of {name} is full")
        return series_base(self.series) | number

    def _commit(self, ops: list[bytes]) -> None:
        if self.problems_block_writes():
            raise TradebookError(self.problems_block_writes())
        own = self._tails.get(self.device) or self._read_archive(self.device)
        folded = self.fold.devices.get(self.device, Cursor())
        if own.count != folded.count:
            # entries of this device held here and not folded: never write past them
            raise TradebookError(
                f"this device's own entries {folded.count + 1}-{own.count} wait for entries of "
                "other devices that have not arrived; nothing was written — let the sync finish"
            )
        entry_ops = self._entry_ops([orjson.loads(op) for op in ops])
        now = time.time_ns() // 1_000_000 << 16
        t = max(now, self.fold.hlc + 1, own.last_t + 1)
        seen = {d: c.count for d, c in sorted(self.fold.devices.items()) if d != self.device}
        line = entry_line(own.count + 1, t, seen, entry_ops)
        remote, archive = self._remote(self.device), self._archive(self.device)
        doing = f"save to {remote}"
        try:
            remote.parent.mkdir(parents=True, exist_ok=True)
            fd, created = _fs.open_append(str(remote))
        except OSError as exc:
            raise _fs.os_error(exc, doing, remote.parent) from None
        try:
            try:
                if created:
                    _fs.fsync_dir(remote.parent)
                    if own.offset:
                        raise OSError(0, "this device's journal is missing from the folder")
                elif os.fstat(fd).st_size != own.offset:
                    os.ftruncate(fd, own.offset)  # a torn line of a write never acknowledged
                _fs.write_all(fd, line)
                _fs.sync(fd)
            except OSError as exc:
                with suppress(OSError):
                    os.ftruncate(fd, own.offset)
                raise _fs.os_error(exc, doing, remote.parent) from None
        finally:
            os.close(fd)
        try:
            afd, _ = _fs.open_append(str(archive))
            try:
                if os.fstat(afd).st_size != own.offset:
                    os.ftruncate(afd, own.offset)
                _fs.write_all(afd, line)
            finally:
                os.close(afd)
        except OSError as exc:
            raise _fs.os_error(exc, f"keep a copy in {archive}", self.cache) from None
        entry = _decode(line[:-1], self.device)
        assert entry is not None
        self._apply(entry)
        self._tails[self.device] = Cursor(entry.n, own.offset + len(line), entry.t)
        self._since_checkpoint += 1
        state = self._state
        state.journal_lines = self._since_checkpoint
        self._seen_idents = self._idents()
        self.version += 1

    def problems_block_writes(self) -> str | None:
        return None

    def _entry_ops(self, ops: list) -> list:
        """The transaction's ops as entry ops: a list field that only grew is an append."""
        out = []
        staged: dict[tuple[str, int], dict] = {}
        for kind, table, doc_id, body in ops:
            key = (table, doc_id)
            current = staged.get(key) or self._state.doc(table, doc_id)
            if kind == "i":
                out.append(["i", table, doc_id, body])
                staged[key] = body
                continue
            sets, appends = {}, {}
            for name, value in body.items():
                old = msgspec.to_builtins((current or {}).get(name))
                if (
                    type(value) is list
                    and type(old) is list
                    and len(value) > len(old)
                    and value[: len(old)] == old
                ):
                    appends[name] = value[len(old) :]
                else:
                    sets[name] = value
            if sets:
                out.append(["u", table, doc_id, sets])
            if appends:
                out.append(["a", table, doc_id, appends])
            staged[key] = {**msgspec.to_builtins(current or {}), **body}
        return out

    def _compact_best_effort(self) -> None:
        if self._since_checkpoint >= self.CHECKPOINT_EVERY:
            self._checkpoint_locked()

    def compact(self) -> None:
        self.checkpoint()

    def _compact_locked(self) -> None:
        self._checkpoint_locked()

    def _upgrade(self) -> None:
        """A shared book's folded copy is always written at the current schema."""

    def _remove_orphans(self) -> None:
        """Temp files of a killed checkpoint write, in the cache."""
        with suppress(OSError):
            for entry in os.scandir(self.cache):
                if ".tmp-" in entry.name and self._lock.try_acquire():
                    try:
                        os.unlink(entry.path)
                    finally:
                        self._lock.release()

    def daily_backup(self) -> None:
        """Every device's journal is on every device: the folder itself is the backup."""

    def backup(self) -> Path:
        """A copy of the folded book, in the cache's backups folder."""
        self._check_open()
        with self._mutex, self._locked():
            self._catch_up(locked=True)
            data = dump_snapshot(self._whole_book(), SCHEMA_VERSION, 0)
            folder = self.cache / "backups"
            folder.mkdir(exist_ok=True, mode=0o700)
            target = folder / f"{time.strftime('%Y%m%dT%H%M%S')}-{self.fold.cursor[0]:020d}.json"
            try:
                _fs.atomic_write(target, data)
            except OSError as exc:
                raise _fs.os_error(exc, f"write a backup into {folder}", folder) from None
            return target

    def close(self) -> None:
        """Save a checkpoint if anything was folded since the last one, then let go."""
        if self._closed:
            return
        with self._mutex:
            if self._in_txn:
                raise TradebookError("cannot close the book inside one of its transactions")
            try:
                if self._since_checkpoint:
                    try:
                        with self._locked():
                            self._checkpoint_locked()
                    except TradebookError as exc:
                        self.compaction_error = exc
            finally:
                self._closed = True
                self._lock.close()

    # ----- what the commands show -------------------------------------------------------

    def digest(self) -> str:
        """sha256 of the folded book in one canonical form: two devices holding the same
        journals print the same digest."""
        h = hashlib.sha256()
        with self._mutex:
            picture = self.tables()
            for name in sorted(picture):
                table = picture[name]
                h.update(orjson.dumps(name) + b"\n")
                for doc_id in sorted(table):
                    h.update(b"%d " % doc_id)
                    record = msgspec.to_builtins(table[doc_id])
                    h.update(orjson.dumps(record, option=orjson.OPT_SORT_KEYS))
                    h.update(b"\n")
        return h.hexdigest()

    def devices(self) -> list[dict]:
        """Each device: its series, entries held and folded, when it last wrote, how far this
        one is behind it (entries it wrote that are not folded here)."""
        rows = []
        for device in self._device_names():
            folded = self.fold.devices.get(device, Cursor())
            held = self._count(device)
            rows.append(
                {
                    "device": device,
                    "series": "" if device == self.origin else device.upper(),
                    "this": device == self.device,
                    "folded": folded.count,
                    "held": held,
                    "waiting": held - folded.count,
                    "last_wrote": _clock_time(folded.last_t) if folded.last_t else None,
                    "in_folder": self._dir(device).is_dir(),
                }
            )
        return rows


def _ref(table: str, doc_id: int) -> str:
    try:
        return make_ref(table, doc_id)
    except KeyError:
        return f"{table} {doc_id}"


def _clock_time(t: int) -> str:
    """A clock value as the UTC time it was written."""
    seconds = (t >> 16) / 1000
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def iter_entries(path: Path, device: str) -> Iterator[Entry]:
    """Every good entry of a journal file (for tests and tools)."""
    data = path.read_bytes()
    entries, _used, _problem = read_entries(data, device, 1, 0)
    yield from entries


_ = SERIES_SHIFT
