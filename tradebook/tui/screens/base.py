"""What every page and form shares: drawing from the book in a worker, and reporting failures."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from textual import work
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

from tradebook.domain.view import BookView

if TYPE_CHECKING:
    from tradebook.tui.app import TradebookApp


class ReportsFailures:
    """A failed worker becomes a message on screen: slow work never takes the app down."""

    app: TradebookApp

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.app.show_error(event.worker.error)


class BookPage(ReportsFailures, Screen[None]):  # type: ignore[misc]  # `app` narrowed to ours
    """A page drawn from a picture of the book, redrawn in a worker when the book changes."""

    BINDINGS = [Binding("escape", "back", "Back", show=False)]

    def __init__(self) -> None:
        super().__init__()
        self.loaded_version = -1

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        super().on_worker_state_changed(event)
        if event.state == WorkerState.ERROR:  # nothing more is coming: stop the spinners
            for widget in self.query("*"):
                if widget.loading:
                    widget.loading = False

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        if self.loaded_version != -1 and self.loaded_version != self.app.book.store.version:
            self.reload()

    def reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="page", exit_on_error=False)
    def load(self) -> None:
        self.loaded_version, view = self.app.picture()
        with self.app.reading:
            self.draw(view)

    def draw(self, view: BookView) -> None:
        """Work out the page from `view` (in the worker) and show it with `call_from_thread`."""
        raise NotImplementedError

    def show(self, method: Any, *args: Any) -> None:
        """Hand results from the worker to the UI thread."""
        self.app.call_from_thread(method, *args)

    def until_painted(self, timeout: float = 0.5) -> None:
        """Wait (in the worker) until what was shown is on screen: slow work that follows, such
        as parsing a large table, holds the interpreter and would keep it from being painted."""
        painted = threading.Event()
        self.app.call_from_thread(self.app.call_after_refresh, painted.set)
        painted.wait(timeout)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()


class Modal(ReportsFailures, ModalScreen[Any]):  # type: ignore[misc]  # `app` narrowed to ours
    """A dialog over the page: Escape leaves without writing anything."""

    BINDINGS = [Binding("escape", "leave", "Leave", show=True)]

    def action_leave(self) -> None:
        self.dismiss(None)
