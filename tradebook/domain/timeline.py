"""One customer's whole story, oldest first: every job, invoice, payment, contact, promise, letter.

`customer_timeline` lists every record on its own line, as `tradebook timeline` shows it;
`case_timeline` is the one a bundle prints: one row per event, each letter once (not again as
the contact it was logged as), a promise on the row of the call it was made in, and a time of
day only where one was recorded.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from tradebook.domain.accounts import accounts
from tradebook.domain.lien import lien_clock
from tradebook.domain.money import fmt
from tradebook.domain.view import BookView
from tradebook.model.records import Shape


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

_ORDER = {
    kind: i
    for i, kind in enumerate(
        (
            "job",
            "deposit",
            "invoice",
            "payment",
            "contact",
            "promise",
            "letter",
            "plan",
            "correction",
            "lien",
        )
    )
}


def _sort_key(event: Event) -> tuple[str, int, str, int]:
    # Dates sort as the start of their day, before timestamps of that day; on one day a job
    # comes before its invoice and an invoice before its payment; a promise stays right
    # after the contact it was made in.
    kind = "contact" if event.kind == "promise" else event.kind
    return (
        event.at if "T" in event.at else event.at + "T00:00",
        _ORDER[kind],
        event.ref,
        _ORDER[event.kind],
    )


#: How a letter's kind reads on a timeline.
LETTER_WORDS = {
    "reminder": "payment reminder",
    "second-reminder": "second reminder",
    "firm": "firm letter",
    "final": "final notice",
    "plan-offer": "payment plan offer",
    "correction": "billing correction letter",
    "cod-notice": "COD notice",
    "mediation": "invitation to mediation",
    "statement": "statement of account",
}


def customer_timeline(view: BookView, customer_ref: str) -> list[Event]:
    events: list[Event] = []
    for job in view.records(customer_ref, "jobs"):
        quote = f", quoted {fmt(job['quote'])}" if job.get("quote") else ""
        events.append(
            Event(
                job["start"],
                "job",
                job["ref"],
                f"{job['desc']} at {job['site']}{quote}",
                job.get("quote"),
            )
        )
        if job.get("done"):
            events.append(Event(job["done"], "job", job["ref"], f"work done: {job['desc']}"))
        clock = lien_clock(view, job)
        if clock is not None:
            decided = clock.decision
            note = f" (decided {decided['on']}: {decided['decision']})" if decided else ""
            # dated on the last day of work, where the clock starts, so the story stays in order
            events.append(
                Event(
                    clock.last_work.isoformat(),
                    "lien",
                    job["ref"],
                    f"mechanic's lien clock starts: {clock.sentence()}{note}",
                )
            )
    books = accounts(view)
    for inv in view.records(customer_ref, "invoices"):
        due = f", due {inv['due']}"
        total = books.money(inv).total
        events.append(Event(inv["issued"], "invoice", inv["ref"], f"invoice issued{due}", total))
        for sending in inv.get("sent", ()):
            tracking = f" (tracking {sending['tracking']})" if sending.get("tracking") else ""
            events.append(
                Event(
                    sending["date"],
                    "invoice",
                    inv["ref"],
                    f"invoice sent by {_HOW.get(sending['via'], sending['via'])}{tracking}",
                )
            )
        for adj in inv.get("adjustments", ()):
            events.append(
                Event(
                    adj["date"],
                    "correction",
                    inv["ref"],
                    f"{adj['kind']}: {adj['reason']}",
                    adj["amount"],
                )
            )
    for pay in view.records(customer_ref, "payments"):
        target = pay.get("invoice") or pay.get("job")
        kind = "payment" if pay.get("invoice") else "deposit"
        events.append(
            Event(
                pay["date"],
                kind,
                pay["ref"],
                f"{pay['method']} payment on {target}"
                + (f" (ref {pay['reference']})" if pay.get("reference") else ""),
                pay["amount"],
            )
        )
        if pay.get("bounced"):
            events.append(
                Event(
                    pay["bounced"],
                    kind,
                    pay["ref"],
                    f"{pay['method']} payment on {target} bounced — reversed",
                    -pay["amount"],
                )
            )
    for contact in view.records(customer_ref, "contacts"):
        arrow = "from" if contact["direction"] == "in" else "to"
        flags = ""
        if contact.get("dispute"):
            flags += " [dispute raised]"
        if contact.get("resolves_dispute"):
            flags += " [dispute resolved]"
        if contact.get("corrects"):
            flags += f" [corrects {contact['corrects']}]"
        events.append(
            Event(
                contact["at"],
                "contact",
                contact["ref"],
                f"{contact['via']} {arrow} customer ({contact['outcome']}): "
                f"{contact['summary']}{flags}",
            )
        )
        promise = contact.get("promise")
        if promise:
            what = fmt(promise["amount"]) if promise.get("amount") else "the balance"
            events.append(
                Event(
                    contact["at"],
                    "promise",
                    contact["ref"],
                    f"promised to pay {what} by {promise['date']}",
                    promise.get("amount"),
                )
            )
    for plan in view.records(customer_ref, "plans"):
        parts = plan["instalments"]
        events.append(
            Event(
                plan["created"],
                "plan",
                plan["ref"],
                f"payment plan for {', '.join(plan['invoices'])}: {len(parts)} installments "
                f"from {parts[0]['date']} to {parts[-1]['date']}",
                sum(p["amount"] for p in parts),
            )
        )
    for letter in view.records(customer_ref, "letters"):
        delivery = letter.get("delivery") or {}
        how = f" by {_HOW.get(delivery['via'], delivery['via'])}" if delivery.get("via") else ""
        tracking = f" (tracking {delivery['tracking']})" if delivery.get("tracking") else ""
        events.append(
            Event(
                letter["date"], "letter", letter["ref"], f"{letter['kind']} letter{how}{tracking}"
            )
        )
    for corr in view.records(customer_ref, "corrections"):
        events.append(
            Event(
                corr.get("date", ""),
                "correction",
                corr["ref"],
                corr.get("summary", "billing correction"),
                corr.get("amount"),
            )
        )
    events.sort(key=_sort_key)
    return events


def case_timeline(view: BookView, customer_ref: str) -> list[Event]:
    """One row per event, for a bundle: a letter is one row (dated, never timed: the day it
    went is what was recorded), a promise sits on the row of the contact it was made in, and
    an invoice sent the day it was issued is one row."""
    letters = {x["ref"]: x for x in view.records(customer_ref, "letters")}
    rows: list[Event] = []
    for event in customer_timeline(view, customer_ref):
        if event.kind == "contact":
            contact = view.get(event.ref) or {}
            if contact.get("letter") in letters:
                continue  # the letter's own row says it
        if event.kind == "promise":
            previous = rows[-1] if rows else None
            if previous is not None and previous.kind == "contact" and previous.ref == event.ref:
                rows[-1] = Event(
                    previous.at,
                    "contact",
                    previous.ref,
                    f"{previous.text} — {event.text}",
                    event.amount,
                )
                continue
        if event.kind == "letter":
            event = _letter_event(letters[event.ref])
        if event.kind == "invoice" and event.text.startswith("invoice sent"):
            previous = rows[-1] if rows else None
            if (
                previous is not None
                and previous.ref == event.ref
                and previous.at == event.at
                and previous.text.startswith("invoice issued")
            ):
                rows[-1] = Event(
                    previous.at,
                    "invoice",
                    previous.ref,
                    f"{previous.text}; {event.text[len('invoice ') :]}",
                    previous.amount,
                )
                continue
        rows.append(event)
    return rows


def _letter_event(letter: dict) -> Event:
    delivery = letter.get("delivery") or {}
    name = LETTER_WORDS.get(letter["kind"], f"{letter['kind']} letter")
    if delivery.get("via"):
        how = f"{name} sent by {_HOW.get(delivery['via'], delivery['via'])}"
        if delivery.get("tracking"):
            how += f" (tracking {delivery['tracking']})"
    else:
        how = f"{name} prepared; how it was delivered is not recorded"
    on = ", ".join(letter.get("invoices") or ())
    if on:
        how += f", about {on}"
    pay_by = letter.get("pay_by") or letter.get("deadline")
    if pay_by:
        how += f"; {'reply' if letter['kind'] == 'mediation' else 'pay'} by {pay_by}"
    asked = letter.get("demanded")
    amount = None
    if isinstance(asked, (dict, Shape)):
        amount = sum(int(asked.get(k) or 0) for k in ("principal", "late_fees", "interest"))
    return Event(letter["date"][:10], "letter", letter["ref"], how, amount)
