"""Issuing a letter: its text is checked and composed, its PDF written, and the book keeps
the text as sent, the PDF's sha256, how it was delivered, and an outbound contact that the
escalation ladder sees. A letter issued without a delivery method is logged as prepared, not
sent. A draft is only a PDF marked DRAFT: nothing is recorded or logged.

A refused or impossible letter writes nothing: no record, no contact, no file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from tradebook.documents.assets import user_templates_dir
from tradebook.documents.letters import TITLES, Letter, PlanTerms, compose_letter
from tradebook.documents.output import pdf_target, temp_beside
from tradebook.documents.wording import and_join
from tradebook.domain.refs import make_ref, parse_ref
from tradebook.domain.view import Doc
from tradebook.errors import BadInput
from tradebook.services.billing import DELIVERY
from tradebook.services.book import Book
from tradebook.services.inputs import clean_text, one_of
from tradebook.settings import Settings

#: Delivery methods that come with a tracking number.
TRACKED = ("post", "certified")
VIA_WORDS = {
    "post": "by mail",
    "certified": "by certified mail",
    "email": "by email",
    "hand": "by hand",
}


@dataclass(frozen=True)
class IssuedLetter:
    record: Doc | None  # the `letters` record, with its contact ref filled in; None for a draft
    contact: Doc | None
    path: Path
    letter: Letter

    @property
    def draft(self) -> bool:
        return self.record is None


def resolve_target(book: Book, target: str) -> tuple[Doc, tuple[str, ...]]:
    """`INV-0042` means that invoice (and its customer); anything else names a customer."""
    parsed = parse_ref(target or "")
    if parsed is not None and parsed[0] == "invoices":
        inv = book.get(target, "invoices")
        return book.get(inv["customer"], "customers"), (inv["ref"],)
    return book.customer(target), ()


def issue_letter(
    book: Book,
    target: str,
    kind: str,
    *,
    today: date,
    at: datetime,
    path: Path | str,
    note: str | None = None,
    via: str | None = None,
    tracking: str | None = None,
    deadline: date | None = None,
    next_step: str = "mediation",
    plan: PlanTerms | None = None,
    settings: Settings | None = None,
    draft: bool = False,
    email_draft_to: str | None = None,
) -> IssuedLetter:
    """Make the letter's PDF at `path` and record it; refuses before writing anything.
    A `draft` is the PDF alone, marked DRAFT, with nothing recorded or logged. A letter
    made into an email draft (`email_draft_to`) is logged as prepared by email: it has not
    gone until the user sends the draft and records it."""
    from tradebook.documents.letter_pdf import render_letter

    if via is not None:
        one_of(via, DELIVERY, "delivery", field="via")
    tracking = clean_text(tracking, "tracking number", limit=80, field="tracking") or None
    if tracking and via not in TRACKED:
        raise BadInput(
            "a tracking number goes with delivery by mail (post) or certified mail",
            field="tracking",
        )
    if draft and via is not None:
        raise BadInput(
            "a draft is not sent: leave out how it goes out (and any tracking number)", field="via"
        )
    if email_draft_to is not None and (via is not None or draft):
        raise BadInput(
            "an email draft is prepared, not sent: its delivery is recorded once it went",
            field="via",
        )
    note = clean_text(note, "note", limit=2000, says=True, field="note")
    target_path = pdf_target(path)
    customer, invoices = resolve_target(book, target)
    view = book.view
    letter = compose_letter(
        view,
        customer["ref"],
        kind,
        today,
        invoice_refs=invoices,
        note=note,
        deadline=deadline,
        next_step=next_step,
        plan=plan,
        templates_dir=user_templates_dir(book.path),
        settings=settings,
        via=via,
        tracking=tracking,
    )
    tmp = temp_beside(target_path)
    if draft:
        data = render_letter(view, letter, draft=True)
        try:
            _write(tmp, data)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        tmp.replace(target_path)
        return IssuedLetter(None, None, target_path, letter)
    try:
        with book.store.transaction() as tx:
            letter_id = tx.next_id("letters")
            ref = make_ref("letters", letter_id)
            data = render_letter(view, letter, letter_ref=ref)
            _write(tmp, data)
            record = {
                "ref": ref,
                "customer": customer["ref"],
                "kind": kind,
                "invoices": list(letter.invoices),
                "date": today.isoformat(),
                "body": letter.body,
                "sha256": hashlib.sha256(data).hexdigest(),
                "delivery": {"via": via, "tracking": tracking},
                "contact": None,
                "deadline": letter.deadline.isoformat() if letter.deadline else None,
                "note": note,
                "pay_by": letter.pay_by.isoformat() if letter.pay_by else None,
                "demanded": letter.demand.as_record() if letter.demand else None,
            }
            tx.insert("letters", record)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(target_path)
    # A letter made without a recorded delivery is "prepared", not "sent": it is no evidence
    # that the customer was reached.
    summary = letter_summary(letter, ref, via, tracking)
    if email_draft_to is not None:
        summary = summary.replace(
            " prepared (delivery not recorded)",
            f" prepared as an email draft to {email_draft_to} (not sent yet)",
        )
    contact = book.log_contact(
        customer["ref"],
        summary,
        via="email" if via == "email" or email_draft_to else "letter",
        at=at,
        outcome="sent" if via else "prepared",
        invoices=letter.invoices,
        letter=ref,
        recorded=today,
    )
    with book.store.transaction() as tx:
        tx.update("letters", letter_id, {"contact": contact["ref"]})
    return IssuedLetter({**record, "contact": contact["ref"]}, contact, target_path, letter)


def letter_summary(letter: Letter, ref: str, via: str | None, tracking: str | None) -> str:
    """How the contact log tells a letter: its kind and ref, how it went, what it is about."""
    how = f" sent {VIA_WORDS[via]}" if via else " prepared (delivery not recorded)"
    track = f" (tracking {tracking})" if tracking else ""
    about = f" about {and_join(list(letter.invoices))}" if letter.invoices else ""
    deadline = (
        f"; deadline {letter.deadline.isoformat()}"
        if letter.kind == "final" and letter.deadline
        else ""
    )
    return f"{TITLES[letter.kind]} {ref}{how}{track}{about}{deadline}"


def _write(tmp: Path, data: bytes) -> None:
    try:
        tmp.write_bytes(data)
    except OSError as exc:
        raise BadInput(f"cannot write {tmp.parent}: {exc.strerror or exc}") from None
