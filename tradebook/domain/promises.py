"""Promises to pay and payment plans: are they being kept?

A promise is *open* until its date (plus a day or two of grace for the post), then *kept* if
payments on its invoices since it was made cover it, else *broken*. A promise renegotiated
before it fell due is *replaced* by the newer one. Plan instalments are covered in order by
the payments made since the plan was agreed: each is *due*, *paid*, *late* (past its date,
still within the grace days) or *missed*.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tradebook.domain.accounts import Credit, InvoiceMoney, accounts
from tradebook.domain.dates import date_of
from tradebook.domain.money import fmt
from tradebook.domain.view import BookView

OPEN, KEPT, BROKEN, REPLACED = "open", "kept", "broken", "replaced"
DUE, PAID, LATE, MISSED = "due", "paid", "late", "missed"


@dataclass(frozen=True)
class Promise:
    contact: str
    customer: str
    made: date
    due: date
    amount: int  # the promised cents; for "the balance", the balance when it was promised
    whole_balance: bool
    invoices: tuple[
        str, ...
    ]  # the invoices it is about (all the customer's open ones if none named)
    received: int  # paid towards it from the day it was made to its date plus grace
    state: str
    made_good_on: date | None = None  # a broken promise whose money came in later

    def describe(self) -> str:
        what = f"the balance ({fmt(self.amount)})" if self.whole_balance else fmt(self.amount)
        return f"promise of {what} by {self.due} ({self.contact})"


def customer_promises(
    view: BookView, customer_ref: str, today: date, grace_days: int = 1
) -> list[Promise]:
    """Every promise the customer made, oldest first, with its state as of `today`."""
    books = accounts(view)
    made = [c for c in books.contacts(customer_ref) if c.get("promise")]
    promises: list[Promise] = []
    for i, contact in enumerate(made):
        promise = _assess(books, customer_ref, contact, today, grace_days)
        if promise.state in (OPEN, BROKEN):
            newer = next((later for later in made[i + 1 :] if _overlaps(later, contact)), None)
            if newer is not None and date_of(newer["at"]) <= promise.due + timedelta(
                days=grace_days
            ):
                promise = _replace_state(promise, REPLACED)
        promises.append(promise)
    return promises


def live_promises(
    view: BookView, customer_ref: str, today: date, grace_days: int = 1
) -> list[Promise]:
    return [p for p in customer_promises(view, customer_ref, today, grace_days) if p.state == OPEN]


def _assess(books, customer_ref: str, contact: dict, today: date, grace_days: int) -> Promise:
    promised = contact["promise"]
    made = date_of(contact["at"])
    due = date.fromisoformat(promised["date"])
    named = tuple(contact.get("invoices") or ())
    invoices = [books.invoices[r] for r in named if r in books.invoices] or [
        m for m in books.customer_invoices(customer_ref) if m.issued <= made
    ]
    whole = promised.get("amount") is None
    target = sum(max(0, m.balance_on(made)) for m in invoices) if whole else promised["amount"]
    cutoff = due + timedelta(days=grace_days)
    credits = _paid_since(invoices, made)
    received = sum(c.amount for c in credits if c.on <= cutoff)
    if received >= target:
        state, made_good = KEPT, None
    elif today <= cutoff:
        state, made_good = OPEN, None
    else:
        state, made_good = BROKEN, _covered_on(credits, target)
    refs = (
        tuple(m.ref for m in invoices)
        if named
        else tuple(m.ref for m in invoices if m.balance_on(made) > 0)
    )
    return Promise(
        contact["ref"], customer_ref, made, due, target, whole, refs, received, state, made_good
    )


def _paid_since(invoices: list[InvoiceMoney], day: date) -> list[Credit]:
    """What came in on the invoices from `day` on and stood, oldest first: the money that can
    keep a promise or a plan agreed that day. A job's deposit never does: it was taken up
    front, before there was a bill to promise anything about."""
    return sorted(
        (
            c
            for m in invoices
            for c in m.credits
            if c.bounced is None and c.on >= day and not c.deposit
        ),
        key=lambda c: c.on,
    )


def _covered_on(credits: list[Credit], target: int) -> date | None:
    running = 0
    for credit in credits:
        running += credit.amount
        if running >= target:
            return credit.on
    return None


def _overlaps(later: dict, earlier: dict) -> bool:
    a, b = set(later.get("invoices") or ()), set(earlier.get("invoices") or ())
    return not a or not b or bool(a & b)


def _replace_state(promise: Promise, state: str) -> Promise:
    return Promise(**{**promise.__dict__, "state": state})


# ----- payment plans ---------------------------------------------------------------------


@dataclass(frozen=True)
class Instalment:
    plan: str
    number: int
    due: date
    amount: int
    state: str
    paid_on: date | None


@dataclass(frozen=True)
class PlanStatus:
    plan: str
    customer: str
    invoices: tuple[str, ...]
    active: bool
    instalments: tuple[Instalment, ...]

    @property
    def on_track(self) -> bool:
        """Agreed, not cancelled, and no instalment missed: chasing pauses."""
        return (
            self.active
            and not self.finished
            and not any(i.state == MISSED for i in self.instalments)
        )

    @property
    def broken(self) -> bool:
        return self.active and any(i.state == MISSED for i in self.instalments)

    @property
    def finished(self) -> bool:
        return all(i.state == PAID for i in self.instalments)

    def missed(self) -> list[Instalment]:
        return [i for i in self.instalments if i.state == MISSED]

    def late(self) -> list[Instalment]:
        return [i for i in self.instalments if i.state == LATE]


def plan_status(view: BookView, plan: dict, today: date, grace_days: int = 5) -> PlanStatus:
    """Each instalment's state, covering them in order with the payments made since the plan."""
    books = accounts(view)
    created = date.fromisoformat(plan["created"])
    credits = _paid_since(
        [books.invoices[r] for r in plan["invoices"] if r in books.invoices], created
    )
    owed_so_far = 0
    states = []
    for number, part in enumerate(plan["instalments"], 1):
        owed_so_far += part["amount"]
        due = date.fromisoformat(part["date"])
        paid_on = _covered_on(credits, owed_so_far)
        if paid_on is not None and paid_on <= today:
            state = PAID
        elif today <= due:
            state = DUE
        elif today <= due + timedelta(days=grace_days):
            state = LATE
        else:
            state = MISSED
        states.append(
            Instalment(
                plan["ref"], number, due, part["amount"], state, paid_on if state == PAID else None
            )
        )
    return PlanStatus(
        plan["ref"],
        plan["customer"],
        tuple(plan["invoices"]),
        plan.get("status", "active") == "active",
        tuple(states),
    )


def customer_plans(
    view: BookView, customer_ref: str, today: date, grace_days: int = 5
) -> list[PlanStatus]:
    return [plan_status(view, p, today, grace_days) for p in view.records(customer_ref, "plans")]
