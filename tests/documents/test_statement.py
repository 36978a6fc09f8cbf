"""The statement of account PDF: the domain's figures, laid out, ending at what is owed."""

from __future__ import annotations

import pytest

from tests.documents.builder import RENEE, TODAY
from tests.documents.conftest import flat, pages_text
from tests.domain import oracle_ledger as ledger
from tradebook.documents.statement import write_statement_pdf
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
    assert (
        "Agreed late fees and interest (interest of 1.5% a month on the overdue principal) $112.03"
        in text
    )
    assert "Amount due, with agreed fees $1,792.03" in text
    assert "INV-0001 2026-06-05 2026-07-05 $2,400.00 $900.00 $1,500.00 138" in text
    assert "Otto" not in text and "INV-0002" not in text
    assert "Refs: C-0001, P-0001, INV-0001" in text


def test_deposits_held_are_mentioned(sample, tmp_path):
    job = sample.job("C-0001", "Hot tub circuit", "2026-11-01", status="booked")
    sample.payment("C-0001", 20000, "2026-11-02", job=job["ref"])
    text = flat(
        " ".join(
            pages_text(write_statement_pdf(sample.view(), "C-0001", TODAY, tmp_path / "s.pdf"))
        )
    )
    assert "Deposits of $200.00 are held for work not yet invoiced" in text


def test_unknown_customer_and_bad_path_are_user_errors(view, tmp_path):
    with pytest.raises(NotFound, match="no customer C-0042"):
        write_statement_pdf(view, "C-0042", TODAY, tmp_path / "s.pdf")
    with pytest.raises(BadInput, match="ending in .pdf"):
        write_statement_pdf(view, "C-0001", TODAY, tmp_path / "s.txt")
    assert list(tmp_path.iterdir()) == [tmp_path / "attachments"]


# ----- a deposit taken before its invoice ----------------------------------------------------


def rows(view, customer="C-0001"):
    from tradebook.documents.statement_lines import presented_lines
    from tradebook.domain.statement import statement_of_account

    statement = statement_of_account(view, customer, TODAY)
    return statement, presented_lines(statement)


def test_a_deposit_before_its_invoice_is_held_then_applied_never_a_negative_balance(view):
    statement, lines = rows(view)
    assert (
        statement.lines[0].balance == -50000
    )  # the domain's line by line order, kept as the reference
    shown = [
        (line.date.isoformat(), line.ref, line.charge, line.credit, line.balance) for line in lines
    ]
    assert shown[:4] == [
        ("2026-05-28", "P-0001", 0, 0, 0),
        ("2026-06-05", "INV-0001", 240000, 0, 240000),
        ("2026-06-05", "P-0001", 0, 50000, 190000),
        ("2026-07-20", "P-0002", 0, 40000, 150000),
    ]
    assert (
        lines[0].description
        == "Deposit on J-0001 by transfer: $500.00 held until the work is invoiced"
    )
    assert lines[2].description == "Deposit P-0001 of 2026-05-28 applied to INV-0001"
    assert all(line.balance >= 0 for line in lines)
    assert lines[-1].balance == statement.balance
    assert sum(x.credit for x in lines) == statement.credits
    assert sum(x.charge for x in lines) == statement.charges


def test_the_statement_pdf_and_exhibit_show_the_deposit_held(view, tmp_path):
    text = flat(
        " ".join(pages_text(write_statement_pdf(view, "C-0001", TODAY, tmp_path / "s.pdf")))
    )
    assert "-$" not in text
    assert (
        "2026-05-28 P-0001 Deposit on J-0001 by transfer: $500.00 held until the work is invoiced $0.00"
        in text
    )
    assert (
        "2026-06-05 P-0001 Deposit P-0001 of 2026-05-28 applied to INV-0001 $500.00 $1,900.00"
        in text
    )
    from tradebook.documents.bundle import build_bundle

    made = build_bundle(view, "C-0001", "mediation", TODAY, tmp_path / "m.pdf")
    exhibit = next(
        flat(t)
        for t in pages_text(made.path)
        if "Exhibit E — Statement of account" in t and "EXHIBIT E" in t
    )
    assert "-$" not in exhibit and "held until the work is invoiced $0.00" in exhibit


def test_a_held_deposit_that_bounces_is_no_longer_held_and_never_credited(sample):
    sample.tables["payments"][1]["bounced"] = "2026-05-30"
    statement, lines = rows(sample.view())
    shown = [(line.ref, line.charge, line.credit, line.balance) for line in lines]
    assert shown[:3] == [("P-0001", 0, 0, 0), ("P-0001", 0, 0, 0), ("INV-0001", 240000, 0, 240000)]
    assert lines[1].description == "Deposit P-0001 returned unpaid (bounced): no longer held"
    assert "applied" not in " ".join(line.description for line in lines)
    assert lines[-1].balance == statement.balance


def test_a_deposit_bounced_after_its_invoice_is_charged_back_as_the_domain_says(sample):
    sample.tables["payments"][1]["bounced"] = "2026-06-20"
    statement, lines = rows(sample.view())
    bounce = next(line for line in lines if line.kind == "bounce")
    assert bounce.charge == 50000 and bounce.date.isoformat() == "2026-06-20"
    assert lines[-1].balance == statement.balance


def test_a_deposit_on_the_invoice_day_or_later_is_shown_as_the_domain_has_it(sample):
    sample.tables["payments"][1]["date"] = "2026-06-05"
    statement, lines = rows(sample.view())
    assert lines == statement.lines
