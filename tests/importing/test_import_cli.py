"""`tradebook import` on sample exports in each program's layout, and on hostile files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.cli.conftest import Cli

SAMPLES = Path(__file__).parent / "samples"


@pytest.fixture
def book(cli: Cli) -> Cli:
    cli.ok("init", "--name", "Bright Spark Electric", "--state", "KY")
    return cli


def invoices(cli: Cli) -> dict[str, dict]:
    """Imported invoices by their original number."""
    return {i["original"]: i for i in cli.ok("invoice", "list", "--json").json()}


def write(tmp_path: Path, text: str, name: str = "in.csv", encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


# ----- each program's layout ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("sample", "source", "counts", "owed"),
    [
        ("quickbooks_invoice_list.csv", "quickbooks", (3, 5, 2), "$3,465.50"),
        ("quickbooks_ar_aging.csv", "quickbooks", (3, 4, 1), "$3,465.50"),
        ("wave_invoices.csv", "wave", (2, 3, 2), "$2,650.40"),
        ("wave_transactions.csv", "wave", (2, 2, 1), "$1,690.00"),
        ("invoiceninja.csv", "invoiceninja", (2, 3, 1), "$1,275.00"),
        ("jobber_invoices.csv", "jobber", (2, 3, 2), "$2,140.00"),
        ("generic.csv", "generic", (2, 3, 2), "$2,269.00"),
    ],
)
def test_a_dry_run_shows_what_would_come_in_and_writes_nothing(
    book: Cli, sample, source, counts, owed
):
    before = book.fingerprint()
    result = book.ok("import", str(SAMPLES / sample), "--from", source, "--dry-run")
    lines = result.out.splitlines()
    customers, invs, payments = counts
    assert lines[3].split() == ["customers", str(customers), "0"]
    assert lines[4].split() == ["invoices", str(invs), "0"]
    assert lines[5].split() == ["payments", str(payments)]
    assert f"of which {owed} is still owed" in result.out
    assert result.out.rstrip().endswith("dry run: nothing written")
    assert book.fingerprint() == before


@pytest.mark.parametrize(
    ("sample", "source"),
    [
        ("quickbooks_invoice_list.csv", "quickbooks"),
        ("wave_invoices.csv", "wave"),
        ("wave_transactions.csv", "wave"),
        ("invoiceninja.csv", "invoiceninja"),
        ("jobber_invoices.csv", "jobber"),
        ("generic.csv", "generic"),
    ],
)
def test_importing_the_same_file_twice_adds_nothing(book: Cli, sample, source):
    book.ok("import", str(SAMPLES / sample), "--from", source)
    before = book.fingerprint()
    again = book.ok("import", str(SAMPLES / sample), "--from", source)
    assert "nothing to add" in again.out
    assert book.fingerprint() == before


def test_quickbooks_invoices_keep_their_numbers_dates_and_balances(book: Cli):
    result = book.ok("import", str(SAMPLES / "quickbooks_invoice_list.csv"), "--from", "quickbooks")
    assert (
        "imported 3 customers (C-0001–C-0003), 5 invoices (INV-0001–INV-0005), 2 payments"
        in result.out
    )
    assert "line 9: a Credit Memo, not an invoice" in result.out
    found = invoices(book)
    assert set(found) == {"1001", "1002", "1003", "1005", "1006"}
    nunez = found["1002"]
    assert (nunez["issued"], nunez["due"], nunez["total"], nunez["balance"]) == (
        "2026-03-02",
        "2026-04-01",
        "3920.00",
        "1920.00",
    )
    assert found["1001"]["status"] == "paid"
    assert found["1002"]["items"][0]["desc"] == "Panel upgrade 100A to 200A"
    listing = book.ok("invoice", "list").out
    assert "INV-0002 #1002  C-0002 Maria" in listing
    customer = book.ok("customer", "show", "C-0001", "--json").json()
    assert customer["name"] == "Hartley Properties LLC" and customer["kind"] == "business"
    flags = book.ok("flags", "--json").json()
    assert {"overdue", "partial-then-silent"} <= {f["code"] for f in flags}


def test_an_aging_report_and_the_invoice_list_of_one_business_meet(book: Cli):
    book.ok("import", str(SAMPLES / "quickbooks_ar_aging.csv"), "--from", "quickbooks")
    result = book.ok("import", str(SAMPLES / "quickbooks_invoice_list.csv"), "--from", "quickbooks")
    assert result.out.splitlines()[3].split() == ["customers", "0", "3"]
    assert result.out.splitlines()[4].split() == ["invoices", "1", "4"]  # only the paid 1001 is new


def test_sent_via_records_how_they_went_out_and_a_second_run_adds_it_later(book: Cli):
    book.ok("import", str(SAMPLES / "invoiceninja.csv"), "--from", "invoiceninja")
    assert all(not i["sent"] for i in invoices(book).values())
    before_payments = book.ok("invoice", "list", "--json").json()
    again = book.ok(
        "import", str(SAMPLES / "invoiceninja.csv"), "--from", "invoiceninja", "--sent-via", "email"
    )
    assert "2 invoices imported before are now recorded as sent (email)" in again.out
    found = invoices(book)
    assert found["0041"]["sent"] == [{"date": "2026-07-01", "via": "email", "tracking": None}]
    assert found["0043"]["sent"] == []  # a draft never went out
    assert len(book.ok("invoice", "list", "--json").json()) == len(before_payments)


def test_invoice_ninja_rows_per_line_item_make_one_invoice(book: Cli):
    book.ok("import", str(SAMPLES / "invoiceninja.csv"), "--from", "invoiceninja")
    found = invoices(book)
    assert found["0041"]["total"] == "1180.00" and found["0041"]["balance"] == "1180.00"
    assert found["0042"]["status"] == "paid"
    customer = book.ok("customer", "show", "Riverside", "--json").json()
    assert customer["emails"] == ["office@riversidedental.example"]


def test_jobber_export_with_a_bom_month_name_dates_and_split_address(book: Cli):
    book.ok("import", str(SAMPLES / "jobber_invoices.csv"), "--from", "jobber")
    found = invoices(book)
    assert found["412"]["issued"] == "2026-07-14" and found["412"]["due"] == "2026-08-13"
    assert found["414"]["balance"] == "280.00"
    customer = book.ok("customer", "show", "Kowalczyk", "--json").json()
    assert customer["address"] == "2201 Preston Hwy, Louisville, KY 40217"
    assert customer["phones"] == ["(502) 555-0132"]
    from tradebook.services.book import Book

    stored = Book.open(book.book).customer("Kowalczyk")
    assert stored["state"] == "KY"


def test_wave_transactions_give_each_payment_its_own_day(book: Cli):
    book.ok("import", str(SAMPLES / "wave_transactions.csv"), "--from", "wave")
    found = invoices(book)
    assert found["3"]["paid"] == "400.00" and found["3"]["balance"] == "290.00"
    show = book.ok("invoice", "show", found["3"]["number"]).out
    assert "2026-05-01" in show


def test_wave_invoices_paid_on_their_last_payment_date(book: Cli):
    book.ok("import", str(SAMPLES / "wave_invoices.csv"), "--from", "wave")
    timeline = book.ok("timeline", "Becker", "--json").json()
    payment = next(e for e in timeline if e["kind"] == "payment")
    assert payment["at"] == "2026-07-02" and payment["amount"] == "200.00"


def test_an_existing_customer_is_found_by_name_whatever_the_case_and_accents(book: Cli, tmp_path):
    book.ok("customer", "add", "Maria Nunez", "--phone", "502-555-0100")
    book.ok("import", str(SAMPLES / "quickbooks_invoice_list.csv"), "--from", "quickbooks")
    assert [c["name"] for c in book.ok("customer", "list", "--json").json()].count(
        "Maria Nunez"
    ) == 1
    assert {
        i["customer"] for i in invoices(book).values() if i["original"] in ("1002", "1006")
    } == {"C-0001"}


def test_a_later_export_that_says_more_was_paid_adds_the_difference(book: Cli, tmp_path):
    first = "customer,invoice,date,due,amount,paid\nTom Becker,77,2026-09-01,2026-10-01,500,100\n"
    later = (
        "customer,invoice,date,due,amount,paid,paid date\n"
        "Tom Becker,77,2026-09-01,2026-10-01,500,350,2026-11-02\n"
    )
    book.ok("import", write(tmp_path, first, "a.csv"), "--from", "generic")
    result = book.ok("import", write(tmp_path, later, "b.csv"), "--from", "generic")
    assert "1 payment (P-0002)" in result.out
    inv = invoices(book)["77"]
    assert inv["paid"] == "350.00" and inv["balance"] == "150.00"


def test_a_payment_without_a_date_is_dated_on_the_due_date_or_today(book: Cli, tmp_path):
    text = (
        "customer,invoice,date,due,amount,paid\n"
        "Tom Becker,1,2026-09-01,2026-10-01,500,100\n"
        "Tom Becker,2,2026-11-01,2026-12-01,500,100\n"
    )
    book.ok("import", write(tmp_path, text), "--from", "generic")
    days = sorted(
        e["at"] for e in book.ok("timeline", "Becker", "--json").json() if e["kind"] == "payment"
    )
    assert days == ["2026-10-01", "2026-11-22"]


# ----- the generic layout --------------------------------------------------------------------


def test_generic_headers_in_any_case_extra_columns_ignored_due_defaults_to_terms(
    book: Cli, tmp_path
):
    text = 'NOTES,Customer,INVOICE,Date,Amount\ncall first,Ann Lee,X1,11/02/2026,"$1,234.50"\n'
    book.ok("import", write(tmp_path, text), "--from", "generic")
    inv = invoices(book)["X1"]
    assert (inv["issued"], inv["due"], inv["total"], inv["balance"]) == (
        "2026-11-02",
        "2026-12-02",
        "1234.50",
        "1234.50",
    )


def test_day_first_dates(book: Cli, tmp_path):
    text = "customer,invoice,date,due,amount,paid\nAnn Lee,X1,15/10/2026,14/11/2026,100,0\n"
    path = write(tmp_path, text)
    refused = book("import", path, "--from", "generic")
    assert refused.code == 2 and "add --day-first" in refused.err
    book.ok("import", path, "--from", "generic", "--day-first")
    assert invoices(book)["X1"]["issued"] == "2026-10-15"


# ----- rows that cannot be read ---------------------------------------------------------------

BAD = (
    "customer,invoice,date,due,amount,paid\n"
    "Ann Lee,X1,2026-10-01,2026-10-31,100,0\n"
    "Bob Ray,X2,2026-10-01,2026-10-31,ten dollars,0\n"
    "Cy Fox,X3,2026-13-01,2026-10-31,100,0\n"
    "Di Ng,X4,2026-10-01,2026-10-31,100,150\n"
    ",X5,2026-10-01,2026-10-31,100,0\n"
    "Ed Yu,X6,2026-12-30,2027-01-30,100,0\n"
    "Flo Li,X7,2026-10-01,2026-10-31,=SUM(E2:E4),0\n"
)


def test_bad_rows_are_listed_by_line_and_nothing_is_written(book: Cli, tmp_path):
    before = book.fingerprint()
    result = book("import", write(tmp_path, BAD), "--from", "generic")
    assert result.code == 2 and result.out == ""
    err = result.err
    assert "line 3: the amount 'ten dollars' is not an amount" in err
    assert "line 4: the invoice date '2026-13-01' is not a real date" in err
    assert "line 5: invoice X4: paid 150 is more than the amount 100" in err
    assert "line 6: invoice X5 has no customer" in err
    assert "line 7: invoice X6 is dated 2026-12-30, after today" in err
    assert "line 8: the amount '=SUM(E2:E4)' is a formula, not an amount" in err
    assert err.splitlines()[-1].startswith("tradebook: 6 rows of in.csv cannot be read")
    assert book.fingerprint() == before


def test_skip_bad_imports_the_rest(book: Cli, tmp_path):
    result = book.ok("import", write(tmp_path, BAD), "--from", "generic", "--skip-bad")
    assert "skipped (6 rows that cannot be read):" in result.out
    assert set(invoices(book)) == {"X1"}


def test_one_bad_row_is_one_line(book: Cli, tmp_path):
    text = "customer,invoice,date,due,amount,paid\nAnn Lee,X1,2026-10-01,2026-10-31,abc,0\n"
    result = book("import", write(tmp_path, text), "--from", "generic")
    assert result.code == 2 and result.err.count("\n") == 1
    assert result.err.startswith("tradebook: in.csv line 2: the amount 'abc' is not an amount")


def test_a_ragged_row_is_refused_with_its_line(book: Cli, tmp_path):
    before = book.fingerprint()
    text = (
        "customer,invoice,date,due,amount,paid\n"
        "Ann Lee,X1,2026-10-01,2026-10-31,100,0\n"
        "Hartley Properties, LLC,X2,2026-10-01,2026-10-31,100,0\n"
    )
    result = book("import", write(tmp_path, text), "--from", "generic")
    assert result.code == 2 and result.err.count("\n") == 1
    assert "line 3: 7 cells where the header has 6" in result.err
    assert book.fingerprint() == before


def test_the_same_invoice_twice_with_other_figures_is_refused(book: Cli, tmp_path):
    text = (
        "customer,invoice,date,due,amount,paid\n"
        "Ann Lee,X1,2026-10-01,2026-10-31,100,0\n"
        "Ann Lee,X1,2026-10-01,2026-10-31,120,0\n"
    )
    result = book("import", write(tmp_path, text), "--from", "generic")
    assert (
        result.code == 2 and "line 3: invoice X1 is on line 2 too, with other figures" in result.err
    )


def test_formulas_in_text_cells_are_kept_as_text(book: Cli, tmp_path):
    text = (
        "customer,invoice,date,due,amount,paid\n"
        '"=HYPERLINK(""http://evil.example"",""click"")",="0042",2026-10-01,2026-10-31,100,0\n'
    )
    book.ok("import", write(tmp_path, text), "--from", "generic")
    inv = invoices(book)["0042"]
    customer = book.ok("customer", "show", inv["customer"], "--json").json()
    assert customer["name"] == '=HYPERLINK("http://evil.example","click")'


# ----- hostile files -------------------------------------------------------------------------

ONE = "customer,invoice,date,due,amount,paid\nRenée Faure,X1,2026-10-01,2026-10-31,100,0\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_encodings_excel_writes(book: Cli, tmp_path, encoding):
    book.ok("import", write(tmp_path, ONE, encoding=encoding), "--from", "generic")
    assert book.ok("customer", "list", "--json").json()[0]["name"] == "Renée Faure"


def test_a_semicolon_separated_file(book: Cli, tmp_path):
    book.ok("import", write(tmp_path, ONE.replace(",", ";")), "--from", "generic")
    assert set(invoices(book)) == {"X1"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "in.csv is empty"),
        (
            b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 100,
            "is an Excel workbook or another zip file, not a CSV file",
        ),
        (b"%PDF-1.7\n" + b"\x00\x01" * 50, "is a PDF, not a CSV file"),
        (bytes(range(256)) * 40, "is not a text file (it holds binary data)"),
        (b"customer,invoice\n\x81\x8d\x8f\x90\x9d\xff\xfe\n", "neither UTF-8 nor Windows-1252"),
        (
            b"name,total\nAnn,100\n",
            "has no header row with 'customer', 'invoice', 'date', 'amount'",
        ),
        (
            b'customer,invoice,date,due,amount,paid\n"Ann Lee,X1,2026-10-01,2026-10-31,100,0\n',
            "in.csv line 2: cannot be read as CSV",
        ),
    ],
)
def test_files_that_are_not_exports_get_one_line_and_write_nothing(
    book: Cli, tmp_path, content, message
):
    path = tmp_path / "in.csv"
    path.write_bytes(content)
    before = book.fingerprint()
    result = book("import", str(path), "--from", "generic")
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1 and message in result.err, result.err
    assert "Traceback" not in result.err
    assert book.fingerprint() == before


def test_a_200_mb_file_is_refused_before_it_is_read(book: Cli, tmp_path, monkeypatch):
    path = tmp_path / "huge.csv"
    with open(path, "wb") as f:
        f.write(ONE.encode())
        f.truncate(200 * 1024 * 1024)  # sparse: costs no disk
    monkeypatch.setattr(
        Path, "read_bytes", lambda self: pytest.fail("read a file it should refuse")
    )
    result = book("import", str(path), "--from", "generic")
    assert result.code == 2 and "huge.csv is 210 MB" in result.err and result.err.count("\n") == 1


def test_no_such_file_and_unknown_program(book: Cli, tmp_path):
    missing = book("import", str(tmp_path / "nope.csv"), "--from", "generic")
    assert missing.code == 2 and "no file at" in missing.err
    unknown = book("import", str(SAMPLES / "generic.csv"), "--from", "xero")
    assert (
        unknown.code == 2
        and "--from is one of quickbooks, wave, invoiceninja, jobber, generic" in unknown.err
    )
    folder = book("import", str(tmp_path), "--from", "generic")
    assert folder.code == 2 and "is a folder" in folder.err


def test_a_failure_while_writing_leaves_the_book_as_it_was(book: Cli, monkeypatch):
    from tradebook.importing import plan

    calls = []

    def failing_pay(*args):
        calls.append(args)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(*args)

    real = plan._pay
    monkeypatch.setattr(plan, "_pay", failing_pay)
    before = book.fingerprint()
    result = book("import", str(SAMPLES / "quickbooks_invoice_list.csv"), "--from", "quickbooks")
    assert result.code != 0
    assert book.fingerprint() == before
    assert book.ok("invoice", "list", "--json").json() == []


def test_import_needs_a_book(cli: Cli):
    result = cli("import", str(SAMPLES / "generic.csv"), "--from", "generic")
    assert result.code != 0 and "no book at" in result.err
    assert not os.path.exists(cli.book)
