"""The records of the book, one `msgspec.Struct` per table and per nested shape.

Fields are declared in the order the book writes them, so a table decoded into these types and
encoded again is the same bytes. A key the book writes only sometimes (an invoice's `original`,
a job's `last_work`) defaults to `UNSET` and is left out of the file while unset; every other
key is always written, `null` included. Dates are kept as the ISO text the file holds, money as
integer cents, quantities and percentages as decimal text. Nothing else of tradebook is
imported here, so every layer may read it.
"""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from msgspec import UNSET, UnsetType


def _kind(kind: str) -> msgspec.Meta:
    """What `tradebook verify` checks a text or number field against, beyond its type."""
    return msgspec.Meta(extra={"kind": kind})


#: an ISO date, `2026-11-22`
IsoDate = Annotated[str, _kind("date")]
#: money in whole cents
Cents = Annotated[int, _kind("money")]
#: a decimal number as text (`"1.5"`), exact
DecimalText = Annotated[str, _kind("decimal")]
#: the ref of a record of the book, `C-0007`
Ref = Annotated[str, _kind("ref")]

__all__ = [
    "TABLE_TYPES",
    "UNSET",
    "Adjustment",
    "Cents",
    "DecimalText",
    "IsoDate",
    "Ref",
    "Case",
    "ChangeOrder",
    "Contact",
    "Contract",
    "Correction",
    "CorrectionPeriod",
    "Customer",
    "Delivery",
    "Demanded",
    "Instalment",
    "Invoice",
    "InvoiceLine",
    "Job",
    "LateFee",
    "LienDecision",
    "Letter",
    "Payment",
    "Plan",
    "Promise",
    "Record",
    "Sent",
    "Shape",
    "UnsetType",
    "plain",
]


class Shape(
    msgspec.Struct,
    frozen=True,
    gc=False,
    forbid_unknown_fields=True,
    kw_only=True,
    repr_omit_defaults=True,
):
    """A record or a piece of one: immutable, never tracked by the collector (no cycles), and
    strict about its keys, so a key tradebook does not know is never dropped on the way back."""

    # Temporary: lets code still written against dicts read a Struct by key.
    def __getitem__(self, key: str) -> Any:
        try:
            value = getattr(self, key)
        except AttributeError:
            raise KeyError(key) from None
        if value is UNSET:
            raise KeyError(key)
        return value

    def get(self, key: str, default: Any = None) -> Any:
        value = getattr(self, key, UNSET)
        return default if value is UNSET else value

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and getattr(self, key, UNSET) is not UNSET

    def keys(self) -> list[str]:
        return [k for k in self.__struct_fields__ if getattr(self, k) is not UNSET]

    def items(self) -> list[tuple[str, Any]]:
        return [(k, getattr(self, k)) for k in self.keys()]

    def __iter__(self):
        return iter(self.keys())

    def __len__(self) -> int:
        return len(self.keys())


class Record(Shape, frozen=True, gc=False, forbid_unknown_fields=True, kw_only=True):
    """A record of one of the book's tables: it carries its ref (`INV-0042`)."""

    ref: str


# ----- customers ------------------------------------------------------------------------------


class LateFee(Shape, frozen=True, gc=False, forbid_unknown_fields=True, kw_only=True):
    """A late fee the customer agreed to: a percentage a month, or a fixed amount."""

    kind: str
    pct: str | UnsetType = UNSET
    amount: int | UnsetType = UNSET


class Customer(Record, frozen=True, gc=False, forbid_unknown_fields=True, kw_only=True):
    name: str
    kind: str
    principal: str | None
    phones: list[str]
    emails: list[str]
    address: str
    credit_limit: Cents | None
    cod: bool
    net_days: int | None
    late_fee: LateFee | None
    state: str | None
    notes: str
    created: str


# ----- jobs and contracts ---------------------------------------------------------------------


class ChangeOrder(Shape, frozen=True, gc=False, forbid_unknown_fields=True, kw_only=True):
    desc: str
    amount: int
    date: str


class LienDecision(Shape, frozen=True, gc=False, forbid_unknown_fields=True, kw_only=True):
    """What was decided about the job's mechanic's lien (`prepare` or `pass`), and when."""

    decision: str
    on: str


class Job(Record, frozen=True, gc=False, forbid_unknown_fields=True, kw_only=True):
    customer: Ref
    site: str
    site_state: str | UnsetType = UNSET
    desc: str
    status: str
    quote: Cents | None
    deposit_asked: Cents | None
    start: IsoDate
    done: IsoDate | None
    change_orders: list[ChangeOrder]
    attachments: list[str]
    created: str
    #: the last day of work, from which the lien clock counts
    last_work: str | UnsetType = UNSET
    lien: LienDecision | UnsetType = UNSET


class Contract(Record, frozen=True, gc=False, forbid_unknown_fields=True, kw_only=True):
    """An agreed recurring service: the basis for catching under-billing."""

    customer: Ref
    amount: Cents
    every: str
    desc: str
    start: IsoDate
    end: IsoDate | None


# ----- invoices and payments ------------------------------------------------------------------


class InvoiceLine(Shape, frozen=True, gc=False, forbid_unknown_fields=True, kw_only=True):
    desc: str
    qty: DecimalText
    unit: Cents


class Sent(Shape, frozen=True, gc=False, forbid_unknown_fields=True, kw_only=True):
    date: str
    via: str
    tracking: str | None


class Adjustment(Shape, frozen=True, gc=False, forbid_unknown_fields=True, kw_only=True):
    """A credit note (negative) or a correction (positive); an invoice's lines never change."""

    date: str
    amount: Cents
    kind: str
    reason: str
    source: str | None


class Invoice(Record, frozen=True, gc=False, forbid_unknown_fields=True, kw_only=True):
    customer: Ref
    jobs: list[str]
    contract: Ref | None
    items: list[InvoiceLine]  # type: ignore[assignment]  # (the dict-style shim's items())
    tax_pct: DecimalText
    issued: IsoDate
    due: IsoDate
    period: str | None
    sent: list[Sent]
    adjustments: list[Adjustment]
    notes: str
    #: the number the invoice had in the program it was imported from
    original: str | UnsetType = UNSET


class Payment(Record, frozen=True, gc=False, forbid_unknown_fields=True, kw_only=True):
    """A payment against an invoice, or a deposit against a job (exactly one of the two)."""

    customer: Ref
    invoice: str | UnsetType = UNSET
    job: str | UnsetType = UNSET
    amount: Cents
    date: IsoDate
    method: str
    reference: str
    bounced: IsoDate | None
    #: in a shared book: the payment recorded on another device that this one likely repeats
    #: (null once settled as distinct), and how the user settled it
    duplicate_of: str | None | UnsetType = UNSET
    duplicate_settled: str | UnsetType = UNSET


# ----- the contact log ------------------------------------------------------------------------


class Promise(Shape, frozen=True, gc=False, forbid_unknown_fields=True, kw_only=True):
    """A promise to pay: by when, and how much (None: the whole balance)."""

    date: str
    amount: int | None


class Contact(Record, frozen=True, gc=False, forbid_unknown_fields=True, kw_only=True):
    """One entry of the hash-chained contact log; never changed once written."""

    customer: Ref
    at: str
    at_utc: str
    via: str
    direction: str
    summary: str
    outcome: str
    promise: Promise | None
    dispute: bool
    resolves_dispute: bool
    invoices: list[str]
    corrects: str | None
    letter: str | None
    recorded: str
    prev: str
    hash: str


# ----- plans, letters, cases, corrections -----------------------------------------------------


class Instalment(Shape, frozen=True, gc=False, forbid_unknown_fields=True, kw_only=True):
    date: str
    amount: int


class Plan(Record, frozen=True, gc=False, forbid_unknown_fields=True, kw_only=True):
    customer: Ref
    invoices: list[str]
    created: IsoDate
    status: str
    instalments: list[Instalment]


class Delivery(Shape, frozen=True, gc=False, forbid_unknown_fields=True, kw_only=True):
    """How a letter went out; `date` and `contact` once its delivery was recorded later."""

    via: str | None
    tracking: str | None
    date: str | UnsetType = UNSET
    contact: str | UnsetType = UNSET


class Demanded(Shape, frozen=True, gc=False, forbid_unknown_fields=True, kw_only=True):
    """What a letter demanded, split as a claim is split."""

    principal: int
    late_fees: int
    interest: int


class Letter(Record, frozen=True, gc=False, forbid_unknown_fields=True, kw_only=True):
    customer: Ref
    kind: str
    invoices: list[str]
    date: IsoDate
    body: str
    sha256: str
    delivery: Delivery
    contact: str | None
    deadline: str | None
    note: str
    pay_by: str | None
    demanded: Demanded | None


class Case(Record, frozen=True, gc=False, forbid_unknown_fields=True, kw_only=True):
    """A mediation or small-claims case against a customer."""

    customer: str
    kind: str
    amount: int
    status: str
    filed: str | None
    hearing: str | None
    outcome: str | None


class CorrectionPeriod(Shape, frozen=True, gc=False, forbid_unknown_fields=True, kw_only=True):
    """One under-billed period of a contract: what was agreed and what was billed."""

    period: str
    invoice: str | None
    billed: int
    agreed: int


class Correction(Record, frozen=True, gc=False, forbid_unknown_fields=True, kw_only=True):
    """A billing correction agreed with the customer (next invoice, separate, or write-off)."""

    customer: str
    contract: str
    date: str
    periods: list[CorrectionPeriod]
    amount: int
    tax: int
    option: str
    invoice: str | None
    summary: str
    talk: str


def plain(doc: Any) -> Any:
    """A record (or a piece of one) as the plain JSON values the file holds; anything else as
    it is. For output that is not the book: exports, `--json`, the contact log's hashes."""
    return msgspec.to_builtins(doc) if isinstance(doc, Shape) else doc


#: the Struct each table's records are decoded into
TABLE_TYPES: dict[str, type[Record]] = {
    "customers": Customer,
    "jobs": Job,
    "contracts": Contract,
    "invoices": Invoice,
    "payments": Payment,
    "contacts": Contact,
    "plans": Plan,
    "letters": Letter,
    "cases": Case,
    "corrections": Correction,
}
