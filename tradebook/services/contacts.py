"""The contact log: every call, text, email, visit and letter, append-only and
hash-chained, with the promises and disputes they carry."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from tradebook.domain.chain import GENESIS, seal
from tradebook.domain.money import fmt
from tradebook.domain.refs import make_ref
from tradebook.domain.view import Doc
from tradebook.errors import BadInput
from tradebook.services.inputs import clean_text, iso_at, one_of
from tradebook.services.records import Records

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


class ContactRecords(Records):
    """The contact log: one sealed entry appended for each contact."""

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
        summary = clean_text(summary, "what happened", required=True, says=True, field="summary")
        one_of(via, CHANNELS, "the channel", field="via")
        if outcome is None:
            outcome = self._default_outcome(via, inbound, promise_date, dispute, corrects)
        one_of(outcome, OUTCOMES, "the outcome", field="outcome")
        if dispute and resolve_dispute:
            raise BadInput(
                "a contact opens a dispute or resolves one, not both", field="resolve_dispute"
            )
        at_local, at_utc = iso_at(at)
        if recorded is not None and at.date() > recorded:
            raise BadInput(
                f"a contact at {at_local} is in the future (today is {recorded})", field="at"
            )
        if resolve_dispute and not self._dispute_open(cust["ref"]):
            raise BadInput(f"{cust['ref']} has no open dispute to resolve", field="resolve_dispute")
        promise = None
        if promise_amount is not None and promise_date is None:
            raise BadInput(
                "a promise needs its day (e.g. fri or 12/15) as well as its amount",
                field="promise_date",
            )
        if promise_date is not None:
            if promise_amount is not None and promise_amount <= 0:
                raise BadInput("a promised amount must be more than zero", field="promise_amount")
            owed = self.view.accounts.balance(cust["ref"])
            if promise_amount is not None and promise_amount > owed:
                raise BadInput(
                    f"a promise of {fmt(promise_amount)} is more than the "
                    f"{fmt(owed)} {cust['name']} owes",
                    field="promise_amount",
                )
            if promise_date < at.date():
                raise BadInput(
                    f"a promise to pay on {promise_date} is before the contact itself ({at.date()})",
                    field="promise_date",
                )
            promise = {"date": promise_date.isoformat(), "amount": promise_amount}
        linked = []
        for ref in invoices:
            inv = self.get(ref, "invoices", field="invoices")
            if inv["customer"] != cust["ref"]:
                raise BadInput(
                    f"{inv['ref']} belongs to {inv['customer']}, not {cust['ref']}",
                    field="invoices",
                )
            linked.append(inv["ref"])
        if corrects:
            old = self.get(corrects, "contacts", field="corrects")
            if old["customer"] != cust["ref"]:
                raise BadInput(
                    f"{old['ref']} is a contact with {old['customer']}, not {cust['ref']}",
                    field="corrects",
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
            return self.get(corrects, "contacts", field="corrects")["outcome"]
        raise BadInput(
            f"say how the {via} went: spoke, no-answer, voicemail, left-message or refused",
            field="outcome",
        )
