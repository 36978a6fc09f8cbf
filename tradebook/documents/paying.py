"""When and how a customer is asked to pay: the calendar pay-by date every letter that asks
for money gives, and the "how to pay" block drawn from the business profile.

A letter that asks for money and does not say how to pay it, or by when, is easy to put
aside; a mediator or a judge also asks first whether the customer was told both.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from tradebook.documents.wording import and_join, long_date
from tradebook.errors import BadInput

#: The ways a customer may pay, as the profile's `pay_methods` holds them, and how a letter says them.
PAY_METHODS = {
    "check": "check",
    "card": "card",
    "transfer": "bank transfer",
    "cash": "cash",
    "online": "online payment",
}
#: The letter kinds that ask for money by a date.
PAY_BY_KINDS = ("reminder", "second-reminder", "firm", "final", "plan-offer")
FIX_PROFILE = (
    'tradebook init --pay-methods check,transfer --payment-note "Bank transfer: '
    'account name, routing and account number"'
)


def parse_pay_methods(text: str | Sequence[str] | None) -> list[str] | None:
    """`check, card` → ["check", "card"]; None when not given; refuses an unknown method."""
    if text is None:
        return None
    words = text.replace(",", " ").split() if isinstance(text, str) else list(text)
    methods = []
    for word in (w.strip().lower() for w in words):
        if word not in PAY_METHODS:
            raise BadInput(f"payment method {word!r} is not one of {', '.join(PAY_METHODS)}")
        if word not in methods:
            methods.append(word)
    return methods


def says_how_to_pay(profile: dict) -> bool:
    return bool(profile.get("pay_methods") or (profile.get("payment_note") or "").strip())


def require_how_to_pay(profile: dict) -> None:
    """A letter asking for money is refused while the profile says nothing about how to pay."""
    if not says_how_to_pay(profile):
        raise BadInput(
            "your business profile does not say how to pay you, and every letter "
            f"asking for money must: {FIX_PROFILE} (or press e in the app)"
        )


def how_to_pay(profile: dict, refs: Iterable[str] = ()) -> tuple[str, ...]:
    """The lines of the "How to pay" block: payee, where checks go, what else is accepted."""
    payee = (profile.get("pay_to") or profile.get("name") or "").strip()
    methods = list(profile.get("pay_methods") or ())
    address = ", ".join(
        line.strip()
        for line in (profile.get("pay_address") or profile.get("address") or "").splitlines()
        if line.strip()
    )
    quote = and_join(list(refs))
    lines = []
    if "check" in methods:
        to = f", mailed to {address}" if address else ""
        write = f"; please write {quote} on it" if quote else ""
        lines.append(f"By check payable to {payee}{to}{write}.")
    others = [PAY_METHODS[m] for m in methods if m != "check"]
    if others:
        lines.append(f"Also accepted: {and_join(others)}.")
    note = (profile.get("payment_note") or "").strip()
    if note:
        lines.extend(line.strip() for line in note.splitlines() if line.strip())
    if quote and "check" not in methods:
        lines.append(f"Please quote {quote} with your payment.")
    return tuple(lines)


def pay_by_date(today: date, days: int, dues: Iterable[date]) -> date:
    """`days` after `today`, never before a due date, moved off a weekend to the Monday."""
    pay_by = max([today + timedelta(days=days), *dues])
    while pay_by.weekday() >= 5:
        pay_by += timedelta(days=1)
    return pay_by


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def pay_by_words(pay_by: date) -> str:
    """`Wednesday, December 16, 2026`: a weekday too, so nobody has to look it up."""
    return f"{WEEKDAYS[pay_by.weekday()]}, {long_date(pay_by)}"
