"""The command line: parses, calls the services, prints. No business rules live here.

Every command module registers itself on `app`; heavy libraries (Textual, fpdf2) are
imported inside the commands that need them so `tradebook log` stays quick.
"""

from __future__ import annotations

import errno
import os
import sys

import typer

from tradebook.cli import examples
from tradebook.cli.common import state
from tradebook.errors import TradebookError

#: exit codes a script can tell apart (also in the README and `tradebook --help`)
DONE, UNEXPECTED, BAD_INPUT, INTERRUPTED = 0, 1, 2, 130

app = typer.Typer(
    name="tradebook",
    help="Keep the book of your trade business — jobs, invoices, payments, contacts — and get paid.",
    epilog=examples.epilog(examples.ROOT, examples.DATES, examples.EXIT_CODES),
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(shown: bool) -> None:
    if shown:
        from tradebook import __version__

        print(f"tradebook {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    book: str = typer.Option(
        None,
        "--book",
        envvar="TRADEBOOK_BOOK",
        metavar="PATH",
        help="The book file (default: your user data folder).",
    ),
    device: str = typer.Option(
        None,
        "--device",
        envvar="TRADEBOOK_DEVICE",
        metavar="NAME",
        help="This computer's name in a shared book (default: set with `devices --set`, "
        "else the host name).",
    ),
    version: bool = typer.Option(
        False, "--version", is_eager=True, callback=_show_version, help="Show the version and exit."
    ),
) -> None:
    state.book_path = book
    state.device = device
    if ctx.invoked_subcommand is None:
        from tradebook.cli.overview import open_app

        open_app()


# Command modules register their commands on `app` when imported.
from tradebook.cli import records, settings_cmd, sharing, storage  # noqa: E402,F401

for _optional in ("collections", "documents", "importing", "agenda", "mail"):
    try:
        __import__(f"tradebook.cli.{_optional}")
    except ModuleNotFoundError as exc:  # pragma: no cover - a slice not built yet
        if exc.name != f"tradebook.cli.{_optional}":
            raise

examples.attach(app)


def _book_first(argv: list[str]) -> list[str]:
    """`--book PATH` (and `--device NAME`) may follow the subcommand too
    (`tradebook customer list --book X`)."""
    for option in ("--device", "--book"):
        for i, arg in enumerate(argv):
            if arg == "--":
                break
            if arg == option and i + 1 < len(argv):
                argv = [option, argv[i + 1], *argv[:i], *argv[i + 2 :]]
                break
            if arg.startswith(option + "="):
                argv = [arg, *argv[:i], *argv[i + 1 :]]
                break
    return argv


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; every failure ends as one line on stderr and an exit code a script can tell
    apart (see `TradebookError.exit_code`): 2 bad input, 3 not found, 4 damaged, 75 busy."""
    command = typer.main.get_command(app)
    argv = _book_first(list(sys.argv[1:] if argv is None else argv))
    _console_never_fails()
    stdout = sys.stdout
    try:
        code = command.main(args=argv, prog_name="tradebook", standalone_mode=False)
        if isinstance(code, int) and code:
            raise SystemExit(code)
        sys.stdout.flush()  # a reader that went away shows here, while it can still be caught
    except BrokenPipeError:
        _pipe_closed()
    except SystemExit as exc:
        if _pipe_was_closed(exc, stdout):  # Typer caught it first and turned it into exit 1
            _pipe_closed()
        raise
    except TradebookError as exc:
        from tradebook.cli.fields import command_of, reported

        print(f"tradebook: {reported(exc, command_of(command, argv))}", file=sys.stderr)
        raise SystemExit(exc.exit_code) from None
    except typer.Abort:
        print("tradebook: aborted", file=sys.stderr)
        raise SystemExit(UNEXPECTED) from None
    except typer.TyperException as exc:  # a usage error: Click's errors are TyperExceptions
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
            print(ctx.get_help(), file=sys.stderr)  # `tradebook customer`: what it can do
        else:
            print(f"tradebook: {exc.format_message()}", file=sys.stderr)
        raise SystemExit(BAD_INPUT) from None
    except typer.Exit as exc:
        raise SystemExit(exc.exit_code) from None
    except KeyboardInterrupt:
        raise SystemExit(INTERRUPTED) from None
    except Exception as exc:  # a bug, or a book edited by hand into a shape it cannot hold
        if os.environ.get("TRADEBOOK_DEBUG"):
            raise
        print(
            f"tradebook: unexpected error ({type(exc).__name__}: {exc}) — nothing more was "
            "written; `tradebook verify` checks the book, TRADEBOOK_DEBUG=1 shows the details",
            file=sys.stderr,
        )
        raise SystemExit(UNEXPECTED) from None
    finally:
        state.close()


def _pipe_was_closed(exc: SystemExit, stdout: object) -> bool:
    """Typer met a closed pipe (EPIPE), swapped sys.stdout for a quiet wrapper and exited."""
    cause = exc.__context__
    return sys.stdout is not stdout and isinstance(cause, OSError) and cause.errno == errno.EPIPE


def _console_never_fails() -> None:
    """Output redirected on Windows is in the ANSI code page (cp1252), which has no `→` nor
    most non-Latin letters a customer's name may hold: print a stand-in, never fail. (A Windows
    console itself gets UTF-8 from Python; so do Linux and macOS terminals.)"""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding in ("utf8", "utf_8"):
            continue
        reconfigure = getattr(stream, "reconfigure", None)  # not there on a test's capture
        if reconfigure is not None:
            reconfigure(errors="replace")


def _pipe_closed() -> None:
    """`tradebook flags | head -1`: the reader has what it wanted. End quietly, as done; what is
    left in the buffer goes nowhere rather than failing again when Python flushes at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (a test's StringIO)
        pass
    raise SystemExit(DONE) from None
