"""A one-line choice between a few words, changed with ←/→ or a word's first letter.

Quicker in the van than a drop-down: Tab onto it, press `t` for text, Tab on.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class Choice(Widget, can_focus=True):
    """One value out of a few, all visible at once."""

    BINDINGS = [
        Binding("left", "step(-1)", "Previous", show=False),
        Binding("right", "step(1)", "Next", show=False),
    ]
    COMPONENT_CLASSES = {"choice--selected"}
    DEFAULT_CSS = """
    Choice { height: 1; width: 1fr; padding: 0 1; background: $boost; }
    Choice:focus { background: $primary 25%; }
    Choice > .choice--selected { background: $primary; color: $text; text-style: bold; }
    """

    value: reactive[str] = reactive("", init=False)

    class Changed(Message):
        def __init__(self, choice: Choice, value: str) -> None:
            super().__init__()
            self.choice = choice
            self.value = value

        @property
        def control(self) -> Choice:
            return self.choice

    def __init__(
        self,
        options: Sequence[tuple[str, str]],
        value: str | None = None,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """`options` are (value, label) pairs; the first is chosen unless `value` says otherwise."""
        super().__init__(id=id, classes=classes)
        self.options = list(options)
        self.set_reactive(Choice.value, value if value is not None else self.options[0][0])

    @property
    def values(self) -> list[str]:
        return [value for value, _ in self.options]

    def set_options(self, options: Sequence[tuple[str, str]]) -> None:
        """Offer other words; the chosen one stays if still offered, else the first is chosen."""
        self.options = list(options)
        self.value = self.value  # validated against the new options
        self.refresh()

    def render(self) -> Text:
        selected = self.get_component_rich_style("choice--selected")
        text = Text(no_wrap=True, overflow="ellipsis")
        for value, label in self.options:
            text.append(f" {label} ", style=selected if value == self.value else "")
            text.append(" ")
        return text

    def validate_value(self, value: str) -> str:
        return value if value in self.values else self.values[0]

    def watch_value(self, value: str) -> None:
        self.post_message(self.Changed(self, value))

    def action_step(self, delta: int) -> None:
        index = self.values.index(self.value)
        self.value = self.values[(index + delta) % len(self.values)]

    def on_key(self, event: events.Key) -> None:
        """A word's first letter picks it (again: the next word with that letter)."""
        if not event.character or not event.character.isalpha():
            return
        letter = event.character.casefold()
        starts = [v for v, label in self.options if label.casefold().startswith(letter)]
        if not starts:
            return
        event.stop()
        event.prevent_default()
        if self.value in starts:
            self.value = starts[(starts.index(self.value) + 1) % len(starts)]
        else:
            self.value = starts[0]

    def on_click(self, event: events.Click) -> None:
        offset = event.x - 1
        for value, label in self.options:
            width = len(label) + 3
            if 0 <= offset < width:
                self.value = value
                return
            offset -= width
