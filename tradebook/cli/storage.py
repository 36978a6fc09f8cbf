"""Commands that look after the book itself: verify, backup, restore, export."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import typer

from tradebook.cli import app
from tradebook.cli.common import state
from tradebook.errors import BadInput

EXPORT_TABLES = ("profile", "customers", "jobs", "contracts", "invoices", "payments", "contacts",
                 "plans", "letters", "corrections", "cases")


@app.command()
def verify() -> None:
    """Check the contact log's hash chain: prints OK, or names the first entry that does not match."""
    from tradebook.domain.chain import verify_chain

    book = state.book()
    check = verify_chain(book.view.table("contacts"))
    print(check.describe())
    if not check.ok:
        raise typer.Exit(1)


@app.command()
def backup() -> None:
    """Copy the book into its backups folder now (the last ten are kept)."""
    path = state.book().store.backup()
    print(f"backup written: {path}")


@app.command()
def restore(
    from_path: str = typer.Option(None, "--from", metavar="BACKUP", help="A backup file (default: the newest)."),
    list_only: bool = typer.Option(False, "--list", help="List the backups, newest first."),
) -> None:
    """Bring back a backup. The current book is moved aside, never deleted."""
    from tradebook.book.store import list_backups
    from tradebook.book.store import restore as restore_book

    path = state.path
    if list_only:
        for b in list_backups(path):
            print(b)
        return
    chosen = Path(from_path).expanduser() if from_path else None
    if chosen is not None and not chosen.is_file():
        raise BadInput(f"no backup file at {chosen}")
    used = restore_book(path, chosen)
    print(f"restored {path} from {used}")


def _flat(value: object) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return "" if value is None else str(value)


@app.command()
def export(
    directory: str = typer.Argument(..., metavar="DIR"),
    fmt: str = typer.Option("json", "--format", help="csv (one file per table) or json (one file)."),
) -> None:
    """Write the whole book out as CSV or JSON for an accountant or another program."""
    if fmt not in ("csv", "json"):
        raise BadInput(f"--format is csv or json (not {fmt!r})")
    view = state.book().view
    out = Path(directory).expanduser()
    if out.exists() and not out.is_dir():
        raise BadInput(f"{out} is a file, not a folder")
    out.mkdir(parents=True, exist_ok=True)
    tables = {name: ([view.profile] if name == "profile" and view.profile else view.table(name))
              for name in EXPORT_TABLES}
    if fmt == "json":
        target = out / "tradebook-export.json"
        target.write_text(json.dumps(tables, indent=1, ensure_ascii=False), encoding="utf-8")
        print(target)
        return
    for name, rows in tables.items():
        columns: list[str] = []
        for row in rows:
            columns.extend(k for k in row if k not in columns)
        target = out / f"{name}.csv"
        with target.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(columns)
            for row in rows:
                writer.writerow([_flat(row.get(c)) for c in columns])
        print(target)
