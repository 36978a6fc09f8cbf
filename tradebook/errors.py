"""Errors a user can act on. Each carries one line that says what went wrong and what to do."""


class TradebookError(Exception):
    """Base for every error shown to the user as one line (CLI: stderr + exit 2)."""

    exit_code = 2

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else self.__class__.__name__


class BadInput(TradebookError):
    """A value typed by the user that cannot be accepted."""


class NotFound(TradebookError):
    """A ref or name that matches nothing in the book."""


class Ambiguous(TradebookError):
    """A name fragment that matches more than one record."""


class BookDamaged(TradebookError):
    """The book file cannot be read; it is left untouched."""


class BookLocked(TradebookError):
    """Another tradebook process holds the book's write lock for too long."""


class Refused(TradebookError):
    """The tone guard refused a letter's text."""
