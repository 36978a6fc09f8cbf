"""The first screen: what is owed, how late, what to do today, and who is drifting."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical
from textual.widgets import Button, DataTable, Footer, Header, Static

from tradebook.documents.wording import plural
from tradebook.domain.money import fmt
from tradebook.domain.view import BookView
from tradebook.tui import figures
from tradebook.tui.screens.base import BookPage
from tradebook.tui.widgets.bars import AgingBars
from tradebook.tui.widgets.table import Column, FitTable, cell

SEVERITY_MARK = {
    "alert": ("▲ alert", "bold red"),
    "warn": ("● warn", "yellow"),
    "info": ("· info", "dim"),
}


def is_empty(view: BookView) -> bool:
    return not view.table("customers") and not view.table("invoices")


def severity_cell(severity: str) -> Text:
    label, style = SEVERITY_MARK.get(severity, (severity, ""))
    return cell(label, style)


def action_cell(action: figures.NextAction) -> Text:
    return cell(action.label, "bold red" if action.urgent else "")


ACTION_COLUMNS = (
    Column("Customer", "customer", 16, wide=24),
    Column("Invoice", "invoice", 9),
    Column("Step", "step", 15, wide=17),
    Column("Why", "why"),
)
FLAG_COLUMNS = (
    Column("", "severity", 7),
    Column("Customer", "customer", 16, wide=24),
    Column("Sign", "sign", 15, wide=23),
    Column("Why", "why"),
)


class DashboardScreen(BookPage):
    """Money owed and aging first, then today's actions, then the warning signs: each is on
    screen before the next is worked out (in a worker: keys keep working meanwhile)."""

    AUTO_FOCUS = "#actions"

    BINDINGS = [
        Binding("c", "app.customers", "Customers"),
        Binding("D", "app.load_demo", "Load demo", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="welcome", classes="-hidden"):
            yield Static(id="welcome-text", markup=False)
            with Center(id="welcome-buttons"):
                yield Button(
                    "Set up the business profile  (e)",
                    id="welcome-profile",
                    variant="primary",
                    compact=True,
                )
                yield Button("Load the demo business  (D)", id="welcome-demo", compact=True)
                yield Button("Add a first customer  (n)", id="welcome-customer", compact=True)
        with Vertical(id="board"):
            with Horizontal(id="money"):
                owed = Static("…", id="owed", markup=False)
                owed.border_title = "Owed"
                yield owed
                bars = AgingBars(id="aging")
                bars.border_title = "Overdue by age (days)"
                yield bars
            today = FitTable(ACTION_COLUMNS, id="actions")
            today.border_title = "Today"
            yield today
            flagged = FitTable(FLAG_COLUMNS, id="flags")
            flagged.border_title = "Flagged customers"
            yield flagged
        yield Footer()

    def on_mount(self) -> None:
        for table in self.query(FitTable):
            table.loading = True
        super().on_mount()

    def draw(self, view: BookView) -> None:
        if is_empty(view):
            self.show(self.show_welcome, view.profile.get("name"))
        else:
            # Money owed needs only the invoices and payments: just after opening a large book
            # it is on screen before the contact log (two thirds of ten years) is even parsed.
            reading = self.app.unread()
            self.draw_owed(view)
            if reading:
                self.until_painted()
            today, settings = self.app.today, self.app.settings
            self.show(self.show_actions, figures.todays_actions(view, today, settings))
            if reading:
                self.until_painted()
            self.show(self.show_flags, figures.warning_signs(view, today, settings))
        if self.app.backup_due:
            self.show(self.app.take_daily_backup)

    def draw_owed(self, view: BookView) -> None:
        self.show(
            self.show_owed, figures.owed(view, self.app.today), view.profile.get("name") or ""
        )

    # ----- drawing -----------------------------------------------------------------------

    def show_welcome(self, business: str | None) -> None:
        self.query_one("#board").add_class("-hidden")
        self.query_one("#welcome").remove_class("-hidden")
        if business:
            what = (
                f"{business}'s book is empty. Add a first customer, or load a demo "
                "business to try things out."
            )
        else:
            what = (
                "This book is empty. Set up the business profile that heads every letter, "
                "load a demo business to try things out, or add a first customer."
            )
        self.query_one("#welcome-text", Static).update(
            Text.assemble(
                ("Welcome to tradebook\n\n", "bold"),
                what,
                "\n\n",
                ("Book: ", "dim"),
                (str(self.app.book.path), "dim"),
            )
        )
        # once the profile is saved the welcome stops offering it (`e` still edits it)
        self.query_one("#welcome-profile").display = not business
        self.query_one("#welcome-profile" if not business else "#welcome-customer").focus()

    def show_owed(self, owed: figures.Owed, business: str) -> None:
        self.query_one("#welcome").add_class("-hidden")
        self.query_one("#board").remove_class("-hidden")
        self.sub_title = business
        text = Text()
        text.append(fmt(owed.total), style="bold")
        text.append(" owed\n")  # then who owes it, right under it
        text.append(
            f"{plural(owed.customers, 'customer')}, {plural(owed.invoices, 'invoice')}\n",
            style="dim",
        )
        text.append(fmt(owed.overdue), style="bold red" if owed.overdue else "bold")
        text.append(" overdue")
        if owed.credit:
            text.append(f"\n{fmt(owed.credit)} in credit", style="dim")
        self.query_one("#owed", Static).update(text)
        self.query_one("#aging", AgingBars).buckets = owed.buckets

    def show_actions(self, todo: list[figures.NextAction]) -> None:
        actions = self.query_one("#actions", FitTable)
        actions.loading = False
        if self.focused is None:  # e.g. the welcome's button that just went away
            self.set_focus(actions)
        actions.show_rows(
            [
                (
                    f"{a.customer}|{n}",
                    [cell(a.name), cell(a.invoice or "", "dim"), action_cell(a), cell(a.reason)],
                )
                for n, a in enumerate(todo)
            ]
        )
        actions.border_subtitle = f"{len(todo)} to do"

    def show_flags(self, signs: list[figures.Flag]) -> None:
        flags = self.query_one("#flags", FitTable)
        flags.loading = False
        flags.show_rows(
            [
                (
                    f"{f.customer or ''}|{n}",
                    [severity_cell(f.severity), cell(f.name), cell(f.code), cell(f.message)],
                )
                for n, f in enumerate(signs)
            ]
        )
        alerts = sum(f.severity == "alert" for f in signs)
        flags.border_subtitle = f"{len(signs)} signs, {alerts} alerts"

    # ----- moving on ---------------------------------------------------------------------

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        customer = (event.row_key.value or "").split("|")[0]
        if customer:
            self.app.open_customer(customer)

    @on(Button.Pressed, "#welcome-profile")
    def _profile(self) -> None:
        self.app.action_profile()

    @on(Button.Pressed, "#welcome-demo")
    def _demo(self) -> None:
        self.app.action_load_demo()

    @on(Button.Pressed, "#welcome-customer")
    def _customer(self) -> None:
        self.app.action_new_customer()
