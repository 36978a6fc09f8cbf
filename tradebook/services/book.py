"""Recording things in the book: the one path every write takes, from the CLI and the TUI alike.

Each method checks its input against the book, then writes one transaction. A refused
input raises a `TradebookError` before anything is written.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from tradebook.book.store import Store
from tradebook.documents.paying import parse_pay_methods
from tradebook.domain import ledger
from tradebook.domain.chain import GENESIS, seal
from tradebook.domain.money import MAX_CENTS, fmt, times
from tradebook.domain.refs import make_ref, parse_ref, ref_id
from tradebook.domain.view import BookView, Doc
from tradebook.errors import Ambiguous, BadInput, NotFound

JOB_STATUSES = ("quoted", "booked", "in-progress", "done", "cancelled")
CHANNELS = ("call", "text", "email", "visit", "letter")
OUTCOMES = (
    "spoke",
    "agreed",
    "no-answer",
    "voicemail",
    "left-message",
    "sent",
    "received",
    "refused",
    "disputed",
    "prepared",
)
METHODS = ("cash", "check", "card", "transfer", "other")
DELIVERY = ("email", "post", "certified", "hand")
EVERY = ("month", "quarter", "year")
US_STATES = frozenset(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "DC",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
    ]
)
KIND_NAMES = {
    "customers": "customer",
    "jobs": "job",
    "invoices": "invoice",
    "payments": "payment",
    "contacts": "contact",
    "contracts": "service contract",
    "plans": "payment plan",
    "letters": "letter",
    "cases": "case",
    "corrections": "billing correction",
}


@dataclass(frozen=True)
class Item:
    """One invoice line: what was done, how many, at what unit price (cents)."""

    desc: str
    qty: Decimal
    unit: int

    def as_doc(self) -> Doc:
        return {"desc": self.desc, "qty": str(self.qty), "unit": self.unit}


def clean_text(
    value: str | None, what: str, *, required: bool = False, limit: int = 4000, says: bool = False
) -> str:
    """Trimmed user text; short fields (names, phones, addresses, refs: limit ≤ 400) are one line.
    Text that `says` something (a note, what happened, a description) needs a letter or a digit:
    a lone `-` or `.` would sit in the book, and in the chained contact log, as evidence of
    nothing."""
    text = (value or "").strip()
    if limit <= 400 and ("\n" in text or "\r" in text):
        raise BadInput(f"{what} must be on one line")
    if required and not text:
        raise BadInput(f"{what} cannot be empty")
    if says and value and not any(ch.isalnum() for ch in text):
        instead = "write it out" if required else "write it out, or leave it out"
        raise BadInput(
            f"{what} must say something (not just {text!r}): {instead}"
            if text
            else f"{what} is blank: {instead}"
        )
    if len(text) > limit:
        raise BadInput(f"{what} is too long ({len(text)} characters; at most {limit})")
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in text):
        raise BadInput(f"{what} contains control characters")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise BadInput(f"{what} is not valid text (it holds bytes that are not UTF-8)") from None
    return text


def fold(text: str) -> str:
    """Text for matching: case and accents set aside, so `jose` finds José."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def check_phone(phone: str) -> str:
    phone = clean_text(phone, "phone", required=True, limit=40)
    if len(_digits(phone)) < 7:
        raise BadInput(f"not a phone number: {phone!r} (at least 7 digits)")
    return phone


def check_email(email: str) -> None:
    local, _, domain = email.strip().partition("@")
    if not local or "." not in domain or " " in email.strip() or domain.startswith("."):
        raise BadInput(f"not an email address: {email!r}")


#: what the business is, as a party in court (`--entity`)
ENTITIES = ("business", "individual", "sole-proprietor", "llc", "corporation", "partnership")


def check_state(code: str | None, what: str = "state") -> str | None:
    """A two-letter US state code in capitals, or None when not given."""
    text = (code or "").strip().upper()
    if not text:
        return None
    if text not in US_STATES:
        raise BadInput(f"{what} {code!r} is not a US state's two-letter code (such as KY or TX)")
    return text


def _not_after_today(on: date, today: date | None, what: str) -> None:
    if today is not None and on > today:
        raise BadInput(f"{what} {on} is in the future (today is {today})")


def _iso_at(at: datetime) -> tuple[str, str]:
    if at.tzinfo is None:
        raise BadInput("a contact's time must carry its timezone")
    local = at.replace(microsecond=0)
    return local.isoformat(), local.astimezone(UTC).isoformat()


class Book:
    """The business book: a store plus the rules for writing into it."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._view: BookView | None = None
        self._view_version = -1

    @classmethod
    def open(cls, path: Path | str, *, create: bool = False, daily_backup: bool = True) -> Book:
        return cls(Store.open(Path(path), create=create, daily_backup=daily_backup))

    def close(self) -> None:
        self.store.close()

    @property
    def path(self) -> Path:
        return self.store.path

    @property
    def view(self) -> BookView:
        """An indexed picture of the book, rebuilt only when the book changed."""
        self.store.refresh()
        if self._view is None or self._view_version != self.store.version:
            self._view = BookView(self.store.tables())
            self._view_version = self.store.version
        return self._view

    # ----- finding records -------------------------------------------------------------

    def get(self, ref: str, table: str | None = None) -> Doc:
        """The record with this ref; `table` restricts which kind is acceptable."""
        parsed = parse_ref(ref)
        if parsed is None or (table and parsed[0] != table):
            kind = KIND_NAMES.get(table or "", "record")
            raise NotFound(f"{ref!r} is not a {kind} ref")
        doc = self.store.get(parsed[0], parsed[1])
        if doc is None:
            self.store.refresh()
            doc = self.store.get(parsed[0], parsed[1])
        if doc is None:
            raise NotFound(f"no {KIND_NAMES[parsed[0]]} {ref.upper()} in this book")
        return doc

    def customer(self, text: str) -> Doc:
        """A customer by ref (`C-0007`) or by an unambiguous part of the name."""
        needle = (text or "").strip()
        if not needle:
            raise BadInput("name a customer (a ref like C-0007 or part of the name)")
        parsed = parse_ref(needle)
        if parsed is not None:
            return self.get(needle, "customers")
        folded = fold(needle)
        digits = "".join(ch for ch in needle if ch.isdigit())
        matches = [
            c
            for c in self.view.customers()
            if folded in fold(c["name"])
            or (len(digits) >= 4 and any(digits in _digits(p) for p in c.get("phones", ())))
        ]
        exact = [c for c in matches if fold(c["name"]) == folded]
        if len(exact) == 1:
            return exact[0]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise NotFound(f"no customer matches {needle!r}")
        listed = ", ".join(f"{c['ref']} {c['name']}" for c in matches[:6])
        more = f" and {len(matches) - 6} more" if len(matches) > 6 else ""
        raise Ambiguous(
            f"{needle!r} matches {len(matches)} customers: {listed}{more} — use the ref"
        )

    # ----- writing ---------------------------------------------------------------------

    def _insert(self, table: str, fields: Doc) -> Doc:
        with self.store.transaction() as tx:
            doc = {"ref": make_ref(table, tx.next_id(table)), **fields}
            tx.insert(table, doc)
        return doc

    def _update(self, table: str, doc: Doc, change: Doc | Callable[[Doc], Doc]) -> None:
        """Merge fields into one record in one transaction; a callable gets the record as it
        is inside the transaction, so an append never loses another process's append."""
        doc_id = ref_id(doc["ref"])
        with self.store.transaction() as tx:
            current = tx.get(table, doc_id) or doc
            tx.update(table, doc_id, change(current) if callable(change) else change)

    def init_profile(self, *, name: str, today: date, **fields: str | int | None) -> Doc:
        name = clean_text(name, "business name", required=True, limit=200)
        profile = {
            k: clean_text(v, k.replace("_", " "), limit=400) if isinstance(v, str) else v
            for k, v in fields.items()
            if v is not None
        }
        state = check_state(str(profile.get("state", "")))
        if state:
            profile["state"] = state
        if profile.get("email"):
            check_email(profile["email"])
        if profile.get("entity") not in (None, *ENTITIES):
            raise BadInput(f"--entity is one of {', '.join(ENTITIES)}")
        if "pay_methods" in profile:
            profile["pay_methods"] = parse_pay_methods(profile["pay_methods"])
        net = profile.get("net_days")
        if net is not None and not 0 <= int(net) <= 365:
            raise BadInput("payment terms must be between 0 and 365 days")
        with self.store.transaction() as tx:
            if tx.get("profile", 1):
                tx.update("profile", 1, {"name": name, **profile})
            else:
                tx.insert(
                    "profile",
                    {"name": name, "net_days": 30, "created": today.isoformat(), **profile},
                )
        return dict(self.store.get("profile", 1) or {})

    def add_customer(
        self,
        name: str,
        *,
        today: date,
        business: bool = False,
        principal: str | None = None,
        phones: Sequence[str] = (),
        emails: Sequence[str] = (),
        address: str | None = None,
        credit_limit: int | None = None,
        cod: bool = False,
        net_days: int | None = None,
        late_fee: Doc | None = None,
        state: str | None = None,
        notes: str | None = None,
    ) -> Doc:
        name = clean_text(name, "customer name", required=True, limit=200, says=True)
        if principal and not business:
            business = True
        if credit_limit is not None and credit_limit < 0:
            raise BadInput("a credit limit cannot be negative")
        if net_days is not None and not 0 <= net_days <= 365:
            raise BadInput("payment terms must be between 0 and 365 days")
        for email in emails:
            check_email(email)
        return self._insert(
            "customers",
            {
                "name": name,
                "kind": "business" if business else "person",
                "principal": clean_text(principal, "principal", limit=200) or None,
                "phones": [check_phone(p) for p in phones],
                "emails": [e.strip() for e in emails],
                "address": clean_text(address, "address", limit=400),
                "credit_limit": credit_limit,
                "cod": bool(cod),
                "net_days": net_days,
                "late_fee": late_fee,
                "state": check_state(state),
                "notes": clean_text(notes, "notes", says=True),
                "created": today.isoformat(),
            },
        )

    def update_customer(self, ref: str, **fields: Any) -> Doc:
        customer = self.get(ref, "customers")
        allowed = {
            "name",
            "principal",
            "phones",
            "emails",
            "address",
            "credit_limit",
            "cod",
            "net_days",
            "late_fee",
            "notes",
            "kind",
            "state",
        }
        unknown = set(fields) - allowed
        if unknown:
            raise BadInput(f"cannot change {', '.join(sorted(unknown))} of a customer")
        if "name" in fields:
            fields["name"] = clean_text(fields["name"], "customer name", required=True, limit=200)
        if "state" in fields:
            fields["state"] = check_state(fields["state"])
        for key, what in (("address", "address"), ("principal", "principal")):
            if key in fields:
                fields[key] = clean_text(fields[key], what, limit=400) or (
                    None if key == "principal" else ""
                )
        if fields.get("kind") not in (None, "person", "business"):
            raise BadInput("a customer is a person or a business")
        self._update("customers", customer, fields)
        return self.get(ref, "customers")

    def add_job(
        self,
        customer: str,
        *,
        site: str,
        desc: str,
        today: date,
        quote: int | None = None,
        deposit: int | None = None,
        start: date | None = None,
        status: str = "booked",
        site_state: str | None = None,
    ) -> Doc:
        cust = self.customer(customer)
        site_state = check_state(site_state, "site state")
        if status not in JOB_STATUSES or status in ("done", "cancelled"):
            raise BadInput(
                f"a new job's status is one of quoted, booked, in-progress (not {status!r})"
            )
        if quote is not None and quote <= 0:
            raise BadInput("a quote must be more than zero")
        if deposit is not None:
            if deposit <= 0:
                raise BadInput("a deposit must be more than zero")
            if quote is not None and deposit > quote:
                raise BadInput("the deposit asked is more than the quote")
        return self._insert(
            "jobs",
            {
                "customer": cust["ref"],
                "site": clean_text(site, "site address", required=True, limit=400),
                **({"site_state": site_state} if site_state else {}),
                "desc": clean_text(desc, "job description", required=True, says=True),
                "status": status,
                "quote": quote,
                "deposit_asked": deposit,
                "start": (start or today).isoformat(),
                "done": None,
                "change_orders": [],
                "attachments": [],
                "created": today.isoformat(),
            },
        )

    def set_job_status(
        self, job_ref: str, status: str, *, on: date, today: date | None = None
    ) -> Doc:
        job = self.get(job_ref, "jobs")
        if status not in JOB_STATUSES:
            raise BadInput(f"job status is one of {', '.join(JOB_STATUSES)}")
        _not_after_today(on, today, f"{job['ref']} {status.replace('-', ' ')} on")
        if status == "done" and on < date.fromisoformat(job["start"]):
            raise BadInput(f"{job['ref']} cannot be done on {on} — it started {job['start']}")
        fields: Doc = {"status": status}
        if status == "done":
            fields["done"] = on.isoformat()
            fields["last_work"] = on.isoformat()  # the lien clock counts from it; editable
        self._update("jobs", job, fields)
        return self.get(job_ref, "jobs")

    def edit_job(
        self,
        job_ref: str,
        *,
        today: date,
        last_work: date | None = None,
        site_state: str | None = None,
        lien: str | None = None,
    ) -> Doc:
        """Change a job's last day of work (the lien clock counts from it), its site state, or
        record the decision about its mechanic's lien (`prepare` or `pass`)."""
        job = self.get(job_ref, "jobs")
        fields: Doc = {}
        if last_work is not None:
            _not_after_today(last_work, today, f"{job['ref']}'s last day of work")
            if last_work < date.fromisoformat(job["start"]):
                raise BadInput(
                    f"{job['ref']}'s last day of work {last_work} is before it started "
                    f"({job['start']})"
                )
            fields["last_work"] = last_work.isoformat()
        if site_state is not None:
            fields["site_state"] = check_state(site_state, "site state")
        if lien is not None:
            if lien not in ("prepare", "pass"):
                raise BadInput("a lien decision is prepare or pass")
            fields["lien"] = {"decision": lien, "on": today.isoformat()}
        if not fields:
            raise BadInput("say what to change: --last-work DATE or --site-state XX")
        self._update("jobs", job, fields)
        return self.get(job_ref, "jobs")

    def attach(self, job_ref: str, path: Path) -> Doc:
        job = self.get(job_ref, "jobs")
        resolved = path.expanduser().resolve()
        if not resolved.is_file():
            raise BadInput(f"no file at {path}")
        self._update("jobs", job, lambda j: {"attachments": [*j["attachments"], str(resolved)]})
        return self.get(job_ref, "jobs")

    def add_change_order(self, job_ref: str, desc: str, amount: int, *, on: date) -> Doc:
        job = self.get(job_ref, "jobs")
        order = {
            "desc": clean_text(desc, "change order", required=True, says=True),
            "amount": amount,
            "date": on.isoformat(),
        }
        self._update("jobs", job, lambda j: {"change_orders": [*j["change_orders"], order]})
        return self.get(job_ref, "jobs")

    def add_contract(
        self,
        customer: str,
        *,
        amount: int,
        every: str,
        desc: str,
        start: date,
        end: date | None = None,
    ) -> Doc:
        cust = self.customer(customer)
        if amount <= 0:
            raise BadInput("a contract amount must be more than zero")
        if every not in EVERY:
            raise BadInput(f"--every is one of {', '.join(EVERY)} (not {every!r})")
        if end is not None and end < start:
            raise BadInput("a contract cannot end before it starts")
        return self._insert(
            "contracts",
            {
                "customer": cust["ref"],
                "amount": amount,
                "every": every,
                "desc": clean_text(desc, "contract description", required=True, says=True),
                "start": start.isoformat(),
                "end": end.isoformat() if end else None,
            },
        )

    def add_invoice(
        self,
        customer: str,
        items: Sequence[Item],
        *,
        issued: date,
        due: date | None = None,
        net_days: int | None = None,
        job: str | None = None,
        contract: str | None = None,
        tax_pct: Decimal | None = None,
        period: str | None = None,
        notes: str | None = None,
        today: date | None = None,
    ) -> Doc:
        cust = self.customer(customer)
        if not items:
            raise BadInput('an invoice needs at least one --item "DESC:QTY:UNIT_PRICE"')
        _not_after_today(issued, today, "an invoice dated")
        lines = sum(times(i.unit, i.qty) for i in items)
        if lines <= 0:
            raise BadInput(
                "the invoice lines add up to nothing to pay (discount lines must leave a total)"
            )
        if any(abs(times(i.unit, i.qty)) > MAX_CENTS for i in items) or lines > MAX_CENTS:
            raise BadInput("the invoice total is too large")
        if job and contract:
            raise BadInput("an invoice is for a job or for a contract, not both")
        jobs = []
        if job:
            j = self.get(job, "jobs")
            if j["customer"] != cust["ref"]:
                raise BadInput(f"{j['ref']} is a job of {j['customer']}, not of {cust['ref']}")
            jobs.append(j["ref"])
        if contract:
            sc = self.get(contract, "contracts")
            if sc["customer"] != cust["ref"]:
                raise BadInput(
                    f"{sc['ref']} is a contract of {sc['customer']}, not of {cust['ref']}"
                )
            contract = sc["ref"]
        if due is None:
            terms = net_days if net_days is not None else cust.get("net_days")
            if terms is None:
                terms = int(self.view.profile.get("net_days", 30))
            due = issued + timedelta(days=terms)
        if due < issued:
            raise BadInput(f"the due date {due} is before the issue date {issued}")
        return self._insert(
            "invoices",
            {
                "customer": cust["ref"],
                "jobs": jobs,
                "contract": contract,
                "items": [i.as_doc() for i in items],
                "tax_pct": str(tax_pct or 0),
                "issued": issued.isoformat(),
                "due": due.isoformat(),
                "period": period,
                "sent": [],
                "adjustments": [],
                "notes": clean_text(notes, "notes", says=True),
            },
        )

    def send_invoice(
        self,
        inv_ref: str,
        *,
        via: str,
        on: date,
        tracking: str | None = None,
        today: date | None = None,
    ) -> Doc:
        inv = self.get(inv_ref, "invoices")
        if via not in DELIVERY:
            raise BadInput(f"--via is one of {', '.join(DELIVERY)} (not {via!r})")
        if tracking and via not in ("post", "certified"):
            raise BadInput("a tracking number goes with --via post or certified")
        _not_after_today(on, today, "sending date")
        if on < date.fromisoformat(inv["issued"]):
            raise BadInput(
                f"{inv['ref']} cannot be sent on {on}, before it was issued ({inv['issued']})"
            )
        sending = {
            "date": on.isoformat(),
            "via": via,
            "tracking": clean_text(tracking, "tracking number", limit=80) or None,
        }
        self._update("invoices", inv, lambda i: {"sent": [*i["sent"], sending]})
        return self.get(inv_ref, "invoices")

    def adjust_invoice(
        self,
        inv_ref: str,
        amount: int,
        *,
        on: date,
        reason: str,
        kind: str = "credit-note",
        source: str | None = None,
    ) -> Doc:
        """A credit note (negative) or correction (positive) on an invoice; never edits its lines."""
        inv = self.get(inv_ref, "invoices")
        if amount == 0:
            raise BadInput("an adjustment of zero changes nothing")
        view = self.view
        if amount < 0 and -amount > ledger.balance(view, inv):
            raise BadInput(f"a credit of {fmt(-amount)} is more than the balance of {inv['ref']}")
        entry = {
            "date": on.isoformat(),
            "amount": amount,
            "kind": kind,
            "reason": clean_text(reason, "reason", required=True, says=True),
            "source": source,
        }
        self._update("invoices", inv, lambda i: {"adjustments": [*i["adjustments"], entry]})
        return self.get(inv_ref, "invoices")

    def pay(
        self,
        target: str,
        amount: int,
        *,
        on: date,
        method: str = "check",
        reference: str | None = None,
        today: date | None = None,
    ) -> Doc:
        """A payment against an invoice, or a deposit against a job."""
        if amount <= 0:
            raise BadInput("a payment must be more than zero")
        _not_after_today(on, today, "a payment dated")
        if method not in METHODS:
            raise BadInput(f"--method is one of {', '.join(METHODS)} (not {method!r})")
        parsed = parse_ref(target)
        if parsed is None or parsed[0] not in ("invoices", "jobs"):
            raise BadInput(f"pay an invoice (INV-0001) or a job's deposit (J-0001), not {target!r}")
        doc = self.get(target, parsed[0])
        fields: Doc = {
            "customer": doc["customer"],
            "amount": amount,
            "date": on.isoformat(),
            "method": method,
            "reference": clean_text(reference, "reference", limit=80),
            "bounced": None,
        }
        if parsed[0] == "invoices":
            owed = ledger.balance(self.view, doc)
            if amount > owed:
                raise BadInput(
                    f"{doc['ref']} has {fmt(owed)} left to pay; {fmt(amount)} is more than that"
                )
            if on < date.fromisoformat(doc["issued"]):
                raise BadInput(
                    f"a payment on {on} is before {doc['ref']} was issued ({doc['issued']})"
                )
            fields["invoice"] = doc["ref"]
        else:
            if doc["status"] == "cancelled":
                raise BadInput(f"{doc['ref']} is cancelled")
            value = (doc.get("quote") or 0) + sum(o["amount"] for o in doc.get("change_orders", ()))
            room = value - ledger.deposits_received(self.view, doc)
            if value and amount > room:
                raise BadInput(
                    f"{doc['ref']} is worth {fmt(value)} and has {fmt(room)} left "
                    f"to take as a deposit; {fmt(amount)} is more than that"
                )
            fields["job"] = doc["ref"]
        return self._insert("payments", fields)

    def bounce(self, payment_ref: str, *, on: date, today: date | None = None) -> Doc:
        payment = self.get(payment_ref, "payments")
        _not_after_today(on, today, "a bounce dated")
        if payment["bounced"]:
            raise BadInput(f"{payment['ref']} already bounced on {payment['bounced']}")
        if on < date.fromisoformat(payment["date"]):
            raise BadInput(
                f"{payment['ref']} cannot bounce on {on}, before it was paid ({payment['date']})"
            )

        def mark(current: Doc) -> Doc:
            if current["bounced"]:
                raise BadInput(f"{payment['ref']} already bounced on {current['bounced']}")
            return {"bounced": on.isoformat()}

        self._update("payments", payment, mark)
        return self.get(payment_ref, "payments")

    def log_contact(
        self,
        customer: str,
        summary: str,
        *,
        via: str,
        at: datetime,
        inbound: bool = False,
        outcome: str | None = None,
        promise_date: date | None = None,
        promise_amount: int | None = None,
        dispute: bool = False,
        resolve_dispute: bool = False,
        invoices: Sequence[str] = (),
        corrects: str | None = None,
        letter: str | None = None,
        recorded: date | None = None,
    ) -> Doc:
        """Append one entry to the customer's contact log (hash-chained, never edited)."""
        cust = self.customer(customer)
        summary = clean_text(summary, "what happened", required=True, says=True)
        if via not in CHANNELS:
            raise BadInput(f"--via is one of {', '.join(CHANNELS)} (not {via!r})")
        if outcome is None:
            outcome = self._default_outcome(via, inbound, promise_date, dispute, corrects)
        if outcome not in OUTCOMES:
            raise BadInput(f"outcome is one of {', '.join(OUTCOMES)} (not {outcome!r})")
        if dispute and resolve_dispute:
            raise BadInput("a contact opens a dispute or resolves one, not both")
        at_local, at_utc = _iso_at(at)
        if recorded is not None and at.date() > recorded:
            raise BadInput(f"a contact at {at_local} is in the future (today is {recorded})")
        if resolve_dispute and not self._dispute_open(cust["ref"]):
            raise BadInput(f"{cust['ref']} has no open dispute to resolve")
        promise = None
        if promise_amount is not None and promise_date is None:
            raise BadInput("a promise needs its day: --promise DATE[:AMOUNT], e.g. fri:200")
        if promise_date is not None:
            if promise_amount is not None and promise_amount <= 0:
                raise BadInput("a promised amount must be more than zero")
            owed = ledger.customer_balance(self.view, cust["ref"])
            if promise_amount is not None and promise_amount > owed:
                raise BadInput(
                    f"a promise of {fmt(promise_amount)} is more than the "
                    f"{fmt(owed)} {cust['name']} owes"
                )
            if promise_date < at.date():
                raise BadInput(
                    f"a promise to pay on {promise_date} is before the contact itself ({at.date()})"
                )
            promise = {"date": promise_date.isoformat(), "amount": promise_amount}
        linked = []
        for ref in invoices:
            inv = self.get(ref, "invoices")
            if inv["customer"] != cust["ref"]:
                raise BadInput(f"{inv['ref']} belongs to {inv['customer']}, not {cust['ref']}")
            linked.append(inv["ref"])
        if corrects:
            old = self.get(corrects, "contacts")
            if old["customer"] != cust["ref"]:
                raise BadInput(
                    f"{old['ref']} is a contact with {old['customer']}, not {cust['ref']}"
                )
            corrects = old["ref"]
        entry = {
            "customer": cust["ref"],
            "at": at_local,
            "at_utc": at_utc,
            "via": via,
            "direction": "in" if inbound else "out",
            "summary": summary,
            "outcome": outcome,
            "promise": promise,
            "dispute": bool(dispute),
            "resolves_dispute": bool(resolve_dispute),
            "invoices": linked,
            "corrects": corrects,
            "letter": letter,
            "recorded": (recorded or at.date()).isoformat(),
        }
        with self.store.transaction() as tx:
            new_id = tx.next_id("contacts")
            last = tx.get("contacts", new_id - 1) if new_id > 1 else None
            doc = seal(
                {"ref": make_ref("contacts", new_id), **entry}, last["hash"] if last else GENESIS
            )
            tx.insert("contacts", doc)
        return doc

    def _dispute_open(self, customer_ref: str) -> bool:
        contacts = self.view.records(customer_ref, "contacts")
        raised = sum(1 for c in contacts if c.get("dispute"))
        resolved = sum(1 for c in contacts if c.get("resolves_dispute"))
        return raised > resolved

    def _default_outcome(
        self,
        via: str,
        inbound: bool,
        promise_date: date | None,
        dispute: bool,
        corrects: str | None,
    ) -> str:
        """What a contact's outcome goes without saying; a call or visit made must say how it went,
        because "they answered" and "nobody picked up" weigh differently as evidence."""
        if inbound:
            return "received"
        if via not in ("call", "visit"):
            return "sent"
        if promise_date is not None:
            return "agreed"
        if dispute:
            return "disputed"
        if corrects:
            return self.get(corrects, "contacts")["outcome"]
        raise BadInput(
            f"say how the {via} went: --outcome spoke, no-answer, voicemail, "
            "left-message or refused"
        )

    def cancel_plans(self, inv_ref: str) -> list[str]:
        """Cancel the invoice's active payment plans (kept in the book, marked cancelled)."""
        inv = self.get(inv_ref, "invoices")
        live = [p for p in self.view.plans_of.get(inv["ref"], ()) if p.get("status") == "active"]
        if not live:
            raise BadInput(f"{inv['ref']} has no active payment plan")
        for plan in live:
            self._update("plans", plan, {"status": "cancelled"})
        return [p["ref"] for p in live]

    def add_plan(
        self, inv_ref: str, *, instalments: int, every_days: int, start: date, today: date
    ) -> Doc:
        inv = self.get(inv_ref, "invoices")
        if not 2 <= instalments <= 60:
            raise BadInput("a payment plan has between 2 and 60 installments")
        if not 1 <= every_days <= 366:
            raise BadInput("installments are between 1 and 366 days apart")
        owed = ledger.balance(self.view, inv)
        if owed <= 0:
            raise BadInput(f"{inv['ref']} is paid; there is nothing to spread over a plan")
        if start < date.fromisoformat(inv["issued"]):
            raise BadInput(
                f"a plan cannot start on {start}, before {inv['ref']} was issued ({inv['issued']})"
            )
        live = [
            p["ref"] for p in self.view.plans_of.get(inv["ref"], ()) if p.get("status") == "active"
        ]
        if live:
            raise BadInput(
                f"{inv['ref']} already has a payment plan ({', '.join(live)}); cancel it "
                f"first with `tradebook plan {inv['ref']} --cancel`"
            )
        if instalments > owed:
            raise BadInput("more installments than cents owed")
        base, extra = divmod(owed, instalments)
        schedule = [
            {
                "date": (start + timedelta(days=every_days * i)).isoformat(),
                "amount": base + (1 if i < extra else 0),
            }
            for i in range(instalments)
        ]
        return self._insert(
            "plans",
            {
                "customer": inv["customer"],
                "invoices": [inv["ref"]],
                "instalments": schedule,
                "created": today.isoformat(),
                "status": "active",
            },
        )
