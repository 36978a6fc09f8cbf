"""Write a book's receivables as an hledger journal, and check hledger's totals against tradebook's.

    python scripts/hledger_journal.py BOOK.json OUT.journal          # write, then check with hledger
    python scripts/hledger_journal.py BOOK.json OUT.journal --no-check

Each invoice is a transaction on its issue date: its total (lines, tax, adjustments) into
`assets:receivable:<customer ref>`, against revenue and sales tax. Each payment (a bounced one reversed on its bounced date) and
each job deposit (against the job's first invoice, as tradebook counts it; held as
`liabilities:deposits:<customer ref>` while the job has no invoice) moves money out of it. The
receivable of every customer, as hledger adds it up, must equal tradebook's balance to the cent.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RECEIVABLE = "assets:receivable"


def amount(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}${abs(cents) // 100}.{abs(cents) % 100:02d}"


def description(text: str) -> str:
    """One line, without hledger's comment mark."""
    return " ".join(text.replace(";", ",").split())


def journal_text(tables) -> str:
    """The journal for a book's tables ({table: {id: doc}}), transactions in date order."""
    from tradebook.domain.money import percent_of, times

    customers = tables.get("customers") or {}
    names = {c["ref"]: c["name"] for c in customers.values()}
    invoices = [tables["invoices"][i] for i in sorted(tables.get("invoices") or {})]
    first_invoice_of_job: dict[str, dict] = {}
    entries: list[tuple[str, int, str]] = []  # (date, order, text)

    def add(day: str, lines: list[str]) -> None:
        entries.append((day, len(entries), "\n".join(lines)))

    for inv in invoices:
        for job in inv.get("jobs", ()):
            first_invoice_of_job.setdefault(job, inv)
        subtotal = sum(times(item["unit"], item["qty"]) for item in inv["items"])
        tax = percent_of(subtotal, inv.get("tax_pct") or "0")
        adjusted = sum(a["amount"] for a in inv.get("adjustments", ()))
        lines = [
            f"{inv['issued']} {inv['ref']} {description(names.get(inv['customer'], ''))}",
            f"    {RECEIVABLE}:{inv['customer']}    {amount(subtotal + tax + adjusted)}",
            f"    revenue:work    {amount(-subtotal)}",
        ]
        if tax:
            lines.append(f"    liabilities:sales-tax    {amount(-tax)}")
        if adjusted:
            lines.append(f"    revenue:adjustments    {amount(-adjusted)}")
        add(inv["issued"], lines)

    payments = tables.get("payments") or {}
    for pid in sorted(payments):
        pay = payments[pid]
        if pay.get("invoice"):
            credited = f"{RECEIVABLE}:{pay['customer']}"
        else:
            first = first_invoice_of_job.get(pay["job"])
            credited = (
                f"{RECEIVABLE}:{first['customer']}"
                if first is not None
                else f"liabilities:deposits:{pay['customer']}"
            )
        what = "deposit on " + pay["job"] if pay.get("job") else pay["invoice"]
        add(
            pay["date"],
            [
                f"{pay['date']} {pay['ref']} {what}",
                f"    assets:bank    {amount(pay['amount'])}",
                f"    {credited}    {amount(-pay['amount'])}",
            ],
        )
        if pay.get("bounced"):
            add(
                pay["bounced"],
                [
                    f"{pay['bounced']} {pay['ref']} bounced",
                    f"    {credited}    {amount(pay['amount'])}",
                    f"    assets:bank    {amount(-pay['amount'])}",
                ],
            )
    entries.sort()
    return "\n\n".join(text for _day, _order, text in entries) + "\n"


def write_journal(book: Path, out: Path) -> dict[str, int]:
    """Write the journal; returns tradebook's own balance (cents) of every customer who owes or
    is owed, for `check`."""
    from tradebook.book.store import Store
    from tradebook.domain.accounts import accounts
    from tradebook.domain.view import BookView

    store = Store.open(book, create=False, daily_backup=False)
    try:
        tables = store.tables()
        out.write_text(journal_text(tables), encoding="utf-8")
        view = BookView(tables)
        books = accounts(view)
        balances = {c["ref"]: books.balance(c["ref"]) for c in view.customers()}
    finally:
        store.close()
    return {ref: cents for ref, cents in balances.items() if cents}


def hledger_receivables(journal: Path, hledger: str = "hledger") -> dict[str, int]:
    """Each customer's receivable as hledger adds it up (cents)."""
    done = subprocess.run(
        [hledger, "-f", str(journal), "bal", RECEIVABLE, "--flat", "--no-total", "-O", "csv"],
        check=True,
        capture_output=True,
        text=True,
    )
    found = {}
    for row in done.stdout.splitlines()[1:]:
        account, value = (cell.strip('"') for cell in row.split('","'))
        ref = account.removeprefix(RECEIVABLE + ":")
        digits = value.replace("$", "").replace(",", "")
        negative = digits.startswith("-")
        whole, _, frac = digits.lstrip("-").partition(".")
        cents = int(whole or "0") * 100 + int(frac.ljust(2, "0")[:2] or "0")
        if cents:
            found[ref] = -cents if negative else cents
    return found


def check(expected: dict[str, int], found: dict[str, int]) -> list[str]:
    """Customers whose two balances differ (empty when they agree to the cent)."""
    return [
        f"{ref}: tradebook {amount(expected.get(ref, 0))}, hledger {amount(found.get(ref, 0))}"
        for ref in sorted(set(expected) | set(found))
        if expected.get(ref, 0) != found.get(ref, 0)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("book", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--no-check", action="store_true", help="write the journal only")
    args = parser.parse_args()
    expected = write_journal(args.book, args.out)
    if args.no_check:
        return
    differ = check(expected, hledger_receivables(args.out))
    total = sum(expected.values())
    if differ:
        print(f"{len(differ)} customers differ:", *differ[:20], sep="\n  ")
        raise SystemExit(1)
    print(f"{len(expected)} customers, {amount(total)} receivable: hledger and tradebook agree")


if __name__ == "__main__":
    main()
