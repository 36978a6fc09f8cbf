"""Billing mistakes on agreed recurring work: which periods were billed below the contract.

A service contract agrees an amount per month, quarter or year. Each period is billed by the
contract's invoices for it (their `period`, or the period of their issue date when none is
written). Every period from the contract's start up to the last one billed is expected; a
period billed below the agreed amount, or skipped, is under-billed. Periods already settled
by a recorded billing correction are left out.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from tradebook.domain.accounts import accounts, heard_from, line_cents
from tradebook.domain.dates import date_of
from tradebook.domain.money import decimal_str, fmt, percent_of
from tradebook.domain.view import BookView, Doc

OPTIONS = ("next-invoice", "separate", "write-off")
OPTION_TEXT = {
    "next-invoice": "added to the next invoice",
    "separate": "billed separately",
    "write-off": "written off as goodwill",
}


def period_of(day: date, every: str) -> str:
    if every == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if every == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year:04d}"


def period_start(label: str) -> date:
    if "-Q" in label:
        year, quarter = label.split("-Q")
        return date(int(year), 3 * int(quarter) - 2, 1)
    if "-" in label:
        year, month = label.split("-")
        return date(int(year), int(month), 1)
    return date(int(label), 1, 1)


def next_period(label: str, every: str) -> str:
    start = period_start(label)
    months = {"month": 1, "quarter": 3, "year": 12}[every]
    index = start.year * 12 + start.month - 1 + months
    return period_of(date(index // 12, index % 12 + 1, 1), every)


def periods_between(first: str, last: str, every: str) -> list[str]:
    found = []
    label = first
    while period_start(label) <= period_start(last):
        found.append(label)
        label = next_period(label, every)
    return found


@dataclass(frozen=True)
class Shortfall:
    period: str
    invoice: str | None  # None: the period was never billed
    billed: int
    agreed: int
    tax_pct: str

    @property
    def short(self) -> int:
        return self.agreed - self.billed

    @property
    def tax(self) -> int:
        return percent_of(self.short, self.tax_pct)

    def as_doc(self) -> Doc:
        return {
            "period": self.period,
            "invoice": self.invoice,
            "billed": self.billed,
            "agreed": self.agreed,
        }

    def as_dict(self) -> dict:
        return {
            "period": self.period,
            "invoice": self.invoice,
            "billed": decimal_str(self.billed),
            "agreed": decimal_str(self.agreed),
            "short": decimal_str(self.short),
            "tax": decimal_str(self.tax),
        }


@dataclass(frozen=True)
class Arrears:
    contract: str
    customer: str
    agreed: int
    every: str
    periods: tuple[Shortfall, ...]

    @property
    def amount(self) -> int:
        """What was not billed, before tax."""
        return sum(p.short for p in self.periods)

    @property
    def tax(self) -> int:
        return sum(p.tax for p in self.periods)

    @property
    def total(self) -> int:
        return self.amount + self.tax

    @property
    def span(self) -> str:
        if not self.periods:
            return ""
        first, last = self.periods[0].period, self.periods[-1].period
        return first if first == last else f"{first} to {last}"

    def invoices(self) -> tuple[str, ...]:
        return tuple(p.invoice for p in self.periods if p.invoice)

    def describe(self) -> str:
        n = len(self.periods)
        return (
            f"{self.contract}: {n} {self.every}{'s' if n != 1 else ''} ({self.span}) billed "
            f"below the agreed {fmt(self.agreed)} a {self.every} — {fmt(self.amount)} "
            "under-billed" + (f" plus {fmt(self.tax)} tax" if self.tax else "")
        )

    def as_dict(self) -> dict:
        return {
            "contract": self.contract,
            "customer": self.customer,
            "agreed": decimal_str(self.agreed),
            "every": self.every,
            "periods": [p.as_dict() for p in self.periods],
            "amount": decimal_str(self.amount),
            "tax": decimal_str(self.tax),
            "total": decimal_str(self.total),
        }


def contract_arrears(view: BookView, contract_ref: str, today: date) -> Arrears:
    """The contract's under-billed periods up to the last one billed (and not after today)."""
    contract = view.get(contract_ref)
    if contract is None:
        raise KeyError(contract_ref)
    every = contract["every"]
    customer = contract["customer"]
    books = accounts(view)
    corrected: set[str] = set()
    correction_invoices: set[str] = set()
    for corr in view.records(customer, "corrections"):
        if corr.get("contract") == contract_ref:
            corrected.update(p["period"] for p in corr.get("periods", ()))
            if corr.get("invoice"):
                correction_invoices.add(corr["invoice"])
    billed: dict[str, list[Doc]] = defaultdict(list)
    for money in books.customer_invoices(customer):
        inv = money.doc
        if inv.get("contract") == contract_ref and inv["ref"] not in correction_invoices:
            billed[
                _period_label(inv.get("period"), every) or period_of(money.issued, every)
            ].append(inv)
    start = period_of(date.fromisoformat(contract["start"]), every)
    last_day = min(today, date.fromisoformat(contract["end"])) if contract.get("end") else today
    in_range = [p for p in billed if period_start(start) <= period_start(p) <= last_day]
    if not in_range:
        return Arrears(contract_ref, customer, contract["amount"], every, ())
    latest = max(in_range, key=period_start)
    fallback_tax = _latest_tax(billed[latest])
    shortfalls = []
    for period in periods_between(start, latest, every):
        if period in corrected:
            continue
        invoices = billed.get(period, [])
        amount = sum(line_cents(item) for inv in invoices for item in inv["items"])
        if amount < contract["amount"]:
            shortfalls.append(
                Shortfall(
                    period,
                    invoices[0]["ref"] if invoices else None,
                    amount,
                    contract["amount"],
                    _latest_tax(invoices) if invoices else fallback_tax,
                )
            )
    return Arrears(contract_ref, customer, contract["amount"], every, tuple(shortfalls))


_PERIOD_SHAPE = {
    "month": re.compile(r"\d{4}-(0[1-9]|1[0-2])"),
    "quarter": re.compile(r"\d{4}-Q[1-4]"),
    "year": re.compile(r"\d{4}"),
}


def _period_label(label: str | None, every: str) -> str | None:
    """The invoice's own period label if it is shaped for this contract, else None."""
    if label and _PERIOD_SHAPE[every].fullmatch(label):
        return label
    return None


def _latest_tax(invoices: list[Doc]) -> str:
    return str(invoices[-1].get("tax_pct") or "0")


def customer_arrears(view: BookView, customer_ref: str, today: date) -> list[Arrears]:
    """Every contract of the customer that has under-billed periods."""
    found = [
        contract_arrears(view, c["ref"], today) for c in view.records(customer_ref, "contracts")
    ]
    return [a for a in found if a.periods]


def last_short_day(view: BookView, arrears: Arrears) -> date:
    """The latest day a short bill went out (or a skipped period began): talks come after it."""
    days = []
    for shortfall in arrears.periods:
        inv = view.get(shortfall.invoice) if shortfall.invoice else None
        days.append(date.fromisoformat(inv["issued"]) if inv else period_start(shortfall.period))
    return max(days)


def talked_since(view: BookView, customer_ref: str, since: date) -> Doc | None:
    """The latest call or visit in which the customer answered, or word from them, on or after
    `since` (corrections count as the entry they correct)."""
    for contact in reversed(accounts(view).contacts(customer_ref)):
        if date_of(contact["at"]) < since:
            continue
        if contact["direction"] == "in" or (
            contact["via"] in ("call", "visit") and heard_from(contact)
        ):
            return contact
    return None
