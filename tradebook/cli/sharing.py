"""Commands of a shared book: share one, list its devices, show and settle its conflicts."""

from __future__ import annotations

from pathlib import Path

import typer

from tradebook.cli import app
from tradebook.cli.common import emit_json, state, table
from tradebook.errors import BadInput


def shared_store():
    """The open book's store if it is a shared one, else a clear refusal."""
    store = state.book().store
    if not getattr(store, "shared", False):
        raise BadInput(
            f"the book at {state.path} is a single file: `tradebook share FOLDER` makes a "
            "shared one"
        )
    return store


@app.command()
def share(
    folder: str = typer.Argument(..., metavar="FOLDER", help="A new or empty folder."),
) -> None:
    """Share this book in FOLDER, kept in step by Syncthing.

    Any whole-file folder sync does as well. Each computer then opens it with `--book FOLDER` under its own `--device` name; the
    single-file book is left as it was, as a backup (docs/sharing.md)."""
    from tradebook.book.shared import resolve_device
    from tradebook.book.shared import share as share_book

    source = state.path
    if source.is_dir():
        raise BadInput(f"{source} is already a shared book")
    if not source.exists():
        raise BadInput(f"no book at {source} to share")
    device = resolve_device(state.device)
    target = Path(folder).expanduser()
    share_book(source, target, device)
    print(f"shared into {target.resolve()} as device {device} (refs as before: INV-0042)")
    print(f"open it with: tradebook --book {target.resolve()} --device NAME …")
    print(f"{source} is kept as it was, as a backup")


@app.command()
def devices(
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    set_name: str = typer.Option(
        None, "--set", metavar="NAME", help="Name this computer once (used without --device)."
    ),
) -> None:
    """List the devices of a shared book.

    Each one's series of refs, when it last wrote, and how many of its entries this computer
    has not folded in yet."""
    if set_name:
        from tradebook.book.shared import save_device

        saved = save_device(set_name)
        print(f"this computer is device {set_name.strip().lower()} (saved in {saved})")
        return
    store = shared_store()
    rows = store.devices()
    if as_json:
        emit_json({"this": store.device, "devices": rows, "problems": store.problems})
        return
    print(
        table(
            [
                [
                    r["device"] + (" (this one)" if r["this"] else ""),
                    f"INV-{r['series']}-…" if r["series"] else "INV-…",
                    r["last_wrote"] or "never",
                    str(r["folded"]),
                    "up to date" if not r["waiting"] else f"{r['waiting']} waiting",
                ]
                for r in rows
            ],
            ["device", "refs", "last wrote (UTC)", "entries", "here"],
            right={3},
        )
    )
    for problem in store.problems:
        print(f"! {problem}")


@app.command()
def conflicts(
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    settle: str = typer.Option(
        None, "--settle", metavar="PAYMENT", help="A payment flagged as a likely duplicate."
    ),
    settle_as: str = typer.Option(
        None, "--as", metavar="duplicate|distinct", help="What that payment really is."
    ),
) -> None:
    """Show edits two devices made at once.

    The later change is kept and the other shown here; a payment recorded on two devices
    that looks like one payment is listed too, not counted until settled."""
    store = shared_store()
    book = state.book()
    if settle or settle_as:
        if not (settle and settle_as in ("duplicate", "distinct")):
            raise BadInput("settle a payment with --settle P-… --as duplicate|distinct")
        payment = book.get(settle, "payments")
        if not payment.get("duplicate_of") or payment.get("duplicate_settled"):
            raise BadInput(f"{payment['ref']} is not an unsettled likely duplicate")
        fields: dict[str, str | None] = {"duplicate_settled": settle_as}
        if settle_as == "distinct":
            fields["duplicate_of"] = None
        book._update("payments", payment, fields)
        counted = "counted" if settle_as == "distinct" else "not counted (a duplicate)"
        print(f"{payment['ref']} settled: {counted}")
        return
    view = book.view
    duplicates = [
        {"payment": p["ref"], "of": p["duplicate_of"], "amount": p["amount"], "date": p["date"]}
        for p in view.table("payments")
        if p.get("duplicate_of") and not p.get("duplicate_settled")
    ]
    found = store.fold.conflicts
    if as_json:
        emit_json({"conflicts": found, "duplicates": duplicates})
        return
    if not found and not duplicates:
        print("no conflicts")
        return
    from tradebook.book.shared import _clock_time
    from tradebook.domain.money import fmt

    for c in found:
        print(
            f"{c['ref']} {c['field']}: kept {c['kept']['value']!r} ({c['kept']['device']}, "
            f"{_clock_time(c['kept']['t'])}); not kept {c['lost']['value']!r} "
            f"({c['lost']['device']}, {_clock_time(c['lost']['t'])})"
        )
    for d in duplicates:
        print(
            f"{d['payment']} looks like {d['of']} ({fmt(d['amount'])} on {d['date']}) recorded "
            f"on two devices: not counted — `tradebook conflicts --settle {d['payment']} "
            "--as duplicate|distinct`"
        )
