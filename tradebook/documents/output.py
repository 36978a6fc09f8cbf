"""Where a document goes: a checked `.pdf` path, written whole or not at all, or the printer."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tradebook.book import _fs
from tradebook.errors import BadInput, TradebookError


class NotPrinted(TradebookError):
    """The document was made but could not be sent to a printer."""

    exit_code = 1


def pdf_target(path: Path | str) -> Path:
    """The output path, refused early if it cannot take a PDF (so nothing is done in vain)."""
    target = Path(path).expanduser()
    if target.suffix.lower() != ".pdf":
        raise BadInput(f"-o {path}: give a file name ending in .pdf")
    if target.is_dir():
        raise BadInput(f"-o {path} is a folder; give a file name ending in .pdf")
    if not target.parent.is_dir():
        raise BadInput(f"-o {path}: the folder {target.parent} does not exist")
    return target


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file the user asked for (a PDF, a calendar, an email draft) beside the target,
    durably and private to the user (it says who owes what), then rename it over the target:
    a half-written file never replaces a good one, nor is one left behind."""
    path = Path(path)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise BadInput(f"cannot write {path.parent}: {exc.strerror or exc}") from None
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            _fs.sync(f.fileno())
        _fs.replace(tmp, path)
    except _fs.ReplaceRefused:
        # Windows: the old file is open in a viewer (or a sync tool) that will not let go.
        kept = path.with_name(f"{path.stem}.new{path.suffix}")
        try:
            os.replace(tmp, kept)
        except OSError:
            kept = tmp
        raise TradebookError(
            f"cannot replace {path}: it is open in another program (a PDF "
            f"viewer?) — close it and try again; the new one is at {kept}"
        ) from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BadInput(f"cannot write {path}: {exc.strerror or exc}") from None


def temp_beside(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp")


def send_to_printer(path: Path) -> str:
    """Hand the PDF to the system's printing: `lp` (or `lpr`) on Linux and macOS, the PDF
    program's own print command on Windows. Says plainly when nothing here can print."""
    path = Path(path).absolute()  # never read as an option, whatever the file is called
    if sys.platform == "win32":
        return _print_on_windows(path)
    lp, lpr = shutil.which("lp"), shutil.which("lpr")
    if lp is not None:
        command, name = [lp, "--", str(path)], "lp"
    elif lpr is not None:
        command, name = [lpr, str(path)], "lpr"
    else:
        raise NotPrinted(
            f"not printed: there is no printer command (lp or lpr) on this "
            f"computer — the PDF is saved at {path}; print it from a PDF viewer"
        )
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=60, check=False, errors="replace"
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise NotPrinted(
            f"not printed: {name} did not run ({exc}) — the PDF is saved at {path}"
        ) from None
    if done.returncode != 0:
        why = (done.stderr or done.stdout).strip().splitlines()
        raise NotPrinted(
            f"not printed: {why[0] if why else f'{name} failed with code {done.returncode}'}"
            f" — the PDF is saved at {path}"
        )
    return done.stdout.strip()


def _print_on_windows(path: Path) -> str:
    """Windows prints a PDF through the program registered to print .pdf files (the 'print'
    verb): Edge, Acrobat or another viewer prints it on the default printer."""
    startfile = getattr(os, "startfile", None)
    if startfile is None:  # pragma: no cover - every Windows Python has it
        raise NotPrinted(
            f"not printed: this Python cannot reach Windows' printing — the PDF is "
            f"saved at {path}; print it from a PDF viewer"
        )
    try:
        startfile(str(path), "print")
    except OSError as exc:  # no program registered to print PDFs
        raise NotPrinted(
            f"not printed: no program here is set to print PDFs ({exc.strerror or exc})"
            f" — the PDF is saved at {path}; open it and print it from the viewer"
        ) from None
    return ""
