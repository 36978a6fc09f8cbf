"""Every action of the app, declared once: its key, its footer label and its palette entry."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class Command:
    """One thing the user can do from anywhere in the app."""

    action: str
    key: str
    title: str
    help: str
    footer: bool = False
    key_display: str | None = None

    def binding(self) -> Binding:
        return Binding(
            self.key,
            self.action,
            self.title,
            show=self.footer,
            key_display=self.key_display,
            tooltip=self.help,
            id=self.action,
        )

    @property
    def shown_key(self) -> str:
        return self.key_display or self.key


COMMANDS: tuple[Command, ...] = (
    Command(
        "quick_log",
        "l",
        "Log",
        "Log a call, text, email, visit or letter in half a minute",
        footer=True,
    ),
    Command("dashboard", "d", "Dashboard", "Money owed, overdue by age, today's actions, flags"),
    Command("customers", "c", "Customers", "Every customer, with an instant filter (/)"),
    Command("new_customer", "n", "New customer", "Add a customer"),
    Command("new_job", "j", "New job", "Book a job for a customer"),
    Command("new_invoice", "i", "New invoice", "Write an invoice"),
    Command("job_status", "J", "Job status", "Mark a job done, in progress or cancelled"),
    Command("send_invoice", "S", "Invoice sent", "Record that an invoice went out, and how"),
    Command("payment", "p", "Record payment", "A payment on an invoice, or a deposit on a job"),
    Command("bounce", "X", "Payment bounced", "A check or transfer came back: it is owed again"),
    Command("payment_plan", "P", "Payment plan", "Spread what an invoice owes over installments"),
    Command("letter", "w", "Write letter", "Choose a letter, preview it, issue it"),
    Command("bundle", "b", "Bundle", "Mediation or small-claims bundle for a customer"),
    Command("profile", "e", "Business profile", "Name, address, licence and terms on every letter"),
    Command("toggle_theme", "t", "Light/dark", "Switch between the light and dark theme"),
    Command("help", "question_mark", "Keys", "Show every key", footer=True, key_display="?"),
)


def bindings() -> list[BindingType]:
    return [command.binding() for command in COMMANDS]
