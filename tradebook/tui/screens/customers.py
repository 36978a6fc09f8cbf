"""Every customer with what they owe; `/` filters as you type, Enter opens one."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Input

from tradebook.domain.money import fmt
from tradebook.domain.view import BookView
from tradebook.services.inputs import fold
from tradebook.tui import figures
from tradebook.tui.screens.base import BookPage
from tradebook.tui.widgets.table import Column, FitTable, cell

COLUMNS = (
    Column("Ref", "ref", 6),
    Column("Name", "name"),
    Column("Owes", "owes", 11),
    Column("Overdue", "overdue", 11),
    Column("Days late", "late", 9),
)
#: rows drawn at once; the filter narrows a big book down from here
SHOWN = 500
SORTS = {
    "name": ("name", lambda r: (r.name.casefold(), r.ref)),
    "owes": ("most owed", lambda r: (-r.owes, r.name.casefold())),
    "late": ("most late", lambda r: (-r.days_late, -r.owes, r.name.casefold())),
}


def matches(row: figures.CustomerRow, words: list[str]) -> bool:
    folded = fold(f"{row.ref} {row.name}")
    return all(word in folded for word in words)


class CustomersScreen(BookPage):
    """The customer list: instant filter, sort by name, by money owed or by lateness."""

    AUTO_FOCUS = "#customers"

    BINDINGS = [
        Binding("slash", "filter", "Filter", key_display="/"),
        Binding("s", "sort", "Sort"),
        Binding("escape", "back", "Back", show=False),
        Binding("down", "to_list", "List", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[figures.CustomerRow] = []
        self.cells: dict[str, list[Text]] = {}
        self.sort = "name"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="/ type part of a name or a ref to filter", id="filter")
        table = FitTable(COLUMNS, id="customers")
        table.border_title = "Customers"
        yield table
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#customers", FitTable)
        table.loading = True
        super().on_mount()

    def draw(self, view: BookView) -> None:
        rows = figures.customer_rows(view, self.app.today)
        self.show(self.fill, rows, {row.ref: _cells(row) for row in rows})

    def fill(self, rows: list[figures.CustomerRow], cells: dict[str, list[Text]]) -> None:
        self.rows = rows
        self.cells = cells
        self.query_one("#customers", FitTable).loading = False
        self.refilter()

    def refilter(self) -> None:
        """Keep typing snappy on a big book: at most SHOWN rows, the best by the chosen order."""
        table = self.query_one("#customers", FitTable)
        words = fold(self.query_one("#filter", Input).value).split()
        label, key = SORTS[self.sort]
        found = sorted((r for r in self.rows if matches(r, words)), key=key)
        table.show_rows([(row.ref, self.cells[row.ref]) for row in found[:SHOWN]], cursor=0)
        count = f"{len(found)} of {len(self.rows)}"
        if len(found) > SHOWN:
            count = f"first {SHOWN} of {len(found)} (type to narrow)"
        table.border_subtitle = f"{count} · by {label}"

    @on(Input.Changed, "#filter")
    def _typed(self) -> None:
        self.refilter()

    @on(Input.Submitted, "#filter")
    def _open_first(self) -> None:
        table = self.query_one("#customers", DataTable)
        if table.row_count:
            table.focus()
            table.move_cursor(row=0)
            table.action_select_cursor()

    @on(DataTable.RowSelected, "#customers")
    def _open(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.app.open_customer(event.row_key.value)

    def action_to_list(self) -> None:
        """↓ from the filter goes down into the list (the list itself uses ↓ to move)."""
        self.query_one("#customers", DataTable).focus()

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_sort(self) -> None:
        order = list(SORTS)
        self.sort = order[(order.index(self.sort) + 1) % len(order)]
        self.refilter()

    def action_back(self) -> None:
        filter_input = self.query_one("#filter", Input)
        if filter_input.value:
            filter_input.value = ""
            self.query_one("#customers", DataTable).focus()
            return
        super().action_back()


def _cells(row: figures.CustomerRow) -> list[Text]:
    return [
        cell(row.ref, "dim"),
        cell(row.name),
        cell(fmt(row.owes) if row.owes else "", right=True),
        cell(fmt(row.overdue) if row.overdue else "", "red" if row.overdue else "", right=True),
        cell(row.days_late or "", "red" if row.days_late > 60 else "", right=True),
    ]
