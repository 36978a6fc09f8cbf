"""How each program's CSV export lays out an invoice, and how its rows become `Entry`s.

Where each layout was read (2026-12-06):
- QuickBooks Online — the "Invoice List" and "A/R Aging Detail" reports exported to CSV:
  title lines (company, report name, period) above a header such as
  `,Date,Transaction type,Num,Customer full name,Due date,Amount,Open balance`, group
  headings and `Total for …` lines between the invoices, a `TOTAL` line and a time stamp
  under them; dates MM/DD/YYYY, amounts like `"1,000.00"`. Read from the A/R Aging Detail
  fixtures and the column mappings that public QuickBooks-import projects use.
- Wave — two exports: an invoices file with `Invoice Number, Customer Name, Invoice Date,
  Due Date, Invoice Total, Invoice Paid, Last Payment Date, Currency` (the columns Invoice
  Ninja's Wave importer reads, app/Import/Transformer/Wave/InvoiceTransformer.php), and the
  "accounting transactions" data export (`Transaction Date, Customer, Invoice Number,
  Amount (One column), Account Type`…; tests/Feature/Import/wave_invoices.csv there): an
  invoice is its `System Receivable Invoice` line, each payment a negative one.
- Invoice Ninja — the CSV export (`Client, Email, Invoice Number, Amount, Paid, PO Number,
  Status, Invoice Date, Due Date, …` one row per line item, under three title lines:
  tests/Feature/Import/invoice.csv there) and v5's report export (`Number, Client, Amount,
  Balance, Paid to Date, Date, Due Date, Status`: app/Export/CSV/InvoiceExport.php).
- Jobber — the invoices export (`Invoice #, Client name, Client email, Client phone,
  Billing street/city/province/ZIP, Issued date, Due date, Status, Total ($), Balance ($)`;
  dates like `Nov 20, 2025`), as Jobber's help pages and public Jobber-import tests show it.
- generic — `customer,invoice,date,due,amount,paid` (+ `email,phone,address`, and
  `paid date`, `description` where known): the layout the README documents.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from tradebook.errors import BadInput
from tradebook.importing.table import Row, column_key
from tradebook.importing.values import cell_date, cell_money


@dataclass
class Entry:
    """One invoice as the file tells it, in the file's own terms."""

    line: int
    customer: str
    number: str
    issued: date
    due: date | None
    amount: int
    payments: list[tuple[date | None, int]]  # (paid on, if the file says; cents)
    email: str = ""
    phone: str = ""
    address: str = ""
    state: str = ""
    desc: str = ""
    draft: bool = False
    lines: list[int] = field(default_factory=list)

    @property
    def paid(self) -> int:
        return sum(amount for _, amount in self.payments)


class Skip(Exception):
    """A row that is no invoice (a credit memo, a void invoice, a report's total line): left
    out, with the reason, and no harm done."""


@dataclass(frozen=True)
class Layout:
    name: str
    title: str
    columns: dict[str, tuple[str, ...]]  # field -> header names (as column_key gives them)
    required: tuple[tuple[str, ...], ...]  # each: one of these fields must have a column
    report: bool = False  # a report: title lines, headings and totals around the rows

    def keys(self, header: tuple[str, ...]) -> dict[str, str]:
        """Field -> the header key it is read from, for the fields this header has."""
        found = {}
        for name, aliases in self.columns.items():
            for alias in aliases:
                if alias in header:
                    found[name] = alias
                    break
        return found

    def is_header(self, header: tuple[str, ...]) -> bool:
        found = self.keys(header)
        return all(any(f in found for f in group) for group in self.required)

    def expected(self) -> str:
        return ", ".join(
            " or ".join(repr(self.columns[f][0]) for f in group) for group in self.required
        )

    def entries(
        self,
        rows: Iterable[Row],
        header: tuple[str, ...],
        *,
        day_first: bool,
        bad: list[tuple[int, str]],
        left_out: list[tuple[int, str]],
    ) -> list[Entry]:
        keys = self.keys(header)
        found = []
        for row in rows:
            if row.blank or (self.report and self._report_line(row, keys)):
                continue
            if row.ragged:
                bad.append((row.line, f"{row.ragged} (a comma inside a cell that is not quoted?)"))
                continue
            try:
                found.append(self.entry(row, keys, day_first))
            except Skip as why:
                left_out.append((row.line, str(why)))
            except BadInput as exc:
                bad.append((row.line, exc.message))
        return found

    def _report_line(self, row: Row, keys: dict[str, str]) -> bool:
        """A heading (`CURRENT`), a `Total for …` line, `TOTAL` or the time stamp under it."""
        first = next((c for c in row.cells if c), "")
        if first.casefold().startswith("total"):
            return True
        return not row.get(keys.get("number")) and not row.get(keys.get("amount"))

    def entry(self, row: Row, keys: dict[str, str], day_first: bool) -> Entry:
        def cell(name: str) -> str:
            return row.get(keys.get(name))

        status = cell("status").casefold()
        kind = cell("kind").casefold()
        if kind and kind != "invoice":
            raise Skip(f"a {cell('kind')}, not an invoice")
        if status in ("void", "voided", "cancelled", "canceled", "deleted", "reversed"):
            raise Skip(f"invoice {cell('number') or '?'} is {status}")
        number = cell("number")
        if not number:
            raise BadInput("the invoice number is empty")
        customer = cell("customer")
        if not customer:
            raise BadInput(f"invoice {number} has no customer")
        issued = cell_date(cell("issued"), what="the invoice date", day_first=day_first)
        due = (
            cell_date(cell("due"), what="the due date", day_first=day_first)
            if cell("due")
            else None
        )
        amount = cell_money(cell("amount"), what="the amount", negative=True)
        if amount < 0:
            raise Skip(f"invoice {number} is for a negative amount (a credit), not money owed")
        if "paid" in keys and cell("paid"):
            paid = cell_money(cell("paid"), what="the amount paid")
        elif "balance" in keys and cell("balance"):
            balance = cell_money(cell("balance"), what="the balance", negative=True)
            if balance < 0:
                raise BadInput(f"invoice {number} has a negative balance ({cell('balance')})")
            if balance > amount:
                raise BadInput(
                    f"invoice {number}: the balance {cell('balance')} is more than "
                    f"the amount {cell('amount')}"
                )
            paid = amount - balance
        else:
            paid = 0
        if paid > amount:
            raise BadInput(
                f"invoice {number}: paid {cell('paid')} is more than the amount {cell('amount')}"
            )
        paid_on = (
            cell_date(cell("paid_on"), what="the payment date", day_first=day_first)
            if paid and cell("paid_on")
            else None
        )
        address = cell("address") or ", ".join(
            part
            for part in (cell("street"), cell("city"), _state_zip(cell("state"), cell("zip")))
            if part
        )
        return Entry(
            row.line,
            customer,
            number,
            issued,
            due,
            amount,
            [(paid_on, paid)] if paid else [],
            email=cell("email"),
            phone=cell("phone"),
            address=address,
            state=cell("state"),
            desc=cell("desc"),
            draft=status == "draft",
            lines=[row.line],
        )

    def merge(self, entries: list[Entry], bad: list[tuple[int, str]]) -> list[Entry]:
        """One entry per invoice: a program that writes one row per line item repeats the
        invoice's figures on each; rows that disagree are refused."""
        by_number: dict[tuple[str, str], Entry] = {}
        for entry in entries:
            key = (entry.number.casefold(), entry.customer.casefold())
            first = by_number.get(key)
            if first is None:
                by_number[key] = entry
            elif (first.amount, first.paid, first.issued) == (
                entry.amount,
                entry.paid,
                entry.issued,
            ):
                first.lines.append(entry.line)
            else:
                bad.append(
                    (
                        entry.line,
                        f"invoice {entry.number} is on line {first.line} too, with other figures",
                    )
                )
        return list(by_number.values())


def _state_zip(state: str, zip_code: str) -> str:
    return " ".join(part for part in (state, zip_code) if part)


class WaveLayout(Layout):
    """Wave's invoices file, or its accounting-transactions export (one invoice is several
    lines there: its receivable line, and a negative receivable line for each payment)."""

    def is_header(self, header: tuple[str, ...]) -> bool:
        return super().is_header(header) or self._transactions(header)

    def _transactions(self, header: tuple[str, ...]) -> bool:
        return all(
            k in header
            for k in (
                "account type",
                "amount one column",
                "invoice number",
                "customer",
                "transaction date",
            )
        )

    def entries(
        self,
        rows: Iterable[Row],
        header: tuple[str, ...],
        *,
        day_first: bool,
        bad: list[tuple[int, str]],
        left_out: list[tuple[int, str]],
    ) -> list[Entry]:
        if super().is_header(header):
            return super().entries(rows, header, day_first=day_first, bad=bad, left_out=left_out)
        invoices: dict[str, Entry] = {}
        order: list[str] = []
        for row in rows:
            if row.blank:
                continue
            if row.ragged:
                bad.append((row.line, f"{row.ragged} (a comma inside a cell that is not quoted?)"))
                continue
            if row.get("account type").casefold() != "system receivable invoice":
                continue
            number = row.get("invoice number")
            if not number:
                continue
            try:
                on = cell_date(
                    row.get("transaction date"), what="the transaction date", day_first=day_first
                )
                amount = cell_money(row.get("amount one column"), what="the amount", negative=True)
            except BadInput as exc:
                bad.append((row.line, exc.message))
                continue
            entry = invoices.get(number)
            if amount >= 0:
                if entry is None:
                    invoices[number] = Entry(
                        row.line,
                        row.get("customer"),
                        number,
                        on,
                        None,
                        amount,
                        [],
                        lines=[row.line],
                    )
                    order.append(number)
                else:
                    entry.amount += amount
                    entry.lines.append(row.line)
            elif entry is None:
                bad.append((row.line, f"a payment on invoice {number} before the invoice itself"))
            else:
                entry.payments.append((on, -amount))
                entry.lines.append(row.line)
        found = []
        for number in order:
            entry = invoices[number]
            if not entry.customer:
                bad.append((entry.line, f"invoice {number} has no customer"))
            elif entry.paid > entry.amount:
                bad.append(
                    (entry.line, f"invoice {number}: its payments come to more than the invoice")
                )
            elif entry.amount == 0:
                left_out.append((entry.line, f"invoice {number} is for nothing ($0.00)"))
            else:
                found.append(entry)
        return found


def _keys(*names: str) -> tuple[str, ...]:
    return tuple(column_key(n) for n in names)


_CONTACT = {
    "email": _keys("email", "customer email", "client email", "email address"),
    "phone": _keys("phone", "customer phone", "client phone", "phone number", "mobile"),
    "address": _keys("address", "billing address", "bill address", "customer address"),
    "street": _keys("billing street", "billing address line 1", "service street", "street"),
    "city": _keys("billing city", "service city", "city"),
    "state": _keys("billing province", "billing state", "service province", "state", "province"),
    "zip": _keys("billing zip", "billing postal code", "service zip", "zip", "postal code"),
}

LAYOUTS: dict[str, Layout] = {
    "quickbooks": Layout(
        "quickbooks",
        "QuickBooks Online",
        {
            "customer": _keys("Customer full name", "Customer", "Name", "Customer name"),
            "number": _keys("Num", "No.", "Invoice no.", "Invoice number", "Ref no."),
            "issued": _keys("Date", "Transaction date", "Invoice date"),
            "due": _keys("Due date"),
            "amount": _keys("Amount", "Total", "Total amount"),
            "balance": _keys("Open balance", "Balance", "Amount due"),
            "kind": _keys("Transaction type", "Type"),
            "desc": _keys("Memo/Description", "Memo", "Description"),
            **_CONTACT,
        },
        (("customer",), ("number",), ("issued",), ("amount",), ("balance",)),
        report=True,
    ),
    "wave": WaveLayout(
        "wave",
        "Wave",
        {
            "customer": _keys("Customer Name", "Customer"),
            "number": _keys("Invoice Number"),
            "issued": _keys("Invoice Date", "Transaction Date"),
            "due": _keys("Due Date"),
            "amount": _keys("Invoice Total", "Total"),
            "paid": _keys("Invoice Paid", "Amount Paid"),
            "balance": _keys("Invoice Due", "Amount Due"),
            "paid_on": _keys("Last Payment Date"),
            "status": _keys("Status", "Invoice Status"),
            "desc": _keys("Invoice Title", "Memo"),
            **_CONTACT,
        },
        (("customer",), ("number",), ("issued",), ("amount",), ("paid", "balance")),
    ),
    "invoiceninja": Layout(
        "invoiceninja",
        "Invoice Ninja",
        {
            "customer": _keys("Client", "Client Name"),
            "number": _keys("Invoice Number", "Number"),
            "issued": _keys("Invoice Date", "Date"),
            "due": _keys("Due Date"),
            "amount": _keys("Amount"),
            "paid": _keys("Paid", "Paid to Date"),
            "balance": _keys("Balance"),
            "status": _keys("Status"),
            "desc": _keys("Public Notes"),
            **_CONTACT,
        },
        (("customer",), ("number",), ("issued",), ("amount",), ("paid", "balance")),
    ),
    "jobber": Layout(
        "jobber",
        "Jobber",
        {
            "customer": _keys("Client name", "Client"),
            "number": _keys("Invoice #", "Invoice number"),
            "issued": _keys("Issued date", "Issued", "Created date"),
            "due": _keys("Due date", "Due"),
            "amount": _keys("Total ($)", "Total"),
            "balance": _keys("Balance ($)", "Balance"),
            "paid_on": _keys("Marked paid date", "Paid date"),
            "status": _keys("Status"),
            "desc": _keys("Subject"),
            **_CONTACT,
        },
        (("customer",), ("number",), ("issued",), ("amount",), ("balance",)),
    ),
    "generic": Layout(
        "generic",
        "generic CSV",
        {
            "customer": ("customer",),
            "number": ("invoice",),
            "issued": ("date",),
            "due": ("due",),
            "amount": ("amount",),
            "paid": ("paid",),
            "paid_on": ("paid date",),
            "desc": ("description",),
            "email": ("email",),
            "phone": ("phone",),
            "address": ("address",),
            "state": ("state",),
        },
        (("customer",), ("number",), ("issued",), ("amount",)),
    ),
}
