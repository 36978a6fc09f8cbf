"""A letter as an email draft (.eml): addressed to the customer, the letter's PDF attached, a
short courteous cover note, and `X-Unsent: 1` so Outlook and Thunderbird open it as a draft
ready to send. Nothing is sent from here and no mail password is kept: the user's own mail
program sends it, and the user then records that it went (`tradebook sent L-0001 --via email`).
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid
from pathlib import Path

from tradebook.documents.letters import TITLES, Letter
from tradebook.documents.output import write_atomic
from tradebook.documents.tone import guard
from tradebook.documents.wording import and_join
from tradebook.domain import dates
from tradebook.domain.money import fmt
from tradebook.domain.view import Doc
from tradebook.errors import BadInput

#: letters that ask for money: their cover note thanks a customer who has already paid
ASKING = ("reminder", "second-reminder", "firm", "final", "plan-offer", "statement")


def recipient_email(customer: Doc) -> str:
    """The customer's first email address; refused (before anything is made) when there is none."""
    emails = [e.strip() for e in customer.get("emails") or () if e and e.strip()]
    if not emails:
        raise BadInput(
            f"{customer['ref']} {customer['name']} has no email address in the book — "
            "send this letter by post or by hand instead"
        )
    return emails[0]


def check_target(path: Path) -> Path:
    """Where the draft goes, checked before anything is made."""
    target = Path(path).expanduser()
    if target.suffix.lower() != ".eml":
        raise BadInput(f"the email draft should end in .eml (not {target.name!r})")
    if not target.parent.is_dir():
        raise BadInput(f"no folder {target.parent} to write {target.name} into")
    return target


def precheck(customer: Doc, profile: Doc) -> None:
    """The cover note's own words are fixed; what it quotes from the book is checked before
    the letter is made, so a refused note never leaves a letter recorded without its draft."""
    quoted = [
        customer.get("name"),
        customer.get("principal"),
        profile.get("signature"),
        profile.get("name"),
        profile.get("phone"),
    ]
    guard("\n".join(q for q in quoted if q), "the email's cover note")


def cover_note(letter: Letter, customer: Doc, profile: Doc, letter_ref: str) -> str:
    """A few plain lines that say what is attached and how to reach the business."""
    name = customer.get("principal") if customer.get("kind") == "business" else None
    title = TITLES[letter.kind].lower()
    about = f" about {_invoices(letter.invoices)}" if letter.invoices else ""
    what = [f"Please find attached our {title}{about} ({letter_ref}), as a PDF."]
    first = letter.demand.first_installment if letter.demand is not None else None
    if first and letter.pay_by is not None:
        what.append(
            f"It offers to spread what is owed over installments, the first of "
            f"{fmt(first)} by {_day(letter)}."
        )
    elif letter.demand is not None and letter.pay_by is not None:
        what.append(
            f"It asks for {fmt(letter.demand.total)} by {_day(letter)}; how to pay is "
            "set out in the letter."
        )
    elif letter.pay_by is not None:
        what.append(f"The date it gives is {_day(letter)}.")
    talk = []
    if letter.kind in ASKING:
        talk.append(
            "If you have paid in the meantime, thank you, and please disregard this message."
        )
    reach = f" or call us on {profile['phone']}" if profile.get("phone") else ""
    talk.append(
        f"If anything is unclear, or you would like to talk it over, just reply to this "
        f"email{reach}."
    )
    sign = [part for part in (profile.get("signature"), profile.get("name")) if part]
    paragraphs = [
        f"Dear {name or customer['name']},",
        " ".join(what),
        " ".join(talk),
        "\n".join(["Kind regards,", *sign]),
    ]
    return "\n\n".join(paragraphs) + "\n"


def _invoices(refs: tuple[str, ...]) -> str:
    return ("invoice " if len(refs) == 1 else "invoices ") + and_join(list(refs))


def _day(letter: Letter) -> str:
    day = letter.pay_by
    return f"{day:%B} {day.day}, {day.year}" if day else ""


def build_draft(
    letter: Letter, customer: Doc, profile: Doc, letter_ref: str, pdf: Path
) -> EmailMessage:
    """The draft: To the customer, From the business (where its email is known), the cover
    note checked by the tone guard, the PDF attached."""
    to = recipient_email(customer)
    body = cover_note(letter, customer, profile, letter_ref)
    guard(body, "the email's cover note")
    msg = EmailMessage()
    msg["To"] = formataddr((customer["name"], to))
    if profile.get("email"):
        msg["From"] = formataddr((profile.get("name") or "", profile["email"]))
    about = f" — {', '.join(letter.invoices)}" if letter.invoices else ""
    msg["Subject"] = f"{TITLES[letter.kind]}{about} ({letter_ref})"
    msg["Date"] = format_datetime(dates.now())
    domain = (profile.get("email") or "").partition("@")[2] or "tradebook.invalid"
    msg["Message-ID"] = make_msgid(idstring=letter_ref, domain=domain)
    msg["X-Unsent"] = "1"  # Outlook and Thunderbird open it as a draft, ready to send
    msg.set_content(body)
    msg.add_attachment(
        pdf.read_bytes(),
        maintype="application",
        subtype="pdf",
        filename=f"{TITLES[letter.kind]} {letter_ref}.pdf",
    )
    return msg


def write_eml(msg: EmailMessage, target: Path) -> Path:
    """Write the draft all at once (a half-written file never replaces a good one), private."""
    write_atomic(target, msg.as_bytes())
    return target
