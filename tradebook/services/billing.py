"""Billing: service contracts, invoices, how they were sent, and the adjustments on them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from tradebook.domain.money import MAX_CENTS, fmt, times
from tradebook.domain.view import Doc
from tradebook.errors import BadInput
from tradebook.services.inputs import clean_text, not_after_today, one_of
from tradebook.services.records import Records

DELIVERY = ("email", "post", "certified", "hand")
EVERY = ("month", "quarter", "year")


@dataclass(frozen=True)
class Item:
    """One invoice line: what was done, how many, at what unit price (cents)."""

    desc: str
    qty: Decimal
    unit: int

    def as_doc(self) -> Doc:
        return {"desc": self.desc, "qty": str(self.qty), "unit": self.unit}


class BillingRecords(Records):
    """Service contracts, invoices, their sending and their adjustments."""

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
            raise BadInput("a contract amount must be more than zero", field="amount")
        one_of(every, EVERY, "a contract's period", field="every")
        if end is not None and end < start:
            raise BadInput("a contract cannot end before it starts", field="end")
        return self._insert(
            "contracts",
            {
                "customer": cust["ref"],
                "amount": amount,
                "every": every,
                "desc": clean_text(
                    desc, "contract description", required=True, says=True, field="desc"
                ),
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
            raise BadInput(
                "an invoice needs at least one line: what was done, how many, at what price",
                field="items",
            )
        not_after_today(issued, today, "an invoice dated", field="issued")
        lines = sum(times(i.unit, i.qty) for i in items)
        if lines <= 0:
            raise BadInput(
                "the invoice lines add up to nothing to pay (discount lines must leave a total)",
                field="items",
            )
        if any(abs(times(i.unit, i.qty)) > MAX_CENTS for i in items) or lines > MAX_CENTS:
            raise BadInput("the invoice total is too large", field="items")
        if job and contract:
            raise BadInput("an invoice is for a job or for a contract, not both", field="contract")
        jobs = []
        if job:
            j = self.get(job, "jobs")
            if j["customer"] != cust["ref"]:
                raise BadInput(
                    f"{j['ref']} is a job of {j['customer']}, not of {cust['ref']}", field="job"
                )
            jobs.append(j["ref"])
        if contract:
            sc = self.get(contract, "contracts")
            if sc["customer"] != cust["ref"]:
                raise BadInput(
                    f"{sc['ref']} is a contract of {sc['customer']}, not of {cust['ref']}",
                    field="contract",
                )
            contract = sc["ref"]
        if due is None:
            terms = net_days if net_days is not None else cust.get("net_days")
            if terms is None:
                terms = int(self.view.profile.get("net_days", 30))
            due = issued + timedelta(days=terms)
        if due < issued:
            raise BadInput(f"the due date {due} is before the issue date {issued}", field="due")
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
                "notes": clean_text(notes, "notes", says=True, field="notes"),
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
        one_of(via, DELIVERY, "delivery", field="via")
        if tracking and via not in ("post", "certified"):
            raise BadInput(
                "a tracking number goes with delivery by post or certified mail", field="tracking"
            )
        not_after_today(on, today, "sending date", field="on")
        if on < date.fromisoformat(inv["issued"]):
            raise BadInput(
                f"{inv['ref']} cannot be sent on {on}, before it was issued ({inv['issued']})",
                field="on",
            )
        sending = {
            "date": on.isoformat(),
            "via": via,
            "tracking": clean_text(tracking, "tracking number", limit=80, field="tracking") or None,
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
            raise BadInput("an adjustment of zero changes nothing", field="amount")
        view = self.view
        if amount < 0 and -amount > view.accounts.money(inv).balance:
            raise BadInput(
                f"a credit of {fmt(-amount)} is more than the balance of {inv['ref']}",
                field="amount",
            )
        entry = {
            "date": on.isoformat(),
            "amount": amount,
            "kind": kind,
            "reason": clean_text(reason, "reason", required=True, says=True, field="reason"),
            "source": source,
        }
        self._update("invoices", inv, lambda i: {"adjustments": [*i["adjustments"], entry]})
        return self.get(inv_ref, "invoices")
