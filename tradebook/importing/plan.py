"""From an export's rows to the records to add, and writing them in one transaction.

An invoice already in the book is one with the same original number and customer: it is
not added again, so importing a file twice adds nothing. When a later export says more was
paid on it than the book knows, the difference is added as a payment. A customer is matched
by name (case and accents set aside). Nothing is written while any row cannot be read,
unless the user asked to skip such rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from tradebook.domain.accounts import accounts
from tradebook.domain.refs import make_ref, ref_id
from tradebook.errors import BadInput
from tradebook.importing.layouts import LAYOUTS, Entry
from tradebook.importing.table import read_table
from tradebook.services.billing import DELIVERY
from tradebook.services.book import Book
from tradebook.services.inputs import US_STATES, check_email, check_phone, clean_text, fold

_BUSINESS = re.compile(
    r"\b(llc|l\.l\.c|inc|incorporated|corp|corporation|ltd|co|company|llp|"
    r"pllc|lp|group|properties|holdings|associates)\b\.?",
    re.IGNORECASE,
)


@dataclass
class NewInvoice:
    entry: Entry
    customer: str  # folded name: the key of a customer in the book or about to be
    due: date
    payments: list[tuple[date, int]]


@dataclass
class ImportPlan:
    source: str  # the program, as a person names it
    file: str
    encoding: str
    rows: int
    customers: list[dict] = field(default_factory=list)  # new customers (no ref yet)
    invoices: list[NewInvoice] = field(default_factory=list)
    top_ups: list[tuple[str, str, date, int]] = field(
        default_factory=list
    )  # (invoice ref, customer ref, on, cents)
    matched: int = 0  # invoices already in the book, nothing more to add
    unsent: list[str] = field(default_factory=list)  # of those, the ones not recorded as sent
    known_customers: int = 0  # customers of the file already in the book
    bad: list[tuple[int, str]] = field(default_factory=list)
    left_out: list[tuple[int, str]] = field(default_factory=list)

    @property
    def payments(self) -> int:
        return sum(len(i.payments) for i in self.invoices) + len(self.top_ups)

    @property
    def owed(self) -> int:
        return sum(i.entry.amount - i.entry.paid for i in self.invoices)

    @property
    def billed(self) -> int:
        return sum(i.entry.amount for i in self.invoices)

    @property
    def empty(self) -> bool:
        return not (self.customers or self.invoices or self.top_ups)


def plan_import(
    book: Book, path: Path, source: str, *, today: date, day_first: bool = False
) -> ImportPlan:
    """What importing `path` would add to the book; reads the file, writes nothing."""
    layout = LAYOUTS.get(source)
    if layout is None:
        raise BadInput(f"--from is one of {', '.join(LAYOUTS)} (not {source!r})")
    table = read_table(path, layout.is_header, layout.expected())
    plan = ImportPlan(layout.title, table.name, table.encoding, len(table.rows))
    entries = layout.entries(
        table.rows, table.header, day_first=day_first, bad=plan.bad, left_out=plan.left_out
    )
    entries = layout.merge(entries, plan.bad)
    view = book.view
    by_name: dict[str, list[dict]] = {}
    for customer in view.customers():
        by_name.setdefault(fold(customer["name"]), []).append(customer)
    known: dict[tuple[str, str], dict] = {}
    for inv in view.table("invoices"):
        if inv.get("original"):
            known[(inv["original"].casefold(), inv["customer"])] = inv
    net_days = int(view.profile.get("net_days") or 30)
    new_customers: dict[str, dict] = {}
    seen_known: set[str] = set()
    for entry in entries:
        try:
            _check(entry, today)
            name = clean_text(entry.customer, "the customer name", required=True, limit=200)
            key = fold(name)
            existing = by_name.get(key, [])
            if len(existing) > 1:
                raise BadInput(
                    f"{len(existing)} customers in the book are called {name!r} "
                    f"({', '.join(c['ref'] for c in existing)})"
                )
            if existing:
                cust_ref = existing[0]["ref"]
                seen_known.add(cust_ref)
                same = known.get((entry.number.casefold(), cust_ref))
                if same is not None:
                    _top_up(plan, view, same, entry, today)
                    if not same.get("sent") and not entry.draft:
                        plan.unsent.append(same["ref"])
                    continue
            elif key not in new_customers:
                new_customers[key] = _customer(entry, name, plan, today)
            due = entry.due or entry.issued + timedelta(days=net_days)
            plan.invoices.append(NewInvoice(entry, key, due, _payments(entry, due, today)))
        except BadInput as exc:
            plan.bad.append((entry.line, exc.message))
    plan.customers = list(new_customers.values())
    plan.known_customers = len(seen_known)
    plan.bad.sort()
    plan.left_out.sort()
    return plan


def _check(entry: Entry, today: date) -> None:
    clean_text(entry.number, "the invoice number", required=True, limit=40)
    clean_text(entry.desc, "the description")
    if entry.issued > today:
        raise BadInput(f"invoice {entry.number} is dated {entry.issued}, after today ({today})")
    if entry.due is not None and entry.due < entry.issued:
        raise BadInput(
            f"invoice {entry.number} falls due ({entry.due}) before it was issued ({entry.issued})"
        )
    if entry.amount == 0:
        raise BadInput(f"invoice {entry.number} is for nothing ($0.00)")
    for on, _ in entry.payments:
        if on is not None and on > today:
            raise BadInput(f"invoice {entry.number} was paid on {on}, after today ({today})")


def _payments(entry: Entry, due: date, today: date) -> list[tuple[date, int]]:
    """Each payment with its day: where the file does not say when, the due date (or today,
    if that is sooner); never before the invoice's own date."""
    return [(max(on or min(due, today), entry.issued), cents) for on, cents in entry.payments]


def _top_up(plan: ImportPlan, view, inv: dict, entry: Entry, today: date) -> None:
    money = accounts(view).money(inv)
    more = entry.paid - money.paid
    if more > 0 and entry.amount == money.total:
        last = max((on for on, _ in entry.payments if on is not None), default=None)
        on = max(last or today, date.fromisoformat(inv["issued"]))
        plan.top_ups.append((inv["ref"], inv["customer"], on, more))
    else:
        plan.matched += 1


def _customer(entry: Entry, name: str, plan: ImportPlan, today: date) -> dict:
    email = entry.email.strip()
    if email:
        check_email(email)
    phone = check_phone(entry.phone) if entry.phone.strip() else None
    state = entry.state.strip().upper()
    return {
        "name": name,
        "kind": "business" if _BUSINESS.search(name) else "person",
        "principal": None,
        "phones": [phone] if phone else [],
        "emails": [email] if email else [],
        "address": clean_text(entry.address, "the address", limit=400),
        "credit_limit": None,
        "cod": False,
        "net_days": None,
        "late_fee": None,
        "state": state if state in US_STATES else None,
        "notes": f"Imported from {plan.source} ({plan.file}) on {today}",
        "created": today.isoformat(),
    }


@dataclass
class Imported:
    customers: list[str]
    invoices: list[str]
    payments: list[str]
    marked_sent: int = 0  # invoices imported before, now recorded as sent


def apply_import(
    book: Book, plan: ImportPlan, *, today: date, sent_via: str | None = None
) -> Imported:
    """Write the plan in one transaction: every record, or (on any failure) none."""
    if plan.bad:
        raise BadInput(f"{len(plan.bad)} rows of {plan.file} cannot be read; nothing written")
    if sent_via is not None and sent_via not in DELIVERY:
        raise BadInput(f"--sent-via is one of {', '.join(DELIVERY)} (not {sent_via!r})")
    made = Imported([], [], [])
    note = f"Imported from {plan.source} ({plan.file}) on {today}"
    reference = f"paid to date, imported from {plan.source}"[:80]
    with book.store.transaction() as tx:
        refs: dict[str, str] = {}
        for customer in tx.table("customers").values():
            refs.setdefault(fold(customer["name"]), customer["ref"])
        known = {
            (inv["original"].casefold(), inv["customer"])
            for inv in tx.table("invoices").values()
            if inv.get("original")
        }
        for doc in plan.customers:
            key = fold(doc["name"])
            if key in refs:  # added by another tradebook since the plan was made
                continue
            ref = make_ref("customers", tx.next_id("customers"))
            tx.insert("customers", {"ref": ref, **doc})
            refs[key] = ref
            made.customers.append(ref)
        for new in plan.invoices:
            entry, cust = new.entry, refs[new.customer]
            if (entry.number.casefold(), cust) in known:
                continue
            ref = make_ref("invoices", tx.next_id("invoices"))
            sent = (
                [{"date": entry.issued.isoformat(), "via": sent_via, "tracking": None}]
                if sent_via and not entry.draft
                else []
            )
            tx.insert(
                "invoices",
                {
                    "ref": ref,
                    "customer": cust,
                    "jobs": [],
                    "contract": None,
                    "items": [
                        {"desc": _desc(entry, plan.source), "qty": "1", "unit": entry.amount}
                    ],
                    "tax_pct": "0",
                    "issued": entry.issued.isoformat(),
                    "due": new.due.isoformat(),
                    "period": None,
                    "sent": sent,
                    "adjustments": [],
                    "notes": note,
                    "original": entry.number,
                },
            )
            known.add((entry.number.casefold(), cust))
            made.invoices.append(ref)
            for on, cents in new.payments:
                made.payments.append(_pay(tx, cust, ref, on, cents, reference))
        for inv_ref, cust, on, cents in plan.top_ups:
            made.payments.append(_pay(tx, cust, inv_ref, on, cents, reference))
        for inv_ref in plan.unsent if sent_via else ():
            doc_id = ref_id(inv_ref)
            inv = tx.get("invoices", doc_id)
            if inv is not None and not inv.get("sent"):
                tx.update(
                    "invoices",
                    doc_id,
                    {"sent": [{"date": inv["issued"], "via": sent_via, "tracking": None}]},
                )
                made.marked_sent += 1
    return made


def _pay(tx, customer: str, invoice: str, on: date, cents: int, reference: str) -> str:
    ref = make_ref("payments", tx.next_id("payments"))
    tx.insert(
        "payments",
        {
            "ref": ref,
            "customer": customer,
            "amount": cents,
            "date": on.isoformat(),
            "method": "other",
            "reference": reference,
            "bounced": None,
            "invoice": invoice,
        },
    )
    return ref


def _desc(entry: Entry, source: str) -> str:
    text = " ".join(entry.desc.split())[:200]
    return text or f"Invoice {entry.number} (from {source})"
