"""Where the shipped fonts, letter templates and jurisdiction figures are found."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def assets_dir() -> Path:
    """`TRADEBOOK_ASSETS` if set; else `assets/` of the source tree; else the installed copy.

    A source checkout (and an editable install) reads the top-level `assets/` folder; a
    built wheel carries the same files as `tradebook/_assets`.
    """
    chosen = os.environ.get("TRADEBOOK_ASSETS")
    if chosen:
        return Path(chosen).expanduser()
    source = _PACKAGE.parent / "assets"
    if source.is_dir():
        return source
    return _PACKAGE / "_assets"
