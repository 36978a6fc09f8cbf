"""Errors a user can act on. Each carries one line that says what went wrong and what to do.

Each kind ends the command line with its own exit code, so a script can tell them apart:
2 bad input or refused by a rule, 3 not found, 4 the book is damaged, 75 the book is busy,
1 anything else (a disk that is full, a folder that may not be written).
"""


class TradebookError(Exception):
    """Base for every error shown to the user as one line (CLI: stderr and `exit_code`).

    `field` names the input the error concerns (a service's name for it: `via`, `promise_date`,
    `invoice`), so each front end can say where to put it right: the command line names its
    option, a form shows the message at its field. The message itself speaks of the trade,
    never of one front end's options or keys."""

    exit_code = 1

    def __init__(self, message: str | None = None, *, field: str | None = None) -> None:
        super().__init__(*(() if message is None else (message,)))
        self.field = field

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else self.__class__.__name__


class BadInput(TradebookError):
    """A value typed by the user that cannot be accepted, or a step a rule refuses."""

    exit_code = 2


class NotOneOf(BadInput):
    """A word that is not one of a closed list: the list is kept, so each front end can offer
    it in its own way (the command line after its option: `--via is one of …`)."""

    def __init__(self, what: str, allowed: tuple[str, ...], value: object, *, field: str) -> None:
        self.what, self.allowed, self.value = what, tuple(allowed), value
        super().__init__(f"{what} is one of {self.choices} (not {value!r})", field=field)

    @property
    def choices(self) -> str:
        return ", ".join(self.allowed)


class NotFound(TradebookError):
    """A ref or name that matches nothing in the book (or no book at all)."""

    exit_code = 3


class Ambiguous(TradebookError):
    """A name fragment that matches more than one record: say which."""

    exit_code = 2


class BookDamaged(TradebookError):
    """The book file cannot be read; it is left untouched."""

    exit_code = 4


class BookLocked(TradebookError):
    """Another tradebook process holds the book's write lock for too long: try again."""

    exit_code = 75  # EX_TEMPFAIL: a temporary failure, worth retrying


class Refused(TradebookError):
    """The tone guard refused a letter's text."""

    exit_code = 2
