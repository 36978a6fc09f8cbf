"""Where the app puts the documents it makes, and handing a PDF to the desktop's viewer."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

from tradebook.errors import TradebookError


def documents_dir(book_path: Path) -> Path:
    """~/Documents/tradebook when there is a Documents folder, else `documents/` beside the book."""
    home_documents = Path.home() / "Documents"
    if home_documents.is_dir():
        return home_documents / "tradebook"
    return Path(book_path).parent / "documents"


def document_path(book_path: Path, today: date, kind: str, customer_ref: str) -> Path:
    """`2026-11-22-small-claims-C-0026.pdf` in the documents folder."""
    safe = re.sub(r"[^A-Za-z0-9-]+", "-", f"{today.isoformat()}-{kind}-{customer_ref}")
    return documents_dir(book_path) / f"{safe}.pdf"


def _run(command: list[str], what: str) -> None:
    try:
        subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as exc:
        raise TradebookError(f"could not {what}: {exc.strerror or exc}") from None


def open_file(path: Path) -> None:
    """Show a PDF (or a folder) the way the desktop shows it: its own viewer, its file manager.

    Windows: the program the file type is registered to (os.startfile); macOS: `open`; Linux and
    the BSDs: `xdg-open`. The path goes as one argument, spaces and accents as they are."""
    path = Path(path)
    if sys.platform == "win32":
        startfile = getattr(os, "startfile", None)
        if startfile is None:  # pragma: no cover - every Windows Python has it
            raise TradebookError(f"cannot open files from here — the file is at {path}")
        try:
            startfile(str(path))
        except OSError as exc:  # no program registered for .pdf
            raise TradebookError(
                f"could not open {path}: {exc.strerror or exc} — is a PDF viewer installed?"
            ) from None
        return
    opener = "open" if sys.platform == "darwin" else "xdg-open"
    if shutil.which(opener) is None:
        raise TradebookError(f"no {opener} on this computer to open PDFs — the file is at {path}")
    _run([opener, str(path)], f"open {path}")
