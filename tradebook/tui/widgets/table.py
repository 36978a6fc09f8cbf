"""A table that fits its width: one flexible column takes the room left, cut with an ellipsis.

Reading a reason in a table that scrolls sideways is hard in the van; the whole text is on
the customer page one Enter away.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.widgets import DataTable

#: the vertical scrollbar's width, kept free so a long table does not push columns sideways
SCROLLBAR = 2
#: from this many cells across, columns take their `wide` width
WIDE = 100


def cell(value: object, style: str = "", *, right: bool = False) -> Text:
    """User data as plain text (never markup), cut with an ellipsis when the column is narrow."""
    return Text(
        str(value),
        style=style,
        no_wrap=True,
        overflow="ellipsis",
        end="",
        justify="right" if right else "left",
    )


@dataclass(frozen=True)
class Column:
    label: str
    key: str
    width: int | None = None  # None: the flexible column
    wide: int | None = None  # the width on a wide terminal, if different
    minimum: int = 12

    def width_at(self, table_width: int) -> int | None:
        return self.wide if self.wide and table_width >= WIDE else self.width


Row = tuple[str, Sequence[Text]]


class FitTable(DataTable):
    """A row-cursor DataTable with fixed columns and one flexible column."""

    DEFAULT_CSS = "FitTable { scrollbar-size-horizontal: 0; }"

    def __init__(self, columns: Sequence[Column], *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.layout_columns = list(columns)
        self.shown: list[Row] = []
        self._fitted_width = -1

    def on_mount(self) -> None:
        self._fit()

    def flexible_width(self) -> int:
        fixed = sum(c.width_at(self.size.width) or 0 for c in self.layout_columns)
        padding = 2 * self.cell_padding * len(self.layout_columns)
        flexible = next((c for c in self.layout_columns if c.width is None), None)
        room = self.size.width - fixed - padding - SCROLLBAR
        return max(flexible.minimum if flexible else 0, room)

    def _fit(self) -> None:
        if not self.size.width:
            return  # not laid out yet: the first Resize fits it
        cursor = self.cursor_row
        self._fitted_width = self.size.width
        self.clear(columns=True)
        flexible = self.flexible_width()
        for column in self.layout_columns:
            self.add_column(
                Text(column.label),
                key=column.key,
                width=column.width_at(self.size.width) or flexible,
            )
        for key, cells in self.shown:
            self.add_row(*cells, key=key)
        if self.shown:
            self.move_cursor(row=min(cursor, len(self.shown) - 1), animate=False)

    def show_rows(self, rows: Sequence[Row], *, cursor: int | None = None) -> None:
        """Replace every row; keys must be unique."""
        self.shown = list(rows)
        self._fit()
        if cursor is not None and self.shown:
            self.move_cursor(row=cursor, animate=False)

    def on_resize(self, event: events.Resize) -> None:
        if self.size.width != self._fitted_width:
            self._fit()
