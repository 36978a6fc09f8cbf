"""Overdue money by how late it is, as a small horizontal bar chart."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from tradebook.domain.money import fmt


class AgingBars(Widget):
    """One bar per aging bucket, scaled to the largest, with the amount at the end."""

    DEFAULT_CSS = """
    AgingBars { height: auto; min-height: 4; }
    AgingBars > .bars--bar-0 { color: $warning 60%; }
    AgingBars > .bars--bar-1 { color: $warning; }
    AgingBars > .bars--bar-2 { color: $error 70%; }
    AgingBars > .bars--bar-3 { color: $error; }
    AgingBars > .bars--label { color: $text-muted; }
    """
    COMPONENT_CLASSES = {"bars--bar-0", "bars--bar-1", "bars--bar-2", "bars--bar-3", "bars--label"}

    buckets: reactive[tuple[tuple[str, int], ...] | None] = reactive(None, layout=True)

    def render(self) -> Text:
        if self.buckets is None:
            return Text("—", style="dim")
        return self.chart(self.buckets, self.size.width)

    def chart(self, buckets: Sequence[tuple[str, int]], width: int) -> Text:
        label_width = max((len(label) for label, _ in buckets), default=0) + 1
        amounts = [fmt(cents) for _, cents in buckets]
        amount_width = max((len(a) for a in amounts), default=0) + 1
        room = max(1, width - label_width - amount_width - 1)
        largest = max((cents for _, cents in buckets), default=0)
        label_style = self.get_component_rich_style("bars--label")
        text = Text(no_wrap=True, overflow="crop")
        for i, ((label, cents), amount) in enumerate(zip(buckets, amounts, strict=True)):
            length = round(room * cents / largest) if largest else 0
            if cents and not length:
                length = 1
            bar_style = self.get_component_rich_style(f"bars--bar-{min(i, 3)}")
            if i:
                text.append("\n")
            text.append(label.rjust(label_width - 1) + " ", style=label_style)
            text.append("█" * length, style=bar_style)
            text.append(" " * (room - length + 1))
            text.append(amount.rjust(amount_width - 1))
        return text
