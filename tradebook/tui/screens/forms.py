"""Forms for the records of the trade: customer, job, invoice, payment, payment plan, profile,
and the changes that follow them: a job's status, an invoice sent, a payment bounced.

Each field parses with the command line's own parsers, so a bad amount or date is refused
at the field in the same words, and each form writes through the same `Book` method.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input

from tradebook.documents.paying import parse_pay_methods
from tradebook.domain.money import parse_money, parse_percent, parse_quantity
from tradebook.domain.refs import make_ref, parse_ref
from tradebook.errors import BadInput
from tradebook.services.billing import DELIVERY, Item
from tradebook.services.inputs import US_STATES, check_email, check_phone, clean_text
from tradebook.services.jobs import JOB_STATUSES
from tradebook.services.payments import METHODS
from tradebook.tui.screens.form import FormScreen, amount, day, whole_number
from tradebook.tui.widgets.choice import Choice
from tradebook.tui.widgets.field import Field
from tradebook.tui.widgets.picker import CustomerPicker

REF_EXAMPLES = {
    "invoices": "INV-0042",
    "jobs": "J-0042",
    "customers": "C-0042",
    "payments": "P-0042",
}


def ref_of(*tables: str) -> Callable[[str], str]:
    """A ref of one of `tables`, written any case (`inv-42` → `INV-0042`)."""

    def parse(text: str) -> str:
        parsed = parse_ref(text)
        if parsed is None or parsed[0] not in tables:
            examples = " or ".join(REF_EXAMPLES[t] for t in tables)
            raise BadInput(f"{text!r} is not a ref like {examples}")
        return make_ref(*parsed)

    return parse


def email(text: str) -> str:
    check_email(text)
    return text


def pay_methods(text: str) -> list[str] | None:
    return parse_pay_methods(text) if text.strip() else None


def state(text: str) -> str:
    code = text.upper()
    if code not in US_STATES:
        raise BadInput(f"state {text!r} is not a US state's two-letter code (such as KY or TX)")
    return code


def yes_no(default: bool = False, *, id: str) -> Choice:
    return Choice([("no", "no"), ("yes", "yes")], "yes" if default else "no", id=id)


class ItemLine(Horizontal):
    """One invoice line: description, quantity, unit price. Blank means no line."""

    DEFAULT_CSS = """
    ItemLine { height: auto; width: 1fr; }
    ItemLine > .item--desc { width: 2fr; }
    ItemLine > .item--qty { width: 8; }
    ItemLine > .item--unit { width: 14; }
    """

    def __init__(self, *, id: str, placeholder: bool = False) -> None:
        super().__init__(id=id)
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        yield Input(placeholder="what was done" if self.placeholder else "", classes="item--desc")
        yield Input(placeholder="qty" if self.placeholder else "", classes="item--qty")
        yield Input(placeholder="unit price" if self.placeholder else "", classes="item--unit")

    def focus(self, scroll_visible: bool = True) -> ItemLine:
        self.query(Input).first().focus(scroll_visible)
        return self

    def read(self) -> Item | None:
        desc, qty, unit = (i.value.strip() for i in self.query(Input))
        if not (desc or qty or unit):
            return None
        if not desc:
            raise BadInput("the line needs a description")
        if not unit:
            raise BadInput("the line needs a unit price")
        return Item(
            clean_text(desc, "description", required=True),
            parse_quantity(qty or "1"),
            parse_money(unit, allow_zero=True),
        )


class CustomerForm(FormScreen):
    TITLE = "New customer"
    FIELDS = {"phones": "phone", "emails": "email"}

    def form_fields(self) -> ComposeResult:
        yield Field(
            "Name", name="name", required=True, placeholder="full name or the firm's legal name"
        )
        yield Field(
            "Kind",
            name="kind",
            control=Choice([("person", "person"), ("business", "business")], id="kind"),
        )
        yield Field("Principal", name="principal", placeholder="a firm's owner or director")
        yield Field("Phone", name="phone", parse=check_phone)
        yield Field("Email", name="email", parse=email)
        yield Field("Billing address", name="address")
        yield Field(
            "State", name="state", parse=state, placeholder="KY — blank: read from the address"
        )
        yield Field("Credit limit", name="credit_limit", parse=parse_money)
        yield Field("COD only", name="cod", control=yes_no(id="cod"))
        yield Field(
            "Terms (days)",
            name="net_days",
            parse=whole_number("terms", 0, 365),
            placeholder="blank = the business default",
        )
        yield Field("Notes", name="notes")

    def write(self, values: dict[str, Any]) -> dict:
        return self.app.book.add_customer(
            values["name"],
            today=self.app.today,
            business=values["kind"] == "business",
            principal=values["principal"],
            phones=[values["phone"]] if values["phone"] else [],
            emails=[values["email"]] if values["email"] else [],
            address=values["address"],
            credit_limit=values["credit_limit"],
            cod=values["cod"] == "yes",
            net_days=values["net_days"],
            notes=values["notes"],
            state=values["state"],
        )


class JobForm(FormScreen):
    TITLE = "New job"

    def form_fields(self) -> ComposeResult:
        yield Field(
            "Customer",
            name="customer",
            required=True,
            control=CustomerPicker(self.app.directory, value=self.customer or ""),
        )
        yield Field("Site", name="site", required=True, placeholder="where the work is")
        yield Field("Work", name="desc", required=True, placeholder="what the work is")
        yield Field("Quote", name="quote", parse=amount)
        yield Field("Deposit asked", name="deposit", parse=amount)
        yield Field(
            "Starts",
            name="start",
            parse=day("start date", ahead=None),
            value=self.app.today.isoformat(),
        )
        yield Field(
            "Status",
            name="status",
            control=Choice(
                [("booked", "booked"), ("quoted", "quoted"), ("in-progress", "in progress")],
                id="status",
            ),
        )

    def write(self, values: dict[str, Any]) -> dict:
        return self.app.book.add_job(
            values["customer"],
            site=values["site"],
            desc=values["desc"],
            today=self.app.today,
            quote=values["quote"],
            deposit=values["deposit"],
            start=values["start"],
            status=values["status"],
        )


def job_label(job: dict) -> str:
    desc = job["desc"] if len(job["desc"]) <= 18 else job["desc"][:17] + "…"
    return f"{job['ref']} {desc}"


class InvoiceForm(FormScreen):
    TITLE = "New invoice"
    NO_JOB = ("", "none")
    #: add_invoice's lines; send_invoice's day and way, when it is sent at once
    FIELDS = {"items": "item1", "net_days": "net", "on": "issued", "via": "send"}

    def __init__(self, *, customer: str | None = None, invoice: str | None = None) -> None:
        super().__init__(customer=customer, invoice=invoice)
        #: customer ref -> (job ref, label) of their jobs not cancelled and not invoiced yet
        self.open_jobs: dict[str, list[tuple[str, str]]] = {}

    def form_fields(self) -> ComposeResult:
        yield Field(
            "Customer",
            name="customer",
            required=True,
            control=CustomerPicker(self.app.directory, value=self.customer or ""),
        )
        yield Field("For job", name="job", control=Choice([self.NO_JOB], id="job"))
        for n in range(1, 4):
            yield Field(
                f"Line {n}",
                name=f"item{n}",
                required=n == 1,
                control=ItemLine(id=f"line{n}", placeholder=n == 1),
            )
        yield Field(
            "Issued",
            name="issued",
            parse=day("issue date"),
            required=True,
            value=self.app.today.isoformat(),
        )
        yield Field(
            "Due", name="due", parse=day("due date"), placeholder="e.g. +30 or 1/15; or give terms"
        )
        yield Field(
            "Terms (days)",
            name="net",
            parse=whole_number("terms", 0, 365),
            placeholder="blank = the customer's terms",
        )
        yield Field("Tax %", name="tax", parse=parse_percent)
        yield Field(
            "Send now by",
            name="send",
            control=Choice([("", "not yet"), *((via, via) for via in DELIVERY)], id="send"),
        )

    def on_mount(self) -> None:
        super().on_mount()
        self.find_open_jobs()

    @work(thread=True, exclusive=True, group="jobs", exit_on_error=False)
    def find_open_jobs(self) -> None:
        _, view = self.app.picture()
        with self.app.reading:
            invoiced = view.invoices_of_job
            found: dict[str, list[tuple[str, str]]] = {}
            for job in view.table("jobs"):
                if job["status"] != "cancelled" and not invoiced.get(job["ref"]):
                    found.setdefault(job["customer"], []).append((job["ref"], job_label(job)))
        self.app.call_from_thread(self._offer_jobs, found)

    def _offer_jobs(self, found: dict[str, list[tuple[str, str]]]) -> None:
        self.open_jobs = found
        self.offer_jobs(self.query_one(CustomerPicker).picked_ref)

    @on(CustomerPicker.Picked)
    def _customer_picked(self, event: CustomerPicker.Picked) -> None:
        self.offer_jobs(event.ref)

    def offer_jobs(self, customer: str | None) -> None:
        """'For job' offers the picked customer's own open jobs, and nobody else's."""
        jobs = self.open_jobs.get(customer, []) if customer else []
        self.query_one("#job", Choice).set_options([self.NO_JOB, *jobs])

    def check(self, values: dict[str, Any]) -> bool:
        if not any(values[f"item{n}"] for n in range(1, 4)):
            self.error_at("item1", "an invoice needs at least one line")
            return False
        if values["due"] is not None and values["net"] is not None:
            self.error_at("net", "give a due date or terms, not both")
            return False
        if values["due"] is not None and values["due"] < values["issued"]:
            self.error_at("due", f"due {values['due']} is before the issue date")
            return False
        return True

    def write(self, values: dict[str, Any]) -> dict:
        book, today = self.app.book, self.app.today
        items = [values[f"item{n}"] for n in range(1, 4) if values[f"item{n}"]]
        invoice = book.add_invoice(
            values["customer"],
            items,
            issued=values["issued"],
            due=values["due"],
            net_days=values["net"],
            job=values["job"] or None,
            tax_pct=values["tax"],
            today=today,
        )
        if values["send"]:
            book.send_invoice(invoice["ref"], via=values["send"], on=values["issued"], today=today)
        return invoice


class PaymentForm(FormScreen):
    TITLE = "Record a payment"

    def form_fields(self) -> ComposeResult:
        yield Field(
            "Invoice / job",
            name="target",
            parse=ref_of("invoices", "jobs"),
            required=True,
            value=self.invoice or "",
            placeholder="INV-0042, or J-0042 for a deposit",
        )
        yield Field("Amount", name="amount", parse=amount, required=True)
        yield Field(
            "Received",
            name="on",
            parse=day("payment date"),
            required=True,
            value=self.app.today.isoformat(),
        )
        yield Field(
            "Method", name="method", control=Choice([(m, m) for m in METHODS], "check", id="method")
        )
        yield Field("Reference", name="reference", placeholder="check number, transfer ref")

    def write(self, values: dict[str, Any]) -> dict:
        return self.app.book.pay(
            values["target"],
            values["amount"],
            on=values["on"],
            method=values["method"],
            reference=values["reference"],
            today=self.app.today,
        )


class PlanForm(FormScreen):
    TITLE = "Payment plan"
    FIELDS = {"every_days": "every", "plan": "invoice"}

    def form_fields(self) -> ComposeResult:
        yield Field(
            "Invoice",
            name="invoice",
            parse=ref_of("invoices"),
            required=True,
            value=self.invoice or "",
        )
        yield Field(
            "Installments",
            name="instalments",
            parse=whole_number("installments", 2, 60),
            required=True,
            value="3",
        )
        yield Field(
            "Every (days)",
            name="every",
            parse=whole_number("days between", 1, 366),
            required=True,
            value="30",
        )
        yield Field(
            "First on",
            name="start",
            parse=day("first installment date"),
            required=True,
            value=self.app.today.isoformat(),
        )

    def write(self, values: dict[str, Any]) -> dict:
        return self.app.book.add_plan(
            values["invoice"],
            instalments=values["instalments"],
            every_days=values["every"],
            start=values["start"],
            today=self.app.today,
        )


class ProfileForm(FormScreen):
    TITLE = "Business profile"
    KEYS = (
        "name",
        "address",
        "phone",
        "email",
        "licence",
        "state",
        "net_days",
        "signature",
        "pay_to",
        "pay_address",
        "pay_methods",
        "payment_note",
    )

    def form_fields(self) -> ComposeResult:
        profile = self.app.book.store.get("profile", 1) or {}
        now = {k: str(profile.get(k) or "") for k in self.KEYS}
        now["pay_methods"] = ", ".join(profile.get("pay_methods") or ())
        yield Field("Business name", name="name", required=True, value=now["name"])
        yield Field("Address", name="address", value=now["address"])
        yield Field("Phone", name="phone", value=now["phone"])
        yield Field("Email", name="email", value=now["email"], parse=email)
        yield Field("License no.", name="licence", value=now["licence"])
        yield Field(
            "State",
            name="state",
            value=now["state"],
            parse=state,
            placeholder="two letters, e.g. KY",
        )
        yield Field(
            "Terms (days)",
            name="net_days",
            parse=whole_number("terms", 0, 365),
            value=now["net_days"] or "30",
        )
        yield Field(
            "Signature",
            name="signature",
            value=now["signature"],
            placeholder="who signs the letters",
        )
        yield Field(
            "Pay to",
            name="pay_to",
            value=now["pay_to"],
            placeholder="checks payable to (default: business name)",
        )
        yield Field(
            "Checks to",
            name="pay_address",
            value=now["pay_address"],
            placeholder="mailing address (default: address above)",
        )
        yield Field(
            "You accept",
            name="pay_methods",
            value=now["pay_methods"],
            parse=pay_methods,
            placeholder="check, card, transfer, cash, online",
        )
        yield Field(
            "Payment note",
            name="payment_note",
            value=now["payment_note"],
            placeholder="bank details or a payment link, printed on letters",
        )

    def focus_first_empty(self) -> None:
        """The name, or how customers pay while the profile does not say: the other empty
        fields are optional (the payee and check address default to the name and address)."""
        if self.field("name").is_empty or not self.field("pay_methods").is_empty:
            self.field("name").focus()
        else:
            self.field("pay_methods").focus()

    def write(self, values: dict[str, Any]) -> dict:
        fields = {k: values[k] for k in self.KEYS if k != "name" and values[k] is not None}
        return self.app.book.init_profile(name=values["name"], today=self.app.today, **fields)

    def saved(self, record: Any) -> None:
        self.app.notify(f"Profile saved: {record.get('name', '')}", markup=False)
        self.dismiss(record)


def only_ref(records: list[dict]) -> str:
    """The ref of the one record there is to choose, else blank: a form prefills what it can."""
    return records[0]["ref"] if len(records) == 1 else ""


class JobStatusForm(FormScreen):
    TITLE = "Job status"

    def form_fields(self) -> ComposeResult:
        yield Field(
            "Job",
            name="job",
            parse=ref_of("jobs"),
            required=True,
            placeholder="J-0042",
            value=only_ref(self._open_jobs()),
        )
        yield Field(
            "Status",
            name="status",
            control=Choice([(s, s.replace("-", " ")) for s in JOB_STATUSES], "done", id="status"),
        )
        yield Field(
            "On", name="on", parse=day("date"), required=True, value=self.app.today.isoformat()
        )

    def _open_jobs(self) -> list[dict]:
        """The jobs of the customer on screen that are not done or cancelled yet."""
        if not self.customer:
            return []
        return [
            j
            for j in self.app.picture()[1].records(self.customer, "jobs")
            if j["status"] not in ("done", "cancelled")
        ]

    def write(self, values: dict[str, Any]) -> dict:
        return self.app.book.set_job_status(
            values["job"], values["status"], on=values["on"], today=self.app.today
        )


class SendInvoiceForm(FormScreen):
    TITLE = "Invoice sent"

    def form_fields(self) -> ComposeResult:
        unsent = self._unsent()
        chosen = self.invoice if self.invoice in {i["ref"] for i in unsent} else only_ref(unsent)
        yield Field(
            "Invoice",
            name="invoice",
            parse=ref_of("invoices"),
            required=True,
            placeholder="INV-0042",
            value=chosen or "",
        )
        yield Field("Sent by", name="via", control=Choice([(d, d) for d in DELIVERY], id="via"))
        yield Field("Tracking no.", name="tracking", placeholder="post or certified only")
        yield Field(
            "Sent on",
            name="on",
            parse=day("sending date"),
            required=True,
            value=self.app.today.isoformat(),
        )

    def _unsent(self) -> list[dict]:
        """The invoices of the customer on screen that were never sent."""
        if not self.customer:
            return []
        return [
            i for i in self.app.picture()[1].records(self.customer, "invoices") if not i["sent"]
        ]

    def write(self, values: dict[str, Any]) -> dict:
        return self.app.book.send_invoice(
            values["invoice"],
            via=values["via"],
            on=values["on"],
            tracking=values["tracking"],
            today=self.app.today,
        )


class BounceForm(FormScreen):
    TITLE = "Payment bounced"

    def form_fields(self) -> ComposeResult:
        yield Field(
            "Payment",
            name="payment",
            parse=ref_of("payments"),
            required=True,
            placeholder="P-0042 (see the customer's timeline)",
        )
        yield Field(
            "Bounced on",
            name="on",
            parse=day("bounce date"),
            required=True,
            value=self.app.today.isoformat(),
        )

    def write(self, values: dict[str, Any]) -> dict:
        return self.app.book.bounce(values["payment"], on=values["on"], today=self.app.today)
