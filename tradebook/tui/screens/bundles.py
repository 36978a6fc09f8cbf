"""A mediation or small-claims bundle for one customer, made in a worker with visible progress.

As soon as the customer and kind are chosen the screen says whether the record supports the
bundle yet — the same refusal, with the next command, that `tradebook bundle` gives."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Input, ProgressBar, Static

from tradebook.errors import BadInput, TradebookError
from tradebook.tui.files import document_path, open_file
from tradebook.tui.screens.base import Modal
from tradebook.tui.widgets.choice import Choice
from tradebook.tui.widgets.field import Field
from tradebook.tui.widgets.picker import CustomerPicker

#: the gentler way first: a claim in court is the last resort
KINDS = (("mediation", "mediation"), ("small-claims", "small-claims"))


def pdf_path(text: str) -> Path:
    path = Path(text).expanduser()
    if path.suffix.lower() != ".pdf":
        raise BadInput(f"{text!r} should end in .pdf")
    if path.is_dir():
        raise BadInput(f"{text} is a folder; name the PDF file")
    return path


class BundleScreen(Modal):
    """Choose the customer and the kind, Enter makes the PDF; then open it or print it."""

    BINDINGS = [
        Binding("enter", "make", "Make bundle"),
        Binding("ctrl+o", "open_pdf", "Open"),
        Binding("ctrl+t", "print_pdf", "Print"),
        Binding("escape", "leave", "Leave"),
    ]
    AUTO_FOCUS = ""

    def __init__(self, customer: str | None = None) -> None:
        super().__init__()
        self.customer = customer
        self.made: Path | None = None
        self.busy = False
        self._suggested = ""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="form") as dialog:
            dialog.border_title = "Mediation / small-claims bundle"
            dialog.border_subtitle = "Enter makes it · Esc leaves"
            yield Field(
                "Customer",
                name="customer",
                required=True,
                control=CustomerPicker(self.app.directory, value=self.customer or ""),
            )
            yield Field("Kind", name="kind", control=Choice(KINDS, id="kind"))
            yield Field("Save to", name="path", parse=pdf_path, required=True)
            yield ProgressBar(id="progress", show_eta=False, classes="-hidden")
            yield Static("", id="bundle-status", markup=False)
            with Horizontal(id="bundle-buttons", classes="-hidden"):
                yield Button("Open  (ctrl+o)", id="open")
                yield Button("Print  (ctrl+t)", id="print")
        yield Footer()

    def on_mount(self) -> None:
        self.suggest_path()
        first = (
            self.query_one("#field-kind", Field).control
            if self.customer
            else self.query_one("#picker-input")
        )
        self.set_focus(first)

    @on(CustomerPicker.Picked)
    @on(Choice.Changed)
    def suggest_path(self) -> None:
        """Name the file after the day, the kind and the customer until the user types a name,
        and say at once whether this bundle can be made yet."""
        if self.busy:
            return
        picked = self.query_one(CustomerPicker).picked_ref
        ref = picked or "customer"
        kind = self.query_one("#kind", Choice).value
        path = self.query_one("#field-path", Field)
        if not path.raw or path.raw == self._suggested:
            self._suggested = str(document_path(self.app.book.path, self.app.today, kind, ref))
            path.raw = self._suggested
        if picked:
            self.check_gate(picked, kind)

    @work(thread=True, exclusive=True, group="gate", exit_on_error=False)
    def check_gate(self, customer: str, kind: str) -> None:
        from tradebook.documents.casefile import bundle_refusal

        try:
            view = self.app.view()
            with self.app.reading:
                refusal = bundle_refusal(view, customer, kind, self.app.today, self.app.settings)
        except TradebookError as exc:
            refusal = exc.message
        self.app.call_from_thread(self.gate_checked, customer, kind, refusal)

    def gate_checked(self, customer: str, kind: str, refusal: str | None) -> None:
        if (
            self.busy
            or self.query_one(CustomerPicker).picked_ref != customer
            or self.query_one("#kind", Choice).value != kind
        ):
            return  # the choice moved on while this was being checked
        self.status(
            f"Not yet: {refusal}" if refusal else "", style="bold yellow" if refusal else ""
        )

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_make()

    def action_make(self) -> None:
        if self.busy:
            return
        values: dict[str, Any] = {}
        for field in self.query(Field):
            try:
                values[field.field_name] = field.read()
            except TradebookError:
                field.focus()
                return
        self.busy = True
        self.query_one("#bundle-buttons").add_class("-hidden")
        bar = self.query_one("#progress", ProgressBar)
        bar.remove_class("-hidden")
        bar.update(total=None, progress=0)
        self.status(f"Making the {values['kind']} bundle…")
        self.make(values["customer"], values["kind"], values["path"])

    @work(thread=True, exclusive=True, group="bundle", exit_on_error=False)
    def make(self, customer: str, kind: str, path: Path) -> None:
        from tradebook.documents.bundle import build_bundle

        started = time.perf_counter()
        try:
            view = self.app.view()
            path.parent.mkdir(parents=True, exist_ok=True)
            with self.app.reading:
                bundle = build_bundle(
                    view, customer, kind, self.app.today, path, settings=self.app.settings
                )
        except (TradebookError, OSError) as exc:
            self.app.call_from_thread(self.failed, exc)
            return
        self.app.call_from_thread(self.done, bundle, time.perf_counter() - started)

    def failed(self, error: BaseException) -> None:
        self.busy = False
        self.query_one("#progress").add_class("-hidden")
        message = error.message if isinstance(error, TradebookError) else str(error)
        self.status(f"Not made: {message}", style="bold red")

    def done(self, bundle: Any, seconds: float) -> None:
        self.busy = False
        self.made = Path(bundle.path)
        self.query_one("#progress", ProgressBar).update(total=1, progress=1)
        self.query_one("#bundle-buttons").remove_class("-hidden")
        unmet = bundle.unmet_line()
        notes = "".join(f" — {line}" for line in [*bundle.notes(), unmet] if line)
        self.status(
            f"Made {bundle.pages} pages in {seconds:.1f} s: {bundle.path}{notes}",
            style="bold yellow" if unmet else "",
        )
        self.query_one("#open", Button).focus()

    def status(self, message: str, style: str = "") -> None:
        self.query_one("#bundle-status", Static).update(Text(message, style=style))

    @on(Button.Pressed, "#open")
    def action_open_pdf(self) -> None:
        made = self.made
        if made is not None:
            self.app.attempt(lambda: open_file(made))

    @on(Button.Pressed, "#print")
    def action_print_pdf(self) -> None:
        if self.made is not None:
            self.status(f"Sending {self.made.name} to the printer…")
            self.send_to_printer(self.made)

    @work(thread=True, exclusive=True, group="print", exit_on_error=False)
    def send_to_printer(self, path: Path) -> None:
        from tradebook.documents.output import send_to_printer

        try:
            job = send_to_printer(path)
        except TradebookError as exc:
            self.app.call_from_thread(self.status, exc.message, "bold red")
            return
        self.app.call_from_thread(self.status, f"Sent to the printer: {path.name} {job}".strip())
