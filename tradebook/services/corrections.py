"""Recording a billing correction: the customer was told, chose an option, and the ledger follows.

A correction covers every under-billed period of one contract at once and is written in one
transaction with its effect: an adjustment on the next invoice, a separate invoice for the
arrears, or nothing to pay at all when they are written off as goodwill.
"""

from __future__ import annotations

from datetime import date, timedelta

from tradebook.domain.accounts import accounts
from tradebook.domain.corrections import (
    OPTION_TEXT,
    OPTIONS,
    Arrears,
    contract_arrears,
    last_short_day,
    talked_since,
)
from tradebook.domain.money import fmt
from tradebook.domain.refs import make_ref, ref_id
from tradebook.domain.view import Doc
from tradebook.errors import BadInput
from tradebook.services.book import Book
from tradebook.services.inputs import clean_text, one_of


def check_arrears(book: Book, customer: str, contract: str | None, today: date) -> list[Arrears]:
    """The customer's under-billed contracts (or just the one named), worked out as of today."""
    cust = book.customer(customer)
    if contract:
        sc = _contract_of(book, cust, contract)
        return [contract_arrears(book.view, sc["ref"], today)]
    return [
        contract_arrears(book.view, sc["ref"], today)
        for sc in book.view.records(cust["ref"], "contracts")
    ]


def record_correction(
    book: Book,
    customer: str,
    *,
    contract: str,
    option: str,
    on: date,
    invoice: str | None = None,
    note: str | None = None,
) -> Doc:
    """Record the option the customer chose for a contract's arrears, and bill it accordingly."""
    one_of(option, OPTIONS, "the customer's option", field="option")
    cust = book.customer(customer)
    sc = _contract_of(book, cust, contract)
    view = book.view
    arrears = contract_arrears(view, sc["ref"], on)
    if not arrears.periods:
        raise BadInput(
            f"{sc['ref']} has no under-billed periods up to {on}: nothing to correct",
            field="contract",
        )
    talk = talked_since(view, cust["ref"], last_short_day(view, arrears))
    if talk is None or date.fromisoformat(talk["at"][:10]) > on:
        raise BadInput(
            f"talk to {cust['name']} first: log the call or visit in which you spoke with them, "
            "then record the option they chose",
            field="option",
        )
    if invoice and option != "next-invoice":
        raise BadInput(
            "naming the invoice goes only with adding the arrears to the next invoice",
            field="invoice",
        )
    note = clean_text(note, "note", limit=400, says=True, field="note")
    summary = (
        f"{fmt(arrears.amount)} under-billed on {sc['ref']} ({arrears.span}) "
        f"{OPTION_TEXT[option]}; agreed with the customer on {talk['at'][:10]} "
        f"({talk['ref']})" + (f" — {note}" if note else "")
    )
    record = {
        "customer": cust["ref"],
        "contract": sc["ref"],
        "date": on.isoformat(),
        "periods": [p.as_doc() for p in arrears.periods],
        "amount": arrears.amount,
        "tax": arrears.tax,
        "option": option,
        "invoice": None,
        "summary": summary,
        "talk": talk["ref"],
    }
    target = _next_invoice(book, cust, sc, invoice, on) if option == "next-invoice" else None
    with book.store.transaction() as tx:
        ref = make_ref("corrections", tx.next_id("corrections"))
        if target is not None:
            record["invoice"] = target["ref"]
            _add_to_invoice(tx, target, arrears, ref, on)
        elif option == "separate":
            record["invoice"] = _insert_invoice(book, tx, cust, sc, arrears, ref, on)
        tx.insert("corrections", {"ref": ref, **record})
    return {"ref": ref, **record}


def _contract_of(book: Book, cust: Doc, contract: str) -> Doc:
    sc = book.get(contract, "contracts")
    if sc["customer"] != cust["ref"]:
        raise BadInput(
            f"{sc['ref']} is a contract of {sc['customer']}, not of {cust['ref']}",
            field="contract",
        )
    return sc


def _next_invoice(book: Book, cust: Doc, sc: Doc, invoice: str | None, on: date) -> Doc:
    """The invoice the arrears go on: the one named, or the contract's latest not yet sent."""
    if invoice:
        inv = book.get(invoice, "invoices")
        if inv["customer"] != cust["ref"]:
            raise BadInput(
                f"{inv['ref']} belongs to {inv['customer']}, not {cust['ref']}", field="invoice"
            )
        if accounts(book.view).invoices[inv["ref"]].balance <= 0:
            raise BadInput(
                f"{inv['ref']} is already paid; add the arrears to an open invoice",
                field="invoice",
            )
        return inv
    drafts = [
        m.doc
        for m in accounts(book.view).customer_invoices(cust["ref"])
        if m.doc.get("contract") == sc["ref"] and not m.doc.get("sent") and m.balance > 0
    ]
    if not drafts:
        raise BadInput(
            f"write the next invoice for {sc['ref']} first, or name the invoice to add the "
            "arrears to",
            field="invoice",
        )
    return drafts[-1]


def _add_to_invoice(tx, inv: Doc, arrears: Arrears, ref: str, on: date) -> None:
    entry = {
        "date": on.isoformat(),
        "amount": arrears.total,
        "kind": "correction",
        "reason": f"under-billed on {arrears.contract}, {arrears.span} ({ref})"
        + (f", with {fmt(arrears.tax)} tax" if arrears.tax else ""),
        "source": ref,
    }
    current = tx.get("invoices", ref_id(inv["ref"]))
    tx.update(
        "invoices",
        ref_id(inv["ref"]),
        {"adjustments": [*current.get("adjustments", ()), entry]},
    )


def _insert_invoice(
    book: Book, tx, cust: Doc, sc: Doc, arrears: Arrears, ref: str, on: date
) -> str:
    """A separate invoice with one line per under-billed period, at the latest period's tax rate."""
    terms = cust.get("net_days")
    if terms is None:
        terms = int(book.view.profile.get("net_days", 30))
    tax_pct = arrears.periods[-1].tax_pct
    items = [
        {
            "desc": f"{sc['desc']} {p.period}: agreed {fmt(p.agreed)}, billed {fmt(p.billed)}",
            "qty": "1",
            "unit": p.short,
        }
        for p in arrears.periods
    ]
    number = make_ref("invoices", tx.next_id("invoices"))
    tx.insert(
        "invoices",
        {
            "ref": number,
            "customer": cust["ref"],
            "jobs": [],
            "contract": sc["ref"],
            "items": items,
            "tax_pct": tax_pct,
            "issued": on.isoformat(),
            "due": (on + timedelta(days=terms)).isoformat(),
            "period": None,
            "sent": [],
            "adjustments": [],
            "notes": f"Billing correction {ref}: {arrears.span}",
        },
    )
    return number
