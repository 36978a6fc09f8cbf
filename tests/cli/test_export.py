"""CSV export for an accountant: fixed columns, dollars, no JSON, Excel's UTF-8, no live formulas."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from tradebook.export_csv import SHEETS, Dollars, safe, unexported

ROOT = Path(__file__).resolve().parents[2]
BOM = b"\xef\xbb\xbf"


def read(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def header(folder: Path, name: str) -> list[str]:
    with (folder / f"{name}.csv").open(newline="", encoding="utf-8-sig") as fh:
        return next(csv.reader(fh))


def test_an_empty_book_has_every_file_with_its_header(cli, tmp_path):
    cli.ok("init", "--name", "Bright Spark Electric")
    out = tmp_path / "out"
    printed = cli.ok("export", "--format", "csv", str(out)).out.split()
    assert printed == [str(out / f"{sheet.name}.csv") for sheet in SHEETS]
    for sheet in SHEETS:
        raw = (out / f"{sheet.name}.csv").read_bytes()
        assert raw.startswith(BOM)
        assert header(out, sheet.name) == list(sheet.columns)
        assert (out / f"{sheet.name}.csv").stat().st_mode & 0o777 == 0o600
    assert read(out, "customers") == [] and len(read(out, "profile")) == 1
    assert not list(out.glob(".*"))  # no partial file left beside them


def test_the_columns_do_not_change_with_the_data(started, tmp_path):
    started.ok("export", "--format", "csv", str(tmp_path / "before"))
    started.ok(
        "customer",
        "add",
        "Oakridge Rentals LLC",
        "--business",
        "--principal",
        "Dale",
        "--late-fee",
        "1.5%",
        "--credit-limit",
        "5000",
        "--email",
        "dale@oakridge.example",
    )
    started.ok("invoice", "add", "C-0002", "--item", "Lighting:1:400", "--date", "2026-11-01")
    started.ok("export", "--format", "csv", str(tmp_path / "after"))
    for sheet in SHEETS:
        assert header(tmp_path / "before", sheet.name) == header(tmp_path / "after", sheet.name)


@pytest.fixture
def busy(started):
    started.ok("customer", "add", "Chloé Dubois", "--notes", "Prefers texts — après 17h")
    started.ok(
        "job",
        "add",
        "becker",
        "--site",
        "12 Elm St",
        "--desc",
        "Panel",
        "--quote",
        "900",
        "--deposit",
        "300",
        "--date",
        "2026-10-01",
    )
    started.ok("pay", "J-0001", "300", "--date", "2026-10-01")
    started.ok(
        "invoice",
        "add",
        "becker",
        "--job",
        "J-0001",
        "--item",
        "Labour:3:95",
        "--item",
        "Panel:1:615.50",
        "--item",
        "Discount:1:-20",
        "--tax",
        "6",
        "--date",
        "2026-10-05",
        "--net",
        "15",
    )
    started.ok(
        "invoice",
        "send",
        "INV-0001",
        "--via",
        "certified",
        "--tracking",
        "9400 11",
        "--date",
        "2026-10-05",
    )
    started.ok("pay", "INV-0001", "100", "--date", "2026-10-20", "--ref", "#2211")
    started.ok(
        "log", "becker", "Said he'd pay Friday", "--via", "call", "--in", "--promise", "fri:200"
    )
    started.ok("log", "becker", "Will clear it all", "--via", "text", "--in", "--promise", "12/15")
    started.ok("plan", "INV-0001", "--installments", "2", "--every", "14", "--start", "12/1")
    return started


def test_amounts_are_dollars_and_lists_have_files_of_their_own(busy, tmp_path):
    out = tmp_path / "out"
    busy.ok("export", "--format", "csv", str(out))
    invoice = read(out, "invoices")[0]
    # 3 × 95 + 615.50 − 20 = 880.50; tax 6% = 52.83; deposit 300 applied, 100 paid
    assert {
        k: invoice[k] for k in ("ref", "jobs", "subtotal", "tax", "total", "paid", "balance")
    } == {
        "ref": "INV-0001",
        "jobs": "J-0001",
        "subtotal": "880.50",
        "tax": "52.83",
        "total": "933.33",
        "paid": "400.00",
        "balance": "533.33",
    }
    lines = read(out, "invoice_lines")
    assert [
        (r["invoice"], r["line"], r["desc"], r["qty"], r["unit"], r["amount"]) for r in lines
    ] == [
        ("INV-0001", "1", "Labour", "3", "95.00", "285.00"),
        ("INV-0001", "2", "Panel", "1", "615.50", "615.50"),
        ("INV-0001", "3", "Discount", "1", "-20.00", "-20.00"),
    ]  # a number, not escaped text
    assert read(out, "invoice_sendings") == [
        {"invoice": "INV-0001", "date": "2026-10-05", "via": "certified", "tracking": "9400 11"}
    ]
    assert [(p["ref"], p["job"], p["invoice"], p["amount"]) for p in read(out, "payments")] == [
        ("P-0001", "J-0001", "", "300.00"),
        ("P-0002", "", "INV-0001", "100.00"),
    ]
    promises = [(c["promise_date"], c["promise_amount"]) for c in read(out, "contacts")]
    assert promises == [("2026-11-27", "200.00"), ("2026-12-15", "whole balance")]
    assert [
        (i["plan"], i["number"], i["date"], i["amount"]) for i in read(out, "plan_installments")
    ] == [("PP-001", "1", "2026-12-01", "266.67"), ("PP-001", "2", "2026-12-15", "266.66")]
    customers = read(out, "customers")
    assert (
        customers[0]["balance"] == "533.33" and customers[1]["notes"] == "Prefers texts — après 17h"
    )
    for sheet in SHEETS:
        for row in read(out, sheet.name):
            for cell in row.values():
                assert not cell.startswith(("{", "[")), (sheet.name, cell)


def test_excel_reads_accents_from_the_bom(busy, tmp_path):
    busy.ok("export", "--format", "csv", str(tmp_path))
    raw = (tmp_path / "customers.csv").read_bytes()
    assert raw.startswith(BOM) and "Chloé Dubois".encode() in raw


HOSTILE = [
    '=HYPERLINK("http://evil.example","Invoice")',
    "+1 555 0100 call",
    "-2+3 rest",
    "@SUM(A1:A9)",
]


def test_a_cell_a_spreadsheet_would_run_starts_with_an_apostrophe(started, tmp_path):
    for n, text in enumerate(HOSTILE):
        started.ok("customer", "add", "--notes", text, "--address", f"{n} Elm St", "--", text)
        started.ok("log", "--via", "text", "--in", "--", f"C-000{n + 2}", text)
    started.ok("export", "--format", "csv", str(tmp_path))
    customers = read(tmp_path, "customers")[1:]
    assert [c["name"] for c in customers] == ["'" + text for text in HOSTILE]
    assert [c["notes"] for c in customers] == ["'" + text for text in HOSTILE]
    assert [c["summary"] for c in read(tmp_path, "contacts")] == ["'" + text for text in HOSTILE]


@pytest.mark.parametrize(
    "value, cell",
    [
        ("=1+1", "'=1+1"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (True, "yes"),
        (False, "no"),
        (30, "30"),
        (Dollars("-50.00"), "-50.00"),
        ("-50.00", "'-50.00"),
    ],
)
def test_safe_cells(value, cell):
    assert safe(value) == cell


def test_every_field_of_the_demo_book_is_in_some_column(cli, tmp_path):
    from tradebook.services.book import Book

    cli.ok("demo")
    overdue = cli.ok("invoice", "list", "--overdue", "--json").json()[0]["number"]
    cli.ok(
        "letter", overdue, "--kind", "reminder", "-o", str(tmp_path / "r.pdf"), "--send-via", "post"
    )
    view = Book.open(cli.book).view
    seen = set()
    for sheet in SHEETS:
        if sheet.table is None:
            continue
        records = [view.profile] if sheet.table == "profile" else view.table(sheet.table)
        for record in records:
            assert not unexported(sheet, record), (sheet.name, unexported(sheet, record))
            seen.add(sheet.table)
    assert {
        "customers",
        "jobs",
        "contracts",
        "invoices",
        "payments",
        "contacts",
        "plans",
        "letters",
        "profile",
    } <= seen


def test_the_columns_are_documented(cli):
    doc = (ROOT / "docs" / "book-format.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"^\| `(\w+)\.csv` \| (.+) \|$", doc, flags=re.M))
    assert {name: cols.split(", ") for name, cols in listed.items()} == {
        sheet.name: list(sheet.columns) for sheet in SHEETS
    }
