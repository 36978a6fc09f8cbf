"""The books the bench measures: a year's and a career's grow like the reference, and the
hledger journal made of a book's receivables adds up to tradebook's own balances."""

from __future__ import annotations

import sys
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

from tests.domain.oracle_ledger import customer_balance
from tradebook.demo import generate
from tradebook.domain.view import BookView

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from hledger_journal import RECEIVABLE, journal_text  # noqa: E402

TODAY = date(2026, 11, 22)


def test_a_one_year_book_holds_a_tenth_of_the_customers_and_a_year_of_work():
    year = generate(TODAY, size="reference", years=1)
    stories = len(generate(TODAY, size="demo")["customers"]) - 24  # the fixed cast
    assert len(year["customers"]) == round(2987 / 10) + stories + 1  # + the property manager
    within = [job for job in year["jobs"] if job["start"] >= "2025-11-22"]
    assert len(within) > 0.95 * len(year["jobs"])  # all but the stories' older jobs


def tables_of(records: dict[str, list[dict]]) -> dict[str, dict[int, dict]]:
    return {name: dict(enumerate(docs, 1)) for name, docs in records.items()}


def receivables(journal: str) -> dict[str, int]:
    """Each customer's receivable, added up from the journal's postings (cents)."""
    found: dict[str, int] = defaultdict(int)
    for line in journal.splitlines():
        parts = line.split()
        if line.startswith("    ") and parts[0].startswith(RECEIVABLE + ":"):
            dollars = Decimal(parts[1].replace("$", ""))
            found[parts[0].removeprefix(RECEIVABLE + ":")] += int(dollars * 100)
    return {ref: cents for ref, cents in found.items() if cents}


def test_the_hledger_journal_adds_up_to_every_balance_to_the_cent():
    tables = tables_of(generate(TODAY, size="demo"))
    view = BookView(tables)
    expected = {c["ref"]: customer_balance(view, c["ref"]) for c in view.customers()}
    assert receivables(journal_text(tables)) == {r: c for r, c in expected.items() if c}


def test_every_journal_transaction_balances():
    journal = journal_text(tables_of(generate(TODAY, size="demo")))
    for entry in journal.strip().split("\n\n"):
        amounts = [Decimal(line.split()[1].replace("$", "")) for line in entry.splitlines()[1:]]
        assert sum(amounts) == 0, entry
