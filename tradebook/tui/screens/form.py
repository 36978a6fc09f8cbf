"""The dialog every form shares: fields that explain themselves, Enter to save, Escape to leave."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Input, Static

from tradebook.domain.money import parse_money
from tradebook.errors import TradebookError
from tradebook.model.records import Shape
from tradebook.tui.screens.base import Modal
from tradebook.tui.widgets.field import DateParser, Field


def amount(text: str) -> int:
    """An amount of money more than zero, parsed exactly as the command line does."""
    return parse_money(text, allow_zero=False)


#: words that name a day still to come: such a field reads `fri` as the next Friday, the others
#: (a payment, a job done, a letter sent) as the last one
AHEAD_WORDS = ("promise", "due", "start", "first", "deadline", "reply", "end")


BY_WORDS = "by words"


def day(what: str, *, ahead: bool | None | str = BY_WORDS) -> DateParser:
    """A date field's parser, read as the command line reads dates (`fri`, `+3`, `12/15`, ISO);
    the field shows the day it stands for as it is typed. Which way it looks goes by the words
    of `what` unless `ahead` says (None: the nearer day)."""
    if ahead == BY_WORDS:
        return DateParser(what, any(word in what for word in AHEAD_WORDS))
    return DateParser(what, None if ahead is None else bool(ahead))


def whole_number(what: str, low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        from tradebook.errors import BadInput

        if not text.strip().isdigit() or not low <= int(text) <= high:
            raise BadInput(f"{what} is a whole number from {low} to {high} (not {text!r})")
        return int(text)

    return parse


class FormScreen(Modal):
    """Enter checks every field; problems are shown at their field and nothing is written."""

    BINDINGS = [
        Binding("enter", "save", "Save", show=True),
        Binding("escape", "leave", "Leave", show=True),
    ]
    TITLE = "Form"
    HINT = "Enter saves · Esc leaves · Tab moves on"
    AUTO_FOCUS = ""
    #: where the book's refusals belong: the input a refusal names (`TradebookError.field`)
    #: → this form's field for it, where the names differ. A refusal of an input the form has
    #: under the same name needs no entry; one of an input it lacks, or of none, is shown under
    #: the form.
    FIELDS: dict[str, str] = {}

    def __init__(self, *, customer: str | None = None, invoice: str | None = None) -> None:
        super().__init__()
        self.customer = customer
        self.invoice = invoice
        self.saving = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="form") as dialog:
            dialog.border_title = self.TITLE
            dialog.border_subtitle = self.HINT
            dialog.can_focus = False  # Tab goes from field to field, never to the frame
            yield from self.form_fields()
            yield Static("", id="form-error", markup=False)
        yield Footer()

    def form_fields(self) -> ComposeResult:
        raise NotImplementedError

    def on_mount(self) -> None:
        self.focus_first_empty()

    def focus_first_empty(self) -> None:
        """The cursor starts where typing is needed: the first required field still empty
        (past a customer already filled in), else the first empty one, else the first."""
        fields = list(self.query(Field))
        start = (
            next((f for f in fields if f.required and f.is_empty), None)
            or next((f for f in fields if f.is_empty), None)
            or next(iter(fields), None)
        )
        if start is not None:
            start.focus()

    def field(self, name: str) -> Field:
        return self.query_one(f"#field-{name}", Field)

    def error_at(self, name: str, message: str) -> None:
        """Show a problem under the field it belongs to and put the cursor there."""
        field = self.field(name)
        field.show_error(message)
        field.focus()

    def read_all(self) -> dict[str, Any] | None:
        """Every field's value, or None after showing each problem at its field."""
        values: dict[str, Any] = {}
        first_bad: Field | None = None
        for field in self.query(Field):
            try:
                values[field.field_name] = field.read()
            except TradebookError:
                first_bad = first_bad or field
        if first_bad is not None:
            first_bad.focus()
            return None
        return values

    def check(self, values: dict[str, Any]) -> bool:
        """Rules between fields; show a problem with `field(...).show_error` and return False."""
        return True

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        if self.saving:
            return
        self.form_error("")
        values = self.read_all()
        if values is None or not self.check(values):
            return
        self.saving = True
        self.write_in_worker(lambda: self.write(values))

    def write(self, values: dict[str, Any]) -> Any:
        """Write to the book (runs in a worker, under the book's lock); return the new record."""
        raise NotImplementedError

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def write_in_worker(self, task: Callable[[], Any]) -> None:
        try:
            with self.app.book_lock:
                result = task()
        except (TradebookError, OSError) as exc:
            self.app.call_from_thread(self.refused, exc)
            return
        self.app.call_from_thread(self.saved, result)

    def refused(self, error: BaseException) -> None:
        """The book said no: show why in the form, keep what was typed."""
        self.saving = False
        message = error.message if isinstance(error, TradebookError) else str(error)
        name = self.field_of(error)
        if name is None:
            self.form_error(message)
        else:
            self.error_at(name, message)

    def field_of(self, error: BaseException) -> str | None:
        """This form's field for the input a refusal names, if the form has one."""
        named = getattr(error, "field", None)
        if named is None:
            return None
        name = self.FIELDS.get(named, named)
        return name if any(f.field_name == name for f in self.query(Field)) else None

    def form_error(self, message: str) -> None:
        """A problem that belongs to no single field (or none: clears it)."""
        shown = self.query_one("#form-error", Static)
        shown.update(Text(message, style="bold"))
        shown.set_class(bool(message), "-shown")

    def saved(self, record: Any) -> None:
        ref = record.get("ref") if isinstance(record, (dict, Shape)) else None
        if ref:
            self.app.notify(f"Saved {ref}", markup=False)
        self.dismiss(record)
