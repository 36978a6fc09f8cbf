"""The 30-second log: who, how, which way, how it went, what happened, any promise to pay,
and whether it opened or settled a dispute.

Enter saves. The outcome starts on the likely one for the channel and direction (a call made:
"spoke"), shown before saving and changed with one keystroke (`n` no answer, `v` voicemail…).
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult

from tradebook.errors import TradebookError
from tradebook.services.contacts import CHANNELS
from tradebook.tui.screens.form import FormScreen, amount, day
from tradebook.tui.widgets.choice import Choice
from tradebook.tui.widgets.field import Field
from tradebook.tui.widgets.picker import CustomerPicker

DIRECTIONS = (("out", "out: I contacted them"), ("in", "in: they contacted me"))
OUTCOME_LABELS = {
    "spoke": "spoke",
    "no-answer": "no answer",
    "voicemail": "voicemail",
    "left-message": "left message",
    "refused": "refused",
    "sent": "sent",
    "received": "received",
}
DISPUTE = (("", "none"), ("open", "they dispute the bill"), ("resolve", "dispute settled"))
#: outcomes that mean nobody took the call or opened the door: no promise could have been made
NOT_REACHED = ("no-answer", "voicemail", "left-message")


def outcomes_for(via: str, direction: str) -> tuple[str, ...]:
    """The outcomes that fit a contact, the likely one first (it is the one preselected)."""
    if direction == "in":
        return ("received",)
    if via == "call":
        return ("spoke", "no-answer", "voicemail", "left-message", "refused")
    if via == "visit":
        return ("spoke", "no-answer", "left-message", "refused")
    return ("sent",)


def outcome_options(via: str, direction: str) -> list[tuple[str, str]]:
    return [(o, OUTCOME_LABELS[o]) for o in outcomes_for(via, direction)]


class QuickLogScreen(FormScreen):
    """One `Book.log_contact` call, the same one `tradebook log` makes."""

    TITLE = "Log a contact"
    FIELDS = {"resolve_dispute": "dispute"}
    HINT = "Enter saves · Esc leaves · Tab moves on · ←/→ or a letter picks"

    def form_fields(self) -> ComposeResult:
        picker = CustomerPicker(self.app.directory, value=self.customer or "", id="picker")
        yield Field("Customer", name="customer", control=picker, required=True)
        yield Field("Channel", name="via", control=Choice([(c, c) for c in CHANNELS], id="via"))
        yield Field("Direction", name="direction", control=Choice(DIRECTIONS, id="direction"))
        yield Field(
            "Outcome",
            name="outcome",
            control=Choice(outcome_options(CHANNELS[0], DIRECTIONS[0][0]), id="outcome"),
        )
        yield Field(
            "What happened",
            name="summary",
            required=True,
            placeholder="e.g. Spoke to Tom; he will pay half on Friday",
        )
        yield Field(
            "Promise date",
            name="promise_date",
            parse=day("promise date"),
            placeholder="e.g. fri or 12/15, if they promised",
        )
        yield Field(
            "Promised",
            name="promise_amount",
            parse=amount,
            placeholder="amount; blank = the whole balance",
        )
        yield Field("Dispute", name="dispute", control=Choice(DISPUTE, id="dispute"))

    def on_mount(self) -> None:
        picker = self.query_one(CustomerPicker)
        if not picker.candidates:
            self.load_directory()
        super().on_mount()

    def load_directory(self) -> None:
        """The app learns the customers when it first draws a page; until then, ask now."""
        self.run_worker(
            self._directory, thread=True, exclusive=True, group="directory", exit_on_error=False
        )

    def _directory(self) -> None:
        self.app.view()
        self.app.call_from_thread(self.query_one(CustomerPicker).set_candidates, self.app.directory)

    @on(Choice.Changed, "#via, #direction")
    def _how_changed(self) -> None:
        """Another channel or direction: offer the outcomes that fit it."""
        via = self.query_one("#via", Choice).value
        direction = self.query_one("#direction", Choice).value
        self.query_one("#outcome", Choice).set_options(outcome_options(via, direction))

    @on(CustomerPicker.Picked)
    def _picked(self, event: CustomerPicker.Picked) -> None:
        if event.ref is not None:
            self.field("customer").clear_error()

    def check(self, values: dict[str, Any]) -> bool:
        if values["outcome"] in NOT_REACHED and (values["promise_date"] or values["dispute"]):
            what = "a promise to pay" if values["promise_date"] else "a dispute"
            self.field("outcome").show_error(
                f"{what} needs them to have answered (not {OUTCOME_LABELS[values['outcome']]})"
            )
            self.field("outcome").focus()
            return False
        if values["promise_amount"] is not None and values["promise_date"] is None:
            self.field("promise_date").show_error("a promise needs its day (e.g. fri or 12/15)")
            self.field("promise_date").focus()
            return False
        promised = values["promise_date"]
        if promised is not None and promised < self.app.today:
            self.field("promise_date").show_error(
                f"{promised} is in the past; a promise to pay is for a day still to come"
            )
            self.field("promise_date").focus()
            return False
        return True

    def action_save(self) -> None:
        """Written at once, not in a worker: one journal append, well under 10 ms."""
        self.form_error("")
        values = self.read_all()
        if values is None or not self.check(values):
            return
        try:
            contact = self.write(values)
        except (TradebookError, OSError) as exc:
            self.refused(exc)
            return
        self.saved(contact)

    def write(self, values: dict[str, Any]) -> dict:
        app = self.app
        with app.book_lock:
            return app.book.log_contact(
                values["customer"],
                values["summary"],
                via=values["via"],
                at=app.now(),
                inbound=values["direction"] == "in",
                outcome=values["outcome"],
                promise_date=values["promise_date"],
                promise_amount=values["promise_amount"],
                dispute=values["dispute"] == "open",
                resolve_dispute=values["dispute"] == "resolve",
                recorded=app.today,
            )

    def saved(self, record: Any) -> None:
        name = next(
            (c.name for c in self.app.directory if c.ref == record["customer"]), record["customer"]
        )
        arrow = "from" if record["direction"] == "in" else "to"
        promise = record.get("promise")
        extra = f", promise to pay by {promise['date']}" if promise else ""
        if record.get("dispute"):
            extra += ", dispute opened"
        if record.get("resolves_dispute"):
            extra += ", dispute settled"
        outcome = OUTCOME_LABELS.get(record["outcome"], record["outcome"])
        self.app.notify(
            f"Logged {record['ref']}: {record['via']} {arrow} {name} ({outcome}){extra}",
            title="Saved",
            markup=False,
        )
        self.dismiss(record)
