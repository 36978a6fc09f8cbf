"""Commands that look after the book itself: verify, backup, restore, export."""

from __future__ import annotations

import json
import os
from pathlib import Path

import typer

from tradebook.cli import app
from tradebook.cli.common import state, today
from tradebook.domain.money import decimal_str
from tradebook.errors import BadInput, BookDamaged
from tradebook.model.records import plain

EXPORT_TABLES = (
    "profile",
    "customers",
    "jobs",
    "contracts",
    "invoices",
    "payments",
    "contacts",
    "plans",
    "letters",
    "corrections",
    "cases",
)


@app.command()
def verify() -> None:
    """Check the contact log and every record.

    Checks the log's hash chain and each record's shape; names what is wrong and exits 4
    (the book is damaged)."""
    from tradebook.domain.chain import verify_chain
    from tradebook.domain.check import record_problems

    book = state.book()
    view = book.view
    if getattr(book.store, "shared", False):
        check = _verify_shared(book.store, view)
    else:
        check = verify_chain(view.table("contacts"))
        print(check.describe())
    problems = record_problems(view)
    for problem in problems:
        print(problem)
    if problems:
        print(
            f"{len(problems)}{'+' if len(problems) == 20 else ''} record(s) do not fit: restore a "
            "backup (`tradebook restore --list`) or correct them"
        )
    if not check.ok or problems:
        raise typer.Exit(BookDamaged.exit_code)


def _verify_shared(store, view):
    """A shared book: its digest, then each device's own contact chain, by name."""
    from tradebook.domain.chain import ChainCheck, verify_chains

    print(f"digest: {store.digest()}")
    origin = store.origin
    broken = None
    count = 0
    for series, check in verify_chains(view.table("contacts")).items():
        device = series.lower() or origin
        print(f"device {device}: {check.describe()}")
        count += check.count
        if not check.ok and broken is None:
            broken = check
    for problem in store.problems:
        print(f"note: {problem}")
    return broken or ChainCheck(True, count)


@app.command()
def backup() -> None:
    """Back up the book now.

    The copy goes into the backups folder beside the book; the last ten are kept."""
    path = state.book().store.backup()
    print(f"backup written: {path}")


@app.command()
def restore(
    from_path: str = typer.Option(
        None, "--from", metavar="BACKUP", help="A backup file (default: the newest)."
    ),
    list_only: bool = typer.Option(False, "--list", help="List the backups, newest first."),
    force: bool = typer.Option(False, "--force", help="Restore even though the book opens fine."),
) -> None:
    """Bring back a backup. The current book is moved aside, never deleted."""
    from tradebook.book.store import Store, list_backups
    from tradebook.book.store import restore as restore_book
    from tradebook.errors import TradebookError

    path = state.path
    if list_only:
        for b in list_backups(path):
            print(f"{b}  (taken {_taken(b)})")
        return
    chosen = Path(from_path).expanduser() if from_path else None
    if chosen is not None and not chosen.is_file():
        raise BadInput(f"no backup file at {chosen}")
    if not force and path.exists():
        try:
            Store.open(path, create=False)
        except TradebookError:
            pass  # damaged: that is what restore is for
        else:
            raise BadInput(
                f"the book at {path} opens fine; restoring would replace it with an older "
                "copy — add --force if that is really what you want"
            )
    used = restore_book(path, chosen)
    print(
        f"restored {path} from {used} (taken {_taken(used)}); the damaged file is kept beside it "
        "as book.json.damaged-…; anything recorded after the backup was taken must be entered again"
    )


def _taken(backup: Path) -> str:
    """When a backup was taken, from its name (UTC)."""
    stamp = backup.name.split("-", 1)[0]
    return f"{stamp[0:4]}-{stamp[4:6]}-{stamp[6:8]} {stamp[9:11]}:{stamp[11:13]} UTC"


#: Fields held in cents, written out in dollars (`1440.00`) for people and spreadsheets.
MONEY_FIELDS = {
    "amount",
    "quote",
    "deposit_asked",
    "credit_limit",
    "tax",
    "unit",
    "total",
    "paid",
    "balance",
}


def _dollars(row: dict) -> dict:
    """A copy of a record with every money field (nested too) as a decimal string."""

    def convert(key: str, value: object) -> object:
        if key in MONEY_FIELDS and isinstance(value, int) and not isinstance(value, bool):
            return decimal_str(value)
        if isinstance(value, dict):
            return {k: convert(k, v) for k, v in value.items()}
        if isinstance(value, list):
            return [convert(key, v) for v in value]
        return value

    return {k: convert(k, v) for k, v in row.items()}


def _with_balances(view, invoices: list[dict]) -> list[dict]:
    from tradebook.domain.accounts import accounts

    books = accounts(view)
    return [
        {
            **inv,
            "total": books.money(inv).total,
            "paid": books.money(inv).paid,
            "balance": books.money(inv).balance,
        }
        for inv in invoices
    ]


def _private(path: Path) -> Path:
    """Exports hold the whole book: readable by the owner only, like the book itself."""
    os.chmod(path, 0o600)
    return path


@app.command()
def export(
    directory: str = typer.Argument(..., metavar="DIR"),
    fmt: str = typer.Option(
        "json", "--format", help="csv (one file per table) or json (one file)."
    ),
) -> None:
    """Export the whole book as CSV or JSON.

    For an accountant or another program; the files are readable by you only. CSV: one file
    per kind of record, fixed columns (docs/book-format.md), amounts in dollars, UTF-8 that
    Excel reads, and no cell a spreadsheet would run as a formula."""
    if fmt not in ("csv", "json"):
        raise BadInput(f"--format is csv or json (not {fmt!r})")
    view = state.book().view
    out = Path(directory).expanduser()
    if out.exists() and not out.is_dir():
        raise BadInput(f"{out} is a file, not a folder")
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        from tradebook.export_csv import write_csv

        for written in write_csv(view, out, today()):
            print(written)
        return
    tables = {
        name: (
            [view.profile]
            if name == "profile" and view.profile
            else [plain(doc) for doc in view.table(name)]
        )
        for name in EXPORT_TABLES
    }
    tables["invoices"] = _with_balances(view, tables["invoices"])
    tables = {name: [_dollars(row) for row in rows] for name, rows in tables.items()}
    target = out / "tradebook-export.json"
    target.write_text(json.dumps(tables, indent=1, ensure_ascii=False), encoding="utf-8")
    print(_private(target))
