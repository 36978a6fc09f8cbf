"""Command palette entries that go straight to a customer: type part of a name, Enter."""

from __future__ import annotations

from functools import partial

from textual.command import Hit, Hits, Provider
from textual.content import Content

from tradebook.services.inputs import fold
from tradebook.tui.widgets.picker import rank


class CustomerCommands(Provider):
    """`Open C-0007 Tom Becker` for every customer whose name holds what was typed."""

    async def search(self, query: str) -> Hits:
        from tradebook.tui.app import TradebookApp  # the app imports this module

        app = self.app
        if not isinstance(app, TradebookApp):
            return
        directory = app.directory
        matcher = self.matcher(query)
        for candidate in rank(directory, query, limit=20):
            label = f"Open {candidate.ref} {candidate.name}"
            score = matcher.match(label) or 0.5
            yield Hit(
                score,
                _highlight(label, query),
                partial(app.open_customer, candidate.ref),
                text=label,
                help="Customer detail: balance, flags and timeline",
            )


def _highlight(label: str, query: str) -> Content:
    """The label as plain text (names may hold `[`), with the typed words underlined."""
    content = Content(label)
    folded = fold(label)
    for word in fold(query).split():
        start = folded.find(word)
        if start >= 0:
            content = content.stylize("underline", start, start + len(word))
    return content
