"""Pick a customer by typing part of the name (or the ref); the list narrows as you type."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from tradebook.errors import BadInput, NotFound
from tradebook.services.inputs import fold


@dataclass(frozen=True)
class Candidate:
    ref: str
    name: str

    @property
    def folded(self) -> str:
        return fold(f"{self.ref} {self.name}")


def rank(candidates: Iterable[Candidate], typed: str, limit: int = 50) -> list[Candidate]:
    """Candidates whose ref or name holds every typed word; names starting with it come first."""
    words = fold(typed).split()
    if not words:
        return []
    hits = [c for c in candidates if all(w in c.folded for w in words)]
    first = words[0]

    def closeness(c: Candidate) -> tuple[int, str]:
        name = fold(c.name)
        if c.ref.casefold() == first or name.startswith(first):
            return (0, name)
        if any(part.startswith(first) for part in name.split()):
            return (1, name)
        return (2, name)

    return sorted(hits, key=closeness)[:limit]


class CustomerPicker(Vertical):
    """An input with the matching customers listed under it; ↑/↓ move, the highlight is picked."""

    DEFAULT_CSS = """
    CustomerPicker { height: auto; width: 1fr; }
    CustomerPicker > OptionList { height: auto; max-height: 4; border: none; padding: 0;
                                  background: $boost; }
    CustomerPicker > OptionList.-empty { display: none; }
    CustomerPicker.-settled > OptionList { display: none; }
    CustomerPicker > OptionList > .option-list--option-highlighted {
        background: $primary 50%; color: $text; text-style: bold;
    }
    """
    BINDINGS = [
        Binding("down", "move(1)", "Next match", show=False),
        Binding("up", "move(-1)", "Previous match", show=False),
    ]

    class Picked(Message):
        """The highlighted customer changed (None: nothing matches)."""

        def __init__(self, picker: CustomerPicker, ref: str | None) -> None:
            super().__init__()
            self.picker = picker
            self.ref = ref

        @property
        def control(self) -> CustomerPicker:
            return self.picker

    def __init__(
        self, candidates: Iterable[Candidate] = (), *, value: str = "", id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.candidates = list(candidates)
        self.matches: list[Candidate] = []
        self._initial = value
        self._settled_text: str | None = None

    def compose(self) -> ComposeResult:
        # coming back to a customer already picked selects it all: typing replaces it
        yield Input(
            value=self._initial,
            placeholder="part of the name, or a ref like C-0007",
            id="picker-input",
            select_on_focus=True,
        )
        options = OptionList(id="picker-matches", classes="-empty")
        options.can_focus = False
        yield options

    def on_mount(self) -> None:
        self.narrow(self._initial)
        if self._initial:
            self.settle()

    def on_descendant_focus(self) -> None:
        self.remove_class("-settled")

    def on_descendant_blur(self) -> None:
        self.settle()

    def settle(self) -> None:
        """Leaving the picker spells out the customer picked and folds the list away."""
        ref = self.picked_ref
        if ref is None:
            return
        name = next(c.name for c in self.matches if c.ref == ref)
        self._settled_text = self.value = f"{ref} {name}"
        self.add_class("-settled")

    def focus(self, scroll_visible: bool = True) -> CustomerPicker:
        self.query_one("#picker-input", Input).focus(scroll_visible)
        return self

    @property
    def value(self) -> str:
        return self.query_one("#picker-input", Input).value

    @value.setter
    def value(self, text: str) -> None:
        self.query_one("#picker-input", Input).value = text

    def set_candidates(self, candidates: Iterable[Candidate]) -> None:
        self.candidates = list(candidates)
        self.narrow(self.value)

    @on(Input.Changed, "#picker-input")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        typed = self.value  # the text now, which later keys may have changed since the event
        if typed != self._settled_text:
            self.remove_class("-settled")
        self.narrow(typed)

    @on(Input.Submitted, "#picker-input")
    def _enter(self, event: Input.Submitted) -> None:
        """Enter on a highlighted match picks it and moves on; it does not save the form.
        (Once the customer is picked, Enter saves as in every other field.)"""
        if self.has_class("-settled") or self.picked_ref is None:
            return
        event.stop()
        self.settle()
        self.screen.focus_next()

    def narrow(self, typed: str) -> None:
        self.matches = rank(self.candidates, typed)
        options = self.query_one("#picker-matches", OptionList)
        options.set_options(
            Option(Text.assemble((c.ref, "dim"), "  ", c.name), id=c.ref) for c in self.matches
        )
        options.set_class(not self.matches, "-empty")
        if self.matches:
            options.highlighted = 0
        self.post_message(self.Picked(self, self.picked_ref))

    @property
    def picked_ref(self) -> str | None:
        options = self.query_one("#picker-matches", OptionList)
        if options.highlighted is None or not self.matches:
            return None
        return self.matches[options.highlighted].ref

    def action_move(self, delta: int) -> None:
        options = self.query_one("#picker-matches", OptionList)
        if not self.matches:
            return
        current = options.highlighted or 0
        options.highlighted = max(0, min(len(self.matches) - 1, current + delta))
        self.post_message(self.Picked(self, self.picked_ref))

    @on(OptionList.OptionSelected, "#picker-matches")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#picker-input", Input).focus()
        self.post_message(self.Picked(self, self.picked_ref))

    def read(self) -> str:
        """The picked customer's ref, or BadInput/NotFound saying why there is none."""
        typed = self.value.strip()
        if not typed:
            raise BadInput("name a customer: type part of the name or a ref")
        ref = self.picked_ref
        if ref is None:
            raise NotFound(f"no customer matches {typed!r}")
        return ref
