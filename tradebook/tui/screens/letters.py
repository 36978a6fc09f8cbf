"""Letters: choose the kind, read the preview, issue it. The tone guard's refusal is shown here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from tradebook.documents.letters import KINDS, TITLES
from tradebook.errors import BadInput, Refused, TradebookError
from tradebook.services.billing import DELIVERY
from tradebook.tui.files import document_path
from tradebook.tui.screens.base import Modal
from tradebook.tui.screens.bundles import pdf_path
from tradebook.tui.screens.forms import ref_of
from tradebook.tui.widgets.choice import Choice
from tradebook.tui.widgets.field import Field
from tradebook.tui.widgets.picker import CustomerPicker

#: how the letter goes out; "not sent yet" records it as prepared, delivery not recorded
#: a letter is only made until the user says how it went out, as on the command line
SEND_BY = [
    ("", "not sent yet"),
    *((d, d) for d in DELIVERY),
    (EMAIL_DRAFT := "email-draft", "email draft (.eml)"),
]
#: wait this long after the last keystroke before drawing the preview again
PREVIEW_DELAY = 0.3


def check_invoice_of(book: Any, invoice: str | None, customer: str) -> None:
    """A letter about an invoice goes to that invoice's customer: refuse a mismatch."""
    if invoice and book.get(invoice, "invoices")["customer"] != customer:
        raise BadInput(f"{invoice} is not an invoice of {customer}")


def refusal_heading(error: BaseException) -> str | None:
    """What stands over a refusal in the preview: the tone guard's, or the book's (a dispute
    open, a promise still in time...). None for a problem with what was typed."""
    if isinstance(error, Refused):
        return "Refused by the tone guard"
    if isinstance(error, BadInput):
        return "This letter cannot be sent"
    return None


class LetterScreen(Modal):
    """The letter is drawn from the book as you choose; ctrl+s issues it (PDF, record, contact)."""

    BINDINGS = [Binding("ctrl+s", "issue", "Issue letter"), Binding("escape", "leave", "Leave")]
    AUTO_FOCUS = ""
    preview_delay = PREVIEW_DELAY

    def __init__(
        self, customer: str | None = None, kind: str | None = None, invoice: str | None = None
    ) -> None:
        super().__init__()
        self.customer = customer
        self.kind = kind if kind in KINDS else "reminder"
        self.invoice = invoice
        self.letter: Any = None
        self._timer: Timer | None = None
        self._suggested = ""
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="letter") as dialog:
            dialog.border_title = "Write a letter"
            dialog.border_subtitle = "ctrl+s issues · Esc leaves"
            yield Field(
                "Customer",
                name="customer",
                required=True,
                control=CustomerPicker(self.app.directory, value=self.customer or ""),
            )
            yield Field(
                "Invoice",
                name="invoice",
                parse=ref_of("invoices"),
                value=self.invoice or "",
                placeholder="blank = the ones the letter is about",
            )
            with Horizontal(id="letter-body"):
                kinds = OptionList(*(Option(TITLES[k], id=k) for k in KINDS), id="kinds")
                kinds.border_title = "Kind"
                yield kinds
                with VerticalScroll(id="preview") as preview:
                    preview.border_title = "Preview"
                    yield Static("", id="preview-text", markup=False)
            yield Field("Your note", name="note", placeholder="a paragraph of your own (optional)")
            yield Field("Send by", name="via", control=Choice(SEND_BY, id="via"))
            yield Field("Tracking no.", name="tracking")
            yield Field("Save PDF to", name="path", parse=pdf_path, required=True)
            yield Static("", id="form-error", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        kinds = self.query_one("#kinds", OptionList)
        kinds.highlighted = KINDS.index(self.kind)
        self.set_focus(kinds if self.customer else self.query_one("#picker-input"))
        self.suggest_path()
        self.redraw_soon()

    # ----- preview -------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#kinds")
    def _kind(self, event: OptionList.OptionHighlighted) -> None:
        self.kind = event.option.id or self.kind
        self.suggest_path()
        self.redraw_soon()

    @on(CustomerPicker.Picked)
    def _customer(self) -> None:
        self.suggest_path()
        self.redraw_soon()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        if event.input.id != "path-input":
            self.redraw_soon()

    @on(Choice.Changed, "#via")
    def _sent_by(self) -> None:
        self.redraw_soon()  # the letter's face says how it goes out

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.redraw_soon()

    def redraw_soon(self) -> None:
        """Something changed: an old "not issued" no longer applies; redraw once typing stops."""
        if not self.busy:
            self.error("")
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(self.preview_delay, self.redraw)

    def redraw(self) -> None:
        values = self.read(quiet=True)
        if values is None:
            self.show_preview(None, "Choose a customer to see the letter.")
            return
        self.compose_letter(values)

    def read(self, *, quiet: bool = False) -> dict[str, Any] | None:
        """The form's values; `quiet` leaves the error lines alone while the user is typing."""
        values: dict[str, Any] = {"kind": self.kind}
        for field in self.query(Field):
            try:
                values[field.field_name] = field.read()
            except TradebookError:
                if quiet:
                    field.clear_error()
                    if field.field_name in ("customer", "invoice", "note"):
                        return None
                    continue
                field.focus()
                return None
        return values

    @work(thread=True, exclusive=True, group="preview", exit_on_error=False)
    def compose_letter(self, values: dict[str, Any]) -> None:
        from tradebook.documents.assets import user_templates_dir
        from tradebook.documents.letters import compose_letter

        try:
            view = self.app.view()
            with self.app.reading:
                letter = compose_letter(
                    view,
                    values["customer"],
                    values["kind"],
                    self.app.today,
                    invoice_refs=(values["invoice"],) if values["invoice"] else (),
                    note=values["note"] or "",
                    templates_dir=user_templates_dir(self.app.book.path),
                    settings=self.app.settings,
                    via=_face(values.get("via")),
                    tracking=values.get("tracking") or None,
                )
        except TradebookError as exc:
            self.app.call_from_thread(self.show_preview, None, exc.message, refusal_heading(exc))
            return
        self.app.call_from_thread(self.show_preview, letter, None)

    def show_preview(self, letter: Any, problem: str | None, heading: str | None = None) -> None:
        """The letter; or, in its place, why it cannot be written (under a heading if refused)."""
        self.letter = letter
        preview = self.query_one("#preview-text", Static)
        if letter is not None:
            preview.update(Text(letter.body))
            self.query_one("#preview").border_title = Text(f"Preview: {letter.title}")
            return
        if heading:
            preview.update(Text.assemble((heading, "bold red"), "\n\n", (problem or "", "bold")))
        else:
            preview.update(Text(problem or "", style="italic"))
        self.query_one("#preview").border_title = "Preview"

    def suggest_path(self) -> None:
        ref = self.query_one(CustomerPicker).picked_ref or "customer"
        path = self.query_one("#field-path", Field)
        if not path.raw or path.raw == self._suggested:
            self._suggested = str(document_path(self.app.book.path, self.app.today, self.kind, ref))
            path.raw = self._suggested

    # ----- issuing -------------------------------------------------------------------

    def action_issue(self) -> None:
        if self.busy:
            return
        values = self.read()
        if values is None:
            return
        self.busy = True
        self.error("")
        self.issue(values)

    @work(thread=True, exclusive=True, group="issue", exit_on_error=False)
    def issue(self, values: dict[str, Any]) -> None:
        from tradebook.services.letters import issue_letter

        app = self.app
        try:
            values["path"].parent.mkdir(parents=True, exist_ok=True)
            with app.book_lock:
                check_invoice_of(app.book, values["invoice"], values["customer"])
                draft_to = eml = None
                if values["via"] == EMAIL_DRAFT:
                    from tradebook.email_draft import check_target, precheck, recipient_email

                    customer = app.book.customer(values["customer"])
                    draft_to = recipient_email(customer)
                    precheck(customer, app.book.view.profile)
                    eml = check_target(values["path"].with_suffix(".eml"))
                issued = issue_letter(
                    app.book,
                    values["invoice"] or values["customer"],
                    values["kind"],
                    today=app.today,
                    at=app.now(),
                    path=values["path"],
                    note=values["note"],
                    via=_face(values["via"]),
                    tracking=values["tracking"],
                    settings=app.settings,
                    email_draft_to=draft_to,
                )
                if eml is not None and issued.record is not None:
                    from tradebook.email_draft import build_draft, write_eml

                    customer = app.book.get(issued.record["customer"], "customers")
                    write_eml(
                        build_draft(
                            issued.letter,
                            customer,
                            app.book.view.profile,
                            issued.record["ref"],
                            issued.path,
                        ),
                        eml,
                    )
        except (TradebookError, OSError) as exc:
            app.call_from_thread(self.not_issued, exc)
            return
        app.call_from_thread(self.issued, issued.record, eml or issued.path)

    def not_issued(self, error: BaseException) -> None:
        self.busy = False
        message = error.message if isinstance(error, TradebookError) else str(error)
        heading = refusal_heading(error)
        if heading:
            self.show_preview(None, message, heading)
        self.error(f"Not issued — {message}")

    def issued(self, record: dict, path: Path) -> None:
        message = f"Issued {record['ref']} and logged it as {record['contact']}: {path}"
        if path.suffix == ".eml":  # an email draft: it goes when the user sends it
            message = (
                f"{record['ref']} is ready to send as an email draft: {path} — open it, "
                f"send it, then record it: tradebook sent {record['ref']} --via email"
            )
        self.app.notify(message, title="Letter", markup=False)
        self.dismiss(record)

    def error(self, message: str) -> None:
        shown = self.query_one("#form-error", Static)
        shown.update(Text(message, style="bold"))
        shown.set_class(bool(message), "-shown")


def _face(via: str | None) -> str | None:
    """How the letter's face says it goes: an email draft is not sent yet."""
    return None if not via or via == EMAIL_DRAFT else via
