"""The collection calendar: the days that matter in the book as an iCalendar (.ics) file for
the phone's calendar — promises to pay, plan installments, the pay-by dates of letters sent,
limitation-period ends and the days the next actions fall due.

Each event's UID is made from the ref it is about and what kind of day it is, so importing a
newer file into Google, Outlook or Apple Calendar updates an event rather than adding it
twice; its SEQUENCE grows with the day the file was written, so the newest file wins. A
deadline (a pay-by date, a limitation-period end) carries an alarm the day before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from tradebook.documents.output import write_atomic
from tradebook.domain import promises as promise_states
from tradebook.domain.accounts import accounts
from tradebook.domain.jurisdictions import customer_state, jurisdiction, limitation_ends
from tradebook.domain.ladder import letter_delivered, letter_pay_by, next_actions
from tradebook.domain.money import fmt
from tradebook.domain.timeline import LETTER_WORDS
from tradebook.domain.view import BookView
from tradebook.errors import BadInput
from tradebook.settings import DEFAULTS, Settings

#: UIDs end in this domain, as RFC 5545 suggests, so they never collide with another program's.
UID_DOMAIN = "tradebook.invalid"
#: the alarm of a deadline: 9:00 the day before (the event starts at midnight)
ALARM_BEFORE = timedelta(hours=15)
_EPOCH = date(2020, 1, 1)


#: A next action's kind as a calendar entry's title starts.
ACTION_WORDS = {
    "decide-claim": "Decide on a claim",
    "send-invoice": "Send the invoice",
    "talk-first": "Talk before billing the correction",
    "correction": "Billing correction letter",
    "review": "Review the dispute",
    "plan-check": "Check the payment plan",
    "reminder": "Friendly reminder",
    "second-reminder": "Second reminder",
    "call": "Call",
    "firm": "Firm letter",
    "contact-principal": "Contact the principal",
    "final": "Final notice",
    "mediation": "Offer mediation",
    "small-claims": "Small-claims bundle",
    "cod": "Ask for COD or payment up front",
}


@dataclass(frozen=True)
class Day:
    """One all-day event."""

    uid: str
    on: date
    kind: str  # promise, instalment, deadline, limitation, action
    summary: str
    description: str
    alarm: bool = False


def _uid(ref: str, kind: str) -> str:
    return f"{ref}-{kind}@{UID_DOMAIN}".lower()


def calendar_days(
    view: BookView, today: date, settings: Settings | None = None, *, days: int = 90
) -> list[Day]:
    """Every day worth a calendar entry from `today` through `days` later, soonest first."""
    if not 1 <= days <= 3660:
        raise BadInput("--days is between 1 and 3660")
    settings = settings or DEFAULTS
    t = settings.thresholds
    last = today + timedelta(days=days)
    found: list[Day] = []

    def name(ref: str) -> str:
        return (view.get(ref) or {}).get("name") or ref

    books = accounts(view)
    for customer in view.customers():
        ref = customer["ref"]
        for p in promise_states.customer_promises(view, ref, today, t.promise_grace_days):
            if p.state == promise_states.OPEN and today <= p.due <= last:
                what = f"the balance ({fmt(p.amount)})" if p.whole_balance else fmt(p.amount)
                found.append(
                    Day(
                        _uid(p.contact, "promise"),
                        p.due,
                        "promise",
                        f"{name(ref)} promised to pay {what}",
                        f"Promise made on {p.made} ({p.contact}) about "
                        f"{', '.join(p.invoices) or 'the open invoices'}; "
                        f"{fmt(p.received)} received towards it so far. "
                        f"Customer {ref}.",
                    )
                )
        for plan in promise_states.customer_plans(view, ref, today, t.plan_grace_days):
            if not plan.active:
                continue
            count = len(plan.instalments)
            for part in plan.instalments:
                if (
                    part.state in (promise_states.DUE, promise_states.LATE)
                    and today <= part.due <= last
                ):
                    found.append(
                        Day(
                            _uid(f"{plan.plan}-{part.number}", "instalment"),
                            part.due,
                            "instalment",
                            f"{name(ref)}: installment {part.number} of {count}, "
                            f"{fmt(part.amount)}",
                            f"Payment plan {plan.plan} on {', '.join(plan.invoices)}. "
                            f"Customer {ref}.",
                        )
                    )
        open_refs = {m.ref for m in books.open_invoices(ref)}
        for letter in view.records(ref, "letters"):
            pay_by = letter_pay_by(letter, settings)
            if (
                pay_by is None
                or not letter_delivered(letter)
                or not today <= pay_by <= last
                or not open_refs & set(letter.get("invoices") or ())
            ):
                continue
            words = LETTER_WORDS.get(letter["kind"], letter["kind"])
            owed = sum(m.balance for m in books.open_invoices(ref) if m.ref in letter["invoices"])
            found.append(
                Day(
                    _uid(letter["ref"], "deadline"),
                    pay_by,
                    "deadline",
                    f"Deadline: {name(ref)} to pay {fmt(owed)} ({words})",
                    f"The {words} {letter['ref']} of {letter['date']} asked for payment "
                    f"of {', '.join(letter['invoices'])} by {pay_by}. Customer {ref}.",
                    alarm=True,
                )
            )
        place = jurisdiction(customer_state(view.profile, customer, settings), settings)
        years = place.shortest_years if place else None
        if place is not None and years:
            for money in books.open_invoices(ref):
                ends = limitation_ends(money.due, years)
                if today <= ends <= last:
                    found.append(
                        Day(
                            _uid(money.ref, "limitation"),
                            ends,
                            "limitation",
                            f"Limitation period ends: {money.ref} ({name(ref)}, "
                            f"{fmt(money.balance)})",
                            f"{place.name}'s {years}-year period counted from the due "
                            f"date {money.due}: after this day a court may refuse the "
                            f"claim. Customer {ref}.",
                            alarm=True,
                        )
                    )
    for action in next_actions(view, today, settings, horizon_days=days):
        about = action.invoice or action.customer
        on = max(action.due, today)  # a step already due is due today
        command = action.command or (
            f"tradebook letter {about} --kind {action.letter_kind} -o FILE.pdf"
            if action.letter_kind
            else None
        )
        how = f"\n{command}" if command else ""
        found.append(
            Day(
                _uid(about, f"next-{action.action}"),
                on,
                "action",
                f"{ACTION_WORDS.get(action.action, action.action)}: {name(action.customer)}"
                + (f" {action.invoice}" if action.invoice else ""),
                f"{action.reason}{how}",
            )
        )
    found.sort(key=lambda d: (d.on, d.kind, d.uid))
    return found


def to_ics(found: list[Day], *, today: date, business: str) -> bytes:
    """The days as an iCalendar file."""
    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//tradebook//collections calendar//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{business} — collections" if business else "tradebook collections")
    stamp = datetime.combine(today, time(12, 0), tzinfo=UTC)
    sequence = (today - _EPOCH).days
    for day in found:
        event = Event()
        event.add("uid", day.uid)
        event.add("dtstamp", stamp)
        event.add("sequence", max(sequence, 0))
        event.add("dtstart", day.on)
        event.add("dtend", day.on + timedelta(days=1))
        event.add("summary", day.summary)
        event.add("description", day.description)
        event.add("categories", [day.kind])
        event.add("transp", "TRANSPARENT")
        if day.alarm:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"Tomorrow: {day.summary}")
            alarm.add("trigger", -ALARM_BEFORE)
            event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()


def write_calendar(
    view: BookView, path: Path, *, today: date, settings: Settings | None = None, days: int = 90
) -> tuple[Path, list[Day]]:
    """Write the calendar to `path` (all at once: a half-written file never replaces a good one)."""
    target = Path(path).expanduser()
    if target.suffix.lower() != ".ics":
        raise BadInput(f"the calendar file should end in .ics (not {target.name!r})")
    if not target.parent.is_dir():
        raise BadInput(f"no folder {target.parent} to write {target.name} into")
    found = calendar_days(view, today, settings, days=days)
    data = to_ics(found, today=today, business=view.profile.get("name", ""))
    write_atomic(target, data)  # whole or not at all, private like the book
    return target, found
