"""Rules that bind a business collecting its own bills, by the customer's state: how many calls
a week, at what hours. `next` never suggests a call the state forbids, and logging one anyway
warns (the contact is still recorded: the log is evidence of what happened).

Only the rules in the data file are applied (Massachusetts: 2 calls to the home per 7 days per
debt, 940 CMR 7.04(1)(f); Massachusetts and Florida: no calls 9 pm–8 am). Calls are counted per
customer, not per debt: stricter, so never wrong.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from tradebook.domain.dates import date_of
from tradebook.domain.jurisdictions import Jurisdiction, customer_rules, jurisdiction
from tradebook.domain.view import BookView, Doc
from tradebook.settings import Settings


def _rules(
    view: BookView, customer: Doc, settings: Settings | None
) -> tuple[Jurisdiction | None, str]:
    chosen = customer_rules(view.profile, customer, settings)
    return jurisdiction(chosen.code, settings), chosen.reason


def _calls(view: BookView, customer_ref: str) -> list[date]:
    return sorted(
        date_of(c["at"])
        for c in view.records(customer_ref, "contacts")
        if c.get("via") == "call" and c.get("direction") == "out" and not c.get("corrects")
    )


def next_call_allowed(
    view: BookView, customer: Doc, on: date, settings: Settings | None = None
) -> tuple[date, str] | None:
    """The first day a call to the customer is allowed, when a call on `on` would break the
    state's cap, with the reason; None when a call on `on` is allowed."""
    rules, why = _rules(view, customer, settings)
    if rules is None:
        return None
    cap = (rules.creditor.get("home_calls") or {}).get("value")
    if not cap:
        return None
    most, days = int(cap[0]), int(cap[1])
    recent = [d for d in _calls(view, customer["ref"]) if on - timedelta(days=days) < d <= on]
    if len(recent) < most:
        return None
    allowed = recent[-most] + timedelta(days=days)
    source = rules.creditor["home_calls"]
    return allowed, (
        f"{rules.name} allows {most} calls per {days} days to a home per debt "
        f"({source.get('source', '').split(' (')[0]}; state from {why}): "
        f"{len(recent)} logged since {recent[0]} — the next call from {allowed}"
    )


def contact_warnings(
    view: BookView, customer: Doc, contact: Doc, settings: Settings | None = None
) -> list[str]:
    """What a contact just logged broke, by the customer's state's rules."""
    if contact.get("via") != "call" or contact.get("direction") != "out":
        return []
    rules, why = _rules(view, customer, settings)
    if rules is None:
        return []
    found = []
    cap = (rules.creditor.get("home_calls") or {}).get("value")
    on = date_of(contact["at"])
    if cap:
        most, days = int(cap[0]), int(cap[1])
        recent = [d for d in _calls(view, customer["ref"]) if on - timedelta(days=days) < d <= on]
        if len(recent) > most:
            found.append(
                f"{len(recent)} calls to {customer['name']} in {days} days: {rules.name} "
                f"allows {most} per {days} days to a home per debt (940 CMR 7.04(1)(f); "
                f"state from {why})"
            )
    hours = (rules.creditor.get("quiet_hours") or {}).get("value")
    if hours:
        at = datetime.fromisoformat(contact["at"])
        start, end = (int(h.split(":")[0]) for h in hours)
        if at.hour >= start or at.hour < end:
            found.append(
                f"a call at {at.strftime('%H:%M')}: {rules.name} forbids calls between "
                f"{hours[0]} and {hours[1]} (state from {why})"
            )
    return found
