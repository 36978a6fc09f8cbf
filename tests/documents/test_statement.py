"""The statement of account PDF: the domain's figures, laid out, ending at what is owed."""

from __future__ import annotations

import pytest

from tests.documents.builder import RENEE, TODAY
from tests.documents.conftest import flat, pages_text
from tradebook.documents.statement import write_statement_pdf
from tradebook.domain import ledger
from tradebook.errors import BadInput, NotFound


def test_statement_pdf_reads_back_with_the_ledger_balance(view, tmp_path):
    path = write_statement_pdf(view, "C-0001", TODAY, tmp_path / "statement.pdf")
    assert path == tmp_path / "statement.pdf"
    pages = pages_text(path)
    text = flat(" ".join(pages))
    assert ledger.customer_balance(view, "C-0001") == 168000
    assert RENEE in text and "Statement of account" in text and "Page 1 of 1" in text
    assert "Balance due $1,680.00" in text and "Balance due on 2026-11-20 $1,680.00" in text
    assert "Payment by check 1042" in text
    assert "Agreed late fees and interest (interest of 1.5% a month on the overdue principal) $112.03" in text
    assert "Amount due, with agreed fees $1,792.03" in text
    assert "INV-0001 2026-06-05 2026-07-05 $2,400.00 $900.00 $1,500.00 138" in text
    assert "Otto" not in text and "INV-0002" not in text
    assert "Refs: C-0001, P-0001, INV-0001" in text


def test_deposits_held_are_mentioned(sample, tmp_path):
    job = sample.job("C-0001", "Hot tub circuit", "2026-11-01", status="booked")
    sample.payment("C-0001", 20000, "2026-11-02", job=job["ref"])
    text = flat(" ".join(pages_text(write_statement_pdf(sample.view(), "C-0001", TODAY,
                                                        tmp_path / "s.pdf"))))
    assert "Deposits of $200.00 are held for work not yet invoiced" in text


def test_unknown_customer_and_bad_path_are_user_errors(view, tmp_path):
    with pytest.raises(NotFound, match="no customer C-0042"):
        write_statement_pdf(view, "C-0042", TODAY, tmp_path / "s.pdf")
    with pytest.raises(BadInput, match="ending in .pdf"):
        write_statement_pdf(view, "C-0001", TODAY, tmp_path / "s.txt")
    assert list(tmp_path.iterdir()) == [tmp_path / "attachments"]
