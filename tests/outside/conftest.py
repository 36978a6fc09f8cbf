"""The command-line fixtures: a temporary book, today pinned."""

from tests.cli.conftest import cli, started  # noqa: F401
