"""The tradebook app: one book, a dashboard to start from, and every action a key away.

`make_app(book)` builds it for the command line, the tests and snapshot apps alike;
nothing is opened or read at import time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from tradebook.domain import dates
from tradebook.domain.view import BookView
from tradebook.errors import TradebookError
from tradebook.tui.commands import COMMANDS, bindings
from tradebook.tui.palette import CustomerCommands
from tradebook.tui.widgets.picker import Candidate

if TYPE_CHECKING:
    from tradebook.services.book import Book
    from tradebook.settings import Settings

LIGHT, DARK = "textual-light", "textual-dark"


class TradebookApp(App[None]):
    """The van moment: who owes what, what to do today, log the call just made."""

    CSS_PATH = "tradebook.tcss"
    TITLE = "tradebook"
    BINDINGS = bindings()
    COMMANDS = App.COMMANDS | {CustomerCommands}
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        book: Book,
        *,
        today: date | None = None,
        settings: Settings | None = None,
        poll_seconds: float = 2.0,
        daily_backup: bool = False,
    ) -> None:
        super().__init__()
        self.book = book
        #: take the day's backup once the dashboard is drawn (the book was opened without it)
        self.backup_due = daily_backup
        self.pinned_today = today
        self._settings = settings
        self.poll_seconds = poll_seconds
        self.book_lock = threading.RLock()
        #: a picture's indexes are built lazily, so one worker at a time reads a picture
        self.reading = threading.RLock()
        self.directory: list[Candidate] = []
        self.version = -1
        self._picture: tuple[int, BookView] | None = None
        self.theme = DARK

    # ----- the book ----------------------------------------------------------------------

    @property
    def today(self) -> date:
        return self.pinned_today or dates.today()

    def now(self) -> datetime:
        """When a contact logged now happened (noon of a pinned day, like the command line)."""
        if self.pinned_today is None:
            return dates.now()
        day = self.pinned_today
        return datetime(day.year, day.month, day.day, 12, 0).astimezone()

    @property
    def settings(self) -> Settings:
        """The collection policy from `settings.toml` beside the book (read once, at start)."""
        if self._settings is None:
            from tradebook.settings import DEFAULTS

            return DEFAULTS
        return self._settings

    def load_settings(self) -> None:
        """Read on the UI thread, so a broken settings file is reported once, as a message."""
        from tradebook.settings import DEFAULTS, load_settings

        try:
            self._settings = load_settings(self.book.path)
        except TradebookError as exc:
            self.show_error(exc)
            self._settings = DEFAULTS

    def view(self) -> BookView:
        return self.picture()[1]

    def picture(self) -> tuple[int, BookView]:
        """The book at one moment, with its store version: safe to read in a worker.

        Taking it copies nothing: the store never changes a table it has handed out (a write
        replaces it), and tables not parsed yet are parsed when the picture is first asked
        for them, as they were when it was taken. The indexing happens outside the lock, so a
        quick log is never kept waiting behind a rebuild.
        """
        with self.book_lock:
            store = self.book.store
            store.refresh()
            cached = self._picture
            if cached is not None and cached[0] == store.version:
                return cached
            version = store.version
            tables = store.tables()
        view = BookView(tables, self.book.figures)
        self._picture = (version, view)
        self.version = version
        self.directory = [Candidate(c["ref"], c["name"]) for c in view.customers()]
        return version, view

    def book_changed(self) -> None:
        """Something was written: let the screen on top redraw itself from a fresh picture."""
        screen = self.screen
        reload = getattr(screen, "reload", None)
        if callable(reload):
            reload()

    def unread(self) -> bool:
        """Some of the book is not parsed yet (just after opening a large book)."""
        return bool(self.book.store.unread)

    @work(thread=True, exclusive=True, group="backup", exit_on_error=False)
    def take_daily_backup(self) -> None:
        """The once-a-day backup `Store.open` would have taken, once there is something to see."""
        if self.backup_due:
            self.backup_due = False
            with self.book_lock:
                self.book.store.daily_backup()

    @work(thread=True, exclusive=True, group="poll", exit_on_error=False)
    def poll_book(self) -> None:
        """Pick up writes from another tradebook (a CLI `log` while the app is open)."""
        with self.book_lock:
            self.book.store.refresh()
            changed = self.book.store.version != self.version
        if changed and self.version != -1:
            self.call_from_thread(self.book_changed)

    # ----- lifecycle ---------------------------------------------------------------------

    def on_mount(self) -> None:
        from tradebook.tui.screens.dashboard import DashboardScreen

        if self._settings is None:
            self.load_settings()
        self.theme = LIGHT if self.settings.theme == "light" else DARK  # as it was last left
        self.push_screen(DashboardScreen())
        self.set_interval(self.poll_seconds, self.poll_book)

    def show_error(self, error: BaseException | str) -> None:
        """Every failure ends here as a message on screen, never as a crash."""
        if isinstance(error, TradebookError):
            message = error.message
        elif isinstance(error, str):
            message = error
        else:
            message = f"{type(error).__name__}: {error}"
            self.log.error(message)
        self.notify(message, title="Not done", severity="error", markup=False, timeout=8)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The app's own workers (polling, the demo) fail as a message too."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.show_error(event.worker.error)

    def attempt(self, task: Callable[[], Any]) -> Any:
        """Run `task`; a user mistake (or a disk error) is shown, not raised."""
        try:
            return task()
        except (TradebookError, OSError) as exc:
            self.show_error(exc)
            return None

    # ----- palette -----------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in COMMANDS:
            yield SystemCommand(
                command.title,
                f"{command.help} (key {command.shown_key})",
                partial(self.run_action, command.action),
            )
        yield SystemCommand(
            "Load the demo business",
            "Fill this empty book with a demo business",
            self.action_load_demo,
        )
        yield SystemCommand(
            "Write the calendar (.ics)",
            "Promises, installments, deadlines and next steps for your phone's "
            "calendar, written beside the book",
            self.action_write_calendar,
        )
        ours = {command.title for command in COMMANDS}
        yield from (
            command for command in super().get_system_commands(screen) if command.title not in ours
        )

    # ----- actions -----------------------------------------------------------------------

    def context_customer(self) -> str | None:
        """The customer the screen on top is about, to prefill forms and the quick log."""
        return getattr(self.screen, "customer_ref", None)

    def _open(self, screen: Screen, refresh: bool = True) -> None:
        self.push_screen(screen, callback=self._after_write if refresh else None)

    def _after_write(self, result: Any) -> None:
        if result is not None:
            self.book_changed()

    def action_quick_log(self) -> None:
        from tradebook.tui.screens.quicklog import QuickLogScreen

        if isinstance(self.screen, QuickLogScreen):
            return
        self._open(QuickLogScreen(customer=self.context_customer()))

    def action_dashboard(self) -> None:
        from tradebook.tui.screens.dashboard import DashboardScreen

        self._go_to_base(DashboardScreen)

    def action_customers(self) -> None:
        from tradebook.tui.screens.customers import CustomersScreen

        self._go_to_base(CustomersScreen)

    def _go_to_base(self, kind: type[Screen]) -> None:
        """Close everything above the dashboard, then show `kind` (unless it is the dashboard)."""
        from tradebook.tui.screens.dashboard import DashboardScreen

        keep = 2 if kind is DashboardScreen else 3
        stack = self.screen_stack
        while len(stack) > keep or (len(stack) == 3 and not isinstance(stack[-1], kind)):
            self.pop_screen()
            stack = self.screen_stack
        if len(stack) < keep:
            self.push_screen(kind())

    def open_customer(self, ref: str) -> None:
        from tradebook.tui.screens.customer import CustomerScreen

        self.push_screen(CustomerScreen(ref))

    def _form(self, name: str) -> None:
        from tradebook.tui.screens import forms

        self._open(
            getattr(forms, name)(
                customer=self.context_customer(), invoice=getattr(self.screen, "invoice_ref", None)
            )
        )

    def action_new_customer(self) -> None:
        self._form("CustomerForm")

    def action_new_job(self) -> None:
        self._form("JobForm")

    def action_new_invoice(self) -> None:
        self._form("InvoiceForm")

    def action_job_status(self) -> None:
        self._form("JobStatusForm")

    def action_send_invoice(self) -> None:
        self._form("SendInvoiceForm")

    def action_payment(self) -> None:
        self._form("PaymentForm")

    def action_bounce(self) -> None:
        self._form("BounceForm")

    def action_payment_plan(self) -> None:
        self._form("PlanForm")

    def action_profile(self) -> None:
        self._form("ProfileForm")

    def action_letter(self) -> None:
        from tradebook.tui.screens.letters import LetterScreen

        suggestion = getattr(self.screen, "letter_suggestion", None) or (None, None)
        self._open(
            LetterScreen(
                customer=self.context_customer(), kind=suggestion[0], invoice=suggestion[1]
            )
        )

    def action_bundle(self) -> None:
        from tradebook.tui.screens.bundles import BundleScreen

        self._open(BundleScreen(customer=self.context_customer()), refresh=False)

    def action_help(self) -> None:
        from tradebook.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.theme == DARK else DARK
        self.remember_theme("light" if self.theme == LIGHT else "dark")

    @work(thread=True, exclusive=True, group="theme", exit_on_error=False)
    def remember_theme(self, theme: str) -> None:
        """The theme goes into settings.toml beside the book (the user's comments kept), so the
        app opens in it next time."""
        from tradebook.settings_edit import change

        try:
            settings = change(self.book.path, "theme", theme)
        except TradebookError as exc:
            self.call_from_thread(self.show_error, exc)
            return
        self.call_from_thread(setattr, self, "_settings", settings)

    def action_load_demo(self) -> None:
        self.load_demo()

    def action_write_calendar(self) -> None:
        self.write_calendar()

    @work(thread=True, exclusive=True, group="calendar", exit_on_error=False)
    def write_calendar(self) -> None:
        """`collections.ics` beside the book: the next 90 days, as `tradebook calendar` writes them."""
        from tradebook.calendar_ics import write_calendar

        target = self.book.path.parent / "collections.ics"
        try:
            with self.reading:
                path, found = write_calendar(
                    self.view(), target, today=self.today, settings=self.settings
                )
        except TradebookError as exc:
            self.call_from_thread(self.show_error, exc)
            return
        self.call_from_thread(
            self.notify,
            f"{len(found)} events for the next 90 days written to "
            f"{path} — open it in your calendar",
            title="Calendar",
            markup=False,
        )

    @work(thread=True, exclusive=True, group="demo", exit_on_error=False)
    def load_demo(self) -> None:
        from tradebook.demo import describe_counts, fill_demo

        try:
            with self.book_lock:
                counts = fill_demo(self.book, today=self.today)
        except TradebookError as exc:
            self.call_from_thread(self.show_error, demo_refusal(exc))
            return
        self.call_from_thread(
            self.notify, f"Demo business loaded: {describe_counts(counts)}", markup=False
        )
        self.call_from_thread(self.book_changed)


def demo_refusal(error: TradebookError) -> TradebookError | str:
    """The demo's refusal in the app's words (the command line's mentions its options)."""
    if "already has records" in error.message:
        return (
            "This book already has records: the demo business loads only into an empty book "
            "(start tradebook on a new book file to try it)"
        )
    return error


def make_app(
    book: Book,
    today: date | None = None,
    settings: Settings | None = None,
    *,
    poll_seconds: float = 2.0,
    daily_backup: bool = False,
) -> TradebookApp:
    """The app on an open `Book`; `today` pins the day (as TRADEBOOK_TODAY does). With
    `daily_backup`, the book was opened without its once-a-day backup and the app takes it
    once the dashboard is drawn."""
    return TradebookApp(
        book, today=today, settings=settings, poll_seconds=poll_seconds, daily_backup=daily_backup
    )
