"""One customer: what they owe, the warning signs, and everything that happened, oldest first."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from tradebook.domain.money import fmt
from tradebook.domain.timeline import Event
from tradebook.domain.view import BookView
from tradebook.tui import figures
from tradebook.tui.screens.base import BookPage
from tradebook.tui.screens.dashboard import SEVERITY_MARK
from tradebook.tui.widgets.table import Column, FitTable, cell

#: the ref of a timeline entry is coloured by what kind of entry it is
KIND_STYLE = {
    "payment": "green",
    "deposit": "green",
    "promise": "cyan",
    "letter": "magenta",
    "contact": "",
    "invoice": "bold",
    "job": "dim",
    "plan": "cyan",
    "correction": "yellow",
}


def summary_text(page: figures.CustomerPage, today: date) -> Text:
    """Balance, contact details, the next steps and the warning signs, as plain (markup-free)
    text: what to do comes before why, so it shows without scrolling at 80×24."""
    customer = page.customer
    text = Text()
    text.append(f"Owes {fmt(page.owes)}", style="bold")
    if page.overdue:
        text.append(f" · {fmt(page.overdue)} overdue", style="bold red")
    if page.open_invoices:
        text.append(f" · open: {', '.join(page.open_invoices[:4])}")
        if len(page.open_invoices) > 4:
            text.append(f" +{len(page.open_invoices) - 4}")
    details = [
        customer.get("principal") and f"principal {customer['principal']}",
        *customer.get("phones", ()),
        *customer.get("emails", ()),
        customer.get("address"),
    ]
    terms = []
    if customer.get("cod"):
        terms.append("COD")
    if customer.get("credit_limit") is not None:
        terms.append(f"credit limit {fmt(customer['credit_limit'])}")
    line = " · ".join(str(d) for d in [*details, *terms] if d)
    if line:
        text.append("\n" + line, style="dim")
    for action in page.actions:
        text.append("\n→ ", style="bold cyan")
        text.append(action.label, style="bold red" if action.urgent else "bold")
        if action.invoice:
            text.append(f" {action.invoice}")
        text.append(f" {'due ' + action.due.isoformat() if action.due > today else 'today'}: ")
        text.append(action.reason, style="dim")
    for flag in page.flags:
        label, style = SEVERITY_MARK.get(flag.severity, (flag.severity, ""))
        text.append(f"\n{label.split()[0]} ", style=style)
        text.append(f"{flag.code}: ", style="bold")
        text.append(flag.message)
    return text


def event_cells(event: Event) -> list[Text]:
    amount = event.amount
    return [
        cell(event.at[:10]),
        cell(event.ref, KIND_STYLE.get(event.kind, "")),
        cell(event.text),
        cell(
            fmt(amount) if amount is not None else "",
            "red" if (amount or 0) < 0 else "",
            right=True,
        ),
    ]


TIMELINE_COLUMNS = (
    Column("When", "at", 10),
    Column("Ref", "ref", 8),
    Column("", "text"),
    Column("Amount", "amount", 10),
)


class CustomerScreen(BookPage):
    """The customer detail; forms and the quick log opened from here start on this customer."""

    AUTO_FOCUS = "#timeline"

    BINDINGS = [
        Binding("w", "app.letter", "Letter"),
        Binding("b", "app.bundle", "Bundle"),
        Binding("p", "app.payment", "Payment"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, customer_ref: str) -> None:
        super().__init__()
        self.customer_ref = customer_ref
        self.invoice_ref: str | None = None
        self.letter_suggestion: tuple[str, str | None] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="summary") as summary:
            summary.border_title = self.customer_ref
            yield Static("…", id="summary-text", markup=False)
        table = FitTable(TIMELINE_COLUMNS, id="timeline")
        table.border_title = "Timeline, oldest first"
        yield table
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#timeline", FitTable)
        table.loading = True
        super().on_mount()

    def draw(self, view: BookView) -> None:
        page = figures.customer_page(view, self.customer_ref, self.app.today, self.app.settings)
        self.show(self.fill, page)

    def fill(self, page: figures.CustomerPage) -> None:
        customer = page.customer
        self.invoice_ref = page.open_invoices[0] if page.open_invoices else None
        self.letter_suggestion = next(
            ((a.letter_kind, a.invoice) for a in page.actions if a.letter_kind), None
        )
        self.sub_title = f"{customer['ref']} {customer['name']}"
        self.query_one("#summary").border_title = Text(f"{customer['ref']} · {customer['name']}")
        self.query_one("#summary-text", Static).update(summary_text(page, self.app.today))
        table = self.query_one("#timeline", FitTable)
        table.loading = False
        table.show_rows(
            [(f"{e.ref}|{n}", event_cells(e)) for n, e in enumerate(page.events)],
            cursor=max(0, len(page.events) - 1),
        )
        table.border_subtitle = f"{len(page.events)} entries"
