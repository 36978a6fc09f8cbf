"""The filing sheet drawn: a page of its own in the small-claims bundle, or a PDF of its own
(`tradebook filing`). Imports fpdf2: import it inside the command that draws."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tradebook.documents.base import ACCENT, MUTED, DocumentPDF
from tradebook.documents.filing import NOT_LEGAL_ADVICE, FilingSheet, build_filing
from tradebook.documents.output import pdf_target
from tradebook.domain.view import BookView
from tradebook.settings import Settings


def draw_filing(pdf: DocumentPDF, sheet: FilingSheet, *, outline: bool = True) -> None:
    """The sheet on `pdf` from a fresh page: its sections, each field as label and value."""
    pdf.add_page()
    pdf.heading(sheet.title, outline=outline)
    pdf.para(NOT_LEGAL_ADVICE, size=8.5, color=MUTED, gap=2)
    if sheet.not_ready:
        pdf.para(
            f"Not ready to file: {sheet.not_ready}.", size=9.5, bold=True, color=ACCENT, gap=2.5
        )
    for section in sheet.sections:
        pdf.heading(section.title, 1, outline=False)
        if section.fields:
            for field in section.fields:
                pdf.key_values([(field.label, field.value or "—")], key_width=52, size=9)
                if field.note:
                    pdf.para(
                        field.note[:1].upper() + field.note[1:],
                        size=8,
                        color=MUTED,
                        indent=52,
                        gap=1,
                    )
        for text in section.paragraphs:
            pdf.para(text, size=9, gap=1.8)
        pdf.set_y(pdf.get_y() + 1.5)
    if sheet.missing:
        pdf.para("Not on record: " + "; ".join(sheet.missing) + ".", size=8.5, color=MUTED)


def write_filing_pdf(
    view: BookView,
    customer_ref: str,
    today: date,
    path: Path | str,
    *,
    settings: Settings | None = None,
) -> tuple[Path, FilingSheet]:
    """The filing sheet for one customer as a PDF at `path`."""
    target = pdf_target(path)
    sheet = build_filing(view, customer_ref, today, settings)
    pdf = DocumentPDF(
        view.profile, f"Filing sheet — {sheet.customer.get('name', '')}", today, list(sheet.refs)
    )
    draw_filing(pdf, sheet, outline=False)
    pdf.save(target)
    return target, sheet
