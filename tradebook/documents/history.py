"""What has already been done about a customer's invoices, as the record shows it.

Letters and bundles only say what happened: a letter counts as sent when its delivery was
recorded, and a correction entry in the contact log is not a contact of its own — it stands
in for the entry it corrects.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from tradebook.documents.wording import and_join, long_date
from tradebook.domain.dates import date_of
from tradebook.domain.view import BookView, Doc

#: The fields a correction replaces in the entry it corrects.
CORRECTED_FIELDS = ("via", "direction", "summary", "outcome", "promise", "dispute",
                    "resolves_dispute", "invoices")
CHANNEL_WORDS = {"call": "by phone", "text": "by text", "email": "by email", "visit": "in person",
                 "letter": "by letter"}
LETTER_WORDS = {"reminder": "payment reminder", "second-reminder": "second reminder",
                "firm": "firm letter", "final": "final notice", "plan-offer": "payment plan offer",
                "correction": "billing correction letter", "cod-notice": "COD notice",
                "mediation": "mediation invitation", "statement": "statement of account"}
#: Past this many dates on one channel a sentence gives the count and the span instead.
SPELLED_DATES = 3


def contacts_as_corrected(view: BookView, customer_ref: str) -> list[Doc]:
    """The customer's real contacts in time order: correction entries are not contacts; the
    entry one corrects keeps its time and ref but carries the corrected details."""
    entries = view.contacts(customer_ref)
    by_ref = {c["ref"]: c for c in entries}
    latest: dict[str, Doc] = {}
    for entry in entries:
        if entry.get("corrects"):
            root = entry["corrects"]
            while by_ref.get(root, {}).get("corrects"):
                root = by_ref[root]["corrects"]
            latest[root] = entry
    real = []
    for entry in entries:
        if entry.get("corrects"):
            continue
        fix = latest.get(entry["ref"])
        real.append({**entry, **{k: fix.get(k) for k in CORRECTED_FIELDS}} if fix else entry)
    return real


def delivered(letter: Doc) -> bool:
    """A letter counts as sent only when how it went out was recorded."""
    return bool((letter.get("delivery") or {}).get("via"))


def _about(record: Doc, refs: Collection[str]) -> bool:
    return bool(set(record.get("invoices") or ()) & set(refs))


def letters_sent(view: BookView, customer_ref: str, refs: Collection[str], today: date) -> list[Doc]:
    """Letters with a recorded delivery about any of `refs`, up to `today`, oldest first."""
    return [x for x in view.records(customer_ref, "letters")
            if delivered(x) and _about(x, refs) and x["date"] <= today.isoformat()]


def contacts_made(view: BookView, customer_ref: str, invoices: list[Doc], today: date) -> list[Doc]:
    """Outbound calls, texts, emails and visits about these invoices (or naming no invoice,
    after the first of them was issued), up to `today`; letters are counted as letters."""
    refs = {i["ref"] for i in invoices}
    first = min((i["issued"] for i in invoices), default="9999")
    return [c for c in contacts_as_corrected(view, customer_ref)
            if c["direction"] == "out" and not c.get("letter") and c["via"] != "letter"
            and date_of(c["at"]) <= today
            and (_about(c, refs) or (not c.get("invoices") and c["at"][:10] >= first))]


def history_sentence(view: BookView, customer_ref: str, invoices: list[Doc], today: date) -> str:
    """`I wrote to you about this on … and contacted you by phone on …` — or nothing at all
    when nothing was sent or said before."""
    refs = [i["ref"] for i in invoices]
    letters = [f"{long_date(x['date'])} ({LETTER_WORDS.get(x['kind'], x['kind'])}, {x['ref']})"
               for x in letters_sent(view, customer_ref, refs, today)]
    by_channel: dict[str, list[date]] = {}
    for c in contacts_made(view, customer_ref, invoices, today):
        by_channel.setdefault(c["via"], []).append(date_of(c["at"]))
    reached = [_channel_phrase(CHANNEL_WORDS.get(via, f"by {via}"), days)
               for via, days in by_channel.items()]
    if letters and reached:
        return f"I wrote to you about this on {and_join(letters)}, and contacted you {and_join(reached)}."
    if letters:
        return f"I wrote to you about this on {and_join(letters)}."
    if reached:
        return f"I contacted you about this {and_join(reached)}."
    return ""


def _channel_phrase(how: str, days: list[date]) -> str:
    distinct = sorted(set(days))
    if len(days) <= SPELLED_DATES:
        return f"{how} on {and_join([long_date(d) for d in distinct])}"
    return f"{how} {len(days)} times between {long_date(distinct[0])} and {long_date(distinct[-1])}"
