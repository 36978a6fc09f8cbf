"""Where the shipped fonts and letter templates live, and how a user's own templates win.

The folder itself is found by `tradebook.assets.assets_dir`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tradebook.assets import assets_dir
from tradebook.errors import BadInput, NotFound


def font_path(bold: bool = False) -> Path:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    path = assets_dir() / "fonts" / name
    if not path.is_file():
        raise NotFound(f"the document font is missing: {path} (reinstall tradebook)")
    return path


def user_templates_dir(book_path: Path) -> Path:
    """The user's own letter templates sit beside the book, in `templates/`."""
    return book_path.expanduser().resolve().parent / "templates"


@dataclass(frozen=True)
class Template:
    kind: str
    text: str
    path: Path
    shipped: bool

    @property
    def source(self) -> str:
        """How the tone guard names this template when it refuses it."""
        return f"the shipped template {self.path}" if self.shipped else f"your template {self.path}"


def load_template(kind: str, override_dir: Path | None = None) -> Template:
    """The user's `<override_dir>/<kind>.txt` if there is one, else the shipped template."""
    if override_dir is not None:
        own = override_dir / f"{kind}.txt"
        if own.is_file():
            return Template(kind, _read(own), own, shipped=False)
    shipped = assets_dir() / "templates" / f"{kind}.txt"
    if not shipped.is_file():
        raise NotFound(f"no letter template for {kind!r} at {shipped}")
    return Template(kind, _read(shipped), shipped, shipped=True)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")  # Windows Notepad may start it with a BOM
    except UnicodeDecodeError:
        raise BadInput(f"template {path} is not UTF-8 text") from None
    except OSError as exc:
        raise BadInput(f"cannot read template {path}: {exc.strerror}") from None
