"""Every module of tradebook imports on Windows: no Unix-only import at module level.

There is no Windows machine here, so a fresh interpreter first loads the libraries tradebook
uses (as they load on this system), then makes `fcntl`, `termios`, `pwd` and the other
Unix-only modules unimportable, sets `sys.platform` to "win32", and imports each module of
tradebook anew. The first Unix-only import (or a module-level check of the platform that
breaks) fails the test with the module's name.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

UNIX_ONLY = (
    "fcntl",
    "termios",
    "pwd",
    "grp",
    "resource",
    "tty",
    "pty",
    "posix",
    "syslog",
    "_posixsubprocess",
    "readline",
    "curses",
)

PROBE = """
import importlib, json, pkgutil, sys, traceback
import tradebook

names = sorted(info.name for info in pkgutil.walk_packages(tradebook.__path__, "tradebook."))
for name in names:  # first as on this system: the libraries underneath load as they would
    importlib.import_module(name)
for name in [m for m in sys.modules if m == "tradebook" or m.startswith("tradebook.")]:
    del sys.modules[name]

for name in UNIX_ONLY:
    sys.modules[name] = None  # `import fcntl` now raises ImportError
sys.platform = "win32"

failed = {}
for name in ["tradebook", *names]:
    try:
        importlib.import_module(name)
    except BaseException as exc:
        failed[name] = traceback.format_exception_only(exc)[-1].strip()
print(json.dumps({"imported": len(names) + 1, "failed": failed}))
"""


def test_every_module_imports_without_unix_only_modules_on_win32():
    code = f"UNIX_ONLY = {UNIX_ONLY!r}\n{PROBE}"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["failed"] == {}
    assert report["imported"] > 50


def test_the_probe_catches_a_unix_only_import(tmp_path: Path):
    """The same probe, on a package that imports fcntl at the top, reports it."""
    package = tmp_path / "tradebook"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "unixy.py").write_text("import fcntl\n")
    code = f"UNIX_ONLY = {UNIX_ONLY!r}\n{PROBE}"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert list(report["failed"]) == ["tradebook.unixy"]
    assert "fcntl" in report["failed"]["tradebook.unixy"]
