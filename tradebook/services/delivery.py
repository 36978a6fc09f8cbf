"""Recording that a prepared letter went out: an email draft sent from the user's own mail
program, a letter posted the next morning. The letter keeps its text and date; its delivery
is filled in, and a new outbound contact says when and how it went (the contact log is
append-only: the "prepared" entry stays as it was)."""

from __future__ import annotations

from datetime import date, datetime

from tradebook.domain.refs import ref_id
from tradebook.domain.view import Doc
from tradebook.errors import BadInput
from tradebook.services.billing import DELIVERY
from tradebook.services.book import Book
from tradebook.services.inputs import clean_text, one_of
from tradebook.services.letters import TRACKED, VIA_WORDS


def record_sent(
    book: Book, letter_ref: str, *, via: str, at: datetime, today: date, tracking: str | None = None
) -> tuple[Doc, Doc]:
    """Fill in how a prepared letter went and log it; refused if it was already recorded."""
    from tradebook.documents.letters import TITLES

    letter = book.get(letter_ref, "letters")
    one_of(via, DELIVERY, "delivery", field="via")
    tracking = clean_text(tracking, "tracking number", limit=80, field="tracking") or None
    if tracking and via not in TRACKED:
        raise BadInput(
            "a tracking number goes with delivery by mail (post) or certified mail",
            field="tracking",
        )
    done = (letter.get("delivery") or {}).get("via")
    if done:
        raise BadInput(
            f"{letter['ref']} was already recorded as sent {VIA_WORDS.get(done, done)}",
            field="letter",
        )
    if at.date() < date.fromisoformat(letter["date"]):
        raise BadInput(
            f"{letter['ref']} was made on {letter['date']}; it cannot have gone on {at.date()}",
            field="at",
        )
    if at.date() > today:
        raise BadInput(f"{at.date()} is in the future (today is {today})", field="at")
    track = f" (tracking {tracking})" if tracking else ""
    contact = book.log_contact(
        letter["customer"],
        f"{TITLES.get(letter['kind'], letter['kind'])} {letter['ref']} of {letter['date']} sent "
        f"{VIA_WORDS[via]}{track}",
        via="email" if via == "email" else "letter",
        at=at,
        outcome="sent",
        invoices=letter.get("invoices") or (),
        letter=letter["ref"],
        recorded=today,
    )
    with book.store.transaction() as tx:
        doc_id = ref_id(letter["ref"])
        current = tx.get("letters", doc_id) or letter
        if (current.get("delivery") or {}).get("via"):
            raise BadInput(f"{letter['ref']} was already recorded as sent", field="letter")
        tx.update(
            "letters",
            doc_id,
            {
                "delivery": {
                    "via": via,
                    "tracking": tracking,
                    "date": at.date().isoformat(),
                    "contact": contact["ref"],
                }
            },
        )
    return book.get(letter["ref"], "letters"), contact
