"""What has already been done about a customer's invoices, as the record shows it.

Letters and bundles only say what happened: a letter counts as sent when its delivery was
recorded, and a correction entry in the contact log is not a contact of its own — it stands
in for the entry it corrects.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from tradebook.documents.wording import and_join, long_date
from tradebook.domain.accounts import ANSWERED, effective_contacts
from tradebook.domain.dates import date_of
from tradebook.domain.view import BookView, Doc

LETTER_WORDS = {
    "reminder": "payment reminder",
    "second-reminder": "second reminder",
    "firm": "firm letter",
    "final": "final notice",
    "plan-offer": "payment plan offer",
    "correction": "billing correction letter",
    "cod-notice": "COD notice",
    "mediation": "mediation invitation",
    "statement": "statement of account",
}
#: Past this many dates on one channel a sentence gives the count and the span instead.
SPELLED_DATES = 3


def contacts_as_corrected(view: BookView, customer_ref: str) -> list[Doc]:
    """The customer's real contacts in time order, each as its latest correction tells it."""
    return effective_contacts(view.contacts(customer_ref))


def delivered(letter: Doc) -> bool:
    """A letter counts as sent only when how it went out was recorded."""
    return bool((letter.get("delivery") or {}).get("via"))


def _about(record: Doc, refs: Collection[str]) -> bool:
    return bool(set(record.get("invoices") or ()) & set(refs))


def letters_sent(
    view: BookView, customer_ref: str, refs: Collection[str], today: date
) -> list[Doc]:
    """Letters with a recorded delivery about any of `refs`, up to `today`, oldest first."""
    return [
        x
        for x in view.records(customer_ref, "letters")
        if delivered(x) and _about(x, refs) and x["date"] <= today.isoformat()
    ]


def contacts_made(view: BookView, customer_ref: str, invoices: list[Doc], today: date) -> list[Doc]:
    """Outbound calls, texts, emails and visits about these invoices (or naming no invoice,
    after the first of them was issued), up to `today`; letters are counted as letters."""
    refs = {i["ref"] for i in invoices}
    first = min((i["issued"] for i in invoices), default="9999")
    return [
        c
        for c in contacts_as_corrected(view, customer_ref)
        if c["direction"] == "out"
        and not c.get("letter")
        and c["via"] != "letter"
        and date_of(c["at"]) <= today
        and (_about(c, refs) or (not c.get("invoices") and c["at"][:10] >= first))
    ]


def history_sentence(view: BookView, customer_ref: str, invoices: list[Doc], today: date) -> str:
    """`I left a voicemail about this on …, wrote to you on … and spoke with you by phone on …`
    — or nothing at all when nothing was sent or said before. Told in date order, oldest
    first; neighbouring contacts of one kind share a clause, and a long run of one kind is
    counted over its span. Each contact is worded by how it went: a call or visit is a
    conversation only when the customer answered; a try that reached nobody says so; texts
    and emails were sent, nothing more."""
    refs = [i["ref"] for i in invoices]
    told: dict[tuple[str, str, str], list[tuple[date, str]]] = {}  # phrase → (day, as told)
    for x in letters_sent(view, customer_ref, refs, today):
        told.setdefault(_WROTE, []).append(
            (
                date.fromisoformat(x["date"]),
                f"{long_date(x['date'])} ({LETTER_WORDS.get(x['kind'], x['kind'])}, {x['ref']})",
            )
        )
    for c in contacts_made(view, customer_ref, invoices, today):
        day = date_of(c["at"])
        told.setdefault(_phrase(c), []).append((day, long_date(day)))
    runs: list[tuple[tuple[str, str, str], list[tuple[date, str]]]] = []
    for phrase, items in told.items():
        if phrase != _WROTE and len(items) > SPELLED_DATES:
            runs.append((phrase, sorted(items)))  # counted, at the first of its dates
        else:
            runs.extend((phrase, [item]) for item in items)
    runs.sort(key=lambda run: (run[1][0][0], _rank(run[0])))
    merged: list[tuple[tuple[str, str, str], list[tuple[date, str]]]] = []
    for phrase, items in runs:
        if merged and merged[-1][0] == phrase:
            merged[-1][1].extend(items)
        else:
            merged.append((phrase, list(items)))
    clauses = []
    for n, (phrase, items) in enumerate(merged):
        again = any(earlier == phrase for earlier, _ in merged[:n])
        clauses.append(_clause(phrase, items, about=" about this" if n == 0 else "", again=again))
    if not clauses:
        return ""
    if len(clauses) > 2:
        return f"I {', '.join(clauses[:-1])}, and {clauses[-1]}."
    return f"I {' and '.join(clauses)}."


#: How an outbound contact is told, by channel and outcome: (verb, how, the counted form).
#: Only an answered call or visit is a conversation.
_SPOKE = {
    "call": ("spoke with you", "by phone", "spoke with you{about} by phone {n} times"),
    "visit": ("spoke with you", "in person", "spoke with you{about} in person {n} times"),
}
_TRIED = {
    "call": ("tried to reach you", "by phone", "tried to reach you{about} by phone {n} times"),
    "visit": ("came by to see you", "", "came by to see you{about} {n} times"),
}
_MESSAGE = {
    "call": ("left a message for you", "by phone", "left {n} messages for you{about} by phone"),
    "visit": ("left a note at your address", "", "left {n} notes at your address{about}"),
}
_VOICEMAIL = ("left a voicemail", "", "left {n} voicemails{about}")
_WROTE = ("wrote to you", "", "")
_SENT = {
    "text": ("sent you a text message", "", "sent you {n} text messages{about}"),
    "email": ("emailed you", "", "emailed you{about} {n} times"),
}
_ORDER = (
    "wrote to you",
    "spoke with you",
    "left a voicemail",
    "left a message for you",
    "left a note at your address",
    "tried to reach you",
    "came by to see you",
    "sent you a text message",
    "emailed you",
)


def _phrase(contact: Doc) -> tuple[str, str, str]:
    via, outcome = contact["via"], contact.get("outcome")
    if via in _SENT:
        return _SENT[via]
    if via not in _SPOKE:
        return (f"contacted you by {via}", "", f"contacted you{{about}} by {via} {{n}} times")
    if outcome in ANSWERED:
        return _SPOKE[via]
    if outcome == "voicemail" and via == "call":
        return _VOICEMAIL
    if outcome in ("voicemail", "left-message"):
        return _MESSAGE[via]
    return _TRIED[via]


def _rank(phrase: tuple[str, str, str]) -> int:
    """On the same day: a letter, then a conversation, then a try that reached nobody."""
    verb = phrase[0]
    return _ORDER.index(verb) if verb in _ORDER else len(_ORDER)


def _clause(
    phrase: tuple[str, str, str], items: list[tuple[date, str]], *, about: str, again: bool
) -> str:
    verb, how, many = phrase
    if phrase != _WROTE and len(items) > SPELLED_DATES:
        many = many.replace("{about}", about).replace("{n}", str(len(items)))
        return f"{many} between {long_date(items[0][0])} and {long_date(items[-1][0])}"
    told = list(dict.fromkeys(what for _, what in items))  # one date once, however many that day
    return " ".join(
        x for x in (verb + about, how, "again" if again else "", "on", and_join(told)) if x
    )
