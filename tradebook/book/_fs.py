"""Small file-system pieces the store is built from: durable writes, file identity, the lock.

What differs between Linux, macOS and Windows is asked of `_platform.rules()`; nothing here is
specific to one system."""

from __future__ import annotations

import contextlib
import errno
import os
import time
from pathlib import Path

from tradebook.book import _platform
from tradebook.book._platform import PRIVATE, ReplaceRefused
from tradebook.errors import TradebookError

__all__ = [
    "PRIVATE",
    "FileLock",
    "LockTimeout",
    "ReplaceRefused",
    "atomic_write",
    "fsync_dir",
    "ident",
    "link_or_copy",
    "open_append",
    "os_error",
    "read",
    "replace",
    "sync",
    "write_all",
]
Ident = tuple[int, int, int]


def ident(path: str) -> Ident | None:
    """(inode, size, mtime_ns) of a file, or None when it is missing: a change means "re-read me"."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def read(path: str, *, offset: int = 0, missing_ok: bool = False) -> tuple[bytes, Ident | None]:
    """The bytes of a file from `offset` on, with its identity as of before the read."""
    try:
        fd = os.open(path, os.O_RDONLY | _platform.rules().open_flags)
    except FileNotFoundError:
        if missing_ok:
            return b"", None
        raise
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        if offset:
            fh.seek(offset)
        return fh.read(), (st.st_ino, st.st_size, st.st_mtime_ns)


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def sync(fd: int) -> None:
    """What was written to `fd` reaches the disk (F_FULLFSYNC on macOS)."""
    _platform.rules().sync(fd)


def fsync_dir(path: Path) -> None:
    """Make a rename or a new file in `path` durable, where the system allows it (not Windows)."""
    rules = _platform.rules()
    if rules.sync_dirs:
        rules.sync_dir(str(path))


def replace(src: str | Path, dst: str | Path) -> None:
    """os.replace; on Windows retried while another program holds `dst` open (ReplaceRefused
    if it never lets go)."""
    _platform.rules().replace(str(src), str(dst))


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash leaves either the old or the new file, whole.

    If the rename is refused for good (Windows: `path` held open by another program), both
    files stay: `path` as it was and the new content in the temp file the error names."""
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _platform.rules().open_flags
    try:
        fd = os.open(tmp, flags, PRIVATE)
        try:
            write_all(fd, data)
            sync(fd)
        finally:
            os.close(fd)
        replace(tmp, path)
    except ReplaceRefused:
        raise
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def open_append(path: str) -> tuple[int, bool]:
    """A write descriptor at the end of `path`, creating it (0600) if needed; True if created."""
    extra = _platform.rules().open_flags
    try:
        return os.open(path, os.O_WRONLY | os.O_APPEND | extra), False
    except FileNotFoundError:
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_EXCL | extra
        return os.open(path, flags, PRIVATE), True


def link_or_copy(src: Path, dst: Path) -> None:
    """Give `src`'s current content a second name; a copy where hard links are not supported."""
    try:
        os.link(src, dst)
    except (FileNotFoundError, FileExistsError):
        raise
    except OSError:
        # No hard links here (FAT or exFAT on a USB stick, a network share, another device,
        # a system that refuses them — each says so with its own error): copy instead.
        data = src.read_bytes()
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _platform.rules().open_flags
        fd = os.open(dst, flags, PRIVATE)
        try:
            write_all(fd, data)
            sync(fd)
        finally:
            os.close(fd)


def os_error(exc: OSError, doing: str, folder: Path) -> TradebookError:
    """One line a user can act on for a failed file operation."""
    if isinstance(exc, ReplaceRefused):
        kept = f"; the new copy is kept at {exc.kept}" if exc.kept else ""
        return TradebookError(
            f"could not {doing}: {exc.target} is open in another program (a backup or sync "
            f"tool, antivirus, an editor) or read-only — close it and try again; "
            f"{exc.target} is as it was{kept}"
        )
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return TradebookError(
            f"the disk is full: could not {doing} — free some space and try again"
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return TradebookError(
            f"permission denied: could not {doing} — check that you may write to {folder}"
        )
    return TradebookError(f"could not {doing}: {exc.strerror or exc}")


class LockTimeout(Exception):
    """The lock stayed held by someone else for the whole timeout."""


class FileLock:
    """An exclusive `flock` on a side file, taken in turn.

    Waiting is polling (so it can time out from any thread). A plain poll would let a process
    that writes in a tight loop take the lock again and again while another starves, so waiters
    first queue on a second file: whoever holds the queue gets the lock next.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self._rules = _platform.rules()
        self._fd: int | None = None
        self._queue_fd: int | None = None

    def _open(self, path: str) -> int:
        extra = self._rules.open_flags
        try:
            return os.open(path, os.O_RDWR | os.O_CREAT | extra, PRIVATE)
        except PermissionError as denied:
            # An existing lock file in a read-only folder still locks: flock ignores the mode.
            try:
                return os.open(path, os.O_RDONLY | extra)
            except FileNotFoundError:
                raise denied from None

    def _fileno(self) -> int:
        if self._fd is None:
            self._fd = self._open(self.path)
        return self._fd

    def _queue(self) -> int | None:
        if self._queue_fd is None:
            with contextlib.suppress(OSError):  # no queue file: still correct, only less fair
                self._queue_fd = self._open(f"{self.path}.queue")
        return self._queue_fd

    def acquire(self, timeout: float, *, shared: bool = False) -> None:
        deadline = time.monotonic() + timeout
        fd = self._fileno()
        if shared and self._rules.shared_locks:
            self._poll(fd, deadline, shared=True)
            return
        queue = self._queue()
        if queue is None:
            self._poll(fd, deadline)
            return
        self._poll(queue, deadline)
        try:
            self._poll(fd, deadline)
        finally:
            self._rules.unlock(queue)

    def try_acquire(self) -> bool:
        """Take the lock if that is possible right now (False if busy or unopenable)."""
        try:
            self._poll(self._fileno(), 0)
        except (LockTimeout, OSError):
            return False
        return True

    def release(self) -> None:
        if self._fd is not None:
            self._rules.unlock(self._fd)

    def close(self) -> None:
        for fd in (self._fd, self._queue_fd):
            if fd is not None:
                self._rules.forget(fd)
                os.close(fd)
        self._fd = self._queue_fd = None

    def _poll(self, fd: int, deadline: float, *, shared: bool = False) -> None:
        delay = 0.0002
        while not self._rules.try_lock(fd, shared=shared):
            if time.monotonic() >= deadline:
                raise LockTimeout
            time.sleep(delay)
            delay = min(delay * 2, 0.005)
