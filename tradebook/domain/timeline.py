"""One customer's whole story, oldest first: every job, invoice, payment, contact, promise, letter."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from tradebook.domain import ledger
from tradebook.domain.money import fmt
from tradebook.domain.view import BookView


@dataclass(frozen=True)
class Event:
    at: str  # ISO date or timestamp
    kind: str  # job, invoice, payment, deposit, contact, promise, letter, plan, correction
    ref: str
    text: str
    amount: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)


#: How a delivery method reads in a sentence.
_HOW = {"post": "mail", "certified": "certified mail", "hand": "hand"}

_ORDER = {kind: i for i, kind in enumerate(
    ("job", "deposit", "invoice", "payment", "contact", "promise", "letter", "plan", "correction"))}


def _sort_key(event: Event) -> tuple[str, int, str, int]:
    # Dates sort as the start of their day, before timestamps of that day; on one day a job
    # comes before its invoice and an invoice before its payment; a promise stays right
    # after the contact it was made in.
    kind = "contact" if event.kind == "promise" else event.kind
    return (event.at if "T" in event.at else event.at + "T00:00", _ORDER[kind], event.ref,
            _ORDER[event.kind])


def customer_timeline(view: BookView, customer_ref: str) -> list[Event]:
    events: list[Event] = []
    for job in view.records(customer_ref, "jobs"):
        quote = f", quoted {fmt(job['quote'])}" if job.get("quote") else ""
        events.append(Event(job["start"], "job", job["ref"], f"{job['desc']} at {job['site']}{quote}",
                            job.get("quote")))
        if job.get("done"):
            events.append(Event(job["done"], "job", job["ref"], f"work done: {job['desc']}"))
    for inv in view.records(customer_ref, "invoices"):
        due = f", due {inv['due']}"
        events.append(Event(inv["issued"], "invoice", inv["ref"], f"invoice issued{due}",
                            ledger.total(inv)))
        for sending in inv.get("sent", ()):
            tracking = f" (tracking {sending['tracking']})" if sending.get("tracking") else ""
            events.append(Event(sending["date"], "invoice", inv["ref"],
                                f"invoice sent by {_HOW.get(sending['via'], sending['via'])}{tracking}"))
        for adj in inv.get("adjustments", ()):
            events.append(Event(adj["date"], "correction", inv["ref"],
                                f"{adj['kind']}: {adj['reason']}", adj["amount"]))
    for pay in view.records(customer_ref, "payments"):
        target = pay.get("invoice") or pay.get("job")
        kind = "payment" if pay.get("invoice") else "deposit"
        events.append(Event(pay["date"], kind, pay["ref"],
                            f"{pay['method']} payment on {target}"
                            + (f" (ref {pay['reference']})" if pay.get("reference") else ""),
                            pay["amount"]))
        if pay.get("bounced"):
            events.append(Event(pay["bounced"], kind, pay["ref"],
                                f"{pay['method']} payment on {target} bounced — reversed",
                                -pay["amount"]))
    for contact in view.records(customer_ref, "contacts"):
        arrow = "from" if contact["direction"] == "in" else "to"
        flags = ""
        if contact.get("dispute"):
            flags += " [dispute raised]"
        if contact.get("resolves_dispute"):
            flags += " [dispute resolved]"
        if contact.get("corrects"):
            flags += f" [corrects {contact['corrects']}]"
        events.append(Event(contact["at"], "contact", contact["ref"],
                            f"{contact['via']} {arrow} customer ({contact['outcome']}): "
                            f"{contact['summary']}{flags}"))
        promise = contact.get("promise")
        if promise:
            what = fmt(promise["amount"]) if promise.get("amount") else "the balance"
            events.append(Event(contact["at"], "promise", contact["ref"],
                                f"promised to pay {what} by {promise['date']}", promise.get("amount")))
    for plan in view.records(customer_ref, "plans"):
        parts = plan["instalments"]
        events.append(Event(plan["created"], "plan", plan["ref"],
                            f"payment plan for {', '.join(plan['invoices'])}: {len(parts)} installments "
                            f"from {parts[0]['date']} to {parts[-1]['date']}",
                            sum(p["amount"] for p in parts)))
    for letter in view.records(customer_ref, "letters"):
        delivery = letter.get("delivery") or {}
        how = f" by {_HOW.get(delivery['via'], delivery['via'])}" if delivery.get("via") else ""
        tracking = f" (tracking {delivery['tracking']})" if delivery.get("tracking") else ""
        events.append(Event(letter["date"], "letter", letter["ref"],
                            f"{letter['kind']} letter{how}{tracking}"))
    for corr in view.records(customer_ref, "corrections"):
        events.append(Event(corr.get("date", ""), "correction", corr["ref"],
                            corr.get("summary", "billing correction"), corr.get("amount")))
    events.sort(key=_sort_key)
    return events
