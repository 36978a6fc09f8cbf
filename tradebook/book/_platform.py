"""Where the book's storage meets the operating system: the one place its differences live.

Each set of rules answers the same few questions — how to open a file, how to make a write
reach the disk, whether a folder can be synced, how to lock, how to rename over a file — for
Linux and other POSIX systems, macOS and Windows. Nothing Unix- or Windows-only is imported
until a rule needs it, so every module of tradebook imports on every system.

Locking uses the system call itself (`flock` on POSIX, `msvcrt.locking` on Windows) rather
than portalocker or filelock: both were measured (see docs/platforms.md), and neither gives
the store more than these few lines do, while each costs 8-13 ms of import on every command
that writes, and a library would hide the Windows branch from the tests that emulate it.
"""

from __future__ import annotations

import errno
import os
import sys
import time

PRIVATE = 0o600


class ReplaceRefused(PermissionError):
    """Windows kept refusing to rename over a file another program holds open."""

    def __init__(self, target: str, kept: str | None) -> None:
        super().__init__(errno.EACCES, "open in another program", target)
        self.target = target
        self.kept = kept


class Rules:
    """POSIX (Linux, the BSDs): flock, fsync, a folder's fsync makes a rename durable."""

    name = "posix"
    #: a directory can be opened and fsynced, which makes a rename in it durable
    sync_dirs = True
    #: what a lock taken `shared` really is (Windows has no shared msvcrt lock)
    shared_locks = True

    def __init__(self) -> None:
        self._fcntl = None

    @property
    def open_flags(self) -> int:
        """Added to every os.open: binary (Windows), not inherited by child processes."""
        return getattr(os, "O_CLOEXEC", 0)

    def sync(self, fd: int) -> None:
        """Make what was written to `fd` reach the disk."""
        os.fsync(fd)

    def sync_dir(self, path: str) -> None:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | self.open_flags)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def replace(self, src: str, dst: str) -> None:
        os.replace(src, dst)

    def _flock(self):
        if self._fcntl is None:
            import fcntl  # POSIX only: imported on first use, never at module level

            self._fcntl = fcntl
        return self._fcntl

    def try_lock(self, fd: int, *, shared: bool = False) -> bool:
        """Take the lock on `fd` if nobody else holds it; False if someone does."""
        fcntl = self._flock()
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def unlock(self, fd: int) -> None:
        fcntl = self._flock()
        fcntl.flock(fd, fcntl.LOCK_UN)

    def forget(self, fd: int) -> None:
        """`fd` is about to be closed (which lets go of its lock)."""


class MacRules(Rules):
    """macOS: plain fsync leaves the data in the drive's cache; F_FULLFSYNC asks it to flush."""

    name = "macos"

    def sync(self, fd: int) -> None:
        fcntl = self._flock()
        full = getattr(fcntl, "F_FULLFSYNC", None)
        if full is not None:
            try:
                fcntl.fcntl(fd, full)
                return
            except OSError:  # a volume that does not support it (network, FAT, some FUSE)
                pass
        os.fsync(fd)


class WindowsRules(Rules):
    """Windows: binary opens, msvcrt byte-range locks, no folder sync, renames that another
    program's open handle can refuse for a while (antivirus, backup and sync tools, viewers)."""

    name = "windows"
    sync_dirs = False
    shared_locks = False
    #: how long a refused rename is retried before it is reported
    replace_patience = 2.0
    _BUSY = (errno.EACCES, errno.EDEADLK, getattr(errno, "EDEADLOCK", errno.EDEADLK), errno.EBUSY)

    def __init__(self) -> None:
        super().__init__()
        self._msvcrt = None
        self._held: set[int] = set()

    @property
    def open_flags(self) -> int:
        # os.open opens in text mode on Windows unless told otherwise: every "\n" written
        # would become "\r\n" and every offset into the journal would be wrong.
        return getattr(os, "O_BINARY", 0) | getattr(os, "O_NOINHERIT", 0)

    def sync_dir(self, path: str) -> None:
        """A folder cannot be opened for fsync on Windows; NTFS journals its own renames."""

    def replace(self, src: str, dst: str) -> None:
        deadline = time.monotonic() + self.replace_patience
        delay = 0.005
        while True:
            try:
                os.replace(src, dst)
                return
            except PermissionError:
                # Sharing violation or access denied: another handle on `dst` (or `src`).
                if time.monotonic() >= deadline:
                    raise ReplaceRefused(dst, src if os.path.exists(src) else None) from None
                time.sleep(delay)
                delay = min(delay * 2, 0.1)

    def _locking(self):
        if self._msvcrt is None:
            import msvcrt  # Windows only: imported on first use

            self._msvcrt = msvcrt
        return self._msvcrt

    def try_lock(self, fd: int, *, shared: bool = False) -> bool:
        # msvcrt has no shared lock (LK_NBRLCK is the same as LK_NBLCK): a shared lock is
        # exclusive here, which is only stricter. It locks from the file position: byte 0.
        msvcrt = self._locking()
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            if exc.errno in self._BUSY:
                return False
            raise
        self._held.add(fd)
        return True

    def unlock(self, fd: int) -> None:
        # Windows refuses to unlock what is not locked (POSIX shrugs): only what this holds.
        if fd not in self._held:
            return
        msvcrt = self._locking()
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        self._held.discard(fd)

    def forget(self, fd: int) -> None:
        self._held.discard(fd)


def for_platform(platform: str = sys.platform) -> Rules:
    if platform == "win32":
        return WindowsRules()
    if platform == "darwin":
        return MacRules()
    return Rules()


_rules: Rules | None = None


def rules() -> Rules:
    """The rules of the system this runs on."""
    global _rules
    if _rules is None:
        _rules = for_platform()
    return _rules


def use(new: Rules | None) -> Rules | None:
    """Switch to another system's rules (tests emulate Windows with it); returns the old ones."""
    global _rules
    old, _rules = _rules, new
    return old
