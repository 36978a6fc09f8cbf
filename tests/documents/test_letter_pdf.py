"""Letters read back from their PDFs: names (non-ASCII too), amounts, dates, page numbers,
and byte-for-byte reproducibility."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from tests.documents.builder import BAKERY, BUSINESS, PRINCIPAL, RENEE, TODAY, at
from tests.documents.conftest import flat, pages_text
from tradebook.documents.letter_pdf import render_letter, write_letter_pdf
from tradebook.documents.letters import compose_letter

KIND_CHECKS = {
    "reminder": ("Friendly reminder — INV-0001 and INV-0003", "$1,680.00"),
    "second-reminder": ("Second reminder", "$1,500.00 outstanding"),
    "firm": ("Overdue account", "payment plan"),
    "final": ("Final notice — payment due by December 4, 2026", "refer the matter to mediation"),
    "plan-offer": ("Payment plan offer", "3. February 4, 2027 — $560.00"),
    "cod-notice": ("Payment terms for future work", "cash-on-delivery"),
    "mediation": ("Invitation to mediation", "by December 4, 2026 whether you agree to mediation"),
    "statement": ("Statement of account", "Balance due on 2026-11-20 $1,680.00"),
}


@pytest.mark.parametrize("kind", sorted(KIND_CHECKS))
def test_each_letter_kind_reads_back_with_names_amounts_and_dates(view, kind):
    letter = compose_letter(view, "C-0001", kind, TODAY)
    pages = pages_text(render_letter(view, letter, letter_ref="L-0009"))
    text = flat(" ".join(pages))
    for expected in KIND_CHECKS[kind]:
        assert expected in text
    assert RENEE in text and BUSINESS in text and "Zoë Ångström" in text
    assert "November 20, 2026" in text
    assert f"Page 1 of {len(pages)}" in flat(pages[0])
    assert "Refs: L-0009, C-0001, INV-0001, INV-0003" in text
    assert "Otto" not in text


def test_correction_letter_pdf_goes_to_the_principal(sample):
    sample.contact("C-0002", at("2026-04-02"), "Explained the under-billing", outcome="spoke")
    view = sample.view()
    letter = compose_letter(view, "C-0002", "correction", TODAY)
    text = flat(" ".join(pages_text(render_letter(view, letter))))
    assert PRINCIPAL in text and BAKERY in text and "Option 3" in text and "$150.00" in text


def test_same_letter_same_bytes_and_the_date_is_the_creation_date(view, tmp_path):
    letter = compose_letter(view, "C-0001", "final", TODAY)
    first = write_letter_pdf(view, letter, tmp_path / "a.pdf", letter_ref="L-0003")
    second = write_letter_pdf(view, letter, tmp_path / "b.pdf", letter_ref="L-0003")
    assert first == second == (tmp_path / "a.pdf").read_bytes()
    assert not list(tmp_path.glob(".*.tmp"))
    meta = PdfReader(io.BytesIO(first)).metadata
    assert meta["/CreationDate"].startswith("D:20261120")
    assert meta["/Author"] == BUSINESS and "Final notice" in meta["/Title"]
    later = compose_letter(view, "C-0001", "final", date(2026, 11, 21))
    assert render_letter(view, later, letter_ref="L-0003") != first


def test_a_long_letter_breaks_onto_numbered_pages(view):
    note = " ".join(
        ["I appreciate that the last months have been difficult for your family business."] * 60
    )
    letter = compose_letter(view, "C-0001", "firm", TODAY, note=note)
    pages = pages_text(render_letter(view, letter))
    assert len(pages) >= 2
    assert f"Page {len(pages)} of {len(pages)}" in flat(pages[-1])
    first_enclosure = next(n for n, page in enumerate(pages) if "Enclosure 1" in page)
    signed = pages[first_enclosure - 1]
    assert "Sincerely," in signed and "Yours sincerely" not in flat(signed)
    # the sign-off paragraph travels with the signature: "Sincerely," never opens a page
    body = signed.split("\n", 1)[1]  # below the running head
    assert not body.lstrip().startswith("Sincerely,")


#: British spellings and phrasings a Kentucky business's letters must not carry.
BRITISH = (
    "Licence",
    "licence",
    "instalment",
    "neighbour",
    "agree a payment",
    "agree dates",
    "Yours sincerely",
    "by post",
    "suit you",
    "labelled",
    "summarise",
)


@pytest.mark.parametrize("kind", sorted(KIND_CHECKS))
def test_letters_read_back_in_us_english(view, kind):
    letter = compose_letter(view, "C-0001", kind, TODAY)
    text = flat(" ".join(pages_text(render_letter(view, letter, letter_ref="L-0009"))))
    assert "License no. ME-48213" in text
    for word in BRITISH:
        assert word not in text, (kind, word)
    if kind in ("firm", "final"):
        assert "agree on a payment plan" in text
    if kind == "plan-offer":
        assert "in installments on the following schedule" in text


def test_plan_installments_carry_their_number_as_the_only_marker(view):
    import pdfplumber

    letter = compose_letter(view, "C-0001", "plan-offer", TODAY)
    assert (
        "1. December 4, 2026 — $560.00\n2. January 4, 2027 — $560.00\n3. February 4, 2027 — $560.00"
        in letter.paragraphs
    )
    data = render_letter(view, letter, letter_ref="L-0009")
    text = flat(" ".join(pages_text(data)))
    assert "•" not in text and "3. February" in text
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        words = pdf.pages[0].extract_words()
    months = [w for w in words if w["text"] in ("December", "January", "February")]
    marks = [
        w
        for w in words
        if w["text"] in ("1.", "2.", "3.")
        and any(abs(w["top"] - d["top"]) < 1 and d["x0"] > w["x0"] for d in months)
    ]
    dates = [w for w in months if any(abs(w["top"] - m["top"]) < 1 for m in marks)]
    assert len(marks) == 3 and len({round(m["x0"], 1) for m in marks}) == 1
    assert len({round(d["x0"], 1) for d in dates}) == 1  # the text hangs clear of the numbers


def test_bulleted_lines_keep_their_bullet(view):
    letter = compose_letter(view, "C-0001", "reminder", TODAY)
    text = flat(" ".join(pages_text(render_letter(view, letter))))
    assert "• INV-0001 of June 5, 2026" in text
