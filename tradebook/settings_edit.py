"""Showing and changing `settings.toml` from the command line and the app.

The file is the user's: it is edited in place with tomlkit, so their comments, order and
layout survive; a change is checked as the whole new file before it is written, and written
whole or not at all. The escalation ladder and state figures are edited in the file itself.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from tradebook.domain.money import fmt, parse_money
from tradebook.errors import BadInput
from tradebook.settings import (
    DEFAULTS,
    MONEY_THRESHOLDS,
    SETTINGS_FILE,
    THEMES,
    Settings,
    Thresholds,
    parse_settings,
)

NEW_FILE = """\
# tradebook settings. `tradebook settings` shows them all; `tradebook settings set KEY VALUE`
# changes one and keeps your comments. assets/settings.example.toml explains every setting.
"""

THRESHOLD_KEYS = tuple(f.name for f in fields(Thresholds))


@dataclass(frozen=True)
class Setting:
    """One setting as `tradebook settings` lists it."""

    key: str  # as typed: theme, state, thresholds.unbilled_days
    value: str
    default: str

    @property
    def changed(self) -> bool:
        return self.value != self.default


def settings_path(book_path: Path | str) -> Path:
    return Path(book_path).expanduser().parent / SETTINGS_FILE


def listing(settings: Settings) -> list[Setting]:
    """Every setting one value stands for, with its default."""
    rows = [
        Setting("theme", settings.theme, DEFAULTS.theme),
        Setting("state", settings.state or "", DEFAULTS.state or ""),
    ]
    for key in THRESHOLD_KEYS:
        rows.append(
            Setting(
                f"thresholds.{key}",
                _shown(key, getattr(settings.thresholds, key)),
                _shown(key, getattr(DEFAULTS.thresholds, key)),
            )
        )
    return rows


def _shown(key: str, value: int) -> str:
    return fmt(value).lstrip("$") if key in MONEY_THRESHOLDS else str(value)


def _where(key: str) -> tuple[str | None, str]:
    """(table or None for the top level, key) for a key as typed; a threshold may be named
    without its `thresholds.`."""
    name = key.strip().lower()
    if name in ("theme", "app.theme"):
        return "app", "theme"
    if name == "state":
        return None, "state"
    bare = name.removeprefix("thresholds.")
    if bare in THRESHOLD_KEYS:
        return "thresholds", bare
    raise BadInput(
        f"{key!r} is not a setting one value can change (theme, state, or a threshold "
        "such as reminder_pay_days: see `tradebook settings`); the ladder and state "
        f"figures are changed in {SETTINGS_FILE} itself"
    )


def shown(settings: Settings, key: str) -> Setting:
    """The one setting `key` (as typed) stands for."""
    table, name = _where(key)
    wanted = name if table in (None, "app") else f"{table}.{name}"
    return next(row for row in listing(settings) if row.key == wanted)


def _value(table: str | None, key: str, text: str) -> Any:
    raw = str(text).strip()
    if key == "theme":
        if raw.lower() not in THEMES:
            raise BadInput(f"theme is dark or light (not {text!r})")
        return raw.lower()
    if key == "state":
        return raw.upper()  # checked with the whole file
    if key in MONEY_THRESHOLDS:
        return fmt(parse_money(raw, allow_zero=True)).lstrip("$")
    if not raw.isdigit() or not raw.isascii():
        raise BadInput(f"{key} is a whole number (not {text!r})")
    return int(raw)


def change(book_path: Path | str, key: str, text: str | None) -> Settings:
    """Set `key` to `text` in settings.toml beside the book (None: take it out, back to its
    default); returns the settings as the file now reads. Nothing is written when the new
    file would not read."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    path = settings_path(book_path)
    table, name = _where(key)
    try:
        before = path.read_text(encoding="utf-8-sig") if path.exists() else NEW_FILE
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"cannot read {path}: {exc}") from None
    try:
        doc = tomlkit.parse(before)
    except TOMLKitError as exc:
        raise BadInput(f"{path}: {exc} — fix the file or move it aside") from None
    holder: Any = doc if table is None else doc.get(table)
    if text is None:
        if holder is not None and name in holder:
            del holder[name]
            if table is not None and not holder:
                del doc[table]
    else:
        if table is not None and holder is None:
            doc[table] = holder = tomlkit.table()
        holder[name] = _value(table, name, text)
    after = tomlkit.dumps(doc)
    settings = parse_settings(after, path)
    if after != before or not path.exists():
        _write(path, after)
    return settings


def _write(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        if path.exists():
            os.chmod(partial, path.stat().st_mode & 0o777)
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise BadInput(f"cannot write {path}: {exc.strerror or exc}") from None


__all__ = ["Setting", "change", "listing", "settings_path", "shown"]
