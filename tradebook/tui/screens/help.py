"""`?`: every key of the app, from the same declarations that make the bindings."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from tradebook.tui.commands import COMMANDS
from tradebook.tui.screens.base import Modal

PAGE_KEYS = (
    ("/", "Customers: filter as you type"),
    ("s", "Customers: sort by name, money owed, lateness"),
    ("D", "Dashboard of an empty book: load the demo business"),
    ("Enter", "Open the highlighted customer; pick a customer match; in a form, save"),
    ("Tab", "Next field"),
    ("← →", "Change a choice (or type its first letter)"),
    ("Esc", "Back, or leave a form without saving"),
    ("ctrl+s", "Letter: issue it (PDF, record, contact)"),
    ("ctrl+o", "Bundle: open the PDF it made"),
    ("ctrl+t", "Bundle: send the PDF to the printer"),
    ("ctrl+p", "Command palette: every action, and any customer by name"),
    ("ctrl+q", "Quit"),
)


def key_table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", justify="right", min_width=6)
    table.add_column()
    for command in COMMANDS:
        table.add_row(command.shown_key, Text(f"{command.title} — {command.help}"))
    table.add_row("", "")
    for key, what in PAGE_KEYS:
        table.add_row(key, what)
    return table


class HelpScreen(Modal):
    BINDINGS = [Binding("escape,question_mark,q", "leave", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="help") as dialog:
            dialog.border_title = "Keys"
            dialog.border_subtitle = "Esc closes"
            yield Static(key_table())
