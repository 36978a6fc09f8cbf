"""A composed letter on the business letterhead, as a PDF (this module imports fpdf2)."""

from __future__ import annotations

import re
from pathlib import Path

from tradebook.documents.base import ACCENT, MUTED, Column, DocumentPDF
from tradebook.documents.invoice_copy import draw_invoice_copy
from tradebook.documents.letters import Letter
from tradebook.documents.output import write_atomic
from tradebook.documents.statement import draw_statement, statement_for
from tradebook.documents.wording import long_date
from tradebook.domain.money import fmt
from tradebook.domain.view import BookView


def render_letter(
    view: BookView, letter: Letter, *, letter_ref: str | None = None, draft: bool = False
) -> bytes:
    """The letter's PDF bytes; the same letter and ref always give the same bytes. A draft
    carries DRAFT across every page. Its enclosures follow it in the same file, so one
    printout is the whole mailing."""
    refs = [*((letter_ref,) if letter_ref else ()), *letter.refs]
    title = f"{letter.title} — {_name(view, letter)}"
    pdf = DocumentPDF(view.profile, f"DRAFT — {title}" if draft else title, letter.date, refs)
    pdf.watermark = "DRAFT" if draft else None
    pdf.add_page()
    _address_window(pdf, view.profile, letter.recipient)
    _dateline(pdf, letter, letter_ref)
    pdf.set_y(max(pdf.get_y(), BODY_TOP))
    pdf.para(letter.subject, size=11, bold=True, gap=2.5, color=ACCENT)
    # The amount and how to pay come before the last paragraph (the sign-off), which stays
    # with the signature, so a page never starts with "Sincerely," alone.
    *body, last = letter.paragraphs or ("",)
    for paragraph in body:
        _paragraph(pdf, paragraph)
    if letter.kind == "statement":
        draw_statement(pdf, statement_for(view, letter.customer, letter.date))
    if letter.demand is not None:
        _amount_due(pdf, letter)
    if letter.how_to_pay:
        _how_to_pay(pdf, letter.how_to_pay)
    pdf.style(BODY_SIZE)
    last_lines = len(pdf.wrap(last, pdf.body_width)) if last else 0
    listed = len(letter.enclosures) + 1 if letter.enclosures else 0
    pdf.ensure_room(pdf.line_height() * (last_lines + len(letter.closing) + listed) + 10)
    if last:
        _paragraph(pdf, last)
    pdf.style(BODY_SIZE)
    pdf.write_lines(letter.closing)
    if letter.enclosures:
        pdf.set_y(pdf.get_y() + 4)
        pdf.para("Enclosures:", size=9, bold=True, gap=0.5)
        pdf.marked([(f"{n}.", what) for n, what in enumerate(letter.enclosures, 1)], size=9)
    _enclosures(pdf, view, letter)
    return bytes(pdf.output())


# Where the recipient's address goes so that it shows through the window of a standard #10
# window envelope (4 1/8 x 9 1/2 in, window 1 1/8 x 4 1/2 in, 7/8 in from the left and 1/2 in
# from the bottom; USPS DMM 601.6.3 asks every character of the address to stay visible
# through the window as the insert moves). Read 2026-12-06: the common window position as
# given by CSUS mail services (quoted at answers.google.com/answers/threadview?id=712795) and
# the address area for a letter-size sheet folded in three and resting at the bottom of the
# envelope (postalmethods.com developer guide: top 2.042 in, height at most 0.875 in, width at
# most 3.5 in). The left edge is kept at 1 in so the address clears the window's left edge
# even with the sheet pushed to the side of the envelope.
MM_PER_INCH = 25.4
WINDOW_LEFT = 1.0 * MM_PER_INCH
WINDOW_TOP = 2.042 * MM_PER_INCH + 1.5
WINDOW_HEIGHT = 0.875 * MM_PER_INCH - 2.0
WINDOW_WIDTH = 3.375 * MM_PER_INCH
#: the body starts below the window, above the first fold (11 in / 3 = 3.67 in)
BODY_TOP = 3.3 * MM_PER_INCH
#: the letter's own text; a little under the 10 pt of the enclosures so one page holds it
BODY_SIZE = 9.5


def _address_window(pdf, profile: dict, recipient: tuple[str, ...]) -> None:
    """The sender's return address on one small line, the recipient's address block under it,
    both inside the envelope window; lines too long for the window are shrunk to fit."""
    sender = " · ".join(
        x
        for x in (
            profile.get("name") or "",
            *(line.strip() for line in (profile.get("address") or "").splitlines()),
        )
        if x.strip()
    )
    pdf.style(6.5, color=MUTED)
    while pdf.measure(sender) > WINDOW_WIDTH and len(sender) > 10:
        sender = sender[:-2].rstrip() + "…"
    pdf.text(WINDOW_LEFT, WINDOW_TOP + 2.2, sender)
    pdf.set_draw_color(*MUTED)
    pdf.set_line_width(0.1)
    pdf.line(
        WINDOW_LEFT,
        WINDOW_TOP + 3.0,
        WINDOW_LEFT + min(WINDOW_WIDTH, pdf.measure(sender)),
        WINDOW_TOP + 3.0,
    )
    lines = list(recipient) or [""]
    room = WINDOW_HEIGHT - 4.0
    size = 10.0
    while size > 7 and (
        len(lines) * size * 0.42 > room
        or max(_width(pdf, line, size) for line in lines) > WINDOW_WIDTH
    ):
        size -= 0.5
    pitch = min(size * 0.45, room / len(lines))
    pdf.style(size)
    y = WINDOW_TOP + 4.0
    for line in lines:
        pdf.text(WINDOW_LEFT, y + pitch * 0.8, line)
        y += pitch
    pdf.style(10)


def _width(pdf, text: str, size: float) -> float:
    pdf.style(size)
    return pdf.measure(text)


def _dateline(pdf, letter: Letter, letter_ref: str | None) -> None:
    """Date, how it was sent, and our refs, in a column on the right beside the window."""
    right = pdf.w - pdf.r_margin
    x = WINDOW_LEFT + WINDOW_WIDTH + 6
    width = right - x
    pdf.set_y(WINDOW_TOP)
    pdf.style(10)
    pdf.write_lines([long_date(letter.date)], x=x, align="R", width=width)
    pdf.style(8.5)
    if letter.delivery:
        # "Sent by certified mail," / "No. 9589 …": the number is never split
        pdf.write_lines(
            [
                p + "," * (n < len(parts) - 1)
                for parts in [letter.delivery.split(", ")]
                for n, p in enumerate(parts)
            ],
            x=x,
            align="R",
            width=width,
        )
    ours = [
        x
        for x in (f"Our ref: {letter_ref}" if letter_ref else "", f"Account: {letter.customer}")
        if x
    ]
    pdf.style(8, color=MUTED)
    pdf.write_lines(ours, x=x, align="R", width=width)
    pdf.style(10)


def _amount_due(pdf, letter: Letter) -> None:
    """The amount asked for, principal apart from agreed fees, and the date to pay it by."""
    rows = letter.demand.rows()  # type: ignore[union-attr]
    pdf.light_table(
        [Column("Amount due", pdf.flex(34)), Column("", 34, "R")],
        [[label, fmt(amount)] for label, amount in rows],
        size=9,
        bold_rows=frozenset({len(rows) - 1}),
    )


def _how_to_pay(pdf, lines: tuple[str, ...]) -> None:
    """A boxed "How to pay" block, its title beside its lines."""
    pdf.style(9)
    label = 25.0
    wrapped = [w for line in lines for w in pdf.wrap(line, pdf.body_width - label - 6)]
    height = pdf.line_height() * len(wrapped) + 3
    pdf.ensure_room(height)
    top = pdf.get_y()
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.4)
    pdf.rect(pdf.l_margin, top, pdf.body_width, height)
    pdf.set_y(top + 1.5)
    pdf.style(9.5, bold=True, color=ACCENT)
    pdf.text(pdf.l_margin + 3, top + 1.5 + pdf.line_height() * 0.72, "How to pay")
    pdf.style(9)
    pdf.write_lines(wrapped, x=pdf.l_margin + label + 3)
    pdf.set_y(top + height + 3)
    pdf.style(10)


def _enclosures(pdf, view: BookView, letter: Letter) -> None:
    """Each enclosure on pages of its own, tagged "Enclosure N" in the corner."""
    n = 0
    for n, ref in enumerate(letter.enclosed_invoices, 1):
        inv = view.get(ref)
        if inv is None:
            continue
        pdf.exhibit = f"Enclosure {n}"
        pdf.add_page()
        draw_invoice_copy(pdf, view, inv, letter.date)
    if letter.enclosed_statement:
        pdf.exhibit = f"Enclosure {n + 1}"
        pdf.add_page()
        pdf.heading(f"Statement of account as of {long_date(letter.date)}", 0, outline=False)
        draw_statement(pdf, statement_for(view, letter.customer, letter.date))
    pdf.exhibit = None


def write_letter_pdf(
    view: BookView, letter: Letter, path: Path | str, *, letter_ref: str | None = None
) -> bytes:
    data = render_letter(view, letter, letter_ref=letter_ref)
    write_atomic(Path(path), data)
    return data


#: A list item in a letter's text: `• ` a bullet, `1. ` a numbered step (an installment).
_ITEM = re.compile(r"(•|\d+\.) ")


def _paragraph(pdf, paragraph: str) -> None:
    """Runs of plain lines are one paragraph; runs of `• ` or `1. ` lines become an indented
    list, each item drawn with the one marker it was written with."""
    run: list[str] = []
    listing = False
    for line in [*paragraph.split("\n"), None]:
        is_item = line is not None and _ITEM.match(line) is not None
        if run and (line is None or is_item != listing):
            if listing:
                pdf.marked([_marker(item) for item in run], size=BODY_SIZE)
            else:
                pdf.para(" ".join(part.strip() for part in run), size=BODY_SIZE, gap=2.5)
            run = []
        if line is not None:
            run.append(line)
            listing = is_item


def _marker(item: str) -> tuple[str, str]:
    """`1. December 6, 2026 — $630.00` → (`1.`, `December 6, 2026 — $630.00`)."""
    mark, text = item.split(" ", 1)
    return mark, text


def _name(view: BookView, letter: Letter) -> str:
    customer = view.get(letter.customer) or {}
    return customer.get("name", letter.customer)
