"""Windows' file rules, emulated on Linux, for the store's tests (no Windows machine here).

Inside a folder, `emulate(folder)` makes this process live by what Windows does differently:

- no `fcntl` to import, no `os.O_CLOEXEC` or `os.O_DIRECTORY`; `os.O_BINARY` and
  `os.O_NOINHERIT` exist; writing a line end through a descriptor `os.open`ed without O_BINARY
  fails the test (Windows opens it in text mode and writes every "\\n" as "\\r\\n");
- a folder cannot be opened (so it cannot be fsynced): PermissionError, as Windows says;
- a file open in any handle, in this process or another, cannot be renamed over, renamed or
  deleted: PermissionError, Windows' sharing violation (Python opens files without
  FILE_SHARE_DELETE); `os.rename` onto an existing file fails;
- `msvcrt.locking` locks bytes from the file position, per handle; LK_NBLCK on a locked range
  fails with EACCES; unlocking what is not locked fails too.

The store is switched to `WindowsRules`. Underneath, open handles are marked with a shared
`flock` on each descriptor, and msvcrt locks are Linux open-file-description record locks, so
both rules hold across processes and within one, and vanish when a handle closes or a process
dies, as on Windows.
"""

from __future__ import annotations

import builtins
import errno
import fcntl
import io
import os
import stat
import struct
import sys
import tempfile
import time
import types

from tradebook.book import _platform

O_BINARY = 1 << 28
O_NOINHERIT = 1 << 29
SHARING_VIOLATION = "The process cannot access the file because it is being used by another process"


def _under(root: str, path) -> bool:
    if isinstance(path, int):
        return False
    try:
        full = os.path.abspath(os.fsdecode(path))
    except TypeError:
        return False
    return full == root or full.startswith(root + os.sep)


class _Msvcrt(types.ModuleType):
    """The few calls of Windows' msvcrt module the store uses, with Windows' answers."""

    LK_UNLCK, LK_LOCK, LK_NBLCK, LK_RLCK, LK_NBRLCK = 0, 1, 2, 3, 4

    def __init__(self) -> None:
        super().__init__("msvcrt")
        self._held: dict[tuple[int, int, int], tuple[int, int]] = {}

    def _key(self, fd: int) -> tuple[int, int, int]:
        st = os.fstat(fd)
        return (fd, st.st_dev, st.st_ino)

    def _record(self, fd: int, kind: int, start: int, length: int, wait: bool) -> None:
        lock = struct.pack("hhqqi4x", kind, os.SEEK_SET, start, length, 0)
        fcntl.fcntl(fd, fcntl.F_OFD_SETLKW if wait else fcntl.F_OFD_SETLK, lock)

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        start = os.lseek(fd, 0, os.SEEK_CUR)
        key = self._key(fd)
        if mode == self.LK_UNLCK:
            if self._held.get(key) != (start, nbytes):
                raise OSError(errno.EACCES, "Permission denied")
            self._record(fd, fcntl.F_UNLCK, start, nbytes, False)
            del self._held[key]
            return
        if mode in (self.LK_NBLCK, self.LK_NBRLCK):
            try:
                self._record(fd, fcntl.F_WRLCK, start, nbytes, False)
            except OSError as exc:
                if exc.errno in (errno.EAGAIN, errno.EACCES):
                    raise OSError(errno.EACCES, "Permission denied") from None
                raise
        else:  # LK_LOCK: ten tries a second apart, then EDEADLOCK
            for _ in range(10):
                try:
                    self._record(fd, fcntl.F_WRLCK, start, nbytes, False)
                    break
                except OSError:
                    time.sleep(1)
            else:
                raise OSError(errno.EDEADLK, "Resource deadlock avoided")
        self._held[key] = (start, nbytes)


class Emulation:
    def __init__(self, root) -> None:
        self.root = os.path.abspath(os.fspath(root))
        self.msvcrt = _Msvcrt()
        self.real = {
            name: getattr(os, name)
            for name in ("open", "write", "close", "replace", "rename", "unlink", "remove")
        }
        #: descriptors opened without O_BINARY: {fd: (device, inode, path)}
        self.text_mode: dict[int, tuple[int, int, str]] = {}
        self.real_io_open = io.open

    # ----- handles --------------------------------------------------------------------

    def _mark(self, fd: int) -> None:
        """This handle is open: a shared flock on it, dropped by the system when it closes."""
        fcntl.flock(fd, fcntl.LOCK_SH)

    def open(self, path, flags, mode=0o777, *, dir_fd=None):
        if not _under(self.root, path) or dir_fd is not None:
            return self.real["open"](path, flags & ~(O_BINARY | O_NOINHERIT), mode, dir_fd=dir_fd)
        if os.path.isdir(path):
            raise PermissionError(errno.EACCES, "Access is denied", os.fsdecode(path))
        fd = self.real["open"](path, flags & ~(O_BINARY | O_NOINHERIT), mode)
        self._mark(fd)
        if flags & O_BINARY:
            self.text_mode.pop(fd, None)
        else:
            st = os.fstat(fd)
            self.text_mode[fd] = (st.st_dev, st.st_ino, os.fsdecode(path))
        return fd

    def write(self, fd: int, data) -> int:
        opened = self.text_mode.get(fd)
        if opened is not None and b"\n" in bytes(data):
            st = os.fstat(fd)
            if (st.st_dev, st.st_ino) == opened[:2]:
                raise AssertionError(
                    f"{opened[2]} was opened without O_BINARY: Windows would "
                    "write every \\n as \\r\\n"
                )
        return self.real["write"](fd, data)

    def close(self, fd: int) -> None:
        self.text_mode.pop(fd, None)
        self.real["close"](fd)

    def io_open(self, file, *args, **kwargs):
        handle = self.real_io_open(file, *args, **kwargs)
        if _under(self.root, file):
            self._mark(handle.fileno())
        return handle

    def _refuse_if_open(self, *paths) -> None:
        for path in paths:
            if not _under(self.root, path):
                continue
            try:
                fd = self.real["open"](path, os.O_RDONLY)
            except OSError:
                continue  # missing, or a folder
            try:
                if stat.S_ISDIR(os.fstat(fd).st_mode):
                    continue
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    raise PermissionError(
                        errno.EACCES, SHARING_VIOLATION, os.fsdecode(path)
                    ) from None
            finally:
                os.close(fd)

    def replace(self, src, dst, **kw):
        self._refuse_if_open(src, dst)
        return self.real["replace"](src, dst, **kw)

    def rename(self, src, dst, **kw):
        if _under(self.root, dst) and os.path.exists(dst):
            raise FileExistsError(
                errno.EEXIST,
                "Cannot create a file when that file already exists",
                os.fsdecode(src),
                os.fsdecode(dst),
            )
        self._refuse_if_open(src)
        return self.real["rename"](src, dst, **kw)

    def unlink(self, path, **kw):
        self._refuse_if_open(path)
        return self.real["unlink"](path, **kw)

    # ----- switching on ---------------------------------------------------------------

    def install(self, setattr_, delattr_, setitem) -> None:
        """Through monkeypatch-like functions, so a test can undo it all."""
        delattr_(os, "O_CLOEXEC")
        delattr_(os, "O_DIRECTORY")
        setattr_(os, "O_BINARY", O_BINARY)
        setattr_(os, "O_NOINHERIT", O_NOINHERIT)
        setattr_(os, "open", self.open)
        setattr_(os, "write", self.write)
        setattr_(os, "close", self.close)
        setattr_(os, "replace", self.replace)
        setattr_(os, "rename", self.rename)
        setattr_(os, "unlink", self.unlink)
        setattr_(os, "remove", self.unlink)
        setattr_(io, "open", self.io_open)
        setattr_(builtins, "open", self.io_open)
        # what tempfile works out when it is imported on Windows
        setattr_(tempfile, "_text_openflags", tempfile._text_openflags | O_NOINHERIT)
        setattr_(tempfile, "_bin_openflags", tempfile._bin_openflags | O_BINARY | O_NOINHERIT)
        setitem(sys.modules, "fcntl", None)  # `import fcntl` fails from now on
        setitem(sys.modules, "msvcrt", self.msvcrt)
        rules = _platform.WindowsRules()
        rules.replace_patience = 0.5
        setattr_(_platform, "_rules", rules)


def emulate(root, monkeypatch=None) -> Emulation:
    """Windows' rules inside `root` from now on (undone with the monkeypatch, if one is given)."""
    emulation = Emulation(root)
    if monkeypatch is not None:
        emulation.install(
            lambda obj, name, value: monkeypatch.setattr(obj, name, value, raising=False),
            monkeypatch.delattr,
            monkeypatch.setitem,
        )
    else:
        emulation.install(
            setattr, delattr, lambda mapping, key, value: mapping.__setitem__(key, value)
        )
    return emulation
