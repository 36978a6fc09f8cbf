"""The book as CSV files for an accountant's spreadsheet: one file per kind of record.

Every file has the same columns whatever the book holds (a header even when it is empty);
amounts are dollars (`1440.00`); a list of refs is one cell (`INV-0001; INV-0002`); what a
record holds several of (invoice lines, installments, sendings) has its own file, pointing
back by ref, so no cell holds JSON. Files are UTF-8 with a byte-order mark, so Excel shows
`José` as written, and a text cell that a spreadsheet would run as a formula (`=`, `+`, `-`,
`@`, a tab or a carriage return first) starts with an apostrophe instead.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from tradebook.book import _fs
from tradebook.domain.accounts import accounts, invoice_lines, invoice_tax, line_cents
from tradebook.domain.money import decimal_str
from tradebook.domain.view import BookView, Doc
from tradebook.errors import TradebookError

FORMULA_FIRST = ("=", "+", "-", "@", "\t", "\r")


class Dollars(str):
    """An amount we wrote ourselves: a number to the spreadsheet, never escaped."""


def dollars(cents: int | None) -> Dollars | str:
    return "" if cents is None else Dollars(decimal_str(cents))


def joined(refs: Iterable[str] | None) -> str:
    return "; ".join(refs or ())


def yes_no(value: Any) -> str:
    return "yes" if value else "no"


def safe(value: Any) -> str:
    """One cell: text a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, (Dollars, int, Decimal)):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_FIRST) else text


Row = dict[str, Any]


@dataclass(frozen=True)
class Sheet:
    """One CSV file: its columns (fixed), where its rows come from, and the record fields it
    does not show (`skipped`) — every other field must be in some column."""

    name: str
    columns: tuple[str, ...]
    rows: Callable[[BookView, date], Iterator[Row]]
    table: str | None = None
    skipped: frozenset[str] = frozenset()


def _profile(view: BookView, on: date) -> Iterator[Row]:
    if view.profile:
        p = view.profile
        yield {**p, "pay_methods": joined(p.get("pay_methods"))}


def _customers(view: BookView, on: date) -> Iterator[Row]:
    for c in view.customers():
        fee = c.get("late_fee") or {}
        yield {
            **c,
            "phones": joined(c.get("phones")),
            "emails": joined(c.get("emails")),
            "credit_limit": dollars(c.get("credit_limit")),
            "late_fee_kind": fee.get("kind", ""),
            "late_fee_amount": dollars(fee.get("amount")),
            "late_fee_pct": fee.get("pct", ""),
            "balance": dollars(accounts(view).balance(c["ref"])),
        }


def _jobs(view: BookView, on: date) -> Iterator[Row]:
    for j in view.table("jobs"):
        yield {
            **j,
            "quote": dollars(j.get("quote")),
            "deposit_asked": dollars(j.get("deposit_asked")),
            "attachments": joined(j.get("attachments")),
        }


def _change_orders(view: BookView, on: date) -> Iterator[Row]:
    for j in view.table("jobs"):
        for order in j.get("change_orders") or ():
            yield {**order, "job": j["ref"], "amount": dollars(order.get("amount"))}


def _contracts(view: BookView, on: date) -> Iterator[Row]:
    for sc in view.table("contracts"):
        yield {**sc, "amount": dollars(sc.get("amount"))}


def _invoices(view: BookView, on: date) -> Iterator[Row]:
    books = accounts(view)
    for inv in view.table("invoices"):
        money = books.money(inv)
        yield {
            **inv,
            "jobs": joined(inv.get("jobs")),
            "subtotal": dollars(invoice_lines(inv)),
            "tax": dollars(invoice_tax(inv)),
            "adjustments": dollars(money.adjusted_by),
            "total": dollars(money.total),
            "paid": dollars(money.paid),
            "balance": dollars(money.balance),
            "status": money.status(on),
        }


def _lines(view: BookView, on: date) -> Iterator[Row]:
    for inv in view.table("invoices"):
        for n, item in enumerate(inv.get("items") or (), 1):
            yield {
                "invoice": inv["ref"],
                "line": n,
                "desc": item.get("desc"),
                "qty": item.get("qty"),
                "unit": dollars(item.get("unit")),
                "amount": dollars(line_cents(item)),
            }


def _adjustments(view: BookView, on: date) -> Iterator[Row]:
    for inv in view.table("invoices"):
        for adj in inv.get("adjustments") or ():
            yield {**adj, "invoice": inv["ref"], "amount": dollars(adj.get("amount"))}


def _sendings(view: BookView, on: date) -> Iterator[Row]:
    for inv in view.table("invoices"):
        for sent in inv.get("sent") or ():
            yield {**sent, "invoice": inv["ref"]}


def _payments(view: BookView, on: date) -> Iterator[Row]:
    for p in view.table("payments"):
        yield {**p, "amount": dollars(p.get("amount"))}


def _contacts(view: BookView, on: date) -> Iterator[Row]:
    for c in view.table("contacts"):
        promise = c.get("promise") or {}
        yield {
            **c,
            "invoices": joined(c.get("invoices")),
            "promise_date": promise.get("date"),
            "promise_amount": (
                dollars(promise["amount"])
                if promise.get("amount") is not None
                else "whole balance"
                if promise
                else ""
            ),
        }


def _plans(view: BookView, on: date) -> Iterator[Row]:
    for p in view.table("plans"):
        yield {**p, "invoices": joined(p.get("invoices"))}


def _installments(view: BookView, on: date) -> Iterator[Row]:
    for p in view.table("plans"):
        for n, part in enumerate(p.get("instalments") or (), 1):
            yield {
                "plan": p["ref"],
                "number": n,
                "date": part.get("date"),
                "amount": dollars(part.get("amount")),
            }


def _letters(view: BookView, on: date) -> Iterator[Row]:
    for letter in view.table("letters"):
        delivery = letter.get("delivery") or {}
        demanded = letter.get("demanded") or {}
        yield {
            **letter,
            "invoices": joined(letter.get("invoices")),
            "delivery_via": delivery.get("via"),
            "delivery_tracking": delivery.get("tracking"),
            **{
                f"demanded_{k}": dollars(demanded.get(k))
                for k in ("principal", "late_fees", "interest")
            },
        }


def _corrections(view: BookView, on: date) -> Iterator[Row]:
    for c in view.table("corrections"):
        yield {**c, "amount": dollars(c.get("amount")), "tax": dollars(c.get("tax"))}


def _correction_periods(view: BookView, on: date) -> Iterator[Row]:
    for c in view.table("corrections"):
        for period in c.get("periods") or ():
            yield {
                **period,
                "correction": c["ref"],
                "billed": dollars(period.get("billed")),
                "agreed": dollars(period.get("agreed")),
            }


def _cases(view: BookView, on: date) -> Iterator[Row]:
    for case in view.table("cases"):
        yield {**case, "amount": dollars(case.get("amount"))}


SHEETS = (
    Sheet(
        "profile",
        (
            "name",
            "licence",
            "address",
            "phone",
            "email",
            "state",
            "net_days",
            "signature",
            "pay_to",
            "pay_address",
            "pay_methods",
            "payment_note",
            "created",
        ),
        _profile,
        "profile",
    ),
    Sheet(
        "customers",
        (
            "ref",
            "name",
            "kind",
            "principal",
            "phones",
            "emails",
            "address",
            "state",
            "credit_limit",
            "cod",
            "net_days",
            "late_fee_kind",
            "late_fee_amount",
            "late_fee_pct",
            "notes",
            "created",
            "balance",
        ),
        _customers,
        "customers",
        frozenset({"late_fee"}),
    ),
    Sheet(
        "jobs",
        (
            "ref",
            "customer",
            "site",
            "desc",
            "status",
            "quote",
            "deposit_asked",
            "start",
            "done",
            "attachments",
            "created",
        ),
        _jobs,
        "jobs",
        frozenset({"change_orders"}),
    ),
    Sheet("job_change_orders", ("job", "date", "desc", "amount"), _change_orders),
    Sheet(
        "contracts",
        ("ref", "customer", "desc", "amount", "every", "start", "end"),
        _contracts,
        "contracts",
    ),
    Sheet(
        "invoices",
        (
            "ref",
            "original",
            "customer",
            "jobs",
            "contract",
            "period",
            "issued",
            "due",
            "tax_pct",
            "subtotal",
            "tax",
            "adjustments",
            "total",
            "paid",
            "balance",
            "status",
            "notes",
        ),
        _invoices,
        "invoices",
        frozenset({"items", "sent"}),
    ),
    Sheet("invoice_lines", ("invoice", "line", "desc", "qty", "unit", "amount"), _lines),
    Sheet(
        "invoice_adjustments",
        ("invoice", "date", "kind", "amount", "reason", "source"),
        _adjustments,
    ),
    Sheet("invoice_sendings", ("invoice", "date", "via", "tracking"), _sendings),
    Sheet(
        "payments",
        ("ref", "customer", "invoice", "job", "date", "amount", "method", "reference", "bounced"),
        _payments,
        "payments",
    ),
    Sheet(
        "contacts",
        (
            "ref",
            "customer",
            "at",
            "via",
            "direction",
            "outcome",
            "summary",
            "promise_date",
            "promise_amount",
            "dispute",
            "resolves_dispute",
            "invoices",
            "corrects",
            "letter",
            "recorded",
            "hash",
        ),
        _contacts,
        "contacts",
        frozenset({"promise", "at_utc", "prev"}),
    ),
    Sheet(
        "plans",
        ("ref", "customer", "invoices", "status", "created"),
        _plans,
        "plans",
        frozenset({"instalments"}),
    ),
    Sheet("plan_installments", ("plan", "number", "date", "amount"), _installments),
    Sheet(
        "letters",
        (
            "ref",
            "customer",
            "kind",
            "invoices",
            "date",
            "pay_by",
            "deadline",
            "delivery_via",
            "delivery_tracking",
            "demanded_principal",
            "demanded_late_fees",
            "demanded_interest",
            "contact",
            "note",
            "sha256",
            "body",
        ),
        _letters,
        "letters",
        frozenset({"delivery", "demanded"}),
    ),
    Sheet(
        "corrections",
        (
            "ref",
            "customer",
            "contract",
            "date",
            "option",
            "amount",
            "tax",
            "invoice",
            "talk",
            "summary",
        ),
        _corrections,
        "corrections",
        frozenset({"periods"}),
    ),
    Sheet(
        "correction_periods",
        ("correction", "period", "invoice", "billed", "agreed"),
        _correction_periods,
    ),
    Sheet(
        "cases",
        ("ref", "customer", "kind", "amount", "status", "filed", "hearing", "outcome"),
        _cases,
        "cases",
    ),
)


def write_csv(view: BookView, folder: Path, on: date) -> list[Path]:
    """Write every sheet into `folder` (which exists); returns the files, in SHEETS order. Each
    file is written beside its name and renamed over it, so a failure leaves no half file."""
    written = []
    for sheet in SHEETS:
        target = folder / f"{sheet.name}.csv"
        partial = folder / f".{sheet.name}.csv.partial"
        with partial.open("w", newline="", encoding="utf-8-sig") as fh:
            writer = csv.writer(fh)
            writer.writerow(sheet.columns)
            for row in sheet.rows(view, on):
                writer.writerow([safe(row.get(column)) for column in sheet.columns])
        partial.chmod(0o600)  # the whole book: readable by the owner only, like the book itself
        try:
            _fs.replace(partial, target)
        except _fs.ReplaceRefused:  # Windows: the old file is open in Excel
            raise TradebookError(
                f"cannot replace {target}: it is open in another program "
                f"(Excel?) — close it and export again; the new one is at "
                f"{partial}"
            ) from None
        written.append(target)
    return written


def unexported(sheet: Sheet, record: Doc) -> set[str]:
    """Fields of a record that no column of its sheet shows (nor its own files): a new field
    that the export has not learnt about yet."""
    return set(record) - set(sheet.columns) - sheet.skipped


__all__ = ["SHEETS", "Sheet", "safe", "unexported", "write_csv"]
