"""Small file-system pieces the store is built from: durable writes, file identity, the lock."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import time
from pathlib import Path

from tradebook.errors import TradebookError

PRIVATE = 0o600
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
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
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


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash leaves either the old or the new file, whole."""
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, PRIVATE)
        try:
            write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def open_append(path: str) -> tuple[int, bool]:
    """A write descriptor at the end of `path`, creating it (0600) if needed; True if created."""
    try:
        return os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CLOEXEC), False
    except FileNotFoundError:
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
        return os.open(path, flags, PRIVATE), True


def link_or_copy(src: Path, dst: Path) -> None:
    """Give `src`'s current content a second name; a copy where hard links are not supported."""
    try:
        os.link(src, dst)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP):
            raise
        data = src.read_bytes()
        fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, PRIVATE)
        try:
            write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)


def os_error(exc: OSError, doing: str, folder: Path) -> TradebookError:
    """One line a user can act on for a failed file operation."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
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
        self._fd: int | None = None
        self._queue_fd: int | None = None

    def _open(self, path: str) -> int:
        try:
            return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, PRIVATE)
        except PermissionError as denied:
            # An existing lock file in a read-only folder still locks: flock ignores the mode.
            try:
                return os.open(path, os.O_RDONLY | os.O_CLOEXEC)
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
        if shared:
            _poll(fd, fcntl.LOCK_SH, deadline)
            return
        queue = self._queue()
        if queue is None:
            _poll(fd, fcntl.LOCK_EX, deadline)
            return
        _poll(queue, fcntl.LOCK_EX, deadline)
        try:
            _poll(fd, fcntl.LOCK_EX, deadline)
        finally:
            fcntl.flock(queue, fcntl.LOCK_UN)

    def try_acquire(self) -> bool:
        """Take the lock if that is possible right now (False if busy or unopenable)."""
        try:
            _poll(self._fileno(), fcntl.LOCK_EX, 0)
        except (LockTimeout, OSError):
            return False
        return True

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        for fd in (self._fd, self._queue_fd):
            if fd is not None:
                os.close(fd)
        self._fd = self._queue_fd = None


def _poll(fd: int, operation: int, deadline: float) -> None:
    delay = 0.0002
    while True:
        try:
            fcntl.flock(fd, operation | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise LockTimeout from None
            time.sleep(delay)
            delay = min(delay * 2, 0.005)
