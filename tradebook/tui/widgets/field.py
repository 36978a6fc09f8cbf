"""A labelled form field that explains a bad value right under where it was typed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from tradebook.domain import dates
from tradebook.domain.spoken import day_label, read_date
from tradebook.errors import BadInput, TradebookError
from tradebook.tui.widgets.choice import Choice
from tradebook.tui.widgets.picker import CustomerPicker

Parser = Callable[[str], Any]


def _text(raw: str) -> str:
    return raw.strip()


class DateParser:
    """A date field's parser: dates as people say them (`fri`, `+3`, `12/15`, `Dec 15`, ISO),
    counted from the app's today. `ahead` reads a day named without its year or week forward
    (a promise, a due date), False back (a payment, a job done), None the nearer."""

    def __init__(self, what: str, ahead: bool | None) -> None:
        self.what = what
        self.ahead = ahead

    def __call__(self, text: str, today: date | None = None) -> date:
        return read_date(text, today=today or dates.today(), ahead=self.ahead, what=self.what)


class Field(Vertical):
    """A label, an input (or any focusable control) and the field's own error line.

    `read()` parses the typed text with the field's parser (the same parsers the command
    line uses, so a bad amount or date is refused in the same words) and shows the
    parser's message at the field instead of letting the value reach the book.
    """

    DEFAULT_CSS = """
    Field { height: auto; }
    Field > Horizontal { height: auto; }
    Field .field--label { width: 16; padding: 0 1 0 0; text-align: right; color: $text-muted; }
    Field .field--error { display: none; padding: 0 0 0 16; color: $text-error; }
    Field.-dated Input { width: 1fr; }
    Field .field--hint { width: 19; padding: 0 0 0 1; color: $text-muted; }
    Field .field--hint.-unread { color: $text-warning; }
    Field.-invalid .field--error { display: block; }
    Field.-invalid .field--label { color: $text-error; }
    """

    def __init__(
        self,
        label: str,
        *,
        name: str,
        value: str = "",
        placeholder: str = "",
        parse: Parser = _text,
        required: bool = False,
        control: Widget | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=f"field-{name}", classes=classes)
        self.field_name = name
        self.label = label + (" *" if required else "")
        self.parse = parse
        self.required = required
        self.control = control or Input(
            value=value, placeholder=placeholder, id=f"{name}-input", select_on_focus=False
        )
        #: what the field held when its error was shown: an edit away from it clears the error
        self._refused: tuple[Any, ...] | None = None
        #: a date field shows the day it reads beside it, as it is typed
        self.dated = isinstance(parse, DateParser) and isinstance(self.control, Input)
        if self.dated:
            self.add_class("-dated")

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label(self.label, classes="field--label", markup=False)
            yield self.control
            if self.dated:
                yield Static("", classes="field--hint", markup=False)
        yield Static("", classes="field--error", markup=False)

    def on_mount(self) -> None:
        if self.dated:
            self.show_day()

    def show_day(self) -> None:
        """`→ Fri 2026-12-11` beside a date field: the day what is typed stands for (`?` while it
        reads as none, or as two; saving says why)."""
        raw = self.raw.strip()
        hint = self.query_one(".field--hint", Static)
        if not raw:
            hint.update("")
            hint.remove_class("-unread")
            return
        try:
            shown = f"→ {day_label(self._parse(raw))}"
        except TradebookError:
            shown = "→ ?"
        hint.update(shown)
        hint.set_class(shown == "→ ?", "-unread")

    def _parse(self, raw: str) -> Any:
        if isinstance(self.parse, DateParser):
            return self.parse(raw, today=getattr(self.app, "today", None))
        return self.parse(raw)

    @property
    def raw(self) -> str:
        return self.control.value if isinstance(self.control, Input) else ""

    @raw.setter
    def raw(self, text: str) -> None:
        if isinstance(self.control, Input):
            self.control.value = text

    def read(self) -> Any:
        """The parsed value (None when left blank and optional); raises BadInput, shown here."""
        try:
            value = self._read_control()
        except TradebookError as exc:
            self.show_error(exc.message)
            raise
        self.clear_error()
        return value

    def _read_control(self) -> Any:
        reader = getattr(self.control, "read", None)
        if callable(reader):
            return reader()
        if not isinstance(self.control, Input):
            return getattr(self.control, "value", None)
        raw = self.raw.strip()
        if not raw:
            if self.required:
                raise BadInput(f"{self.label.rstrip(' *').lower()} is needed")
            return None
        return self._parse(raw)

    @property
    def is_empty(self) -> bool:
        """Nothing typed in it yet (a choice always holds one of its words: never empty)."""
        if isinstance(self.control, Choice):
            return False
        return not any(i.value.strip() for i in self.query(Input))

    def _holding(self) -> tuple[Any, ...]:
        """The control's value and the text of every input in it, to notice an edit."""
        return (getattr(self.control, "value", None), *(i.value for i in self.query(Input)))

    def show_error(self, message: str) -> None:
        self.query_one(".field--error", Static).update(message)
        self.add_class("-invalid")
        self._refused = self._holding()

    def clear_error(self) -> None:
        self.remove_class("-invalid")
        self.query_one(".field--error", Static).update("")
        self._refused = None

    @on(Input.Changed)
    @on(Choice.Changed)
    @on(CustomerPicker.Picked)
    def _edited(self) -> None:
        """Typing over a refused value takes its error away (the next save checks it again)."""
        if self._refused is not None and self._holding() != self._refused:
            self.clear_error()
        if self.dated:
            self.show_day()

    def focus(self, scroll_visible: bool = True) -> Field:
        self.control.focus(scroll_visible)
        return self
