"""The money of every invoice, worked out once per picture of the book: the one engine
behind every figure tradebook shows or acts on.

The dashboard asks for aging and every warning sign across ten years of invoices; the
figures here are computed in one pass and kept by the `BookView` they came from, so no
question asked of the same view pays for them twice. What is worth keeping from one view
of a book to the next (see `Figures`) belongs to that book, never to the process.
Exact integer arithmetic; the tests hold it to the cent against a plain Decimal ledger.
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import Any, Generic, NamedTuple, TypeVar

from tradebook.domain.view import BookView, Doc, Figures

Ratio = tuple[int, int]

_UNSET: Any = object()  # a lazy figure not worked out yet
T = TypeVar("T")


class Credit(NamedTuple):
    """Money received against an invoice: a payment, or a job deposit applied to it."""

    on: date
    amount: int
    bounced: date | None
    ref: str
    deposit: bool = False  # taken on the job, up front, before the bill it is applied to

    def live_on(self, day: date) -> bool:
        """Received by `day` and not bounced by then."""
        return self.on <= day and (self.bounced is None or self.bounced > day)


class InvoiceMoney:
    """What one invoice asks, has received and still owes (principal only, in cents).

    The figures every question needs (dates and amounts) are set when the accounts are built;
    the list of credits and the day it was settled are worked out only when asked for.
    """

    __slots__ = (
        "doc",
        "ref",
        "customer",
        "issued",
        "due",
        "charged",
        "total",
        "paid",
        "balance",
        "_days",
        "_payments",
        "_deposits",
        "_sent_on",
        "_adjustments",
        "_credits",
        "_settled_on",
    )

    def __init__(
        self,
        doc: Doc,
        charged: int,
        adjusted: int,
        paid: int,
        payments: _PaymentIndex,
        deposits: tuple[Doc, ...],
        days: dict[str, date],
    ) -> None:
        self.doc = doc
        self.ref: str = doc["ref"]
        self.customer: str = doc["customer"]
        self._days = days  # the book's parsed dates (see `Figures`)
        self.issued: date = _day(days, doc["issued"])
        self.due: date = _day(days, doc["due"])
        self.charged = charged  # lines + tax, before adjustments
        self.total = total = charged + adjusted
        self.paid = paid  # payments and applied deposits that did not bounce
        self.balance = total - paid
        self._payments = payments  # the book's payment index: this invoice's are looked up in it
        self._deposits = deposits
        self._sent_on = self._adjustments = self._credits = self._settled_on = _UNSET

    @property
    def sent_on(self) -> date | None:
        if self._sent_on is _UNSET:
            sent = self.doc.get("sent") or ()
            self._sent_on = min(_day(self._days, s["date"]) for s in sent) if sent else None
        return self._sent_on

    @property
    def adjustments(self) -> tuple[tuple[date, int], ...]:
        if self._adjustments is _UNSET:
            self._adjustments = tuple(
                (_day(self._days, a["date"]), a["amount"])
                for a in self.doc.get("adjustments") or ()
            )
        return self._adjustments

    @property
    def credits(self) -> tuple[Credit, ...]:
        """Payments and applied deposits, oldest first, bounced ones included."""
        if self._credits is _UNSET:
            received = (*self._payments.of_target.all(self.ref), *self._deposits)
            self._credits = tuple(
                sorted((_credit(p, self._days) for p in received), key=lambda c: (c.on, c.ref))
            )
        return self._credits

    @property
    def settled_on(self) -> date | None:
        """The day the payments that still stand first covered the whole invoice."""
        if self._settled_on is _UNSET:
            self._settled_on = self._find_settled_on()
        return self._settled_on

    def _find_settled_on(self) -> date | None:
        if self.balance > 0:
            return None
        if self.total <= 0:
            return self.issued
        only = self._payments.of_target.only(self.ref)
        if only is not None and not self._deposits and only["amount"] >= self.total:
            return max(_day(self._days, only["date"]), self.issued)
        running = 0
        for credit in self.credits:
            if credit.bounced is None:
                running += credit.amount
                if running >= self.total:
                    return max(credit.on, self.issued)
        return self.issued

    @property
    def adjusted_by(self) -> int:
        """Credit notes (negative) and billing corrections (positive) recorded on the invoice."""
        return self.total - self.charged

    def days_overdue(self, today: date) -> int:
        if self.balance <= 0:
            return 0
        return max(0, (today - self.due).days)

    def status(self, today: date) -> str:
        """paid / overdue / partial / open / draft (not sent yet)."""
        if self.balance <= 0:
            return "paid"
        if today > self.due:
            return "overdue"
        if self.paid > 0:
            return "partial"
        return "open" if self.doc.get("sent") else "draft"

    def total_on(self, day: date) -> int:
        if day < self.issued:
            return 0
        return self.charged + sum(amount for on, amount in self.adjustments if on <= day)

    def paid_on(self, day: date, *, as_known: bool = True) -> int:
        """Received by the end of `day`; a payment that bounced later counts until it bounced
        (as it was known then), or never when `as_known` is False."""
        if as_known:
            return sum(c.amount for c in self.credits if c.live_on(day))
        return sum(c.amount for c in self.credits if c.bounced is None and c.on <= day)

    def balance_on(self, day: date, *, as_known: bool = True) -> int:
        """Principal owed at the end of `day`."""
        if day < self.issued:
            return 0
        return self.total_on(day) - self.paid_on(day, as_known=as_known)

    def last_payment(self) -> Credit | None:
        live = [c for c in self.credits if c.bounced is None]
        return live[-1] if live else None


class Accounts:
    """Every invoice's money, grouped by customer, with the indexes the warning signs scan.

    Each whole-table index is built in one pass, the first time a question needs it; a
    customer's log is sorted the first time that customer is asked about.
    """

    def __init__(self, view: BookView, figures: Figures) -> None:
        self._view = weakref.ref(view)  # the view keeps its accounts: never keep it alive
        self._figures = figures
        money = _reused(
            view,
            figures,
            "invoices",
            ("invoices", "payments"),
            lambda: _InvoiceIndex(view, figures),
        )
        self._payment_index = money.payments
        self.invoices = money.invoices
        self.of_customer = money.of_customer
        self.open_of = money.open_of
        self.adjusted = money.adjusted
        self._of_job = money.of_job
        self._contacts: dict[str, list[Doc]] = {}
        self._payments: dict[str, list[Doc]] = {}

    @property
    def view(self) -> BookView:
        view = self._view()
        if view is None:
            raise ReferenceError("the book view these accounts were built from is gone")
        return view

    def money(self, invoice: Doc) -> InvoiceMoney:
        """The money of an invoice record of this view."""
        return self.invoices[invoice["ref"]]

    def customer_invoices(self, customer_ref: str) -> list[InvoiceMoney]:
        return self.of_customer.get(customer_ref, [])

    def balance(self, customer_ref: str) -> int:
        return sum(m.balance for m in self.customer_invoices(customer_ref))

    def open_invoices(self, customer_ref: str) -> list[InvoiceMoney]:
        """Invoices with principal still owed, in the order they were written."""
        return self.open_of.get(customer_ref, [])

    def invoices_of_job(self, job_ref: str) -> list[InvoiceMoney]:
        return self._of_job.all(job_ref)

    def deposits_received(self, job_ref: str) -> int:
        """Deposits taken on the job that did not bounce."""
        return sum(
            p["amount"] for p in self._payment_index.of_target.all(job_ref) if not p["bounced"]
        )

    def contacts(self, customer_ref: str) -> list[Doc]:
        """The customer's contacts in the order they happened, as corrected (see
        `effective_contacts`): what the warning signs and the ladder count."""
        found = self._contacts.get(customer_ref)
        if found is None:
            found = sorted(
                effective_contacts(self.contact_entries(customer_ref)),
                key=lambda c: (c["at_utc"], c["ref"]),
            )
            self._contacts[customer_ref] = found
        return found

    def contact_entries(self, customer_ref: str) -> list[Doc]:
        """The customer's contacts as written, unsorted, corrected ones included: for quick scans."""
        return self._contact_index.of_customer.get(customer_ref, [])

    def payments(self, customer_ref: str) -> list[Doc]:
        """Every payment and deposit of the customer, bounced ones too, oldest first."""
        found = self._payments.get(customer_ref)
        if found is None:
            entries = self._payment_index.of_customer.get(customer_ref, ())
            found = sorted(entries, key=lambda p: (p["date"], p["ref"]))
            self._payments[customer_ref] = found
        return found

    @property
    def promising(self) -> frozenset[str]:
        """Customers who ever promised to pay."""
        return self._contact_index.promising

    @property
    def disputing(self) -> frozenset[str]:
        """Customers who ever raised a dispute."""
        return self._contact_index.disputing

    @property
    def bounced(self) -> dict[str, list[Doc]]:
        """Bounced payments by customer."""
        return self._payment_index.bounced

    @property
    def unbilled(self) -> dict[str, list[Doc]]:
        """Jobs under way or done with no invoice yet, by customer."""
        return self._job_index.unbilled

    def first_job(self, customer_ref: str) -> Doc | None:
        """The first job, not cancelled, of a customer with work not yet billed."""
        return self._job_index.first.get(customer_ref)

    def moved_after(self, day: str) -> set[str]:
        """Invoices that received money, or lost it to a bounce, after the ISO `day`."""
        moved = set()
        for payment in _values(self.view, "payments"):
            if payment["date"] > day or (payment["bounced"] or "") > day:
                target = payment.get("invoice")
                if target is None:
                    billed = self._of_job.first.get(payment.get("job"))
                    target = billed.ref if billed else None
                if target is not None:
                    moved.add(target)
        return moved

    @cached_property
    def _contact_index(self) -> _ContactIndex:
        view = self.view
        return _reused(
            view,
            self._figures,
            "contacts",
            ("contacts",),
            lambda: _ContactIndex(_values(view, "contacts")),
        )

    @cached_property
    def _job_index(self) -> _JobIndex:
        view = self.view
        return _reused(
            view,
            self._figures,
            "jobs",
            ("jobs", "invoices", "payments"),
            lambda: _JobIndex(view.tables.get("jobs") or {}, self._of_job.first, self.of_customer),
        )


#: outcomes of an outbound contact in which the customer actually answered
ANSWERED = frozenset({"spoke", "agreed", "refused", "disputed"})


def heard_from(contact: Doc) -> bool:
    """The customer answered: they got in touch, or picked up and talked when we did."""
    return contact["direction"] == "in" or contact.get("outcome") in ANSWERED


def effective_contacts(entries: Sequence[Doc]) -> list[Doc]:
    """The contacts that happened, each as its latest correction tells it.

    A correction (an entry whose `corrects` names an earlier one) is not a contact of its own
    and is never counted as one: it supersedes the entry it corrects, which keeps its ref and
    its place in time and takes the correction's account of what happened (channel,
    direction, outcome, summary, promise, dispute, invoices), with `corrected_by` naming the
    correction. A correction of a correction supersedes the original; the later of two wins.
    """
    by_ref = {c["ref"]: c for c in entries}
    latest: dict[str, Doc] = {}
    for entry in sorted((c for c in entries if c.get("corrects")), key=_entry_order):
        original, seen = entry["corrects"], {entry["ref"]}
        while original in by_ref and by_ref[original].get("corrects") and original not in seen:
            seen.add(original)
            original = by_ref[original]["corrects"]
        latest[original] = entry
    found = []
    for entry in entries:
        if entry.get("corrects"):
            continue
        fix = latest.get(entry["ref"])
        if fix is None:
            found.append(entry)
        else:
            found.append(
                {
                    **fix,
                    "ref": entry["ref"],
                    "at": entry["at"],
                    "at_utc": entry["at_utc"],
                    "letter": fix.get("letter") or entry.get("letter"),
                    "corrects": None,
                    "corrected_by": fix["ref"],
                }
            )
    return found


def _entry_order(entry: Doc) -> tuple[str, int]:
    """Log order: the entries of one book are numbered as they were written."""
    head, _, number = entry["ref"].rpartition("-")
    return head, int(number) if number.isdigit() else 0


class _Grouped(Generic[T]):
    """Values grouped by key where most keys have just one: each key's first value sits in
    `first` and only the rare later ones in a list in `more`. Ten thousand one-item lists
    would cost the garbage collector more than the lookups they save."""

    __slots__ = ("first", "more")

    def __init__(self) -> None:
        self.first: dict[str, T] = {}
        self.more: dict[str, list[T]] = {}

    def add(self, key: str, value: T) -> None:
        if key in self.first:
            self.more.setdefault(key, []).append(value)
        else:
            self.first[key] = value

    def all(self, key: str) -> list[T]:
        """The key's values in the order they were added."""
        found = self.first.get(key)
        if found is None:
            return []
        return [found, *self.more.get(key, ())]

    def only(self, key: str) -> T | None:
        """The key's value when it has exactly one."""
        return None if key in self.more else self.first.get(key)


class _PaymentIndex:
    """Payments by what they pay (an invoice, or a job's deposit), by customer, and the
    bounced ones: every payment index in a single pass over the table."""

    def __init__(self, payments) -> None:
        self.of_target: _Grouped[Doc] = _Grouped()
        self.of_customer: dict[str, list[Doc]] = {}
        self.bounced: dict[str, list[Doc]] = defaultdict(list)
        of_target, of_customer = self.of_target, self.of_customer
        for payment in payments:
            # the likely double of one recorded on another device of a shared book counts for
            # nothing until the user settles it as a payment of its own
            if not payment.get("duplicate_of"):
                of_target.add(payment.get("invoice") or payment["job"], payment)
            customer = payment["customer"]
            group = of_customer.get(customer)
            if group is None:
                of_customer[customer] = [payment]
            else:
                group.append(payment)
            if payment["bounced"]:
                self.bounced[customer].append(payment)


class _ContactIndex:
    """The contact log by customer, and who ever promised or disputed: one pass over the
    largest table of the book, so no question about contacts walks it twice."""

    def __init__(self, contacts) -> None:
        self.of_customer: dict[str, list[Doc]] = {}
        promising: set[str] = set()
        disputing: set[str] = set()
        of_customer = self.of_customer
        for contact in contacts:
            customer = contact["customer"]
            group = of_customer.get(customer)
            if group is None:
                of_customer[customer] = [contact]
            else:
                group.append(contact)
            if contact["promise"]:
                promising.add(customer)
            if contact["dispute"]:
                disputing.add(customer)
        self.promising = frozenset(promising)
        self.disputing = frozenset(disputing)


class _JobIndex:
    """Work under way or done and not yet billed, and the first job of those customers.

    One look at each job's ref finds the few no invoice names; the first job of a customer
    with unbilled work is then sought among those and the jobs of that customer's invoices,
    not the whole table.
    """

    def __init__(
        self,
        jobs: Mapping[int, Doc],
        billed: dict[str, InvoiceMoney],
        invoices_of: dict[str, list[InvoiceMoney]],
    ) -> None:
        loose = [job for job in jobs.values() if job["ref"] not in billed]
        self.unbilled: dict[str, list[Doc]] = defaultdict(list)
        for job in loose:
            if job["status"] in ("in-progress", "done"):
                self.unbilled[job["customer"]].append(job)
        candidates = [job for job in loose if job["customer"] in self.unbilled]
        for customer in self.unbilled:
            for money in invoices_of.get(customer, ()):
                candidates.extend(filter(None, (_job(jobs, ref) for ref in money.doc["jobs"])))
        self.first: dict[str, Doc] = {}
        for job in candidates:
            if job["customer"] not in self.unbilled:
                continue
            first = self.first.get(job["customer"])
            if job["status"] != "cancelled" and (
                first is None or (job["start"], job["ref"]) < (first["start"], first["ref"])
            ):
                self.first[job["customer"]] = job


def _job(jobs: Mapping[int, Doc], ref: str) -> Doc | None:
    """A job by ref: its id is in its ref (J-0042 is job 42), unless the book was edited by hand."""
    digits = ref[2:]
    job = jobs.get(int(digits)) if digits.isdigit() else None
    if job is not None and job["ref"] == ref:
        return job
    return next((job for job in jobs.values() if job["ref"] == ref), None)


def _values(view: BookView, table: str):
    return (view.tables.get(table) or {}).values()


def accounts(view: BookView) -> Accounts:
    """The view's accounts, built on first use and kept by the view for as long as it lives."""
    return view.accounts


class _InvoiceIndex:
    """Every invoice's money and how it is grouped, in one pass over the invoices; a job's
    deposits count against its first invoice. Reads the invoices and payments tables only."""

    def __init__(self, view: BookView, figures: Figures) -> None:
        self.payments = _PaymentIndex(_values(view, "payments"))
        self.invoices: dict[str, InvoiceMoney] = {}
        of_customer: dict[str, list[InvoiceMoney]] = defaultdict(list)
        open_of: dict[str, list[InvoiceMoney]] = defaultdict(list)
        self.adjusted: list[InvoiceMoney] = []  # invoices with credit notes or corrections
        #: each job's invoices; the first is the one its deposits count against
        self.of_job: _Grouped[InvoiceMoney] = _Grouped()
        payments = self.payments
        of_target, of_job, invoices = payments.of_target, self.of_job, self.invoices
        none: tuple[Doc, ...] = ()
        known, ratios, days = figures.charged, figures.ratios, figures.days
        for inv in view.table("invoices"):  # in id order
            ref = inv["ref"]
            paid = 0
            for payment in of_target.all(ref):
                if not payment["bounced"]:
                    paid += payment["amount"]
            deposits = none
            jobs = inv["jobs"]
            for job in jobs:
                if job not in of_job.first and job in of_target.first:
                    deposits += tuple(of_target.all(job))
            for payment in deposits:
                if not payment["bounced"]:
                    paid += payment["amount"]
            changes = inv["adjustments"]
            seen = known.get(ref)
            if seen is not None and seen[0] is inv:
                charged = seen[1]
            else:
                charged = invoice_charged(inv, ratios)
                known[ref] = (inv, charged)
            money = InvoiceMoney(
                inv,
                charged,
                sum(a["amount"] for a in changes) if changes else 0,
                paid,
                payments,
                deposits,
                days,
            )
            invoices[ref] = money
            of_customer[money.customer].append(money)
            if money.balance > 0:
                open_of[money.customer].append(money)
            if changes:
                self.adjusted.append(money)
            for job in jobs:
                of_job.add(job, money)
        self.of_customer = dict(of_customer)
        self.open_of = dict(open_of)


def _reused(
    view: BookView, figures: Figures, kind: str, names: tuple[str, ...], build: Callable[[], Any]
) -> Any:
    """An index over tables that never change once handed out (a picture of the store, which
    replaces a table rather than edit it) is built once for those very tables: after a quick
    log only the contact log's indexes are rebuilt. Tables that may change are indexed anew."""
    if not getattr(view.tables, "unchanging", False):
        return build()
    tables = tuple(view.tables.get(name) for name in names)
    known = figures.reused.get(kind)
    if known is not None and all(a is b for a, b in zip(known[0], tables, strict=True)):
        return known[1]
    found = build()
    figures.reused[kind] = (tables, found)
    return found


def _credit(payment: Doc, days: dict[str, date]) -> Credit:
    bounced = payment.get("bounced")
    return Credit(
        _day(days, payment["date"]),
        payment["amount"],
        _day(days, bounced) if bounced else None,
        payment["ref"],
        not payment.get("invoice"),
    )


def _day(days: dict[str, date], iso: str) -> date:
    """An ISO date, parsed once for the book (`days` is its `Figures.days`)."""
    found = days.get(iso)
    if found is None:
        found = days[iso] = date.fromisoformat(iso)
    return found


# ----- exact arithmetic, quicker than Decimal for a whole book ---------------------------


def _ratio(ratios: dict[str, Ratio], text: str) -> Ratio:
    found = ratios.get(text)
    if found is None:
        found = ratios[text] = Decimal(text).as_integer_ratio()
    return found


def round_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator to the nearest whole, halves away from zero (as ROUND_HALF_UP)."""
    if denominator == 1:
        return numerator
    whole, rest = divmod(abs(numerator), denominator)
    if 2 * rest >= denominator:
        whole += 1
    return -whole if numerator < 0 else whole


def round_fraction(value: Fraction) -> int:
    return round_half_up(value.numerator, value.denominator)


def line_cents(item: Doc) -> int:
    """One line of an invoice: unit × qty, rounded half-up to the cent."""
    num, den = Decimal(item["qty"]).as_integer_ratio()
    return round_half_up(item["unit"] * num, den)


def invoice_lines(inv: Doc, ratios: dict[str, Ratio] | None = None) -> int:
    """The sum of the invoice's lines, each rounded to the cent (`ratios`: see `Figures`)."""
    known = {} if ratios is None else ratios
    lines = 0
    for item in inv["items"]:
        num, den = known.get(item["qty"]) or _ratio(known, item["qty"])
        lines += item["unit"] * num if den == 1 else round_half_up(item["unit"] * num, den)
    return lines


def invoice_tax(inv: Doc, ratios: dict[str, Ratio] | None = None) -> int:
    """Sales tax on the lines at the invoice's rate, rounded half-up to the cent."""
    return _tax(invoice_lines(inv, ratios), inv.get("tax_pct"), ratios)


def invoice_charged(inv: Doc, ratios: dict[str, Ratio] | None = None) -> int:
    """Lines plus tax, before adjustments."""
    lines = invoice_lines(inv, ratios)
    return lines + _tax(lines, inv.get("tax_pct"), ratios)


def invoice_total(inv: Doc) -> int:
    """What an invoice record asks for: lines + tax + adjustments. For a record not (yet) in a
    view; one in a view has it as `accounts(view).invoices[ref].total`."""
    return invoice_charged(inv) + sum(a["amount"] for a in inv.get("adjustments") or ())


def _tax(lines: int, pct: str | None, ratios: dict[str, Ratio] | None) -> int:
    if not pct or pct == "0":
        return 0
    num, den = _ratio({} if ratios is None else ratios, pct)
    return round_half_up(lines * num, den * 100)
