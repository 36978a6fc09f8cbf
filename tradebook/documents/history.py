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

LETTER_WORDS = {"reminder": "payment reminder", "second-reminder": "second reminder",
                "firm": "firm letter", "final": "final notice", "plan-offer": "payment plan offer",
                "correction": "billing correction letter", "cod-notice": "COD notice",
                "mediation": "mediation invitation", "statement": "statement of account"}
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
    """`I wrote to you about this on …, spoke with you by phone on … and left a voicemail on …`
    — or nothing at all when nothing was sent or said before. Each contact is worded by how it
    went: a call or visit is a conversation only when the customer answered; a try that
    reached nobody says so; texts and emails were sent, nothing more."""
    refs = [i["ref"] for i in invoices]
    letters = [f"{long_date(x['date'])} ({LETTER_WORDS.get(x['kind'], x['kind'])}, {x['ref']})"
               for x in letters_sent(view, customer_ref, refs, today)]
    groups: dict[tuple[str, str, str], list[date]] = {}
    if letters:
        groups[("wrote to you", "", "")] = []
    for c in contacts_made(view, customer_ref, invoices, today):
        groups.setdefault(_phrase(c), []).append(date_of(c["at"]))
    clauses = []
    for n, ((verb, how, many), days) in enumerate(sorted(groups.items(), key=_clause_order)):
        about = " about this" if n == 0 else ""
        if not days:
            clauses.append(f"{verb}{about} on {and_join(letters)}")
        else:
            clauses.append(_clause(verb + about, how, many.replace("{about}", about), days))
    if not clauses:
        return ""
    if len(clauses) > 2:
        return f"I {', '.join(clauses[:-1])}, and {clauses[-1]}."
    return f"I {' and '.join(clauses)}."


#: How an outbound contact is told, by channel and outcome: (verb, how, the counted form).
#: Only an answered call or visit is a conversation.
_SPOKE = {"call": ("spoke with you", "by phone", "spoke with you{about} by phone {n} times"),
          "visit": ("spoke with you", "in person", "spoke with you{about} in person {n} times")}
_TRIED = {"call": ("tried to reach you", "by phone", "tried to reach you{about} by phone {n} times"),
          "visit": ("came by to see you", "", "came by to see you{about} {n} times")}
_MESSAGE = {"call": ("left a message for you", "by phone", "left {n} messages for you{about} by phone"),
            "visit": ("left a note at your address", "", "left {n} notes at your address{about}")}
_VOICEMAIL = ("left a voicemail", "", "left {n} voicemails{about}")
_SENT = {"text": ("sent you a text message", "", "sent you {n} text messages{about}"),
         "email": ("emailed you", "", "emailed you{about} {n} times")}
_ORDER = ("wrote to you", "spoke with you", "left a voicemail", "left a message for you",
          "left a note at your address", "tried to reach you", "came by to see you",
          "sent you a text message", "emailed you")


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


def _clause_order(group: tuple[tuple[str, str, str], list[date]]) -> tuple[int, str, date]:
    (verb, how, _), days = group
    rank = _ORDER.index(verb) if verb in _ORDER else len(_ORDER)
    return rank, how, min(days, default=date.min)


def _clause(verb: str, how: str, many: str, days: list[date]) -> str:
    distinct = sorted(set(days))
    if len(days) <= SPELLED_DATES:
        return " ".join(x for x in (verb, how, "on", and_join([long_date(d) for d in distinct])) if x)
    many = many.replace("{n}", str(len(days)))
    return f"{many} between {long_date(distinct[0])} and {long_date(distinct[-1])}"
