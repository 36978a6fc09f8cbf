"""The command line: parses, calls the services, prints. No business rules live here.

Every command module registers itself on `app`; heavy libraries (Textual, fpdf2) are
imported inside the commands that need them so `tradebook log` stays quick.
"""

from __future__ import annotations

import os
import sys

import typer
from typer._click import exceptions as click_exceptions

from tradebook.cli.common import state
from tradebook.errors import TradebookError

app = typer.Typer(
    name="tradebook",
    help="Keep the book of your trade business — jobs, invoices, payments, contacts — and get paid.",
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    book: str = typer.Option(None, "--book", envvar="TRADEBOOK_BOOK", metavar="PATH",
                             help="The book file (default: your user data folder)."),
) -> None:
    state.book_path = book
    if ctx.invoked_subcommand is None:
        from tradebook.cli.overview import open_app

        open_app()


# Command modules register their commands on `app` when imported.
from tradebook.cli import records, storage  # noqa: E402,F401

for _optional in ("collections", "documents", "importing", "agenda"):
    try:
        __import__(f"tradebook.cli.{_optional}")
    except ModuleNotFoundError as exc:  # pragma: no cover - a slice not built yet
        if exc.name != f"tradebook.cli.{_optional}":
            raise


def _book_first(argv: list[str]) -> list[str]:
    """`--book PATH` may follow the subcommand too (`tradebook customer list --book X`)."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--book" and i + 1 < len(argv):
            return ["--book", argv[i + 1], *argv[:i], *argv[i + 2:]]
        if arg.startswith("--book="):
            return [arg, *argv[:i], *argv[i + 1:]]
    return argv


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; every user mistake ends as one line on stderr and exit code 2."""
    command = typer.main.get_command(app)
    argv = _book_first(list(sys.argv[1:] if argv is None else argv))
    try:
        code = command.main(args=argv, prog_name="tradebook", standalone_mode=False)
        if isinstance(code, int) and code:
            raise SystemExit(code)
    except TradebookError as exc:
        print(f"tradebook: {exc.message}", file=sys.stderr)
        raise SystemExit(exc.exit_code) from None
    except typer.Abort:
        print("tradebook: aborted", file=sys.stderr)
        raise SystemExit(1) from None
    except click_exceptions.NoArgsIsHelpError as exc:
        print(exc.ctx.get_help() if exc.ctx else exc.format_message(), file=sys.stderr)
        raise SystemExit(2) from None
    except click_exceptions.ClickException as exc:
        print(f"tradebook: {exc.format_message()}", file=sys.stderr)
        raise SystemExit(2) from None
    except typer.Exit as exc:
        raise SystemExit(exc.exit_code) from None
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except Exception as exc:  # a bug, or a book edited by hand into a shape it cannot hold
        if os.environ.get("TRADEBOOK_DEBUG"):
            raise
        print(f"tradebook: unexpected error ({type(exc).__name__}: {exc}) — nothing more was "
              "written; `tradebook verify` checks the book, TRADEBOOK_DEBUG=1 shows the details",
              file=sys.stderr)
        raise SystemExit(1) from None
    finally:
        state.close()
