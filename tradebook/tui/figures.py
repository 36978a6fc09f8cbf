"""What the screens show, worked out from a `BookView` in a worker thread. No Textual here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from tradebook.domain import aging as aging_rules
from tradebook.domain import flags as flag_rules
from tradebook.domain import ladder
from tradebook.domain.accounts import accounts
from tradebook.domain.timeline import Event, customer_timeline
from tradebook.domain.view import BookView, Doc
from tradebook.errors import NotFound

SEVERITY_ORDER = flag_rules.SEVERITY_RANK
OVERDUE_BUCKETS = ("1-30", "31-60", "61-90", "90+")
#: the customer page also shows ladder steps falling due this many days ahead
UPCOMING_DAYS = 30
BUCKET_LABELS = {"1-30": "1–30", "31-60": "31–60", "61-90": "61–90", "90+": "90+"}
#: what each ladder action asks of the user, in a few words (the reason says the rest)
ACTION_LABELS = {
    "send-invoice": "send invoice",
    "review": "review first",
    "plan-check": "check plan",
    "reminder": "reminder",
    "second-reminder": "2nd reminder",
    "call": "call them",
    "firm": "firm letter",
    "contact-principal": "call principal",
    "final": "final notice",
    "mediation": "offer mediation",
    "small-claims": "small claims",
    "cod": "ask for COD",
    "talk-first": "talk first",
    "correction": "correction",
    "decide-claim": "decide: claim?",
    "decide-lien": "decide: lien?",
}
#: actions that must not wait: shown in bold red
URGENT_ACTIONS = frozenset({"decide-claim", "decide-lien"})


@dataclass(frozen=True)
class Owed:
    """The top of the dashboard: what is owed, and how late the overdue part is."""

    total: int
    overdue: int
    credit: int
    customers: int
    invoices: int
    buckets: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Flag:
    code: str
    severity: str
    customer: str | None
    name: str
    invoice: str | None
    message: str


@dataclass(frozen=True)
class NextAction:
    customer: str
    name: str
    invoice: str | None
    action: str
    due: date
    reason: str
    letter_kind: str | None

    @property
    def label(self) -> str:
        return action_label(self.action)

    @property
    def urgent(self) -> bool:
        return self.action in URGENT_ACTIONS


def action_label(action: str) -> str:
    """A ladder action in words; an action this version does not know reads as its name."""
    return ACTION_LABELS.get(action, action.replace("-", " "))


def owed(view: BookView, today: date) -> Owed:
    found = aging_rules.aging(view, today)
    books = accounts(view)
    open_invoices = [m for m in books.invoices.values() if m.balance > 0]
    buckets = found.buckets()
    return Owed(
        total=found.total,
        overdue=found.overdue,
        credit=found.credit,
        customers=len({m.customer for m in open_invoices}),
        invoices=len(open_invoices),
        buckets=tuple((BUCKET_LABELS[b], buckets[b]) for b in OVERDUE_BUCKETS),
    )


def _name(view: BookView, ref: str | None) -> str:
    doc = view.get(ref) if ref else None
    return doc["name"] if doc else ""


def _flag(view: BookView, raw: flag_rules.Flag) -> Flag:
    return Flag(
        code=raw.code,
        severity=raw.severity,
        customer=raw.customer,
        name=_name(view, raw.customer) or "the business",
        invoice=raw.invoice,
        message=raw.message,
    )


def _action(view: BookView, raw: ladder.Action) -> NextAction:
    return NextAction(
        customer=raw.customer,
        name=_name(view, raw.customer),
        invoice=raw.invoice,
        action=raw.action,
        due=raw.due,
        reason=raw.reason,
        letter_kind=raw.letter_kind,
    )


def by_severity(flags: Sequence[Flag]) -> list[Flag]:
    return sorted(
        flags,
        key=lambda f: (
            SEVERITY_ORDER.get(f.severity, 3),
            f.name.casefold(),
            f.invoice or "",
            f.code,
        ),
    )


def todays_actions(view: BookView, today: date, settings: Any) -> list[NextAction]:
    """The Today list: what to do now, longest waiting first."""
    return [_action(view, a) for a in ladder.next_actions(view, today, settings)]


def warning_signs(view: BookView, today: date, settings: Any) -> list[Flag]:
    """Every warning sign in the book, most serious first."""
    return by_severity([_flag(view, f) for f in flag_rules.all_flags(view, today, settings)])


@dataclass(frozen=True)
class CustomerRow:
    ref: str
    name: str
    kind: str
    owes: int
    overdue: int
    days_late: int


def customer_rows(view: BookView, today: date) -> list[CustomerRow]:
    """Every customer with what they owe and how late their oldest overdue invoice is."""
    books = accounts(view)
    rows = []
    for customer in view.customers():
        ref = customer["ref"]
        invoices = [m for m in books.customer_invoices(ref) if m.balance > 0]
        late = [m.days_overdue(today) for m in invoices]
        rows.append(
            CustomerRow(
                ref=ref,
                name=customer["name"],
                kind=customer.get("kind", "person"),
                owes=sum(m.balance for m in invoices),
                overdue=sum(m.balance for m, days in zip(invoices, late, strict=True) if days > 0),
                days_late=max(late, default=0),
            )
        )
    return rows


@dataclass(frozen=True)
class CustomerPage:
    """Everything the customer detail shows."""

    customer: Doc
    owes: int
    overdue: int
    open_invoices: tuple[str, ...]
    flags: list[Flag]
    actions: list[NextAction]
    events: list[Event]


def customer_page(view: BookView, ref: str, today: date, settings: Any) -> CustomerPage:
    customer = view.get(ref)
    if customer is None:
        raise NotFound(f"no customer {ref} in this book")
    books = accounts(view)
    invoices = [m for m in books.customer_invoices(ref) if m.balance > 0]
    flags = [_flag(view, f) for f in flag_rules.customer_flags(view, ref, today, settings)]
    actions = [
        _action(view, a)
        for a in ladder.customer_actions(view, ref, today, settings, horizon_days=UPCOMING_DAYS)
    ]
    return CustomerPage(
        customer=customer,
        owes=sum(m.balance for m in invoices),
        overdue=sum(m.balance for m in invoices if m.days_overdue(today) > 0),
        open_invoices=tuple(m.ref for m in invoices),
        flags=by_severity(flags),
        actions=actions,
        events=customer_timeline(view, ref),
    )
