"""Run the CLI in-process against a temporary book with a pinned today."""

from __future__ import annotations

import hashlib
import io
import json
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from tradebook.cli import main

TODAY = "2026-11-22"


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)

    @property
    def words(self) -> str:
        """The output with its line breaks undone: text is wrapped to the terminal's width."""
        return " ".join(self.out.split())


class Cli:
    def __init__(self, book: Path) -> None:
        self.book = book

    def __call__(self, *args: str) -> Result:
        out, err = io.StringIO(), io.StringIO()
        code = 0
        with redirect_stdout(out), redirect_stderr(err):
            try:
                main(["--book", str(self.book), *args])
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
        return Result(code, out.getvalue(), err.getvalue())

    def ok(self, *args: str) -> Result:
        result = self(*args)
        assert result.code == 0, f"{args} -> {result.code}: {result.err}"
        return result

    def fingerprint(self) -> str:
        """Hash of every file of the book (snapshot, journal), to prove nothing was written."""
        digest = hashlib.sha256()
        for path in sorted(self.book.parent.glob(self.book.name + "*")):
            if path.is_file() and not path.name.endswith(".lock"):
                digest.update(path.name.encode() + path.read_bytes())
        return digest.hexdigest()


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.setenv("TRADEBOOK_TODAY", TODAY)
    monkeypatch.setenv("COLUMNS", "80")  # text output is fitted to the terminal: pin its width
    monkeypatch.delenv("TRADEBOOK_BOOK", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    return Cli(tmp_path / "book.json")


@pytest.fixture
def started(cli: Cli) -> Cli:
    """A book with a profile and one customer, C-0001 Tom Becker."""
    cli.ok(
        "init", "--name", "Bright Spark Electric", "--state", "KY", "--pay-methods", "check,card"
    )
    cli.ok("customer", "add", "Tom Becker", "--phone", "502-555-0199")
    return cli
