"""A composed letter on the business letterhead, as a PDF (this module imports fpdf2)."""

from __future__ import annotations

import re
from pathlib import Path

from tradebook.documents.base import ACCENT, MUTED, DocumentPDF
from tradebook.documents.letters import Letter
from tradebook.documents.output import write_atomic
from tradebook.documents.statement import draw_statement, statement_for
from tradebook.documents.wording import long_date
from tradebook.domain.view import BookView


def render_letter(view: BookView, letter: Letter, *, letter_ref: str | None = None,
                  draft: bool = False) -> bytes:
    """The letter's PDF bytes; the same letter and ref always give the same bytes. A draft
    carries DRAFT across every page."""
    refs = [*((letter_ref,) if letter_ref else ()), *letter.refs]
    title = f"{letter.title} — {_name(view, letter)}"
    pdf = DocumentPDF(view.profile, f"DRAFT — {title}" if draft else title, letter.date, refs)
    pdf.watermark = "DRAFT" if draft else None
    pdf.add_page()
    pdf.style(10)
    pdf.write_lines([long_date(letter.date)], x=pdf.l_margin, align="R", width=pdf.body_width)
    ours = " · ".join(x for x in (f"Our ref: {letter_ref}" if letter_ref else "",
                                  f"Account: {letter.customer}") if x)
    pdf.style(8, color=MUTED)
    pdf.write_lines([ours], x=pdf.l_margin, align="R", width=pdf.body_width)
    pdf.style(10)
    pdf.set_y(pdf.get_y() + 2)
    pdf.write_lines(letter.recipient)
    pdf.set_y(pdf.get_y() + 6)
    pdf.para(letter.subject, size=11, bold=True, gap=3, color=ACCENT)
    for paragraph in letter.paragraphs:
        _paragraph(pdf, paragraph)
    if letter.kind == "statement":
        draw_statement(pdf, statement_for(view, letter.customer, letter.date))
    pdf.set_y(pdf.get_y() + 2)
    pdf.ensure_room(pdf.line_height() * len(letter.closing))
    pdf.write_lines(letter.closing)
    return bytes(pdf.output())


def write_letter_pdf(view: BookView, letter: Letter, path: Path | str, *,
                     letter_ref: str | None = None) -> bytes:
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
                pdf.marked([_marker(item) for item in run])
            else:
                pdf.para(" ".join(part.strip() for part in run), gap=3)
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
